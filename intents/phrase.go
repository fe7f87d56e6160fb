package intents

import (
	"fmt"
	"strings"
)

// token is one analysed token of a message.
type token struct {
	text string  // folded surface (corrected when it was a typo)
	orig string  // folded surface as typed
	pre  []int32 // sign alternatives whose prefix part matches (known words)
	num  float64
	keys [2]termID
	surf termID // the surface as a term when it differs from the stems
	// wid is text as a known word (noWord: not known, or not looked up)
	wid wordID
	// ctxFirst and ctxOne say which context lists have a trigger that
	// starts with this word, and which have it as a one-word trigger.
	ctxFirst, ctxOne uint32
	kind             tokKind
	bits             langBits
	stop             bool
	neg              bool // inside the scope of a negation
	// hedge is true inside a hypothetical or past-history clause ("what
	// if", "last pregnancy"); baby inside a clause about the baby.
	// firm marks the hedges that hold even for a reading written down:
	// past history ("in pregnancy my bp was 150/100") and conditions
	// ("what if it goes over 160/110").
	hedge, firm, baby bool
	// past is true inside a past-history clause ("last pregnancy i had
	// preeclampsia"): a hedge that tells what was, not what is asked.
	past bool
	// done is true inside a report of what was done or helped before
	// the question ("the bridge helped, now my knees?"): past too, and
	// its example words weigh as little as its keywords
	done bool
	sent uint8
	// known is true when pre is set (a known word, not a corrected typo)
	known bool
	// (fields in this order: 104 bytes, not 112 with padding)
}

// has reports whether the token carries term id.
func (t *token) has(id termID) bool {
	return id != noTerm && (t.keys[0] == id || t.keys[1] == id)
}

// partKind says how one word of a phrase is matched.
type partKind uint8

const (
	partTerm       partKind = iota // the same stem (or synonym) in any language
	partPrefix                     // a folded surface prefix: "numb*"
	partTemp                       // #temp: a fever temperature
	partSevere                     // #severe: a pain score of 7/10 or more
	partMonths                     // #months: three months or more
	partBP                         // #bp: a blood pressure of 140/90 or more
	partBPSevere                   // #bp_severe: 160/110 or more
	partLowSat                     // #spo2: an oxygen saturation under 90%
	partTempNormal                 // #temp_normal: a body temperature under 37.6 C / 99.7 F
)

// part is one word of a phrase.
type part struct {
	kind partKind
	term termID
	text string
}

// phrase is a word or a sequence of words that must appear in order, with
// at most maxGap other tokens between two of them.
type phrase []part

const maxGap = 1

// specials are the special tokens of sign patterns.
var specials = map[string]partKind{"#temp": partTemp, "#severe": partSevere, "#months": partMonths, "#bp": partBP, "#bp_severe": partBPSevere, "#spo2": partLowSat, "#temp_normal": partTempNormal}

// compilePhrase turns "short of breath" or "numb*" into a phrase.
func (v *vocab) compilePhrase(s, lang string) (phrase, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty phrase")
	}
	p := v.scratch[:0]
	defer func() { v.scratch = p[:0] }()
	// The fields are cut at single spaces, as almost every phrase is
	// written, rather than by strings.FieldsSeq (its iterator decodes
	// runes to find any white space): a phrase that is not is first
	// written so.
	rest := s
	if !singleSpaced(rest) {
		rest = strings.Join(strings.Fields(rest), " ")
	}
	for rest != "" {
		f := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			f, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if f[0] == '#' { // every special token starts with "#"
			k, ok := specials[f]
			if !ok {
				return nil, fmt.Errorf("unknown special token %q", f)
			}
			p = append(p, part{kind: k})
			continue
		}
		if v.lazy {
			p = append(p, v.fieldParts(f, lang)...)
			continue
		}
		prefix := strings.HasSuffix(f, "*")
		ws := v.wordsOf(strings.TrimSuffix(f, "*"))
		if len(ws) == 0 {
			continue
		}
		for i, w := range ws {
			v.learn(w, lang)
			if prefix && i == len(ws)-1 {
				p = append(p, part{kind: partPrefix, text: w})
				continue
			}
			p = append(p, part{kind: partTerm, term: v.termOf(w, lang), text: w})
		}
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("phrase %q has no words", s)
	}
	return v.keepPhrase(p), nil
}

