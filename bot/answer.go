package bot

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// Entry ids the Router treats specially. The knowledge base should have
// them; when one is missing the Router falls back to interface messages.
const (
	EntryFallback   = intents.Fallback // below the matcher's threshold
	EntryHelp       = "help"           // /help
	EntryExercises  = "exercises"      // /exercises
	EntryTreatments = "treatments"     // /tips
	EntrySubscribe  = "nudge.subscribe"
	EntryReferences = "references" // the full references, on request
)

// defaultTopics are offered as buttons when the fallback entry names none.
var defaultTopics = []string{"overview", EntryExercises, EntryTreatments, "see_doctor"}

// answer answers a message that is not a command from the match result.
func (t *turn) answer(ctx context.Context, c *Content) {
	res := t.res
	id := res.Intent
	t.reply.Intent, t.reply.Confidence = res.Intent, res.Confidence
	if t.reply.Level > LevelNone {
		// The alert answers the warning sign; what else the message
		// clearly asked follows it (see besidesWarning), never self-help
		// text its own words picked.
		id, conf := t.besidesWarning(c)
		switch {
		case id == EntryTellTeam && t.forParent():
			t.grantConsent(ctx, false) // alertCareTeam tells them now
			t.reply.Intent = id
		case id != "":
			t.reply.Confidence = conf
			t.showID(id)
		}
		return
	}
	if res.More && (id == "" || id == EntryFallback || id == t.p.Context.LastIntent) {
		t.more()
		return
	}
	if res.Ambiguous && t.didYouMean() {
		return
	}
	if c, args, ok := entryCommand(id); ok {
		if c == "/nudge" && args == "" {
			args = clockTimes(t.m.Text) // "remind me every day at 2pm"
		}
		t.command(ctx, c, args)
		t.reply.Intent = id
		return
	}
	t.showID(id)
}

// topicConfidence is the matcher's confidence in res.Topic.
func topicConfidence(res intents.Result) float64 {
	for _, c := range res.Candidates {
		if c.ID == res.Topic {
			return c.Confidence
		}
	}
	return 0
}

// showID shows the entry with the id, or the fallback when there is none.
func (t *turn) showID(id string) {
	e := t.kb.Entry(id)
	if e == nil || id == EntryFallback {
		t.fallback()
		return
	}
	t.show(e)
}

// show puts entry e into the reply and remembers it as the last topic.
func (t *turn) show(e *knowledge.Entry) {
	rp := &t.reply
	rp.Intent = e.ID
	rp.Title = e.Title.Get(t.lang)
	rp.Text = t.fill(strings.TrimSpace(e.Answer.Get(t.lang)))
	if t.m.Text != "" && !isQuestion(t.m.Text) {
		rp.Text = dropYes(rp.Text) // "i'm so exhausted": no "Yes, it can."
	}
	if ex := e.Exercise; ex != nil {
		for _, s := range ex.Steps.Get(t.lang) {
			rp.Steps = append(rp.Steps, t.fill(strings.TrimSpace(s)))
		}
		for _, d := range []struct {
			label string
			text  knowledge.Text
		}{{"label_dose", ex.Dose}, {"label_feel", ex.Feel}, {"label_stop", ex.Stop}} {
			if s := strings.TrimSpace(d.text.Get(t.lang)); s != "" {
				rp.Details = append(rp.Details, t.msg(d.label)+": "+t.fill(s))
			}
		}
	}
	if e.Kind == knowledge.KindExercise {
		rp.Media = t.pictures(e.ID)
	}
	rp.Buttons = t.entryButtons(e.FollowUp)
	if e.Kind == knowledge.KindExercise || e.Kind == knowledge.KindInfo {
		t.sources(e)
	}
	t.p.Context.LastIntent = e.ID
	t.p.Context.MoreShown = false
}

// sources adds the references of entry e to the reply. The references entry
// itself lists them in full; any other answer gets one short line ("Ruchat
// et al. 2025 · ACOG 2020", a phone screen is small) and a button to the
// full list.
func (t *turn) sources(e *knowledge.Entry) {
	var refs []*knowledge.Reference
	for _, id := range e.References {
		if ref := t.kb.Reference(id); ref != nil {
			refs = append(refs, ref)
		}
	}
	if len(refs) == 0 {
		return
	}
	rp := &t.reply
	if e.ID == EntryReferences {
		for _, ref := range refs {
			rp.Sources = append(rp.Sources, FormatReference(ref))
		}
		return
	}
	short := make([]string, len(refs))
	for i, ref := range refs {
		short[i] = ShortReference(ref)
	}
	rp.Sources = []string{strings.Join(short, " · ")}
	for _, b := range rp.Buttons {
		if b.Payload == PayloadEntry+EntryReferences {
			return
		}
	}
	rp.Buttons = append(rp.Buttons, t.entryButtons([]string{EntryReferences})...)
}

