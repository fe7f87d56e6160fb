package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
	"github.com/carebot/carebot/knowledge"
)

// TestNudgeTimesAsTyped holds issue 13's times: am/pm, 24-hour, Spanish
// periods, several at once, and a question when a time could be either.
func TestNudgeTimesAsTyped(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"/nudge 2pm":                 {"14:00"},
		"/nudge 6:30pm":              {"18:30"},
		"/nudge 14h":                 {"14:00"},
		"/nudge a las 7 de la noche": {"19:00"},
		"/nudge 9 de la mañana":      {"09:00"},
		"/nudge 9am 2pm 8pm":         {"09:00", "14:00", "20:00"},
	} {
		n := &fakeNudger{}
		b := setup(t, func(c *bot.Config) { c.Nudger = n })
		b.say(t, "hello")
		b.say(t, in)
		if len(n.settings) != 1 || !slices.Equal(n.settings[0].Times, want) {
			t.Errorf("%s: SetNudges got %+v, want times %v", in, n.settings, want)
		}
	}
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	r := b.say(t, "/nudge 8:30")
	if len(n.settings) != 0 {
		t.Errorf("8:30 set %+v without asking morning or evening", n.settings)
	}
	wantPayloads(t, r, "cmd:/nudge 08:30", "cmd:/nudge 20:30")
}

// TestNudgeTimesWithoutNudger: the console reads the times too.
func TestNudgeTimesWithoutNudger(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.say(t, "/nudge 9am 2pm 8pm")
	wantContains(t, "text", r.Text, "09:00, 14:00, 20:00")
}

// TestStatementNoYes: a statement gets no "Yes," opener; a question keeps
// it.
func TestStatementNoYes(t *testing.T) {
	t.Parallel()
	b := setup(t, embedded(t))
	for _, text := range []string{"no sleep makes my joints ache more", "i'm so exhausted i cry every day",
		"my joints ache since the birth, it's normal they say", "estoy agotada y lloro todos los días"} {
		r := b.say(t, text)
		if strings.HasPrefix(r.Text, "Yes") || strings.HasPrefix(r.Text, "Sí") {
			t.Errorf("%q: reply opens with yes: %q", text, r.Text)
		}
	}
	r := b.say(t, "does lack of sleep make the pain worse?")
	wantContains(t, "question", r.Text, "Yes, it can.")
}

