package intents_test

import (
	"path/filepath"
	"testing"
)

// TestTrainingSets holds the screen's safety figures on the
// labelled training batches (eval/train/w*.jsonl), written blind by
// others from the level definitions alone. They were used to find classes
// of misses, so they are no measure of generalisation (the first look at
// each new batch is); this test keeps what was learned from them. Intent
// accuracy is not held: the batches were written for the screen.
func TestTrainingSets(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	files, err := filepath.Glob("../eval/train/w*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no training batches: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fig := evaluate(t, m, readLabelled(t, f))
			if fig.emergencyRecall < 0.97 {
				t.Errorf("emergency recall %.3f, want >= 0.97", fig.emergencyRecall)
			}
			if fig.providerRecall < 0.97 {
				t.Errorf("provider-or-higher recall %.3f, want >= 0.97", fig.providerRecall)
			}
			if fig.falseEscalation > 0.05 {
				t.Errorf("false escalation %.3f, want <= 0.05", fig.falseEscalation)
			}
		})
	}
}
