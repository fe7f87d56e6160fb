package knowledge

import (
	"fmt"
	"slices"
	"strings"
)

// SignLoss is one way in which a knowledge base screens less than another:
// a warning sign removed, or an emergency-level rule weakened. A reload or
// lint that would lose one is refused unless the operator allows it.
type SignLoss struct {
	// ID is the warning sign's id.
	ID string
	// Level is the sign's level in the old knowledge base.
	Level Level
	// Removed says the new knowledge base has no sign of that id; Pos is
	// then where the sign was in the old one.
	Removed bool
	// Pos is where the sign is in the new knowledge base (or was, when
	// Removed, in the old one).
	Pos Pos
	// What says what was lost.
	What string
}

// String formats the loss as "sign.id (level): what".
func (l SignLoss) String() string { return fmt.Sprintf("%s (%s): %s", l.ID, l.Level, l.What) }

// LostSigns compares the warning signs of cur with those of old and
// returns, in old's order, every sign cur no longer has and every way an
// emergency-level sign of old is weaker in cur:
//
//   - its level is lower (emergency -> provider);
//   - it no longer says to name the crisis line;
//   - a pattern of old is no longer covered: no pattern of cur in that
//     language matches whenever it does (every group of the new pattern
//     has every alternative of some group of the old one);
//   - an unless phrase that old did not have may now cancel it;
//   - a suppression cue ("when") that old did not have may now lower it;
//   - a concept its patterns use (@name) lost a word.
//
// Edits that only add signs, patterns or alternatives lose nothing.
func LostSigns(old, cur *Base) []SignLoss {
	var out []SignLoss
	for _, o := range old.Signs {
		n := cur.Sign(o.ID)
		if n == nil {
			out = append(out, SignLoss{ID: o.ID, Level: o.Level, Removed: true, Pos: o.Pos, What: "removed"})
			continue
		}
		if o.Level != LevelEmergency {
			continue
		}
		lost := func(format string, args ...any) {
			out = append(out, SignLoss{ID: o.ID, Level: o.Level, Pos: n.Pos, What: fmt.Sprintf(format, args...)})
		}
		if n.Level != o.Level {
			lost("level lowered to %s", n.Level)
		}
		if o.Crisis && !n.Crisis {
			lost("no longer names the crisis line (crisis: false)")
		}
		for _, lang := range sortedKeys(o.Patterns) {
			for _, p := range o.Patterns[lang] {
				if !covered(p, n.Patterns[lang]) {
					lost("pattern %q (%s) is no longer matched", p, lang)
				}
			}
		}
		for _, lang := range suppressionLangs(n.Suppress) {
			had := unlessPhrases(suppressionCues(o.Suppress, lang))
			for _, u := range suppressionCues(n.Suppress, lang) {
				for _, alt := range strings.Split(u, "|") {
					if a := fold(alt); a != "" && !slices.Contains(had, a) {
						lost("new suppression cue %q (%s) may lower it", strings.TrimSpace(alt), lang)
					}
				}
			}
		}
		for _, lang := range sortedKeys(o.Patterns) {
			for _, id := range conceptRefs(o.Patterns[lang]) {
				oc, nc := old.Concept(id), cur.Concept(id)
				if oc == nil {
					continue
				}
				var now []string
				if nc != nil {
					now = unlessPhrases(nc.Words[lang])
				}
				for _, w := range unlessPhrases(oc.Words[lang]) {
					if !slices.Contains(now, w) {
						lost("concept @%s (%s) lost %q", id, lang, w)
					}
				}
			}
		}
		for _, lang := range sortedKeys(n.Unless) {
			had := unlessPhrases(o.Unless[lang])
			for _, u := range n.Unless[lang] {
				for _, alt := range strings.Split(u, "|") {
					if a := fold(alt); a != "" && !slices.Contains(had, a) {
						lost("new unless %q (%s) may cancel it", strings.TrimSpace(alt), lang)
					}
				}
			}
		}
	}
	return out
}

// covered reports whether one of pats matches every message that p
// matches: some pattern each of whose groups contains all the
// alternatives of one of p's groups.
func covered(p string, pats []string) bool {
	old, err := ParsePattern(p)
	if err != nil {
		return true // an invalid old pattern never matched anything
	}
	for _, q := range pats {
		cur, err := ParsePattern(q)
		if err != nil {
			continue
		}
		if slices.ContainsFunc(cur.Groups, func(g []string) bool { return !coversSome(g, old.Groups) }) {
			continue
		}
		return true
	}
	return false
}

// coversSome reports whether group g holds every alternative of one of
// groups.
func coversSome(g []string, groups [][]string) bool {
	have := make(map[string]bool, len(g))
	for _, a := range g {
		have[fold(a)] = true
	}
	for _, og := range groups {
		if !slices.ContainsFunc(og, func(a string) bool { return !have[fold(a)] }) {
			return true
		}
	}
	return false
}

// unlessPhrases returns the folded alternatives of unless phrases.
func unlessPhrases(us []string) []string {
	var out []string
	for _, u := range us {
		for _, alt := range strings.Split(u, "|") {
			if a := fold(alt); a != "" {
				out = append(out, a)
			}
		}
	}
	return out
}

// suppressionLangs returns the languages of the suppressions' cues, sorted.
func suppressionLangs(ss []*Suppression) []string {
	var langs []string
	for _, sp := range ss {
		for lang := range sp.When {
			if !slices.Contains(langs, lang) {
				langs = append(langs, lang)
			}
		}
	}
	slices.Sort(langs)
	return langs
}

// suppressionCues returns the "when" phrases of the suppressions in lang.
func suppressionCues(ss []*Suppression, lang string) []string {
	var out []string
	for _, sp := range ss {
		out = append(out, sp.When[lang]...)
	}
	return out
}

// conceptRefs returns the concept ids (@name) the patterns use, once each,
// in order of first use.
func conceptRefs(pats []string) []string {
	var ids []string
	for _, p := range pats {
		for f := range strings.FieldsFuncSeq(p, func(r rune) bool { return r == '+' || r == '|' || r == ' ' }) {
			if id, ok := strings.CutPrefix(f, "@"); ok && id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
