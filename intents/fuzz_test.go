package intents_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// FuzzMatch checks that the matcher never panics and always returns a
// valid intent, level, language and confidence, whatever the input, and
// the same result for the same input (no state left behind by a match).
// Seeds: the list below and testdata/fuzz/FuzzMatch. It fuzzes the shipped
// matcher, learned second opinion included.
func FuzzMatch(f *testing.F) {
	_, m := matchers(f, nil)
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
		if r.Level < knowledge.LevelNone || r.Level > knowledge.LevelEmergency {
			t.Fatalf("Match(%q): level %d", text, r.Level)
		}
		if math.IsNaN(r.Confidence) || r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("Match(%q): confidence %v", text, r.Confidence)
		}
		if r.Level > 0 && len(r.Signs) == 0 {
			t.Fatalf("Match(%q): level without signs", text)
		}
		if utf8.ValidString(text) && intents.Normalize(text) != intents.Normalize(intents.Normalize(text)) {
			t.Fatalf("Normalize(%q) is not idempotent", text)
		}
		if again := m.Match(text, hint); !reflect.DeepEqual(r, again) {
			t.Fatalf("Match(%q) twice: %+v, then %+v", text, r, again)
		}
	})
}

// FuzzNormalize checks the normaliser's output on any input: valid UTF-8,
// single spaces between non-empty tokens, nothing upper-case, and the same
// string when normalised again. Seeds: testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Me duelen las MUÑECAS", "ＷＲＩＳＴ", "pain 9/10!!", "T 38.4, c/o", "child’s pose",
		"\xff\xfe bad utf8", "a\u200bb", "\u05db\u05d0\u05d1 pain", "ﬁ ﬂ Ⅻ ㎏", "ǅ ǈ ß İ", "👩🏽‍🍼 ❤️"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := intents.Normalize(text)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: not UTF-8", text, n)
		}
		if n != "" && (strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ")) {
			t.Fatalf("Normalize(%q) = %q: bad spacing", text, n)
		}
		for _, r := range n {
			if unicode.IsUpper(r) {
				t.Fatalf("Normalize(%q) = %q: upper-case %q", text, n, r)
			}
		}
		if again := intents.Normalize(n); again != n {
			t.Fatalf("Normalize(%q) = %q, normalised again %q", text, n, again)
		}
	})
}
