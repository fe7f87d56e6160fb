package intents

import (
	"fmt"
	"slices"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// screen is the compiled warning-sign rules. A rule fires when one of its
// patterns has every group within two neighbouring sentences, each group's
// phrase not negated, and none of the rule's "unless" phrases is there.
type screen struct {
	rules      []signRule
	alts       []phrase
	unlessAlt  []bool
	altByTermM map[termID][]int32
	altByTerm  [][]int32 // dense by termID once frozen
	// For a first term with many alternatives ("no", "me", "se"), those
	// whose second part is a term are found through the next tokens
	// instead of tried one by one: by that term (altByPair) or by the
	// word itself (altByPairText), the two ways matchPart matches a term.
	// paired[k] says whether first term k has such alternatives.
	paired        []bool
	altByPair     map[termPair][]int32
	altByPairText map[termText][]int32
	altByPrefix   map[string][]int32 // by the first prefixLen bytes
	altShort      []int32            // prefixes shorter than prefixLen
	altSpecial    []int32
	patterns      []pattern
	altPatterns   [][]int32
}

type signRule struct {
	sign   *knowledge.Sign
	level  knowledge.Level
	unless []int32
}

type pattern struct {
	rule   int32
	groups [][]int32
}

func (m *Matcher) compileScreen(signs []*knowledge.Sign, probs *knowledge.Problems) *screen {
	s := &screen{altByTermM: make(map[termID][]int32), altByPrefix: make(map[string][]int32)}
	bad := func(sg *knowledge.Sign, msg string, args ...any) {
		*probs = append(*probs, knowledge.Problem{Pos: sg.Pos, Msg: fmt.Sprintf("sign %s: ", sg.ID) + fmt.Sprintf(msg, args...)})
	}
	for _, sg := range signs {
		level, err := knowledge.ParseLevel(sg.Level)
		if err != nil || level == knowledge.LevelNone {
			bad(sg, "level must be check, provider or emergency, not %q", sg.Level)
			continue
		}
		ri := int32(len(s.rules))
		rule := signRule{sign: sg, level: level}
		for lang, ps := range sg.Unless {
			for _, u := range ps {
				for _, alt := range strings.Split(u, "|") {
					p, err := m.v.compilePhrase(alt, lang)
					if err != nil {
						bad(sg, "unless %q: %v", u, err)
						continue
					}
					rule.unless = append(rule.unless, s.addAlt(p, true))
				}
			}
		}
		s.rules = append(s.rules, rule)
		for lang, ps := range sg.Patterns {
			for _, src := range ps {
				pat := pattern{rule: ri}
				for _, g := range strings.Split(src, "+") {
					var group []int32
					for _, alt := range strings.Split(g, "|") {
						p, err := m.v.compilePhrase(alt, lang)
						if err != nil {
							bad(sg, "pattern %q: %v", src, err)
							continue
						}
						group = append(group, s.addAlt(p, false))
					}
					if len(group) == 0 {
						bad(sg, "pattern %q: empty group", src)
						pat.groups = nil
						break
					}
					pat.groups = append(pat.groups, group)
				}
				if len(pat.groups) == 0 {
					continue
				}
				pi := int32(len(s.patterns))
				s.patterns = append(s.patterns, pat)
				for _, g := range pat.groups {
					for _, a := range g {
						s.altPatterns[a] = append(s.altPatterns[a], pi)
					}
				}
			}
		}
	}
	return s
}

// addAlt indexes a phrase by its first part.
func (s *screen) addAlt(p phrase, unless bool) int32 {
	id := int32(len(s.alts))
	s.alts = append(s.alts, p)
	s.unlessAlt = append(s.unlessAlt, unless)
	s.altPatterns = append(s.altPatterns, nil)
	switch first := p[0]; first.kind {
	case partTerm:
		s.altByTermM[first.term] = append(s.altByTermM[first.term], id)
	case partPrefix:
		if len(first.text) < prefixLen {
			s.altShort = append(s.altShort, id)
		} else {
			k := first.text[:prefixLen]
			s.altByPrefix[k] = append(s.altByPrefix[k], id)
		}
	default:
		s.altSpecial = append(s.altSpecial, id)
	}
	return id
}

// prefixLen is how many leading bytes index prefix alternatives.
const prefixLen = 3

// termPair is a first term and the term of the part after it.
type termPair struct{ first, second termID }

// termText is a first term and the word of the part after it.
type termText struct {
	first termID
	text  string
}

// pairFrom is how many alternatives a first term needs before those with a
// second term are indexed by it.
const pairFrom = 8

// freeze makes the term index dense once every term exists, and moves the
// alternatives of crowded first terms that go on with a term into the pair
// indexes.
func (s *screen) freeze(nTerms int) {
	s.altByTerm = dense(s.altByTermM, nTerms)
	s.altByTermM = nil
	s.paired = make([]bool, nTerms)
	s.altByPair = map[termPair][]int32{}
	s.altByPairText = map[termText][]int32{}
	for k, alts := range s.altByTerm {
		if len(alts) < pairFrom {
			continue
		}
		var rest []int32
		for _, alt := range alts {
			p := s.alts[alt]
			if len(p) < 2 || p[1].kind != partTerm {
				rest = append(rest, alt)
				continue
			}
			first := termID(k)
			pk := termPair{first, p[1].term}
			s.altByPair[pk] = append(s.altByPair[pk], alt)
			tk := termText{first, p[1].text}
			s.altByPairText[tk] = append(s.altByPairText[tk], alt)
			s.paired[k] = true
		}
		s.altByTerm[k] = rest
	}
}

// eachTermAlt calls f with every alternative whose first part is term k and
// that could start at token i: all those indexed by k, and of the paired
// ones those whose second part one of the next tokens matches (the tokens
// matchAt looks at, matched as matchPart does), so that matchAt is spared
// the rest.
func (s *screen) eachTermAlt(a *analysis, i int, k termID, f func(int32)) {
	for _, alt := range s.altByTerm[k] {
		f(alt)
	}
	if !s.paired[k] {
		return
	}
	for j := i + 1; j <= i+1+maxGap && j < len(a.toks); j++ {
		t := &a.toks[j]
		switch t.kind {
		case tokBreak:
			return
		case tokWord:
			for ki, k2 := range t.keys {
				if k2 == noTerm || (ki == 1 && k2 == t.keys[0]) {
					continue
				}
				for _, alt := range s.altByPair[termPair{k, k2}] {
					f(alt)
				}
			}
			fallthrough
		case tokEmoji:
			for _, alt := range s.altByPairText[termText{k, t.text}] {
				f(alt)
			}
		}
	}
}

// eachPrefixAlt calls f with every alternative whose first part is a
// prefix pattern that word starts with.
func (s *screen) eachPrefixAlt(word string, f func(int32)) {
	if len(word) >= prefixLen {
		for _, alt := range s.altByPrefix[word[:prefixLen]] {
			if strings.HasPrefix(word, s.alts[alt][0].text) {
				f(alt)
			}
		}
	}
	for _, alt := range s.altShort {
		if strings.HasPrefix(word, s.alts[alt][0].text) {
			f(alt)
		}
	}
}

// indexWords records, for every known word, the prefix alternatives it
// starts, so matching a known word needs no prefix look-ups.
func (s *screen) indexWords(v *vocab) {
	for w, info := range v.words {
		var alts []int32
		s.eachPrefixAlt(w, func(alt int32) { alts = append(alts, alt) })
		if len(alts) > 0 {
			info.prefixAlts = alts
			v.words[w] = info
		}
	}
}

// run finds the signs in a and records them in r.
func (s *screen) run(m *Matcher, a *analysis, r *Result) {
	if len(s.alts) == 0 {
		return
	}
	masks := a.scratchMasks(len(s.alts))
	try := func(alt int32, i int) {
		if _, ok := m.matchAt(a, s.alts[alt], i); !ok {
			return
		}
		if a.toks[i].neg {
			// A negated sign is no sign, and a negated excuse is no
			// excuse: "it never went away" does not cancel anything.
			return
		}
		masks.set(alt, 1<<a.toks[i].sent)
	}
	for i := range a.toks {
		t := &a.toks[i]
		tryAt := func(alt int32) { try(alt, i) }
		switch t.kind {
		case tokWord, tokEmoji:
			for ki, k := range t.keys {
				if k == noTerm || (ki == 1 && k == t.keys[0]) {
					continue
				}
				s.eachTermAlt(a, i, k, tryAt)
			}
			if t.kind == tokWord {
				if t.surf != noTerm && t.surf != t.keys[0] && t.surf != t.keys[1] {
					s.eachTermAlt(a, i, t.surf, tryAt)
				}
				if t.known {
					for _, alt := range t.pre {
						try(alt, i)
					}
				} else {
					s.eachPrefixAlt(t.orig, func(alt int32) { try(alt, i) })
					if t.text != t.orig {
						s.eachPrefixAlt(t.text, func(alt int32) { try(alt, i) })
					}
				}
				if _, ok := numberWords[t.text]; ok || months[t.text] > 0 {
					for _, alt := range s.altSpecial {
						try(alt, i)
					}
				}
			}
		case tokNumber, tokScore:
			for _, alt := range s.altSpecial {
				try(alt, i)
			}
		}
	}
	if len(masks.touched) == 0 {
		return
	}
	var fired []int32
	for _, alt := range masks.touched {
		for _, pi := range s.altPatterns[alt] {
			p := &s.patterns[pi]
			if slices.Contains(fired, p.rule) {
				continue
			}
			// Every group must be in one sentence or the next: a sign is
			// often told across a full stop ("4 months in. No change.").
			all := ^uint64(0)
			for _, g := range p.groups {
				var gm uint64
				for _, ga := range g {
					gm |= masks.bits[ga]
				}
				if len(p.groups) > 1 {
					gm |= gm<<1 | gm>>1
				}
				all &= gm
				if all == 0 {
					break
				}
			}
			for _, u := range s.rules[p.rule].unless {
				um := masks.bits[u]
				all &^= um | um<<1 | um>>1
			}
			if all != 0 {
				fired = append(fired, p.rule)
			}
		}
	}
	for _, ri := range fired {
		rule := &s.rules[ri]
		r.Signs = append(r.Signs, rule.sign)
		r.Level = max(r.Level, rule.level)
		r.Crisis = r.Crisis || rule.sign.Crisis
	}
	sortSigns(r.Signs, func(sg *knowledge.Sign) knowledge.Level {
		l, _ := knowledge.ParseLevel(sg.Level)
		return l
	})
}