// TestPlacesFromTZDatabase: places resolve through the tz database's names;
// a place with several zones is a question, never a silent default.
func TestPlacesFromTZDatabase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Tokyo":       "Asia/Tokyo",
		"Houston, TX": "America/Chicago",
		"NY":          "America/New_York",
		"São Paulo":   "America/Sao_Paulo",
		"Japan":       "Asia/Tokyo",
		"Nairobi":     "Africa/Nairobi",
	} {
		if got, err := bot.ParseTimeZone(in); err != nil || got != want {
			t.Errorf("ParseTimeZone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := bot.ParseTimeZone("United States")
	var amb *bot.AmbiguousTimeZoneError
	if !errors.As(err, &amb) || len(amb.Zones) < 4 {
		t.Fatalf("United States: %v, want an AmbiguousTimeZoneError", err)
	}
}

// TestTimeZoneQuestions: after /nudge the bot asks for a place; a place
// with several zones gets zone buttons, an unknown one is asked again.
func TestTimeZoneQuestions(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	b.say(t, "/nudge 2pm")
	r := b.say(t, "Australia")
	if len(r.Buttons) < 2 || !strings.HasPrefix(r.Buttons[1].Payload, "cmd:/tz Australia/") {
		t.Fatalf("Australia: buttons %+v, want zones to pick", r.Buttons)
	}
	r = b.tap(t, r.Buttons[1].Payload)
	wantContains(t, "text", r.Text, "Australia/")
	b = setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	b.say(t, "/nudge 2pm")
	r = b.say(t, "Narnia")
	wantContains(t, "text", r.Text, "Narnia")
	if b.person(t).Context.Pending == "" {
		t.Errorf("an unknown place dropped the question")
	}
	r = b.say(t, "Tokyo")
	wantContains(t, "text", r.Text, "Asia/Tokyo")
}

// sqliteStore opens a SQLite store in a temporary directory: the dialogue
// state must survive the store serve uses, not only the in-memory one.
func sqliteStore(t *testing.T) bot.Store {
	t.Helper()
	return sqlitetest.Open(t)
}

// TestDialogueInServe holds issue 13's dialogue bugs on the SQLite store.
func TestDialogueInServe(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) { c.Store = sqliteStore(t) })
	b.say(t, "hello")
	b.say(t, "tell me about bridges")
	first := b.say(t, "more")
	second := b.say(t, "more")
	if second.Text == first.Text {
		t.Errorf("a second \"more\" repeats the same text: %q", second.Text)
	}
	wantContains(t, "second more", second.Text, "That's all I have")

	b.say(t, "/forget")
	r := b.say(t, "no")
	wantContains(t, "no at /forget", r.Text, "nothing was deleted")

	r = b.say(t, "/help")
	if n := strings.Count(r.Text, "/exercises"); n != 1 {
		t.Errorf("/help lists /exercises %d times: %q", n, r.Text)
	}
	r = b.say(t, "/start")
	if n := strings.Count(strings.ToLower(r.Text), "not medical advice"); n > 1 {
		t.Errorf("/start says the disclaimer %d times: %q", n, r.Text)
	}
	// Set up: language, then consent, then the nudges
	r = b.tap(t, "cmd:/lang en setup")
	wantPayloads(t, r, "cmd:/consent yes setup", "cmd:/consent no setup")
	r = b.tap(t, "cmd:/consent no setup")
	wantPayloads(t, r, "cmd:/nudge 09:00", "cmd:/nudge 13:00", "cmd:/nudge 19:00")
}

// embedded is the real content with its matcher.
func embedded(t *testing.T) func(*bot.Config) {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	c, err := bot.NewContent(kb)
	if err != nil {
		t.Fatal(err)
	}
	return func(cfg *bot.Config) { cfg.Content, cfg.Match = c, nil }
}

// TestMomentReplies: a moment gets one prompt that fits it, in the
// parent's language, with Done and Another one; the diaper moment keeps a
// hand on the baby.
func TestMomentReplies(t *testing.T) {
	t.Parallel()
	b := setup(t, embedded(t), func(c *bot.Config) { c.Store = sqliteStore(t) })
	b.say(t, "hello")
	r := b.say(t, "warming a bottle now")
	wantContains(t, "bottle prompt", r.Text, "bottle")
	if len(r.Buttons) != 2 || !strings.HasPrefix(r.Buttons[1].Payload, bot.PayloadMoment+"next:moment.bottle") {
		t.Fatalf("buttons %+v, want Done and Another one", r.Buttons)
	}
	next := b.tap(t, r.Buttons[1].Payload)
	if next.Text == r.Text || next.Text == "" {
		t.Errorf("another one repeats %q", next.Text)
	}
	done := b.tap(t, r.Buttons[0].Payload)
	wantContains(t, "done", done.Text, "Nice work")

	r = b.say(t, "estoy calentando el biberón")
	wantContains(t, "Spanish prompt", r.Text, "biberón")
	r = b.say(t, "changing a diaper")
	wantContains(t, "diaper prompt", r.Text, "Keep one hand on your baby")
	r = b.say(t, "cambiando el pañal")
	wantContains(t, "diaper prompt (es)", r.Text, "Mantén una mano sobre tu bebé")
}

// TestDiaperMomentSafe: every diaper prompt keeps a hand on the baby.
func TestDiaperMomentSafe(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range kb.Moments {
		if m.ID != "moment.diaper" {
			continue
		}
		for lang, want := range map[string]string{"en": "one hand on your baby", "es": "una mano sobre tu bebé"} {
			for _, p := range m.Prompts[lang] {
				if !strings.Contains(p, want) {
					t.Errorf("diaper prompt (%s) without %q: %q", lang, want, p)
				}
			}
		}
		return
	}
	t.Fatal("no moment.diaper")
}

