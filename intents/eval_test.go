package intents_test

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// labelled is one line of testdata/eval/dev.jsonl.
type labelled struct {
	Text       string   `json:"text"`
	Intents    []string `json:"intents"`
	Escalation string   `json:"escalation"`
	Lang       string   `json:"lang"`
}

func readDev(t testing.TB) []labelled { return readLabelled(t, "testdata/eval/dev.jsonl") }

func readLabelled(t testing.TB, path string) []labelled {
	t.Helper()
	return readJSONL[labelled](t, path)
}

// readJSONL reads a JSON Lines file of the test data, one T a line.
func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// embeddedMatcher is the rules of the embedded knowledge base alone: the
// learned second opinion, which only raises levels, is tested on top of
// them in secondopinion_test.go.
func embeddedMatcher(t testing.TB) *intents.Matcher {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("load embedded kb: %v", err)
	}
	m, err := intents.NewWithConfig(kb, intents.Config{NoSecondOpinion: true})
	if err != nil {
		t.Fatalf("build matcher: %v", err)
	}
	return m
}

// figures are the scores of score.py.
type figures struct {
	accuracy, emergencyRecall, providerRecall, falseEscalation, langAccuracy float64
	byLang                                                                   map[string]float64
}

// evaluate scores the matcher on labelled messages with the rules of
// score.py, logging every miss.
func evaluate(t *testing.T, m *intents.Matcher, set []labelled) figures {
	var n, ok, emerg, emergHit, provPlus, provPlusHit, none, falseEsc, langOK int
	byLang := map[string][2]int{}
	for _, l := range set {
		r := m.Match(l.Text, "")
		pred := r.Level.String()
		gold, _ := knowledge.ParseLevel(l.Escalation)
		n++
		c := byLang[l.Lang]
		c[1]++
		hit := slices.Contains(l.Intents, r.Intent)
		if hit {
			ok++
			c[0]++
		}
		byLang[l.Lang] = c
		if r.Lang == l.Lang {
			langOK++
		}
		switch l.Escalation {
		case "emergency":
			emerg++
			if pred == "emergency" {
				emergHit++
			}
		case "none":
			none++
			if r.Level.Escalates() {
				falseEsc++
			}
		}
		if gold.Escalates() {
			provPlus++
			if r.Level.Escalates() {
				provPlusHit++
			}
		}
		if !hit || pred != l.Escalation {
			t.Logf("miss: %q gold %v/%s got %s/%s (topic %s %.2f)", l.Text, l.Intents, l.Escalation, r.Intent, pred, r.Topic, r.Confidence)
		}
	}
	f := figures{
		accuracy:        float64(ok) / float64(n),
		emergencyRecall: float64(emergHit) / float64(emerg),
		providerRecall:  float64(provPlusHit) / float64(provPlus),
		falseEscalation: float64(falseEsc) / float64(none),
		langAccuracy:    float64(langOK) / float64(n),
		byLang:          map[string]float64{},
	}
	for lang, c := range byLang {
		f.byLang[lang] = float64(c[0]) / float64(c[1])
	}
	t.Logf("intent accuracy %.3f (%d/%d) %v; emergency recall %.3f; provider+ recall %.3f; false escalation %.3f; language %.3f",
		f.accuracy, ok, n, f.byLang, f.emergencyRecall, f.providerRecall, f.falseEscalation, f.langAccuracy)
	return f
}

func (f figures) check(t *testing.T, accuracy, langAccuracy float64) {
	t.Helper()
	if f.accuracy < accuracy {
		t.Errorf("intent accuracy %.3f, want >= %.2f", f.accuracy, accuracy)
	}
	for lang, a := range f.byLang {
		if a < langAccuracy {
			t.Errorf("intent accuracy in %s %.3f, want >= %.2f", lang, a, langAccuracy)
		}
	}
	if f.emergencyRecall < 1 {
		t.Errorf("emergency recall %.3f, want 1", f.emergencyRecall)
	}
	if f.providerRecall < 0.98 {
		t.Errorf("provider-or-higher recall %.3f, want >= 0.98", f.providerRecall)
	}
	if f.falseEscalation > 0.05 {
		t.Errorf("false escalation rate %.3f, want <= 0.05", f.falseEscalation)
	}
}

// TestDevSet enforces the figures the issue asks for on the labelled dev
// set (testdata/eval/dev.jsonl), with the rules of score.py.
func TestDevSet(t *testing.T) {
	t.Parallel()
	evaluate(t, embeddedMatcher(t), readDev(t)).check(t, 0.92, 0.90)
}

// TestHoldout scores a second labelled set written independently of the
// knowledge base (testdata/holdout.jsonl), to watch how the matcher
// generalises beyond the dev set it is tuned on.
func TestHoldout(t *testing.T) {
	t.Parallel()
	evaluate(t, embeddedMatcher(t), readLabelled(t, "testdata/holdout.jsonl")).check(t, 0.85, 0.80)
}

// BenchmarkMatch measures one message through the whole matcher, learned
// second opinion included, cycling through the dev set.
func BenchmarkMatch(b *testing.B) {
	_, m := matchers(b, nil)
	dev := readDev(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Match(dev[i%len(dev)].Text, "")
	}
}

// BenchmarkBuild measures loading the embedded knowledge base and building
// the matcher's indexes.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		kb, err := knowledge.Load(knowledge.Embedded())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := intents.New(kb); err != nil {
			b.Fatal(err)
		}
	}
}

// kbIDs adds every entry id of the embedded knowledge base to ids.
func kbIDs(t testing.TB, ids map[string]bool) {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range kb.Entries {
		ids[e.ID] = true
	}
}

// TestExternalSet scores a labelled file named by $CAREBOT_EVAL_FILE (the
// dev.jsonl format) without enforcing anything: for sets kept outside the
// repository so that nobody tunes on them.
func TestExternalSet(t *testing.T) {
	path := os.Getenv("CAREBOT_EVAL_FILE")
	if path == "" {
		t.Skip("set CAREBOT_EVAL_FILE to a labelled .jsonl file")
	}
	evaluate(t, embeddedMatcher(t), readLabelled(t, path))
}