// more continues the last topic with its longer text, once; then it offers
// other topics.
func (t *turn) more() {
	c := &t.p.Context
	e := t.kb.Entry(c.LastIntent)
	if e != nil && !c.MoreShown {
		if s := strings.TrimSpace(e.More.Get(t.lang)); s != "" {
			t.reply.Intent = e.ID
			t.reply.Title = e.Title.Get(t.lang)
			t.reply.Text = t.fill(s)
			t.reply.Buttons = t.entryButtons(e.FollowUp)
			c.MoreShown = true
			return
		}
	}
	t.reply.Text = t.msg("more_none")
	if e != nil {
		t.reply.Intent = e.ID
		t.reply.Buttons = t.entryButtons(e.FollowUp)
	}
	if len(t.reply.Buttons) == 0 {
		t.reply.Buttons = t.topicButtons()
	}
}

// fallback answers a message the matcher did not understand, with topic
// buttons.
func (t *turn) fallback() {
	t.reply.Intent = EntryFallback
	if e := t.kb.Entry(EntryFallback); e != nil {
		t.reply.Text = t.fill(strings.TrimSpace(e.Answer.Get(t.lang)))
	}
	if t.reply.Text == "" {
		t.reply.Text = t.msg("fallback")
	}
	t.reply.Buttons = t.topicButtons()
}

// didYouMean offers the close candidates as buttons; it reports false when
// fewer than two of them exist.
func (t *turn) didYouMean() bool {
	ids := make([]string, 0, len(t.res.Candidates))
	for _, c := range t.res.Candidates {
		ids = append(ids, c.ID)
	}
	b := t.entryButtons(ids)
	if len(b) < 2 {
		return false
	}
	t.reply.Text = t.msg("did_you_mean")
	t.reply.Buttons = b
	t.unsure = true
	return true
}

// topicButtons are the topics offered when the bot did not understand: the
// fallback entry's follow-ups, else a default list.
func (t *turn) topicButtons() []Button {
	if e := t.kb.Entry(EntryFallback); e != nil && len(e.FollowUp) > 0 {
		if b := t.entryButtons(e.FollowUp); len(b) > 0 {
			return b
		}
	}
	return t.entryButtons(defaultTopics)
}

// entryButtons returns a button per existing entry id, labelled with the
// entry's title in the reply's language.
func (t *turn) entryButtons(ids []string) []Button {
	var out []Button
	for _, id := range ids {
		e := t.kb.Entry(id)
		if e == nil || id == EntryFallback {
			continue
		}
		label := e.Title.Get(t.lang)
		if label == "" {
			label = id
		}
		out = append(out, Button{Label: label, Payload: PayloadEntry + id})
	}
	return out
}

// kindButtons returns a button per entry of kind k but the one with id
// except.
func (t *turn) kindButtons(k knowledge.Kind, except string) []Button {
	var ids []string
	for _, e := range t.kb.OfKind(k) {
		if e.ID != except {
			ids = append(ids, e.ID)
		}
	}
	return t.entryButtons(ids)
}

// ShortReference formats r as its first author's family name, "et al." when
// there are more, and the year: "Ruchat et al. 2025". An organisation of
// several words is shortened to its initials ("American College of
// Obstetricians and Gynecologists" is "ACOG"); text in parentheses is
// dropped.
func ShortReference(r *knowledge.Reference) string {
	authors := strings.TrimSpace(r.Authors)
	if i := strings.Index(authors, "("); i >= 0 {
		authors = strings.TrimSpace(authors[:i])
	}
	first, _, many := strings.Cut(authors, ",")
	if i := strings.Index(first, ";"); i >= 0 {
		first, many = first[:i], true
	}
	fields := strings.Fields(first)
	var name string
	switch {
	case len(fields) == 0:
		name = strings.TrimSpace(r.Title)
	case !many && len(fields) > 3: // an organisation
		for _, w := range fields {
			if c, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(c) {
				name += string(c)
			}
		}
	default:
		name = fields[0]
		if many {
			name += " et al."
		}
	}
	if r.Year > 0 {
		name += " " + strconv.Itoa(r.Year)
	}
	return name
}

// FormatReference formats a reference as "Authors (Year). Title. Journal.
// doi:DOI", leaving out what is missing; a URL stands in for a missing DOI.
func FormatReference(r *knowledge.Reference) string {
	var b strings.Builder
	add := func(s string, end bool) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		if end && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
			b.WriteByte('.')
		}
	}
	head := strings.TrimSpace(r.Authors)
	if r.Year > 0 {
		head = strings.TrimSpace(head + " (" + strconv.Itoa(r.Year) + ")")
	}
	add(head, true)
	add(r.Title, true)
	add(r.Journal, true)
	if doi := strings.TrimSpace(r.DOI); doi != "" {
		add("doi:"+strings.TrimPrefix(doi, "doi:"), false)
	} else {
		add(r.URL, false)
	}
	return b.String()
}

// pictures returns the illustrated sequence of the exercise with the id, or
// nil without an Illustrator; a drawing that fails is logged and left out,
// since the steps say it all in words.
func (t *turn) pictures(id string) []Media {
	ill := t.r.cfg.Illustrator
	if ill == nil {
		return nil
	}
	m, err := ill.Exercise(t.kb, id, t.lang)
	if err != nil {
		t.r.cfg.Logger.LogAttrs(context.Background(), slog.LevelError, "draw exercise",
			slog.String("intent", id), slog.String("err", err.Error()))
		return nil
	}
	return m
}
