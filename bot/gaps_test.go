package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/intents"
)

func TestScrubGap(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Why does my wrist hurt?", "why does my wrist hurt"},
		{"  can I   do YOGA at 6 weeks  ", "can i do yoga at <n> weeks"},
		{"my daughter Mia won't latch, is that why my back hurts", "my daughter <name> won't latch, is that why my back hurts"},
		{"My name is ana and my knee clicks", "my name is <name> and my knee clicks"},
		{"me llamo lucía y me duele el codo", "me llamo <name> y me duele el codo"},
		{"call me at 555-123-4567 or +34 612 345 678", "call me at <phone> or <phone>"},
		{"write to jane.doe+pp@example.com", "write to <email>"},
		{"saw this on https://example.org/x?y=1 and www.foo.com", "saw this on <url> and <url>"},
		{"is bestmom.co legit", "is <url> legit"},
		{"ask @nurse_amy about it", "ask <handle> about it"},
		{"Dr. Lopez said my PT should check", "dr. <name> said my pt should check"},
		{"the doctor said rest. Is that right?", "the doctor <name> rest. is that right"},
		{"12345", ""},
		{"???", ""},
		{strings.Repeat("ache ", 100), strings.TrimSpace(strings.Repeat("ache ", 56))},
	} {
		if got := bot.ScrubGap(c.in); got != c.want {
			t.Errorf("ScrubGap(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGapsOffByDefault(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.say(t, "what about my elbow")
	got, err := b.store.TopGaps(t.Context(), time.Time{}, 0)
	if err != nil || len(got) != 0 {
		t.Errorf("TopGaps = %v, %v; want nothing recorded when gaps are off", got, err)
	}
}

func TestGapsRecorded(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) {
		c.Gaps = c.Store.(bot.GapLog)
		c.GapConfidence = 0.5
	})
	b.script["unsure one"] = intents.Result{Intent: "exercise.bridge", Topic: "exercise.bridge", Confidence: 0.3, Lang: "en",
		Candidates: []intents.Candidate{{ID: "exercise.bridge", Confidence: 0.3}}}
	b.script["bridge or squat"] = intents.Result{Intent: "exercise.bridge", Topic: "exercise.bridge", Confidence: 0.5, Lang: "en", Ambiguous: true,
		Candidates: []intents.Candidate{{ID: "exercise.bridge", Confidence: 0.5}, {ID: "exercise.mini_squat", Confidence: 0.45}}}
	b.script["my chest hurts ana"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency, Lang: "en"}
	for _, s := range []string{
		"What about my ELBOW, Ana?", // fallback, scrubbed
		"what about my elbow, Mia",  // the same question once scrubbed
		"unsure one",                // below GapConfidence
		"bridge or squat",           // did you mean
		"tell me about bridges",     // answered
		"my chest hurts ana",        // a warning sign: never recorded
		"/help",                     // a command
	} {
		b.say(t, s)
	}
	b.tap(t, "kb:nothing.here")
	got, err := b.store.TopGaps(t.Context(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.GapCount{
		{Lang: "en", Text: "what about my elbow, <name>", Count: 2},
		{Lang: "en", Text: "bridge or squat", Count: 1}, // same count and time: by text
		{Lang: "en", Text: "unsure one", Count: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("TopGaps = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i].Lang != want[i].Lang || got[i].Text != want[i].Text || got[i].Count != want[i].Count {
			t.Errorf("gap %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if logs := b.logs.String(); strings.Contains(strings.ToLower(logs), "elbow") {
		t.Errorf("logs hold message text:\n%s", logs)
	}

	// Expired gaps are deleted when a later one is recorded.
	b.clock.Add(bot.DefaultGapRetention + time.Hour)
	b.say(t, "what about my shin")
	got, _ = b.store.TopGaps(t.Context(), time.Time{}, 0)
	if len(got) != 1 || got[0].Text != "what about my shin" {
		t.Errorf("after the retention: TopGaps = %+v, want only the new gap", got)
	}

	// /forget deletes them with the rest.
	b.say(t, "/forget")
	b.tap(t, "cmd:/forget confirm")
	got, _ = b.store.TopGaps(t.Context(), time.Time{}, 0)
	if len(got) != 0 {
		t.Errorf("after /forget: TopGaps = %+v, want none", got)
	}
}