// singleSpaced reports whether s is fields between single ASCII spaces,
// with no other white space and none at either end: then cutting it at
// every ' ' gives strings.Fields(s). Bytes 0xC2, 0xE1, 0xE2 and 0xE3 lead
// every other rune unicode.IsSpace reports (U+0085, U+00A0, U+1680,
// U+2000-U+205F, U+3000); they also lead runes that are not spaces,
// which only costs those phrases the slow way.
func singleSpaced(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\v', '\f', '\r', 0xC2, 0xE1, 0xE2, 0xE3:
			return false
		case ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

// fieldParts returns the parts of one field of a phrase ("breath",
// "numb*", "short-term"), for a lazy vocabulary. The sign patterns repeat
// the same fields thousands of times, so each is compiled once, in lang,
// and counted each time it is met: its words are learned that many times
// when the screen is joined (screenBuild.join), not a look-up or two a
// word each time.
func (v *vocab) fieldParts(f, lang string) []part {
	c := v.fields.in(lang, fieldsSize)
	i, ok := c[f]
	if !ok {
		v.toks = tokenize(strings.TrimSuffix(f, "*"), v.toks[:0])
		last := -1
		for ti, t := range v.toks {
			if isWordToken(t) {
				last = ti
			}
		}
		prefix := strings.HasSuffix(f, "*")
		p := v.fieldScratch[:0]
		for ti, t := range v.toks {
			switch {
			case !isWordToken(t):
			case prefix && ti == last:
				p = append(p, part{kind: partPrefix, text: t.text})
				// finish stems every word in the languages it was
				// learned in; a term's word is stemmed by termOf, and
				// a prefix here, off the matcher's goroutine
				v.stemOf(t.text, lang)
			default:
				p = append(p, part{kind: partTerm, term: v.termOf(t.text, lang), text: t.text})
			}
		}
		v.fieldScratch = p
		i = int32(len(v.fieldList))
		v.fieldList = append(v.fieldList, fieldEntry{parts: v.keepPhrase(p), lang: lang})
		c[f] = i
	}
	e := &v.fieldList[i]
	e.count++
	return e.parts
}

// isWordToken reports whether t is one of the tokens words keeps.
func isWordToken(t rawToken) bool {
	return t.kind == tokWord || t.kind == tokNumber || t.kind == tokEmoji
}

// fieldsSize is the number of fields of one language a lazy vocabulary is
// sized for, above what the embedded content has (3,073 English, 3,207
// Spanish).
const fieldsSize = 4096

// fieldEntry is one field of a phrase compiled by fieldParts, in lang,
// and the times it was met.
type fieldEntry struct {
	parts []part
	lang  string
	count int32
}

// partsChunk is how many parts of phrases vocab.keepPhrase allocates at
// a time.
const partsChunk = 2048

// keepPhrase returns a copy of p cut from a chunk shared with the phrases
// compiled before it: tens of thousands of phrases of a few parts each
// are a few dozen allocations, not one each. The copy's capacity is its
// length, so an append to it copies rather than overwrite its neighbour.
func (v *vocab) keepPhrase(p phrase) phrase {
	if len(p) > cap(v.parts)-len(v.parts) {
		v.parts = make(phrase, 0, max(partsChunk, len(p)))
	}
	start := len(v.parts)
	v.parts = append(v.parts, p...)
	return v.parts[start:len(v.parts):len(v.parts)]
}

// matchPart reports whether token i matches p.
func (m *Matcher) matchPart(a *analysis, i int, p part) bool {
	t := &a.toks[i]
	switch p.kind {
	case partTerm:
		return termAt(t, &p)
	case partPrefix:
		return t.kind == tokWord && (strings.HasPrefix(t.orig, p.text) || strings.HasPrefix(t.text, p.text))
	case partTemp:
		return a.isFever(i)
	case partSevere:
		return a.isSevereScore(i)
	case partMonths:
		return a.isMonths(i)
	case partBP:
		return a.isBP(i, false)
	case partBPSevere:
		return a.isBP(i, true)
	case partLowSat:
		return a.isLowSat(i)
	case partTempNormal:
		return a.isNormalTemp(i)
	}
	return false
}

// matchAt reports whether phrase p starts at token i, and where it ends.
// Gaps never cross the end of a sentence.
func (m *Matcher) matchAt(a *analysis, p phrase, i int) (end int, ok bool) {
	if p[0].kind == partTerm && !termAt(&a.toks[i], &p[0]) || p[0].kind != partTerm && !m.matchPart(a, i, p[0]) {
		return 0, false
	}
	if len(p) == 1 {
		return i, true
	}
	return m.matchRest(a, p, i)
}

// termAt reports whether token t matches term part p, as matchPart does:
// small enough to be inlined where phrases are tried by the thousand.
func termAt(t *token, p *part) bool {
	if t.kind == tokWord {
		return t.has(p.term) || t.text == p.text
	}
	return (t.kind == tokEmoji || t.kind == tokNumber) && t.text == p.text
}

// matchRest is matchAt for a phrase whose first part is known to match
// token i.
func (m *Matcher) matchRest(a *analysis, p phrase, i int) (end int, ok bool) {
	j := i
	for pi := 1; pi < len(p); pi++ {
		pt := &p[pi]
		found := false
		for k := j + 1; k <= j+1+maxGap && k < len(a.toks); k++ {
			t := &a.toks[k]
			if t.kind == tokBreak {
				break
			}
			if pt.kind == partTerm && termAt(t, pt) || pt.kind != partTerm && m.matchPart(a, k, *pt) {
				j, found = k, true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return j, true
}

// termSecond reports whether p's second part is a term: such an
// alternative of a crowded first term is found through the pair indexes,
// not its first term's list.
func (p phrase) termSecond() bool { return len(p) >= 2 && p[1].kind == partTerm }