// TestNudgesResumeAfterUnblock: a parent who blocked the bot (inactive,
// nudges cancelled) and writes again gets their nudges back, and is told.
func TestNudgesResumeAfterUnblock(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	p := b.person(t)
	p.Active = false
	p.Nudge = bot.NudgeSettings{Enabled: true, Times: []string{"09:00"}}
	if err := b.store.SavePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	r := b.say(t, "tell me about bridges")
	if len(n.settings) != 1 || !slices.Equal(n.settings[0].Times, []string{"09:00"}) {
		t.Fatalf("SetNudges got %+v, want the nudges back at 09:00", n.settings)
	}
	wantContains(t, "notice", r.Notice, "09:00")
	if !b.person(t).Active {
		t.Errorf("the person is still inactive")
	}
	r = b.say(t, "hello")
	if len(n.settings) != 1 || r.Notice != "" {
		t.Errorf("resumed twice: %d calls, notice %q", len(n.settings), r.Notice)
	}
}

// TestLanguageChoiceHolds: after /lang es, "ok", "yes" and "lol" are
// answered in Spanish and do not change the stored language; the console's
// --lang es (a hint on every message) gives a Spanish onboarding note.
func TestLanguageChoiceHolds(t *testing.T) {
	t.Parallel()
	b := setup(t, embedded(t))
	b.say(t, "/lang es")
	for _, text := range []string{"ok", "yes", "lol"} {
		if r := b.say(t, text); r.Lang != "es" {
			t.Errorf("%q after /lang es: reply in %s", text, r.Lang)
		}
	}
	if p := b.person(t); p.Lang != "es" {
		t.Errorf("stored language %s, want es", p.Lang)
	}
	c := setup(t, embedded(t))
	r := c.send(t, bot.Message{Platform: bot.PlatformConsole, ChatID: chat, Text: "ok", LangHint: "es"})
	if r.Lang != "es" || !strings.Contains(r.Notice, "Configurar") {
		t.Errorf("first message with hint es: lang %s, notice %q", r.Lang, r.Notice)
	}
}

// TestNudgeTimesInWords: "remind me every day at 2pm" sets the nudge.
func TestNudgeTimesInWords(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, embedded(t), func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	b.say(t, "remind me every day at 2pm")
	if len(n.settings) != 1 || !slices.Equal(n.settings[0].Times, []string{"14:00"}) {
		t.Errorf("SetNudges got %+v, want 14:00", n.settings)
	}
}

// detailNudger answers every tapped nudge button with a fixed answer.
type detailNudger struct {
	*fakeNudger
	answer bot.NudgeAnswer
}

func (n detailNudger) Answer(context.Context, bot.PersonKey, string) (bot.NudgeAnswer, error) {
	return n.answer, nil
}

// TestNudgeAnswerDetails: the replies to Done twice, a snooze of a done
// nudge and a snooze into quiet hours.
func TestNudgeAnswerDetails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		answer bot.NudgeAnswer
		want   string
	}{
		{bot.NudgeAnswer{Action: bot.NudgeDone}, ""},
		{bot.NudgeAnswer{Action: bot.NudgeDone, Again: true}, knowledge.EmbeddedMessage("nudge_done_again", "en")},
		{bot.NudgeAnswer{Action: bot.NudgeSnooze, WasDone: true}, knowledge.EmbeddedMessage("nudge_snooze_done", "en")},
		{bot.NudgeAnswer{Action: bot.NudgeSnooze, Until: "08:00"}, "08:00"},
		{bot.NudgeAnswer{Action: bot.NudgeSnooze}, ""},
	} {
		b := setup(t, embedded(t), func(c *bot.Config) { c.Nudger = detailNudger{&fakeNudger{}, tc.answer} })
		r := b.tap(t, bot.PayloadNudge+"snooze:1748865600")
		name := fmt.Sprintf("%+v", tc.answer)
		if r.Text == "" {
			t.Errorf("%s: empty reply", name)
		}
		if tc.want != "" {
			wantContains(t, name, r.Text, tc.want)
		}
	}
}
