package intents_test

import (
	"testing"
	"unicode/utf8"

	"github.com/carebot/carebot/intents"
)

// FuzzMatch checks that the matcher never panics and always returns a
// valid intent, level, language and confidence, whatever the input.
func FuzzMatch(f *testing.F) {
	m := embeddedMatcher(f)
	ids := map[string]bool{intents.Fallback: true}
	kbIDs(f, ids)
	for _, s := range []string{"", "hola", "my wrist hurts", "/start@Bot x", "9/10", "38.5", "\xff\xfe", "🙏🙏", "no no no not",
		"sooooooo", "c/o SOB", "se me duermen las manos", "1e309 months", ". , ; ?", "/", "@@@"} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, text, hint string) {
		r := m.Match(text, hint)
		if !ids[r.Intent] || !ids[r.Topic] {
			t.Fatalf("Match(%q): unknown intent %q / topic %q", text, r.Intent, r.Topic)
		}
		if r.Lang != "en" && r.Lang != "es" {
			t.Fatalf("Match(%q): lang %q", text, r.Lang)
		}
		if r.Level < 0 || r.Level > 2 {
			t.Fatalf("Match(%q): level %d", text, r.Level)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("Match(%q): confidence %v", text, r.Confidence)
		}
		if r.Level > 0 && len(r.Signs) == 0 {
			t.Fatalf("Match(%q): level without signs", text)
		}
		if utf8.ValidString(text) && intents.Normalize(text) != intents.Normalize(intents.Normalize(text)) {
			t.Fatalf("Normalize(%q) is not idempotent", text)
		}
	})
}
