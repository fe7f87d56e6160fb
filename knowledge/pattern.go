package knowledge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// specialTokens are the words a sign pattern may use that stand for a kind
// of value rather than for themselves; the matcher decides what each one
// matches: #temp a temperature reading (38.4, 101 F), #severe a word or
// score of severe pain, #months a span of months, #bp a blood pressure of
// 140/90 or more, #bp_severe one of 160/110 or more ("160/110", "150 over
// 100", "150 sobre 100"), #spo2 an oxygen saturation under 90% after an
// oxygen word ("spo2 86", "sat 87"), #temp_normal a body temperature under
// 37.6 C / 99.7 F read as one ("el termómetro marcó 37,1"), a fever ruled
// out.
var specialTokens = []string{"#temp", "#severe", "#months", "#bp", "#bp_severe", "#spo2", "#temp_normal"}

// ErrPattern is wrapped by every PatternError.
var ErrPattern = errors.New("bad sign pattern")

// PatternError says what is wrong with a sign pattern.
type PatternError struct {
	// Pattern is the pattern as written.
	Pattern string
	// Problem says what is wrong with it.
	Problem string
}

// Error formats the error as `pattern "...": problem`.
func (e *PatternError) Error() string { return fmt.Sprintf("pattern %q: %s", e.Pattern, e.Problem) }

// Unwrap returns ErrPattern.
func (e *PatternError) Unwrap() error { return ErrPattern }

// Pattern is a parsed sign pattern (see Sign.Patterns): a message matches
// when every group has an alternative in the same clause.
type Pattern struct {
	// Groups are the groups joined by "+", in the order written; each is
	// a list of alternatives joined by "|". An alternative is a word or
	// a phrase, with spaces collapsed and case kept as written; a word
	// may end in "*" (any ending) or be a special token (#temp, #severe, #months, #bp, #bp_severe, #spo2, #temp_normal).
	Groups [][]string
}

// ParsePattern parses a sign pattern such as "calf|leg + swollen|hot". The
// error is a *PatternError.
func ParsePattern(s string) (Pattern, error) {
	if err := checkPattern(s); err != nil {
		return Pattern{}, err
	}
	// The groups are made at their number, and each group's alternatives
	// are collapsed in the slice strings.Split made for them, not appended
	// to a new one.
	groups := strings.Split(strings.TrimSpace(s), "+")
	p := Pattern{Groups: make([][]string, len(groups))}
	for i, g := range groups {
		alts := strings.Split(g, "|")
		for j, a := range alts {
			alts[j] = collapseSpaces(a)
		}
		p.Groups[i] = alts
	}
	return p, nil
}

// checkPattern is ParsePattern's error alone: the loader checks every
// sign pattern and keeps none (the matcher compiles them itself), so it
// walks the groups and alternatives without making slices of them.
func checkPattern(s string) error {
	fail := func(format string, args ...any) error {
		return &PatternError{Pattern: s, Problem: fmt.Sprintf(format, args...)}
	}
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return fail("empty pattern")
	case strings.HasPrefix(t, "+"):
		return fail(`"+" at the start`)
	case strings.HasSuffix(t, "+"):
		return fail(`"+" at the end`)
	}
	i := 0
	for g := range strings.SplitSeq(t, "+") {
		i++
		if strings.TrimSpace(g) == "" {
			return fail(`empty group %d (two "+" in a row)`, i)
		}
		for a := range strings.SplitSeq(g, "|") {
			a = collapseSpaces(a)
			if a == "" {
				return fail(`empty alternative in group %d (a "|" with nothing on one side)`, i)
			}
			if msg := checkPhrase(a); msg != "" {
				return fail("%s", msg)
			}
		}
	}
	return nil
}

// collapseSpaces is strings.Join(strings.Fields(s), " "), without the
// allocations when s is that already (words one space apart, no space
// at either end), as nearly every alternative is.
func collapseSpaces(s string) string {
	prevSpace := true // at the start, a space would be one too many
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		case unicode.IsSpace(r):
			return strings.Join(strings.Fields(s), " ")
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ") // a space at the end
	}
	return s
}

// checkPhrase checks the words of an alternative or an unless phrase and
// says what is wrong, or "".
func checkPhrase(a string) string {
	for w := range strings.FieldsSeq(a) {
		switch {
		case strings.HasPrefix(w, "@"):
			if !validConceptID.MatchString(w[1:]) {
				return fmt.Sprintf("%q: a concept reference is @ and a name of lower-case letters, digits and '_'", w)
			}
		case strings.HasPrefix(w, "#") && !slices.Contains(specialTokens, w):
			return fmt.Sprintf("unknown special token %s (allowed: %s)", w, strings.Join(specialTokens, ", "))
		case w == "*":
			return `a lone "*": it must end a word ("numb*")`
		case strings.Contains(strings.TrimSuffix(w, "*"), "*"):
			return fmt.Sprintf(`%q: "*" only at the end of a word`, w)
		}
	}
	return ""
}
