package intents_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/intents/second"
	"github.com/carebot/carebot/knowledge"
)

// matchers returns matchers over the embedded knowledge base: the rules
// alone, and the rules with the learned model m (nil: the embedded one).
func matchers(t testing.TB, m *second.Model) (rules, both *intents.Matcher) {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("load embedded kb: %v", err)
	}
	rules, err = intents.NewWithConfig(kb, intents.Config{NoSecondOpinion: true})
	if err != nil {
		t.Fatal(err)
	}
	both, err = intents.NewWithConfig(kb, intents.Config{SecondOpinion: m})
	if err != nil {
		t.Fatal(err)
	}
	return rules, both
}

// secondOpinionTexts are every labelled and hand-written message the tests
// know.
func secondOpinionTexts(t *testing.T) []string {
	var texts []string
	for _, l := range append(readDev(t), readLabelled(t, "testdata/holdout.jsonl")...) {
		texts = append(texts, l.Text)
	}
	for _, c := range screenCases {
		texts = append(texts, c.text)
	}
	return texts
}

// TestSecondOpinionNeverLowers checks that the model only ever raises a
// level, keeps every sign the rules found, and names its own sign first
// when it raises.
func TestSecondOpinionNeverLowers(t *testing.T) {
	t.Parallel()
	rules, both := matchers(t, nil)
	raised := 0
	for _, text := range secondOpinionTexts(t) {
		r, b := rules.Match(text, ""), both.Match(text, "")
		if b.Level < r.Level {
			t.Errorf("%q: level %s with the model, %s without", text, b.Level, r.Level)
		}
		for _, s := range r.Signs {
			if !slices.Contains(b.Signs, s) {
				t.Errorf("%q: the model dropped %s", text, s.ID)
			}
		}
		if b.Level == r.Level {
			if len(b.Signs) != len(r.Signs) {
				t.Errorf("%q: signs %d with the model at the same level, %d without", text, len(b.Signs), len(r.Signs))
			}
			continue
		}
		raised++
		if len(b.Signs) == 0 || b.Signs[0].ID != intents.SecondOpinionSign || b.Signs[0].Level != b.Level {
			t.Errorf("%q: raised to %s without naming %s first", text, b.Level, intents.SecondOpinionSign)
		}
	}
	t.Logf("the model raised %d messages", raised)
}

// TestSecondOpinionScreenCases checks that the model escalates none of the
// hand-written ordinary messages of the screen tests (it may ask).
func TestSecondOpinionScreenCases(t *testing.T) {
	t.Parallel()
	_, both := matchers(t, nil)
	for _, c := range screenCases {
		if c.want != "none" {
			continue
		}
		if r := both.Match(c.text, ""); r.Level.Escalates() {
			t.Errorf("%q: %s with the model, want none or check", c.text, r.Level)
		}
	}
}

// TestSecondOpinionLevels forces each level with thresholds and checks the
// result: the sign, its reply, the intent and the crisis flag.
func TestSecondOpinionLevels(t *testing.T) {
	t.Parallel()
	model, err := second.Default()
	if err != nil {
		t.Fatal(err)
	}
	const text = "how do i do a bridge" // no rule fires
	tests := []struct {
		name   string
		th     second.Thresholds
		want   knowledge.Level
		intent string
		crisis bool // at emergency the model names the crisis line too
	}{
		{"never", second.Thresholds{Check: 2, Provider: 2, Emergency: 2}, knowledge.LevelNone, "exercise.bridge", false},
		{"check", second.Thresholds{Check: 1e-9, Provider: 2, Emergency: 2}, knowledge.LevelCheck, "exercise.bridge", false},
		{"provider", second.Thresholds{Check: 1e-9, Provider: 1e-9, Emergency: 2}, knowledge.LevelProvider, "see_doctor", false},
		{"emergency", second.Thresholds{Check: 1e-9, Provider: 1e-9, Emergency: 1e-9}, knowledge.LevelEmergency, "see_doctor", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, both := matchers(t, model.WithThresholds(tc.th))
			r := both.Match(text, "")
			if r.Level != tc.want || r.Intent != tc.intent || r.Crisis != tc.crisis {
				t.Fatalf("level %s intent %s crisis %v, want %s %s %v", r.Level, r.Intent, r.Crisis, tc.want, tc.intent, tc.crisis)
			}
			if tc.want == knowledge.LevelNone {
				if len(r.Signs) != 0 {
					t.Fatalf("signs %v at level none", r.Signs)
				}
				return
			}
			s := r.Signs[0]
			if s.ID != intents.SecondOpinionSign || s.Level != tc.want {
				t.Fatalf("sign %s %s", s.ID, s.Level)
			}
			if tc.want == knowledge.LevelCheck {
				for _, lang := range knowledge.Languages() {
					q := s.Reply[lang]
					if !strings.HasSuffix(strings.TrimSpace(q), ".") || !strings.Contains(q, "?") {
						t.Errorf("check reply in %s is not one yes/no question: %q", lang, q)
					}
				}
			} else if len(s.Reply) != 0 {
				t.Errorf("a %s sign has its own reply: the bot's alert for the level must be said", tc.want)
			}
		})
	}
}

