package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// careSetup is setup over the real embedded content (the care loop's texts
// live there), still with a scripted matcher.
func careSetup(t *testing.T, opts ...func(*bot.Config)) *bundle {
	t.Helper()
	content, err := embeddedContent()
	if err != nil {
		t.Fatalf("embedded content: %v", err)
	}
	return setup(t, append([]func(*bot.Config){func(c *bot.Config) { c.Content = content }}, opts...)...)
}

// embeddedContent loads the embedded content once: it is immutable.
var embeddedContent = sync.OnceValues(func() (*bot.Content, error) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		return nil, err
	}
	return bot.NewContent(kb)
})

// checkSign is a check-level rule as the screen writes them: its reply is
// one direct yes/no question.
var checkSign = &knowledge.Sign{ID: "sign.test_low_mood", Level: knowledge.LevelCheck, Reply: knowledge.Text{
	"en": "I'm sorry it feels this heavy. Are you having thoughts of hurting yourself or your baby?",
	"es": "Siento que esto pese tanto. ¿Tienes pensamientos de hacerte daño o de hacerle daño a tu bebé?",
}}

// signResult is what the matcher reports for a message showing sign s.
func signResult(s *knowledge.Sign, lang string) intents.Result {
	return intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Confidence: 1, Lang: lang,
		Level: s.Level, Signs: []*knowledge.Sign{s}, Crisis: s.Crisis}
}

var (
	emergencySign = &knowledge.Sign{ID: "sign.test_breathing", Level: knowledge.LevelEmergency,
		Reply: knowledge.Text{"en": "Trouble breathing can be serious. Call {emergency} now.", "es": "Llama al {emergency} ya."}}
	providerSign = &knowledge.Sign{ID: "sign.test_leg_clot", Level: knowledge.LevelProvider,
		Reply: knowledge.Text{"en": "A swollen calf can be a blood clot. Call your provider today.", "es": "Llama hoy a tu profesional."}}
)

func TestSafetyCheckAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, answer string
		yes          bool
	}{
		{"en", "yes", true}, {"en", "Yes, sometimes", true}, {"en", "sometimes", true}, {"en", "not sure", true},
		{"es", "sí", true}, {"es", "si", true}, {"es", "a veces", true}, {"es", "no sé", true},
		{"en", "no", false}, {"en", "not really", false}, {"en", "nope", false}, {"en", "no, just tired", false},
		{"es", "no", false}, {"es", "la verdad no", false}, {"es", "No.", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.answer, func(t *testing.T) {
			t.Parallel()
			b := careSetup(t)
			b.tap(t, "cmd:/consent yes")
			b.script["i feel so heavy"] = signResult(checkSign, tt.lang)
			r := b.say(t, "i feel so heavy")
			if r.Level != bot.LevelCheck || r.Alert != strings.TrimSpace(checkSign.Reply[tt.lang]) {
				t.Fatalf("level %v alert %q, want the sign's question", r.Level, r.Alert)
			}
			wantPayloads(t, r, "cmd:/check yes", "cmd:/check no", "cmd:/sos")
			if tt.lang == "es" && r.Buttons[0].Label != "Sí" {
				t.Errorf("yes button %q, want Sí", r.Buttons[0].Label)
			}
			if b.alerter.count() != 0 {
				t.Fatalf("a safety question alerted the care team")
			}
			r = b.say(t, tt.answer)
			if tt.yes {
				if r.Level != bot.LevelEmergency || !strings.Contains(r.Alert, "911") || !strings.Contains(r.Alert, "988") {
					t.Fatalf("yes: level %v alert %q, want the emergency number and the crisis line", r.Level, r.Alert)
				}
				if b.alerter.count() != 1 || !slices.Equal(b.alerter.calls[0].Signs, []string{bot.SignCheckYes, checkSign.ID}) {
					t.Fatalf("yes: %d alerts %+v, want one about %s", b.alerter.count(), b.alerter.calls, checkSign.ID)
				}
				if r.Text != "" {
					t.Errorf("yes: text %q after the crisis reply", r.Text)
				}
			} else {
				if r.Level != bot.LevelNone || !strings.Contains(r.Text, "1-833-852-6262") || !strings.Contains(r.Text, "988") {
					t.Fatalf("no: level %v text %q, want a low-mood answer with the helplines", r.Level, r.Text)
				}
				if b.alerter.count() != 0 {
					t.Fatalf("no: alerted the care team")
				}
			}
			if tt.lang == "es" && !strings.Contains(r.Alert+r.Text, "Gracias") {
				t.Errorf("answer not in Spanish: %q %q", r.Alert, r.Text)
			}
			if p := b.person(t); p.Context.Pending != "" {
				t.Errorf("pending %q after the answer, want none", p.Context.Pending)
			}
		})
	}
}

