package intents

import (
	"fmt"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// screen is the compiled warning-sign rules. A rule fires when one of its
// patterns has every group in one sentence, each group's phrase not negated,
// and none of the rule's "unless" phrases is in that sentence.
type screen struct {
	rules       []signRule
	alts        []phrase
	unlessAlt   []bool
	altByTerm   map[termID][]int32
	altByPrefix map[string][]int32
	altSpecial  []int32
	maxPrefix   int
	patterns    []pattern
	altPatterns [][]int32
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

// ParseLevel reads "none", "provider" or "emergency".
func ParseLevel(s string) (knowledge.Level, error) {
	switch s {
	case "none":
		return knowledge.LevelNone, nil
	case "provider":
		return knowledge.LevelProvider, nil
	case "emergency":
		return knowledge.LevelEmergency, nil
	}
	return 0, fmt.Errorf("unknown level %q", s)
}

// LevelName returns "none", "provider" or "emergency".
func LevelName(l knowledge.Level) string {
	switch l {
	case knowledge.LevelProvider:
		return "provider"
	case knowledge.LevelEmergency:
		return "emergency"
	}
	return "none"
}

func (m *Matcher) compileScreen(signs []*knowledge.Sign, probs *knowledge.Problems) *screen {
	s := &screen{altByTerm: make(map[termID][]int32), altByPrefix: make(map[string][]int32)}
	bad := func(sg *knowledge.Sign, msg string, args ...any) {
		*probs = append(*probs, knowledge.Problem{Pos: sg.Pos, Msg: fmt.Sprintf("sign %s: ", sg.ID) + fmt.Sprintf(msg, args...)})
	}
	for _, sg := range signs {
		level, err := ParseLevel(sg.Level)
		if err != nil || level == knowledge.LevelNone {
			bad(sg, "level must be provider or emergency, not %q", sg.Level)
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
		s.altByTerm[first.term] = append(s.altByTerm[first.term], id)
	case partPrefix:
		s.altByPrefix[first.text] = append(s.altByPrefix[first.text], id)
		s.maxPrefix = max(s.maxPrefix, len(first.text))
	default:
		s.altSpecial = append(s.altSpecial, id)
	}
	return id
}

// run finds the signs in a and records them in r.
func (s *screen) run(m *Matcher, a *analysis, r *Result) {
	if len(s.alts) == 0 {
		return
	}
	masks := make(map[int32]uint64)
	try := func(alt int32, i int) {
		if _, ok := m.matchAt(a, s.alts[alt], i); !ok {
			return
		}
		if a.toks[i].neg && !s.unlessAlt[alt] {
			return
		}
		masks[alt] |= 1 << a.toks[i].sent
	}
	for i := range a.toks {
		t := &a.toks[i]
		switch t.kind {
		case tokWord, tokEmoji:
			for ki, k := range t.keys {
				if k == noTerm || (ki == 1 && k == t.keys[0]) {
					continue
				}
				for _, alt := range s.altByTerm[k] {
					try(alt, i)
				}
			}
			if t.kind == tokWord {
				if id := m.v.lookup(t.text); id != noTerm && id != t.keys[0] && id != t.keys[1] {
					for _, alt := range s.altByTerm[id] {
						try(alt, i)
					}
				}
				for k := 1; k <= len(t.text) && k <= s.maxPrefix; k++ {
					for _, alt := range s.altByPrefix[t.text[:k]] {
						try(alt, i)
					}
				}
				if _, ok := numberWords[t.text]; ok {
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
	if len(masks) == 0 {
		return
	}
	fired := make(map[int32]bool)
	for alt := range masks {
		for _, pi := range s.altPatterns[alt] {
			p := &s.patterns[pi]
			if fired[p.rule] {
				continue
			}
			all := ^uint64(0)
			for _, g := range p.groups {
				var gm uint64
				for _, ga := range g {
					gm |= masks[ga]
				}
				all &= gm
				if all == 0 {
					break
				}
			}
			for _, u := range s.rules[p.rule].unless {
				all &^= masks[u]
			}
			if all != 0 {
				fired[p.rule] = true
			}
		}
	}
	for ri := range fired {
		rule := &s.rules[ri]
		r.Signs = append(r.Signs, rule.sign)
		r.Level = max(r.Level, rule.level)
		r.Crisis = r.Crisis || rule.sign.Crisis
	}
	sortSigns(r.Signs, func(sg *knowledge.Sign) knowledge.Level {
		l, _ := ParseLevel(sg.Level)
		return l
	})
}