// TestSecondOpinionOnOrdinary checks the rates the thresholds were chosen
// for on the holdout set (validation data, never trained on): the model
// escalates no ordinary message and asks about at most 5% of them, and
// the recalls do not fall.
func TestSecondOpinionOnOrdinary(t *testing.T) {
	t.Parallel()
	rules, both := matchers(t, nil)
	var none, checked, escalated, signs, rulesHit, bothHit int
	for _, l := range readLabelled(t, "testdata/holdout.jsonl") {
		r, b := rules.Match(l.Text, ""), both.Match(l.Text, "")
		if l.Escalation == "none" {
			none++
			if b.Level.Escalates() && !r.Level.Escalates() {
				escalated++
			}
			if b.Level == knowledge.LevelCheck && r.Level != knowledge.LevelCheck {
				checked++
			}
			continue
		}
		signs++
		if r.Level.Escalates() {
			rulesHit++
		}
		if b.Level.Escalates() {
			bothHit++
		}
	}
	if escalated > 0 {
		t.Errorf("the model escalated %d of %d ordinary holdout messages", escalated, none)
	}
	if rate := float64(checked) / float64(none); rate > 0.05 {
		t.Errorf("the model asked about %.3f of ordinary holdout messages, want <= 0.05", rate)
	}
	if bothHit < rulesHit {
		t.Errorf("provider-or-higher hits %d with the model, %d without", bothHit, rulesHit)
	}
	t.Logf("holdout: %d of %d ordinary messages checked; %d of %d signs escalated with the model, %d without", checked, none, bothHit, signs, rulesHit)
}

// TestSecondOpinionAllocs checks that the hook adds no allocation to a
// message the model leaves alone.
func TestSecondOpinionAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are noise under -race (sync.Pool drops items)")
	}
	rules, both := matchers(t, nil)
	const text = "is it normal for my wrists to hurt when i lift the baby"
	base := testing.AllocsPerRun(200, func() { rules.Match(text, "") })
	with := testing.AllocsPerRun(200, func() { both.Match(text, "") })
	if with > base {
		t.Errorf("%.1f allocations a match with the model, %.1f without", with, base)
	}
}

// BenchmarkMatchRulesOnly is BenchmarkMatch without the learned model, to
// show what it costs.
func BenchmarkMatchRulesOnly(b *testing.B) {
	rules, _ := matchers(b, nil)
	dev := readDev(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rules.Match(dev[i%len(dev)].Text, "")
	}
}

// TestSecondOpinionKeepsTheQuestion: where the rules ask the safety
// question (a check sign), the model never replaces it with a bare
// emergency: the question, and its yes, carry the crisis line.
func TestSecondOpinionKeepsTheQuestion(t *testing.T) {
	t.Parallel()
	rules, both := matchers(t, nil)
	for _, text := range []string{
		"sometimes i feel like i can't do this anymore",
		"i breastfeed and my chest feels tight and full",
	} {
		want := rules.Match(text, "")
		if !slices.ContainsFunc(want.Signs, func(s *knowledge.Sign) bool { return s.Level == knowledge.LevelCheck }) {
			t.Fatalf("%q: the rules ask no question any more (signs %v): pick another example", text, signIDs(want.Signs))
		}
		if got := both.Match(text, ""); got.Level != want.Level {
			t.Errorf("%q: %s with the model, %s with the rules alone: the model overruled the question", text, got.Level, want.Level)
		}
	}
}

// TestSecondOpinionShortAnswers: a bare answer to the bot's own questions
// ("no", "maybe", "ya no") is too little for the model to raise.
func TestSecondOpinionShortAnswers(t *testing.T) {
	t.Parallel()
	_, both := matchers(t, nil)
	for _, text := range []string{"no", "no no", "maybe", "idk", "not really", "nope", "ya no", "nunca", "no puedo", "tal vez", "nah", "sí", "ok"} {
		if r := both.Match(text, ""); r.Level != knowledge.LevelNone {
			t.Errorf("%q: %v %v, want none", text, r.Level, r.Signs)
		}
	}
}

// TestSecondOpinionCleared: where the rules found a sign's words and
// cleared them (a scoped suppression to none, or only a past or
// hypothetical clause), the model forced to emergency may ask but not
// escalate; with nothing cleared it escalates.
func TestSecondOpinionCleared(t *testing.T) {
	t.Parallel()
	model, err := second.Default()
	if err != nil {
		t.Fatal(err)
	}
	rules, forced := matchers(t, model.WithThresholds(second.Thresholds{Check: 1e-9, Provider: 1e-9, Emergency: 1e-9}))
	for _, tc := range []struct {
		text string
		want knowledge.Level
	}{
		{"me corte con el cuchillo cocinando otra vez", knowledge.LevelCheck},        // suppression: cooking
		{"passed out when i was 19 giving blood, never since", knowledge.LevelCheck}, // a past clause
		{"how do i do a bridge", knowledge.LevelEmergency},                           // nothing found, nothing cleared
	} {
		if r := rules.Match(tc.text, ""); r.Level.Escalates() {
			t.Fatalf("%q: rules alone %s, want no escalation (the case needs it)", tc.text, r.Level)
		}
		if r := forced.Match(tc.text, ""); r.Level != tc.want {
			t.Errorf("%q: %s with the model forced to emergency, want %s", tc.text, r.Level, tc.want)
		}
	}
}