func TestSafetyCheckButtons(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["heavy"] = signResult(checkSign, "es")
	b.say(t, "heavy")
	r := b.tap(t, "cmd:/check no")
	wantContains(t, "no button", r.Text, "1-833-852-6262")
	wantContains(t, "no button in Spanish", r.Text, "Gracias por contestarme")
	b.say(t, "heavy")
	r = b.tap(t, "cmd:/check yes")
	if r.Level != bot.LevelEmergency || !strings.Contains(r.Alert, "988") {
		t.Errorf("yes button: level %v alert %q", r.Level, r.Alert)
	}
}

func TestSafetyCheckOtherMessage(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["heavy"] = signResult(checkSign, "en")
	b.script["how do i lift the baby"] = bottest.Topic("tip.lifting", "en")
	b.say(t, "heavy")
	// Not an answer: a normal reply, and the question stays open once.
	r := b.say(t, "how do i lift the baby")
	if r.Intent != "tip.lifting" || r.Level != bot.LevelNone {
		t.Fatalf("intent %q level %v, want the lifting tip", r.Intent, r.Level)
	}
	wantContains(t, "reminder", r.Notice, "answer yes or no")
	if !slices.Contains(payloads(r), "cmd:/check yes") {
		t.Errorf("buttons %q, want Yes and No again", payloads(r))
	}
	if r := b.say(t, "no"); !strings.Contains(r.Text, "1-833-852-6262") {
		t.Errorf("answer on the second message: %q", r.Text)
	}
	// Two messages without an answer drop the question.
	b.say(t, "heavy")
	b.say(t, "how do i lift the baby")
	r = b.say(t, "how do i lift the baby")
	if r.Notice != "" || b.person(t).Context.Pending != "" {
		t.Errorf("question still open after two messages: notice %q pending %q", r.Notice, b.person(t).Context.Pending)
	}
	if r := b.say(t, "yes"); r.Level != bot.LevelNone {
		t.Errorf("a late yes escalated: %v", r.Level)
	}
}

func TestSafetyCheckNewSignWins(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["heavy"] = signResult(checkSign, "en")
	b.script["no, but i can't breathe"] = signResult(emergencySign, "en")
	b.say(t, "heavy")
	r := b.say(t, "no, but i can't breathe")
	if r.Level != bot.LevelEmergency || !strings.Contains(r.Alert, "Trouble breathing") || strings.Contains(r.Text, "1-833") {
		t.Errorf("level %v alert %q text %q, want the new sign's reply", r.Level, r.Alert, r.Text)
	}
}

// TestSafetyCheckAnswerDoubted: the screen's own doubt about the answer (a
// check on "no", as the learned model may have) does not ask again; the
// answer is read.
func TestSafetyCheckAnswerDoubted(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["heavy"] = signResult(checkSign, "en")
	doubt := &knowledge.Sign{ID: intents.SecondOpinionSign, Level: knowledge.LevelCheck, Reply: checkSign.Reply}
	b.script["no"] = signResult(doubt, "en")
	b.say(t, "heavy")
	r := b.say(t, "no")
	if !strings.Contains(r.Text, "1-833-852-6262") || b.person(t).Context.Pending != "" {
		t.Errorf("reply %q pending %q, want the answer to no and no question open", r.Text, b.person(t).Context.Pending)
	}
}

