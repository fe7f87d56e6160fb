package intents_test

import (
	"path/filepath"
	"testing"
)

// TestTrainingSets holds the screen's safety figures (rules alone) on the
// labelled training batches (eval/train/w*.jsonl and s*.jsonl), written blind by
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
	sealed, err := filepath.Glob("../eval/train/s*.jsonl")
	if err != nil || len(sealed) == 0 {
		t.Fatalf("no s batches: %v", err)
	}
	for _, f := range append(files, sealed...) {
		// The w batches were tuned on longest; the s batches hold the
		// floors they reached when tuned on (round 3), a little below.
		fl, ok := batchFloors[filepath.Base(f)]
		if !ok {
			fl = floors{0.97, 0.97, 0.05}
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			fig := evaluate(t, m, readLabelled(t, f))
			if fig.emergencyRecall < fl.emergency {
				t.Errorf("emergency recall %.3f, want >= %.2f", fig.emergencyRecall, fl.emergency)
			}
			if fig.providerRecall < fl.provider {
				t.Errorf("provider-or-higher recall %.3f, want >= %.2f", fig.providerRecall, fl.provider)
			}
			if fig.falseEscalation > fl.falseEsc {
				t.Errorf("false escalation %.3f, want <= %.2f", fig.falseEscalation, fl.falseEsc)
			}
		})
	}
}

// floors are the least recalls and the most false escalation a batch
// must keep.
type floors struct{ emergency, provider, falseEsc float64 }

// batchFloors are the s batches' floors, rules alone. s9 (long forum
// posts) still escalates about a fifth of its ordinary posts: its
// false-escalation ceiling records where it stands, not where it should be.
var batchFloors = map[string]floors{
	"s1.jsonl":  {0.93, 0.93, 0.02},
	"s2.jsonl":  {0.95, 0.95, 0.05},
	"s3.jsonl":  {0.95, 0.95, 0.02},
	"s4.jsonl":  {0.91, 0.92, 0.05},
	"s5.jsonl":  {0.92, 0.93, 0.03},
	"s9.jsonl":  {0.91, 0.89, 0.21},
	"s10.jsonl": {0.97, 0.93, 0.05},
	"s11.jsonl": {0.89, 0.89, 0.06},
}
