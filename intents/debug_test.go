package intents_test

import (
	"os"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents"
)

// TestDebug prints what the matcher sees in the lines of $CAREBOT_DEBUG
// (one message per line); it is skipped without it.
func TestDebug(t *testing.T) {
	in := os.Getenv("CAREBOT_DEBUG")
	if in == "" {
		t.Skip("set CAREBOT_DEBUG to messages, one per line")
	}
	m := embeddedMatcher(t)
	for _, line := range strings.Split(in, "\n") {
		r := m.Match(line, "")
		ids := []string{}
		for _, s := range r.Signs {
			ids = append(ids, s.ID)
		}
		t.Logf("%q\n  norm: %s\n  -> %s/%s topic=%s conf=%.2f lang=%s signs=%v cands=%v", line, intents.Normalize(line), r.Intent, r.Level.String(), r.Topic, r.Confidence, r.Lang, ids, r.Candidates)
	}
}