// TestSafetyCheckSurvivesRestart asks on one Router and answers on another
// over the same database: a restart, or a second replica. SQLite always;
// PostgreSQL when CAREBOT_TEST_DATABASE_URL is set.
func TestSafetyCheckSurvivesRestart(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) bot.Store{
		"sqlite": func(t *testing.T) bot.Store {
			return sqlitetest.Open(t)
		},
		"postgres": func(t *testing.T) bot.Store {
			return pgtest.Open(t)
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			withDB := func(c *bot.Config) { c.Store = db }
			one, two := careSetup(t, withDB), careSetup(t, withDB)
			one.script["heavy"] = signResult(checkSign, "es")
			if r := one.say(t, "heavy"); r.Level != bot.LevelCheck {
				t.Fatalf("level %v, want check", r.Level)
			}
			r := two.say(t, "a veces")
			if r.Level != bot.LevelEmergency || !strings.Contains(r.Alert, "988") || !strings.Contains(r.Alert, "Gracias") {
				t.Errorf("answer on the other replica: level %v alert %q", r.Level, r.Alert)
			}
		})
	}
}

// TestWarningNotPlayedDown checks that nothing a sign's own words picked
// follows its reply, and that a clearly asked question still is answered.
func TestWarningNotPlayedDown(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	breathing := signResult(emergencySign, "en")
	breathing.Topic, breathing.Candidates = "tip.stress", []intents.Candidate{{ID: "tip.stress", Confidence: 0.9}}
	b.script["i can't breathe and my chest hurts"] = breathing
	clot := signResult(providerSign, "en")
	clot.Topic, clot.Candidates = "symptoms", []intents.Candidate{{ID: "symptoms", Confidence: 0.8}}
	b.script["my calf is swollen and red, is that normal joint pain?"] = clot
	b.script["my calf is swollen and red"] = clot
	b.script["is that normal joint pain"] = bottest.Topic("symptoms", "en")
	b.script["my calf is swollen. how do i lift the baby?"] = clot
	b.script["my calf is swollen"] = clot
	b.script["how do i lift the baby"] = bottest.Topic("tip.lifting", "en")

	for _, text := range []string{"i can't breathe and my chest hurts", "my calf is swollen and red, is that normal joint pain?"} {
		r := b.say(t, text)
		if !r.Level.Escalates() || r.Text != "" || r.Title != "" {
			t.Errorf("%q: level %v, title %q text %q after the warning, want nothing", text, r.Level, r.Title, r.Text)
		}
		if payloads(r)[0] != "cmd:/sos" {
			t.Errorf("%q: buttons %q, want /sos first", text, payloads(r))
		}
	}
	r := b.say(t, "my calf is swollen. how do i lift the baby?")
	if r.Intent != "tip.lifting" || !strings.Contains(r.Alert, "blood clot") {
		t.Errorf("a clearly asked question after a warning: intent %q alert %q", r.Intent, r.Alert)
	}
}

func TestSOS(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "es"} {
		b := careSetup(t)
		b.tap(t, "cmd:/lang "+lang)
		r := b.say(t, "/sos")
		if r.Level != bot.LevelEmergency || !slices.Equal(r.Signs, []string{bot.SignSOS}) {
			t.Fatalf("%s: level %v signs %q", lang, r.Level, r.Signs)
		}
		for _, want := range []string{"911", "988", "1-833-852-6262"} {
			wantContains(t, lang+" sos", r.Alert, want)
		}
		if b.alerter.count() != 0 {
			t.Errorf("%s: /sos alerted without consent", lang)
		}
		b.tap(t, "cmd:/consent yes")
		r = b.tap(t, "cmd:/sos")
		if b.alerter.count() != 1 || !strings.Contains(r.Alert, map[string]string{"en": "care team", "es": "equipo"}[lang]) {
			t.Errorf("%s: /sos with consent: %d alerts, alert %q", lang, b.alerter.count(), r.Alert)
		}
		if h := b.say(t, "/help"); !strings.Contains(h.Text, "/sos") || !strings.Contains(h.Text, "/consent") {
			t.Errorf("%s: /help %q lacks /sos or /consent", lang, h.Text)
		}
	}
}

