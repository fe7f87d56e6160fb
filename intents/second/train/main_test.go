package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents/second"
)

// TestFlagDefaults checks that the command's threshold targets and shuffle
// seed default to the library's (package second), so that one place holds
// them.
func TestFlagDefaults(t *testing.T) {
	var usage strings.Builder
	if err := run([]string{"-h"}, &usage); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v", err)
	}
	for flagName, want := range map[string]any{
		"check-rate float":        second.DefaultCheckRate,
		"esc-rate float":          second.DefaultEscalationRate,
		"ordinary-esc-rate float": second.DefaultOrdinaryEscalationRate,
		"min-escalation float":    second.DefaultMinEscalation,
		"seed SEED":               second.DefaultSeed,
	} {
		// The flag package prints "-NAME TYPE" then the usage and
		// "(default V)" on the next line.
		name, _, _ := strings.Cut(flagName, " ")
		i := strings.Index(usage.String(), "-"+flagName)
		if i < 0 {
			t.Errorf("-%s missing from the usage:\n%s", name, usage.String())
			continue
		}
		rest := usage.String()[i:]
		if j := strings.Index(rest[1:], "\n  -"); j >= 0 {
			rest = rest[:j+1]
		}
		if d := fmt.Sprintf("(default %v)", want); !strings.Contains(rest, d) {
			t.Errorf("-%s: want %s in %q", name, d, rest)
		}
	}
}

// TestSeedZero checks that -seed 0 is refused rather than read as the
// default seed.
func TestSeedZero(t *testing.T) {
	var log strings.Builder
	if err := run([]string{"-seed", "0", "-o", t.TempDir() + "/m.bin", "x.jsonl"}, &log); err == nil || !strings.Contains(err.Error(), "-seed 0") {
		t.Fatalf("run -seed 0: %v, want an error naming -seed 0", err)
	}
}
