package intents

import (
	"strings"
	"testing"
)

// TestJoinSpelled: a word spelt out letter by letter is read as the word;
// slashes ("c/o"), a full stop and a space ("i.e. a"), and runs of fewer
// than three letters are not spelling.
func TestJoinSpelled(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"pienso en s u i c i d a r m e", "pienso en suicidarme"},
		{"i want to d i e", "i want to die"},
		{"s-u-i-c-i-d-e", "suicide"},
		{"S U I C I D E", "suicide"},
		{"s*u*i*c*i*d*e", "suicide"},
		{"k.m.s tonight", "kms tonight"},
		{"k.m.s. tonight", "kms . tonight"},
		{"c/o L wrist pain", "c o l wrist pain"},
		{"s/p c/s", "s p c s"},
		{"i.e. a reading", "i . e . a reading"},
		{"a b", "a b"},
		{"plan a b", "plan a b"},
		{"a\x00b\x1bc", "a b c"},
	} {
		toks := joinSpelled(tokenize(tc.in, nil))
		words := make([]string, len(toks))
		for i, tk := range toks {
			words[i] = tk.text
		}
		if got := strings.Join(words, " "); got != tc.want {
			t.Errorf("joinSpelled(tokenize(%q)) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUnleet: digits written for letters are read as the letters; a number
// alone, or with no such digit, is left as it is.
func TestUnleet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"su1c1dal", "suicidal"},
		{"k1ll", "kill"},
		{"d3ad", "dead"},
		{"3am", "eam"}, // kept only if a known word comes of it
		{"38", "38"},
		{"m8", "m8"},
		{"wrist", "wrist"},
	} {
		if got := unleet(tc.in); got != tc.want {
			t.Errorf("unleet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