func TestConsentOfferedAtFirstSign(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["my calf is swollen"] = signResult(providerSign, "en")
	r := b.say(t, "my calf is swollen")
	wantPayloads(t, r, "cmd:/sos", "cmd:/consent yes alert")
	wantContains(t, "offer", r.Notice, "care team")
	if b.alerter.count() != 0 {
		t.Fatalf("alerted before consent")
	}
	r = b.tap(t, "cmd:/consent yes alert")
	if b.alerter.count() != 1 {
		t.Fatalf("tap on the offer: %d alerts, want 1", b.alerter.count())
	}
	got := b.alerter.calls[0]
	if got.Level != bot.LevelProvider || !slices.Equal(got.Signs, []string{providerSign.ID}) {
		t.Errorf("alert level %v signs %q", got.Level, got.Signs)
	}
	wantContains(t, "reply", r.Text, "I've let your care team know")
	if b.person(t).Consent != bot.ConsentGranted {
		t.Errorf("consent not stored")
	}
	// Chosen: no more offers, and the next sign alerts at once.
	r = b.say(t, "my calf is swollen")
	if slices.Contains(payloads(r), "cmd:/consent yes alert") || b.alerter.count() != 2 {
		t.Errorf("after consent: buttons %q, %d alerts", payloads(r), b.alerter.count())
	}
}

func TestConsentOfferAnsweredByText(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["my calf is swollen"] = signResult(providerSign, "en")
	b.say(t, "my calf is swollen")
	r := b.say(t, "yes")
	if b.alerter.count() != 1 || b.person(t).Consent != bot.ConsentGranted {
		t.Fatalf("typed yes to the offer: %d alerts, consent %v", b.alerter.count(), b.person(t).Consent)
	}
	wantContains(t, "reply", r.Text, "I've let your care team know")
	b2 := careSetup(t)
	b2.script["my calf is swollen"] = signResult(providerSign, "en")
	b2.say(t, "my calf is swollen")
	b2.say(t, "no")
	if b2.alerter.count() != 0 || b2.person(t).Consent != bot.ConsentDenied {
		t.Errorf("typed no to the offer: %d alerts, consent %v", b2.alerter.count(), b2.person(t).Consent)
	}
}

func TestConsentInWords(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["my calf is swollen"] = signResult(providerSign, "es")
	b.script["quiero que avisen a mi equipo médico"] = bottest.Topic(bot.EntryTellTeam, "es")
	b.say(t, "my calf is swollen")
	r := b.say(t, "quiero que avisen a mi equipo médico")
	if b.alerter.count() != 1 || b.person(t).Consent != bot.ConsentGranted {
		t.Fatalf("asking in words: %d alerts, consent %v", b.alerter.count(), b.person(t).Consent)
	}
	wantContains(t, "reply", r.Text, "equipo de salud")

	// A sign and the request in one message.
	b2 := careSetup(t)
	b2.script["my calf is swollen, tell my care team"] = signResult(providerSign, "en")
	b2.script["my calf is swollen"] = signResult(providerSign, "en")
	b2.script["tell my care team"] = bottest.Topic(bot.EntryTellTeam, "en")
	r = b2.say(t, "my calf is swollen, tell my care team")
	if b2.alerter.count() != 1 || !strings.Contains(r.Alert, "I've let your care team know") {
		t.Errorf("sign and request: %d alerts, alert %q", b2.alerter.count(), r.Alert)
	}
}

func TestConsentAtEnrolment(t *testing.T) {
	t.Parallel()
	b := careSetup(t, func(c *bot.Config) { c.ConsentAtEnrolment = true })
	b.script["my calf is swollen"] = signResult(providerSign, "en")
	r := b.say(t, "my calf is swollen")
	if b.alerter.count() != 1 || slices.Contains(payloads(r), "cmd:/consent yes alert") {
		t.Errorf("enrolment consent: %d alerts, buttons %q", b.alerter.count(), payloads(r))
	}
	b.tap(t, "cmd:/consent no")
	b.say(t, "my calf is swollen")
	if b.alerter.count() != 1 || b.person(t).Consent != bot.ConsentDenied {
		t.Errorf("a no after enrolment consent still alerted: %d", b.alerter.count())
	}
}

