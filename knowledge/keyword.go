package knowledge

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The range of keyword weights.
const (
	// MinWeight is the weight of a hint.
	MinWeight = 0.5
	// MaxWeight is the weight of a decisive keyword.
	MaxWeight = 3
)

// UnmarshalYAML reads "phrase" (weight 1) or {phrase: weight}, so that a
// File also decodes with plain yaml.Unmarshal. Load does not use it: it
// decodes keywords itself to report every problem with its line.
func (k *Keyword) UnmarshalYAML(n *yaml.Node) error {
	k.Pos.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		k.Weight = 1
		return n.Decode(&k.Text)
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			return fmt.Errorf("line %d: a keyword is a phrase or {phrase: weight}", n.Line)
		}
		if err := n.Content[0].Decode(&k.Text); err != nil {
			return err
		}
		return n.Content[1].Decode(&k.Weight)
	}
	return fmt.Errorf("line %d: a keyword is a phrase or {phrase: weight}", n.Line)
}

// keywords checks the keywords of one entry: some in every language, none
// empty, weights in range, none twice (compared folded: case, Spanish
// accents and spacing do not count).
func (l *loader) keywords(e *Entry, ctx string) {
	if l.skip(e, "keywords") {
		return
	}
	if len(e.Keywords) == 0 {
		l.probs.add(l.at(e, "keywords"), "%s: no keywords (write them in %s)", ctx, strings.Join(languages, " and "))
		return
	}
	for _, lang := range languages {
		if len(e.Keywords[lang]) == 0 && !l.skip(e, "keywords."+lang) {
			l.probs.add(l.at(e, "keywords"), "%s: no keywords in %s", ctx, lang)
		}
	}
	l.languages(e, "keywords", ctx, "keywords", sortedKeys(e.Keywords))
	// one map for every list of every entry, cleared for each: a map a
	// list was grown from empty each time
	if l.kwSeen == nil {
		l.kwSeen = map[string]Pos{}
	}
	seen := l.kwSeen
	for _, lang := range sortedKeys(e.Keywords) {
		clear(seen)
		for i, k := range e.Keywords[lang] {
			f := fold(k.Text)
			if l.skip(e, index("keywords."+lang, i)) {
				continue
			}
			if f == "" {
				l.probs.add(k.Pos, "%s: empty keyword", ctx)
				continue
			}
			if !(k.Weight >= MinWeight && k.Weight <= MaxWeight) { // NaN too
				l.probs.add(k.Pos, "%s: keyword %q: weight %g outside %g..%g", ctx, k.Text, k.Weight, MinWeight, float64(MaxWeight))
			}
			if p, dup := seen[f]; dup {
				l.probs.add(k.Pos, "%s: keyword %q is listed twice (first at line %d)", ctx, k.Text, p.Line)
				continue
			}
			seen[f] = k.Pos
		}
	}
}

// claim is a keyword of an entry.
type claim struct {
	entry *Entry
	kw    Keyword
}

// keywordClaims reports a keyword that two entries claim at the same
// weight in the same language: the matcher could not tell them apart. Each
// place gets a problem naming the others. The same keyword at different
// weights is fine: the heavier one wins.
func (l *loader) keywordClaims(entries []*Entry) {
	// Keyed by language and folded text as a pair, not a string joined
	// from them; one set of seen texts, cleared for each list.
	type claimKey struct{ lang, text string }
	n := 0
	for _, e := range entries {
		for _, ks := range e.Keywords {
			n += len(ks)
		}
	}
	// The claims of a key are a chain through next, from first to last,
	// in one slice of all claims: most keys have one claim, and a slice a
	// key was an allocation a keyword.
	group := make(map[claimKey]int32, n)
	all := make([]claim, 0, n)
	next := make([]int32, 0, n)
	// by group, in the order the keys are first met
	first, last := make([]int32, 0, n), make([]int32, 0, n)
	seen := map[string]bool{}
	for _, e := range entries {
		for _, lang := range sortedKeys(e.Keywords) {
			clear(seen)
			for _, k := range e.Keywords[lang] {
				f := fold(k.Text)
				if f == "" || seen[f] {
					continue
				}
				seen[f] = true
				i := int32(len(all))
				all, next = append(all, claim{e, k}), append(next, -1)
				if g, ok := group[claimKey{lang, f}]; ok {
					next[last[g]], last[g] = i, i
				} else {
					group[claimKey{lang, f}] = int32(len(first))
					first, last = append(first, i), append(last, i)
				}
			}
		}
	}
	var cs []claim
	for _, i := range first {
		if next[i] < 0 {
			continue // one claim
		}
		cs = cs[:0]
		for ; i >= 0; i = next[i] {
			cs = append(cs, all[i])
		}
		for _, c := range cs {
			var others []string
			for _, o := range cs {
				if o.entry != c.entry && o.kw.Weight == c.kw.Weight {
					others = append(others, fmt.Sprintf("%s (%s)", name(o.entry.ID, "entry"), o.kw.Pos))
				}
			}
			if len(others) > 0 {
				l.probs.add(c.kw.Pos, "%s: keyword %q (weight %g) is also claimed by %s at the same weight",
					name(c.entry.ID, "entry"), c.kw.Text, c.kw.Weight, strings.Join(others, ", "))
			}
		}
	}
}
