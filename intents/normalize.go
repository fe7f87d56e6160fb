package intents

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tokKind says what a token is.
type tokKind uint8

const (
	tokWord   tokKind = iota // letters (and digits mixed in)
	tokNumber                // 38, 38.4, 100,6
	tokScore                 // a pain score such as 9/10
	tokEmoji                 // one pictographic symbol
	tokBreak                 // end of a sentence: . ! ? ; newline
	tokComma                 // a comma or a dash between words
	tokDegree                // the ° sign
)

// rawToken is one token of a normalised message.
type rawToken struct {
	text string
	kind tokKind
	gap  gapKind // what separates it from the token before (joinSpelled)
	num  float64 // value of a number, numerator of a score
}

// Normalize returns text as the matcher sees it: NFKC, lower-cased, accents
// folded, runs of three or more equal letters squeezed to two, punctuation
// and emoji separated by single spaces. It is exported for tests and tools;
// Match does the same work without building the string (and joins a word
// spelt out letter by letter, which needs the punctuation Normalize drops).
func Normalize(text string) string {
	toks := tokenize(text, nil)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

// foldRune lower-cases r and strips its accent ("Ñ" -> "n"). ok is false for
// runes that are not letters or digits.
func foldRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		return foldASCII(r)
	}
	if f, ok := accentFold[r]; ok {
		return f, true
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		l := unicode.ToLower(r)
		if f, ok := accentFold[l]; ok {
			return f, true // "ẞ" -> "ß" -> "s"
		}
		return l, true
	}
	return r, false
}

// foldASCII is foldRune of an ASCII rune, small enough to inline in
// tokenize's loop, where most runes are ASCII.
func foldASCII(r rune) (rune, bool) {
	if f := asciiFold[r]; f != 0 {
		return rune(f), true
	}
	return r, false
}

// asciiFold is the folded letter or digit of each ASCII rune, 0 for the
// others.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	return t
}()

// accentFold maps accented Latin letters to their base letter, lower-cased.
var accentFold = func() map[rune]rune {
	m := make(map[rune]rune)
	for r := rune(0xC0); r <= 0x24F; r++ {
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		if base < utf8.RuneSelf && unicode.IsLetter(base) && len(d) > 1 {
			m[r] = unicode.ToLower(base)
		}
	}
	m['ß'] = 's'
	m['ø'], m['Ø'] = 'o', 'o'
	m['æ'], m['Æ'] = 'a', 'a'
	return m
}()

// isApostrophe reports whether r joins the two halves of a word ("can't").
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ' }

// isEmoji reports whether r is a pictographic symbol worth a token.
func isEmoji(r rune) bool {
	return (r >= 0x1F300 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF)
}

