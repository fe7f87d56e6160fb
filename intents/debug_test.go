package intents_test

import (
	"os"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// TestDebug shows what the matcher sees in each line of $CAREBOT_DEBUG
// (one message per line; a few fixed messages without it) and checks what
// holds for every message: the same answer twice, a confidence from 0 to
// 1, a known language, an answer id, and a warning sign behind every level
// above none. Run it with -v to read the lines.
func TestDebug(t *testing.T) {
	t.Parallel()
	in := os.Getenv("CAREBOT_DEBUG")
	if in == "" {
		in = "my wrist hurts when i lift the baby\nme duele la rodilla\nchest pain and i can't breathe\nasdf"
	}
	m := embeddedMatcher(t)
	for _, line := range strings.Split(in, "\n") {
		r := m.Match(line, "")
		ids := []string{}
		for _, s := range r.Signs {
			ids = append(ids, s.ID)
		}
		t.Logf("%q\n  norm: %s\n  -> %s/%s topic=%s conf=%.2f lang=%s signs=%v cands=%v", line, intents.Normalize(line), r.Intent, r.Level.String(), r.Topic, r.Confidence, r.Lang, ids, r.Candidates)
		again := m.Match(line, "")
		if again.Intent != r.Intent || again.Level != r.Level || again.Confidence != r.Confidence {
			t.Errorf("%q: matched %s/%s %.3f, then %s/%s %.3f", line, r.Intent, r.Level, r.Confidence, again.Intent, again.Level, again.Confidence)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Errorf("%q: confidence %v outside 0-1", line, r.Confidence)
		}
		if r.Lang != "en" && r.Lang != "es" {
			t.Errorf("%q: lang %q", line, r.Lang)
		}
		if r.Intent == "" {
			t.Errorf("%q: no answer id", line)
		}
		if r.Level > knowledge.LevelNone && len(r.Signs) == 0 {
			t.Errorf("%q: level %s without a sign", line, r.Level)
		}
	}
}
