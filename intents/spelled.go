package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// gapKind says what stands between a word and the token before it.
type gapKind uint8

const (
	gapSpaced gapKind = iota // spaces, hyphens, asterisks or underscores, or nothing: the text's start
	gapDot                   // one full stop and nothing else ("k.m.s")
	gapOther                 // anything else ("c/o", "i.e. a", "a, b")
)

// gapOf classifies a gap from what it held: spacers, full stops (dots)
// and anything else (other).
func gapOf(spacers bool, dots int, other bool) gapKind {
	switch {
	case other || dots > 1 || dots == 1 && spacers:
		return gapOther
	case dots == 1:
		return gapDot
	}
	return gapSpaced
}

// minSpelled is the fewest single letters in a row read as one spelled-out
// word: two would join "i . e" and "a m"; a three-letter word spelled out
// ("d i e") is the shortest that hides a sign.
const minSpelled = 3

// joinSpelled joins, in toks, every run of at least minSpelled
// single-letter words into the word they spell: "s u i c i d e",
// "s-u-i-c-i-d-a-r-m-e", "k.m.s". Spelling a word letter by letter is how
// people write past a filter (as algospeak does), so a sign must read
// through it; natural text almost never has three one-letter words in a
// row. A run is either letters side by side (spaces, hyphens, asterisks)
// or letters each followed by a full stop, and nothing else between them
// ("c/o l" and "i.e. a" are no runs); it returns the tokens in place.
func joinSpelled(toks []rawToken) []rawToken {
	out := 0
	for i := 0; i < len(toks); {
		end, step := spelledRun(toks, i)
		if end < 0 {
			toks[out] = toks[i]
			out++
			i++
			continue
		}
		var b strings.Builder
		for j := i; j < end; j += step {
			b.WriteString(toks[j].text)
		}
		toks[out] = rawToken{text: squeeze(b.String()), kind: tokWord}
		out++
		i = end
	}
	return toks[:out]
}

// spelledRun returns where the run of single letters starting at toks[i]
// ends (after its last letter) and the distance between its letters (1
// side by side, 2 with a full stop between), or -1 if no run of
// minSpelled letters starts there.
func spelledRun(toks []rawToken, i int) (end, step int) {
	if !singleLetter(toks[i]) {
		return -1, 0
	}
	step, gap := 1, gapSpaced
	if i+2 < len(toks) && toks[i+1].kind == tokBreak && toks[i+2].gap == gapDot {
		step, gap = 2, gapDot
	}
	n, last := 1, i
	for next := last + step; next < len(toks) && singleLetter(toks[next]) && toks[next].gap == gap && (step == 1 || toks[next-1].kind == tokBreak); next = last + step {
		last = next
		n++
	}
	if n < minSpelled {
		return -1, 0
	}
	return last + 1, step
}

// singleLetter reports whether t is a word of one letter.
func singleLetter(t rawToken) bool {
	if t.kind != tokWord || t.text == "" {
		return false
	}
	r, w := utf8.DecodeRuneInString(t.text)
	return w == len(t.text) && unicode.IsLetter(r)
}

// leetLetter returns the letter people write digit c for to get a word
// past a filter ("su1c1dal", "k1ll", "d3ad"), or 0.
func leetLetter(c byte) byte {
	switch c {
	case '0':
		return 'o'
	case '1':
		return 'i'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	}
	return 0
}

// unleet returns word with those digits as their letters, or word itself
// when it has no letter or no such digit. A number with a letter ("3am")
// is changed too: the caller keeps the result only when it is a known
// word.
func unleet(word string) string {
	letter, digit := false, false
	for i := 0; i < len(word); i++ {
		c := word[i]
		letter = letter || c >= 'a' && c <= 'z'
		digit = digit || leetLetter(c) != 0
	}
	if !letter || !digit {
		return word
	}
	b := []byte(word)
	for i, c := range b {
		if l := leetLetter(c); l != 0 {
			b[i] = l
		}
	}
	return string(b)
}
