package intents_test

import (
	"path/filepath"
	"testing"
)

// TestTrainingSets holds the screen's safety figures (rules alone) on the
// labelled training batches (eval/train/*.jsonl: w1-w5 and s1-s5), written
// blind by others from the level definitions alone. The rules were tuned
// on their classes of misses (w1-w5 from the start, s1-s5 after their
// first look), so these are tuned-on figures and no measure of
// generalisation (the first look at each new batch is); this test keeps
// what was learned from them. At the last tuning every batch scored
// emergency and provider-or-higher recall >= 0.99 and false escalation
// <= 0.008. Intent accuracy is not held: the batches were written for the
// screen.
func TestTrainingSets(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	files, err := filepath.Glob("../eval/train/*.jsonl")
	if err != nil || len(files) < 10 {
		t.Fatalf("want the ten training batches, got %d: %v", len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fig := evaluate(t, m, readLabelled(t, f))
			if fig.emergencyRecall < 0.99 {
				t.Errorf("emergency recall %.3f, want >= 0.99", fig.emergencyRecall)
			}
			if fig.providerRecall < 0.99 {
				t.Errorf("provider-or-higher recall %.3f, want >= 0.99", fig.providerRecall)
			}
			if fig.falseEscalation > 0.02 {
				t.Errorf("false escalation %.3f, want <= 0.02", fig.falseEscalation)
			}
		})
	}
}
