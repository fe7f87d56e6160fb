package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents/second"
)

// TestFlagDefaults checks that the command's threshold targets default to
// the library's (package second), so that one place holds them.
func TestFlagDefaults(t *testing.T) {
	var usage strings.Builder
	if err := run([]string{"-h"}, &usage); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v", err)
	}
	for name, want := range map[string]float64{
		"check-rate":        second.DefaultCheckRate,
		"esc-rate":          second.DefaultEscalationRate,
		"ordinary-esc-rate": second.DefaultOrdinaryEscalationRate,
		"min-escalation":    second.DefaultMinEscalation,
	} {
		// The flag package prints "-NAME float" then the usage and
		// "(default V)" on the next line.
		i := strings.Index(usage.String(), "-"+name+" float")
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
