package knowledge

import (
	"strings"
	"testing"
)

// TestCollapseSpaces holds collapseSpaces to what it stands for.
func TestCollapseSpaces(t *testing.T) {
	for _, s := range []string{"", " ", "  ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\u00a0b", "año dolor", " x y ", "x\n", "\u3000a", "a b c", "ab"} {
		if got, want := collapseSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("%q: %q want %q", s, got, want)
		}
	}
}