func TestSlackGetsNoParentLoop(t *testing.T) {
	t.Parallel()
	b := careSetup(t)
	b.script["heavy"] = signResult(checkSign, "en")
	b.script["my calf is swollen"] = signResult(providerSign, "en")
	say := func(text string) bot.Reply {
		return b.send(t, bot.Message{Platform: bot.PlatformSlack, ChatID: "D1", UserID: "U1", Text: text})
	}
	if r := say("hello"); r.Notice != "" || len(r.Buttons) > 0 && r.Buttons[len(r.Buttons)-1].Payload == "cmd:/start" {
		t.Errorf("onboarding on Slack: notice %q buttons %q", r.Notice, payloads(r))
	}
	if r := say("heavy"); len(r.Buttons) != 0 {
		t.Errorf("safety question buttons on Slack: %q", payloads(r))
	}
	if r := say("my calf is swollen"); len(r.Buttons) != 0 || r.Notice != "" {
		t.Errorf("parent buttons on Slack: %q notice %q", payloads(r), r.Notice)
	}
	if r := say("/nudge 9"); !strings.Contains(r.Text, "parents") {
		t.Errorf("/nudge on Slack: %q", r.Text)
	}
	if r := say("/help"); !strings.Contains(r.Text, "/carebot <question>") || !strings.Contains(r.Text, "Claim") ||
		strings.Contains(r.Text, "/exercises") {
		t.Errorf("/help on Slack: %q, want the care-team commands", r.Text)
	}
}

func TestMaternalLineConfigured(t *testing.T) {
	t.Parallel()
	b := careSetup(t, func(c *bot.Config) { c.MaternalLine = "0800 123" })
	if r := b.say(t, "/sos"); !strings.Contains(r.Alert, "0800 123") {
		t.Errorf("sos %q, want the configured line", r.Alert)
	}
}

// erasingAlerter is a fakeAlerter that can take alerts back.
type erasingAlerter struct {
	fakeAlerter
	erased []bot.PersonKey
	store  *bundle
	stored bool // whether the person was still stored when EraseAlerts ran
}

func (a *erasingAlerter) EraseAlerts(ctx context.Context, key bot.PersonKey) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.erased = append(a.erased, key)
	_, err := a.store.store.Person(ctx, key)
	a.stored = err == nil
	return nil
}

func TestForgetErasesAlertsFirst(t *testing.T) {
	t.Parallel()
	a := &erasingAlerter{}
	b := careSetup(t, func(c *bot.Config) { c.Alerter = a })
	a.store = b
	b.say(t, "hello")
	b.say(t, "/forget")
	b.say(t, "yes")
	if len(a.erased) != 1 || a.erased[0] != key || !a.stored {
		t.Errorf("EraseAlerts calls %v (person still stored: %v), want one for %v before the forget", a.erased, a.stored, key)
	}
	if b.store.Len() != 0 {
		t.Errorf("person not forgotten")
	}
}

func TestInviteLinksLabel(t *testing.T) {
	t.Parallel()
	b := careSetup(t, func(c *bot.Config) { c.ConsentAtEnrolment = true })
	code, hash := bot.NewInviteCode()
	if err := b.store.AddInvite(context.Background(), &bot.Invite{CodeHash: hash, Label: "bed 4", CreatedBy: "UNURSE",
		ExpiresAt: b.clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// Telegram sends the link's start parameter as "/start <code>"; the
	// code is case-sensitive, so it comes here as a payload (the scripted
	// matcher lower-cases text).
	r := b.tap(t, "cmd:/start "+code)
	wantContains(t, "linked", r.Text, "connected to your care team")
	if l, err := b.store.PersonLabel(context.Background(), key); err != nil || l != "bed 4" {
		t.Errorf("label %q, %v", l, err)
	}
	if b.person(t).Consent != bot.ConsentGranted || slices.Contains(payloads(r), "cmd:/consent yes") {
		t.Errorf("enrolment consent: %v, buttons %q", b.person(t).Consent, payloads(r))
	}
	// Single use: a second parent gets the "did not work" note.
	r = b.send(t, bot.Message{Platform: bot.PlatformConsole, ChatID: "chat-2", Payload: "cmd:/start " + code})
	wantContains(t, "used", r.Text, "didn't work")
	wantContains(t, "still welcomed", r.Text, "carebot")
}