// tokenize splits text into tokens, appending to dst. Bytes that are not
// valid UTF-8 separate words, as a space would.
func tokenize(text string, dst []rawToken) []rawToken {
	if !isASCII(text) {
		if !utf8.ValidString(text) {
			// NFKC leaves the text after an invalid byte as it is
			// ("\xf3ǳ" keeps its "ǳ"), so the output would change when
			// normalised again: make it valid first.
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		text = norm.NFKC.String(text)
	}
	// A word that is already folded (lower-case ASCII, the common case) is
	// sliced from text; others are built in b, from the first rune that
	// differs (diverge copies what came before).
	var b strings.Builder
	inWord, start, end, same := false, 0, 0, true
	// What the text between two words is: spaces, hyphens and the like
	// (spacers), full stops, anything else (the gap of a word's token).
	spacers, dots, other, gap := false, 0, false, gapSpaced
	wordHasDigit, wordHasLetter := false, false
	diverge := func(at int) {
		if same {
			b.WriteString(text[start:at])
			same = false
		}
	}
	flush := func() {
		if !inWord {
			return
		}
		inWord = false
		s := text[start:end]
		if !same {
			s = b.String()
			b.Reset()
		}
		same = true
		t := rawToken{text: s, kind: tokWord, gap: gap}
		spacers, dots, other = false, 0, false
		if wordHasDigit && !wordHasLetter {
			t.kind = tokNumber
			if i := strings.IndexByte(s, '/'); i > 0 {
				t.kind = tokScore
				t.num, _ = strconv.ParseFloat(s[:i], 64)
			} else {
				t.num, _ = strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			}
		} else {
			t.text = squeeze(s)
		}
		dst = append(dst, t)
		wordHasDigit, wordHasLetter = false, false
	}
	var prev, next rune
	var nextWidth int
	// Each rune is decoded once, as the next rune, then as the rune.
	r, w := utf8.DecodeRuneInString(text)
	for i := 0; i < len(text); i, r, w = i+w, next, nextWidth {
		next, nextWidth = utf8.DecodeRuneInString(text[i+w:])
		var f rune
		var ok bool
		if r < utf8.RuneSelf {
			f, ok = foldASCII(r)
		} else {
			f, ok = foldRune(r)
		}
		if ok {
			if (f == 'c' || f == 'f') && inWord && wordHasDigit && !wordHasLetter {
				if _, letter := foldRune(next); !letter {
					flush() // 39c, 101.2f: a temperature with its unit glued on
				}
			}
			if !inWord {
				inWord, start = true, i
				gap = gapOf(spacers, dots, other)
			}
			if f != r || w != 1 {
				diverge(i)
			}
			if !same {
				b.WriteRune(f)
			}
			end = i + w
			if unicode.IsDigit(f) {
				wordHasDigit = true
			} else {
				wordHasLetter = true
			}
			prev = r
			continue
		}
		switch {
		case isApostrophe(r) && inWord && unicode.IsLetter(next):
			diverge(i) // can't -> cant, child's -> childs
		case (r == '.' || r == ',' || r == '/') && wordHasDigit && !wordHasLetter && unicode.IsDigit(next):
			if !same { // 38.4, 38,5, 9/10
				b.WriteRune(r)
			}
			end = i + w
		case r == '.' || r == '!' || r == '?' || r == ';' || r == '\n' || r == '…' || r == '¿' || r == '¡':
			flush()
			if n := len(dst); n > 0 && dst[n-1].kind != tokBreak {
				dst = append(dst, rawToken{text: ".", kind: tokBreak})
			}
		case r == ',' || r == ':' || r == '(' || r == ')' || ((r == '-' || r == '–' || r == '—') && prev == ' '):
			flush()
			if n := len(dst); n > 0 && dst[n-1].kind < tokBreak {
				dst = append(dst, rawToken{text: ",", kind: tokComma})
			}
		case r == '+' && !unicode.IsLetter(next) && !unicode.IsDigit(next) && afterWord(text[:i]):
			// A chart's "+" after an item or a finding ("EPDS item 10 +",
			// "SI +") says positive; "2+2", "mom+baby" and "exhaustion +
			// aches" stay as they are.
			flush()
			dst = append(dst, rawToken{text: "pos", kind: tokWord})
		case r == '°' || r == 'º':
			flush()
			dst = append(dst, rawToken{text: "°", kind: tokDegree})
		case isEmoji(r):
			flush()
			dst = append(dst, rawToken{text: string(r), kind: tokEmoji})
		default:
			flush()
		}
		switch {
		case r == '.':
			dots++
		case unicode.IsSpace(r) || r == '-' || r == '*' || r == '_':
			spacers = true
		default:
			other = true
		}
		prev = r
	}
	flush()
	return dst
}

// afterWord reports whether s ends, past spaces, in a chart item a "+"
// can follow: a number ("item 10 +", "q9+") or SI / HI ("SI+"). A "+"
// between words ("exhaustion + aches") is "and", left out as before.
func afterWord(s string) bool {
	s = strings.TrimRight(s, " ")
	r, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsDigit(r) {
		return true
	}
	w := strings.ToLower(s[strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })+1:])
	return w == "si" || w == "hi"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// squeeze shortens runs of three or more equal letters to two
// ("sooooo" -> "soo"); the vocabulary lookup then tries one.
func squeeze(s string) string {
	run, last := 0, rune(-1)
	need := false
	for _, r := range s {
		if r == last {
			run++
			if run >= 3 {
				need = true
				break
			}
		} else {
			run, last = 1, r
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	run, last = 0, -1
	for _, r := range s {
		if r == last {
			run++
		} else {
			run, last = 1, r
		}
		if run <= 2 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// undouble removes every doubled letter ("holaa" -> "hola", "soo" -> "so").
func undouble(s string) string {
	var b strings.Builder
	last := rune(-1)
	changed := false
	for _, r := range s {
		if r == last {
			changed = true
			continue
		}
		b.WriteRune(r)
		last = r
	}
	if !changed {
		return s
	}
	return b.String()
}

// parseCommand splits a leading slash command: "/Nudge@CareBot 8pm" gives
// "/nudge", "8pm". ok is false when text does not start with a command.
func parseCommand(text string) (cmd, args string, ok bool) {
	s := strings.TrimSpace(text)
	if len(s) < 2 || s[0] != '/' {
		return "", "", false
	}
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	word := s[1:end]
	if at := strings.IndexByte(word, '@'); at >= 0 {
		word = word[:at]
	}
	if word == "" {
		return "", "", false
	}
	for _, r := range word {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			return "", "", false
		}
	}
	return "/" + strings.ToLower(word), strings.TrimSpace(s[end:]), true
}
