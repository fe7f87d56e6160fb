package nudge

import (
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

func TestChooseRotatesWithoutRepeats(t *testing.T) {
	t.Parallel()
	kb := testKB()
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}
	all := prompts(kb, "en", []string{"wrist_hand", "knee"}, "")
	if len(all) != 6 {
		t.Fatalf("%d prompts, want 6", len(all))
	}
	var recent []bot.NudgeRecord // newest first
	seen := map[string]int{}
	var order []string
	for i := range 3 * len(all) {
		p, cycle, ok := choose(all, recent, seed(key, int64(i)))
		if !ok {
			t.Fatal("no prompt")
		}
		if want := i / len(all); cycle != want {
			t.Fatalf("nudge %d in cycle %d, want %d", i, cycle, want)
		}
		seen[p.id]++
		order = append(order, p.id)
		recent = append([]bot.NudgeRecord{{Prompt: p.id, Cycle: cycle, State: bot.NudgeSent}}, recent...)
		if (i+1)%len(all) == 0 {
			for _, q := range all {
				if seen[q.id] != (i+1)/len(all) {
					t.Fatalf("after %d nudges %s was sent %d times: %v", i+1, q.id, seen[q.id], order)
				}
			}
		}
	}
	// Each cycle starts with the areas asked about: wrist (2 prompts), then
	// knee (1), then the rest.
	for c := range 3 {
		cyc := order[c*len(all) : (c+1)*len(all)]
		for i, id := range cyc {
			want := "exercise.bridge"
			switch {
			case i < 2:
				want = "exercise.wrist"
			case i == 2:
				want = "exercise.squat"
			}
			if !strings.HasPrefix(id, want+"#") {
				t.Errorf("cycle %d position %d = %s, want %s: %v", c, i, id, want, cyc)
			}
		}
	}
}

func TestPromptsInLanguage(t *testing.T) {
	t.Parallel()
	kb := testKB()
	es := prompts(kb, "es", nil, "")
	// The squat has no Spanish prompts: English is the fallback.
	if len(es) != 6 || es[0].text != "Puente mientras duerme." || es[5].text != "Five mini squats at the changing table." {
		t.Errorf("es prompts = %+v", es)
	}
	p, ok := findPrompt(kb, "exercise.wrist#1", "es")
	if !ok || p.text != "Sacude las manos." {
		t.Errorf("findPrompt = %+v, %v", p, ok)
	}
	r := nudgeReply(kb, p, "es", 1700000000)
	if r.Title != "exercise.wrist (es)" || r.Buttons[0].Label != "Hecho ✓" || r.Buttons[1].Payload != "nudge:snooze:1700000000" {
		t.Errorf("reply = %+v", r)
	}
	if _, _, ok := choose(nil, nil, 1); ok {
		t.Error("choose with no prompts succeeded")
	}
}

// TestPromptsByPartOfDay: at a morning slot the prompts tied to a morning
// moment (the bottle) come first; in the evening those of the evening (the
// bath, rocking).
func TestPromptsByPartOfDay(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for part, want := range map[string]string{"evening": "bath", "morning": "bottle"} {
		all := prompts(kb, "en", nil, part)
		best := all[0].rank
		for _, p := range all {
			best = min(best, p.rank)
		}
		found := false
		for _, p := range all {
			if p.rank == best && strings.Contains(strings.ToLower(p.text), want) {
				found = true
			}
			if p.rank == best && strings.Contains(strings.ToLower(p.text), "nap") && part == "evening" {
				t.Errorf("evening: a nap prompt ranks first: %q", p.text)
			}
		}
		if !found {
			t.Errorf("%s: no %q prompt among the first", part, want)
		}
	}
	if got := partOfDay(time.Date(2025, 1, 1, 19, 0, 0, 0, time.UTC)); got != "evening" {
		t.Errorf("partOfDay(19:00) = %s", got)
	}
}

// TestEmbeddedContentWordsTheButtons checks that the knowledge base words
// every nudge button in every language: the labels live there only.
func TestEmbeddedContentWordsTheButtons(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	for _, key := range []string{msgDone, msgSnooze, msgStop} {
		for _, lang := range knowledge.Languages() {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
		if got := label(nil, key, "es"); got != kb.Messages[key]["es"] {
			t.Errorf("label(nil, %s, es) = %q, want the embedded text", key, got)
		}
	}
}
