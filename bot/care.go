package bot

import (
	"cmp"
	"context"
	"log/slog"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// The care loop: what happens around a warning sign so that it reaches a
// person who acts. A check-level sign asks one direct yes/no question and
// reads the next message as its answer; every warning reply carries a
// one-tap /sos; a parent who has not chosen is offered to tell their care
// team; /sos gives the emergency number and the crisis line at once.

// Sign ids the Router uses for alerts that no rule fired.
const (
	// SignSOS marks a reply to /sos (and the care-team alert it sends).
	SignSOS = "sos"
	// SignCheckYes marks a "yes" to a safety question; the question's
	// sign follows it in Reply.Signs when known.
	SignCheckYes = "check.yes"
)

// Entry ids of the care loop's answers.
const (
	// EntryMoodLow is the answer about low mood and postpartum
	// depression, offered after a "no" to a safety question.
	EntryMoodLow = "mood.low"
	// EntryTellTeam is the answer id of asking in words that the care
	// team be told ("tell my care team"): it grants consent and, after a
	// warning sign, alerts them.
	EntryTellTeam = "care.tell_team"
)

// pendingCheckPrefix starts Context.Pending while a safety question waits
// for its answer; pendingCheckAgain after one message that did not answer
// it (the question stays open for one more message only).
const (
	pendingCheckPrefix = "check:"
	pendingCheckAgain  = "check_again:"
)

// pendingCheck is an open safety question: the sign that asked it.
type pendingCheck struct {
	sign  string // the check-level sign's id; may be empty
	again bool   // one message already went by without an answer
}

// String encodes c for Context.Pending.
func (c pendingCheck) String() string {
	if c.again {
		return pendingCheckAgain + c.sign
	}
	return pendingCheckPrefix + c.sign
}

// parsePendingCheck reads Context.Pending; ok is false when no safety
// question is open.
func parsePendingCheck(p Pending) (c pendingCheck, ok bool) {
	s := string(p)
	if rest, found := strings.CutPrefix(s, pendingCheckPrefix); found {
		return pendingCheck{sign: rest}, true
	}
	if rest, found := strings.CutPrefix(s, pendingCheckAgain); found {
		return pendingCheck{sign: rest, again: true}, true
	}
	return pendingCheck{}, false
}

// pendingOfferPrefix starts Context.Pending after a warning reply offered
// a parent who had not chosen to tell their care team; the rest is the
// level and the signs, so that a tap on the offer alerts about them.
const pendingOfferPrefix = "alert_offer:"

// pendingOffer is an open offer to tell the care team about a warning.
type pendingOffer struct {
	level Level
	signs []string
}

// String encodes o for Context.Pending.
func (o pendingOffer) String() string {
	return pendingOfferPrefix + o.level.String() + ":" + strings.Join(o.signs, ",")
}

// parsePendingOffer reads Context.Pending; ok is false when no offer is
// open.
func parsePendingOffer(p Pending) (o pendingOffer, ok bool) {
	rest, found := strings.CutPrefix(string(p), pendingOfferPrefix)
	if !found {
		return pendingOffer{}, false
	}
	lvl, signs, _ := strings.Cut(rest, ":")
	l, err := knowledge.ParseLevel(lvl)
	if err != nil || !l.Escalates() {
		return pendingOffer{}, false
	}
	o.level = l
	if signs != "" {
		o.signs = strings.Split(signs, ",")
	}
	return o, true
}

// checkAnswer is how a message answers a safety question.
type checkAnswer int8

const (
	checkUnknown checkAnswer = iota // not an answer: a normal message
	checkYes                        // yes, sometimes, not sure
	checkNo                         // no, not really
)

// answerWords are the words and phrases that answer a safety question, at
// the start of a message, in either language. Doubt counts as yes: when in
// doubt, escalate. A strict phrase answers only alone or before
// punctuation: "no me siento bien" and "si me duele" are not answers.
var answerWords = []struct {
	phrase string
	answer checkAnswer
	strict bool
}{
	// Longest first where one starts another ("no se" before "no").
	{phrase: "no estoy segura", answer: checkYes}, {phrase: "no estoy seguro", answer: checkYes},
	{phrase: "no se", answer: checkYes}, {phrase: "no sé", answer: checkYes},
	{phrase: "not sure", answer: checkYes}, {phrase: "i don't know", answer: checkYes},
	{phrase: "i dont know", answer: checkYes}, {phrase: "idk", answer: checkYes},
	{phrase: "not really", answer: checkNo}, {phrase: "not at all", answer: checkNo},
	{phrase: "no really", answer: checkNo}, {phrase: "no mucho", answer: checkNo},
	{phrase: "la verdad no", answer: checkNo}, {phrase: "para nada", answer: checkNo},
	{phrase: "no no", answer: checkNo}, {phrase: "nope", answer: checkNo}, {phrase: "nah", answer: checkNo},
	{phrase: "no", answer: checkNo, strict: true},
	{phrase: "yes", answer: checkYes}, {phrase: "yeah", answer: checkYes}, {phrase: "yep", answer: checkYes},
	{phrase: "yup", answer: checkYes}, {phrase: "sí", answer: checkYes}, {phrase: "si", answer: checkYes, strict: true},
	{phrase: "a veces", answer: checkYes}, {phrase: "sometimes", answer: checkYes},
	{phrase: "kind of", answer: checkYes}, {phrase: "kinda", answer: checkYes}, {phrase: "sort of", answer: checkYes},
	{phrase: "maybe", answer: checkYes}, {phrase: "tal vez", answer: checkYes}, {phrase: "quizás", answer: checkYes},
	{phrase: "quizas", answer: checkYes}, {phrase: "un poco", answer: checkYes},
	{phrase: "i think so", answer: checkYes}, {phrase: "creo que sí", answer: checkYes}, {phrase: "creo que si", answer: checkYes},
}

// readCheckAnswer reads s as the answer to a yes/no safety question: a
// whole message or its first words ("yes, sometimes", "no, just tired").
func readCheckAnswer(s string) checkAnswer {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeft(s, "¡¿ ")
	for _, w := range answerWords {
		rest, ok := strings.CutPrefix(s, w.phrase)
		if !ok {
			continue
		}
		if rest == "" {
			return w.answer
		}
		next := []rune(rest)[0]
		if strings.ContainsRune(",.;:!?-–—…", next) || next == ' ' && !w.strict {
			return w.answer
		}
	}
	return checkUnknown
}

// sos answers /sos: the emergency number and the crisis line at once, as
// an emergency (the care team is alerted when the parent agreed).
func (t *turn) sos() {
	t.reply.Level = LevelEmergency
	t.reply.Signs = []string{SignSOS}
	t.reply.Alert = t.msg("sos")
	t.sign = SignSOS
}

// check answers the /check command of the Yes and No buttons under a
// safety question.
func (t *turn) check(args string) {
	c, _ := parsePendingCheck(t.p.Context.Pending)
	switch readCheckAnswer(args) {
	case checkYes:
		t.checkYes(c.sign)
	case checkNo:
		t.checkNo()
	default:
		t.reply.Text = t.msg("alert_check")
		t.reply.Buttons = t.checkButtons()
		t.ask(Pending(c.String()))
	}
}

// checkYes answers a "yes" to a safety question: the crisis reply, an
// emergency, so the care team is alerted when the parent agreed.
func (t *turn) checkYes(sign string) {
	t.cmd = "/check"
	t.checked = true
	t.reply.Level = LevelEmergency
	t.reply.Signs = []string{SignCheckYes}
	if sign != "" {
		t.reply.Signs = append(t.reply.Signs, sign)
	}
	t.reply.Alert = t.msg("check_yes")
	t.sign = cmp.Or(sign, SignCheckYes)
	t.crisis = true
}

// checkNo answers a "no" to a safety question warmly, with the provider
// and the helplines, and offers the low-mood answer.
func (t *turn) checkNo() {
	t.cmd = "/check"
	t.checked = true
	t.reply.Text = t.msg("check_no")
	t.reply.Buttons = t.entryButtons([]string{EntryMoodLow})
}

// checkButtons are the Yes and No buttons of a safety question.
func (t *turn) checkButtons() []Button {
	return []Button{
		{Label: t.msg("check_yes_button"), Payload: PayloadCommand + "/check yes"},
		{Label: t.msg("check_no_button"), Payload: PayloadCommand + "/check no"},
	}
}

// sosButton is the one-tap /sos under every warning reply.
func (t *turn) sosButton() Button {
	return Button{Label: t.msg("sos_button"), Payload: PayloadCommand + "/sos"}
}

// forParent reports whether the message comes from a parent: on Slack the
// care team looks things up, and nothing of the parents' care loop
// (onboarding, safety questions, consent, nudges) applies.
func (t *turn) forParent() bool { return t.m.Platform != PlatformSlack }

// warn finishes a warning reply: a safety question waits for its answer
// with Yes and No buttons; every warning carries /sos; a parent who has not
// chosen is offered to tell the care team.
func (t *turn) warn() {
	level := t.reply.Level
	if level == LevelNone || !t.forParent() {
		return
	}
	var buttons []Button
	switch {
	case level == LevelCheck:
		t.ask(Pending(pendingCheck{sign: t.sign}.String()))
		buttons = append(t.checkButtons(), t.sosButton())
	case level == LevelProvider && t.checkSign != nil && !t.crisis:
		// A provider sign and a check sign at once: the provider reply,
		// then the safety question too, with its buttons.
		if q := t.fill(strings.TrimSpace(t.checkSign.Reply.Get(t.lang))); q != "" {
			t.reply.Alert = paragraphs(t.reply.Alert, q)
		} else {
			t.reply.Alert = paragraphs(t.reply.Alert, t.msg("alert_check"))
		}
		t.ask(Pending(pendingCheck{sign: t.checkSign.ID}.String()))
		buttons = append(t.checkButtons(), t.sosButton())
	case t.cmd != "/sos":
		buttons = []Button{t.sosButton()}
		if t.r.cfg.Alerter != nil && t.p.Consent == ConsentUnknown && !t.asked {
			t.ask(Pending(pendingOffer{level: level, signs: t.reply.Signs}.String()))
			t.reply.Notice = t.msg("consent_offer")
			buttons = append(buttons, Button{Label: t.msg("consent_offer_button"), Payload: PayloadCommand + "/consent yes alert"})
		}
	}
	t.reply.Buttons = append(buttons, t.reply.Buttons...)
}

// keepCheckOpen keeps a safety question open for one more message when
// this one neither answered it nor brought a new warning sign, and reminds
// the person of it.
func (t *turn) keepCheckOpen(c pendingCheck) {
	if c.again || t.checked || t.asked || t.forgotten || t.reply.Level != LevelNone {
		return
	}
	t.ask(Pending(pendingCheck{sign: c.sign, again: true}.String()))
	t.reply.Notice = t.msg("check_again")
	t.reply.Buttons = append(t.reply.Buttons, t.checkButtons()...)
}

// grantConsent records that the parent agreed to care-team alerts in this
// message; with alert, an open offer after a warning sign alerts the care
// team about it now.
func (t *turn) grantConsent(ctx context.Context, alert bool) {
	offer, open := parsePendingOffer(t.p.Context.Pending)
	t.p.Consent = ConsentGranted
	t.consentChanged = true
	t.reply.Text = t.msg("consent_yes")
	if !alert || !open || t.r.cfg.Alerter == nil {
		return
	}
	r := Reply{Lang: t.lang, Level: offer.level, Signs: offer.signs, Alert: t.msg("alert_" + offer.level.String())}
	if t.callAlerter(ctx, r) {
		t.reply.Text = paragraphs(t.reply.Text, t.msg("alert_sent"))
	}
}

// offerAnswer reads a typed "yes" or "no" as the answer to an open offer
// to tell the care team, and reports whether it was one.
func (t *turn) offerAnswer(ctx context.Context) bool {
	if _, open := parsePendingOffer(t.p.Context.Pending); !open || t.reply.Level > LevelNone {
		return false
	}
	switch {
	case isYes(t.m.Text):
		t.cmd = "/consent"
		t.grantConsent(ctx, true)
	case isNo(t.m.Text):
		t.cmd = "/consent"
		t.p.Consent, t.consentChanged = ConsentDenied, true
		t.reply.Text = t.msg("consent_no")
	default:
		return false
	}
	return true
}

// callAlerter hands r to the Alerter and reports whether it took it. A
// consent given in this message is saved first: the Alerter checks the
// stored consent.
func (t *turn) callAlerter(ctx context.Context, r Reply) bool {
	a := t.r.cfg.Alerter
	if t.consentChanged {
		t.save(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, t.r.cfg.AlertTimeout)
	defer cancel()
	if err := a.Alert(ctx, t.p, t.m, r); err != nil {
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "care team alert failed",
			slog.String("person", t.r.handle(t.p.Key)),
			slog.String("escalation", r.Level.String()),
			slog.String("err", err.Error()))
		return false
	}
	return true
}

// besidesWarning returns what else a message with a warning sign clearly
// asked about, or "": the topic of its clauses that show no sign, when the
// matcher is sure of it and it is not a text about ordinary symptoms. So
// "I can't breathe and my chest hurts" gets no breathing tip and a
// swollen calf no text about swollen joints: the sign's own words never
// pick the answer that follows it. Nothing follows a safety question or a
// crisis disclosure.
func (t *turn) besidesWarning(c *Content) (id string, confidence float64) {
	if t.reply.Level == LevelCheck || t.crisis {
		return "", 0
	}
	var rest []string
	for _, cl := range clauses(t.m.Text) {
		if r := t.r.match(c, cl, t.lang); r.Level == LevelNone && len(r.Signs) == 0 {
			rest = append(rest, cl)
		}
	}
	if len(rest) == 0 {
		return "", 0
	}
	r := t.r.match(c, strings.Join(rest, ". "), t.lang)
	conf := topicConfidence(r)
	if r.Level != LevelNone || r.Topic == "" || r.Topic == EntryFallback || conf < besidesConfidence {
		return "", 0
	}
	if e := t.kb.Entry(r.Topic); e == nil || e.Kind == knowledge.KindSymptom {
		return "", 0
	}
	return r.Topic, conf
}

// besidesConfidence is how sure the matcher must be of what else a
// message with a warning sign asked before that answer follows the alert.
const besidesConfidence = 0.6

// clauses splits text at sentence and clause punctuation.
func clauses(text string) []string {
	parts := strings.FieldsFunc(text, func(r rune) bool {
		switch r {
		case '.', '?', '!', ';', ',', '\n', '¿', '¡', '…':
			return true
		}
		return false
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
