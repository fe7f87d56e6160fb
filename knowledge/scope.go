package knowledge

import (
	"slices"
	"strings"
)

// scope checks the scope cues of one file and merges them into b: known
// classes and languages, no empty cue, no cue twice in a class.
func (l *loader) scope(f *File, b *Base) {
	for _, class := range sortedKeys(f.Scope) {
		cp := "scope." + class
		if l.skip(f, cp) {
			continue
		}
		if !slices.Contains(scopeClasses, class) {
			l.probs.add(l.at(f, cp), "scope: unknown class %q (classes are %s)", class, strings.Join(scopeClasses, ", "))
			continue
		}
		if b.Scope[class] == nil {
			b.Scope[class] = List{}
		}
		for _, lang := range sortedKeys(f.Scope[class]) {
			lp := cp + "." + lang
			if l.skip(f, lp) {
				continue
			}
			if !slices.Contains(languages, lang) {
				l.probs.add(l.at(f, lp), "scope %s: unknown language %q (languages are %s)", class, lang, strings.Join(languages, ", "))
				continue
			}
			seen := map[string]bool{}
			for _, c := range b.Scope[class][lang] {
				seen[fold(c)] = true
			}
			for i, c := range f.Scope[class][lang] {
				at := l.at(f, index(lp, i))
				switch fc := fold(c); {
				case l.skip(f, index(lp, i)):
				case strings.TrimSpace(fc) == "":
					l.probs.add(at, "scope %s (%s): empty cue", class, lang)
				case seen[fc]:
					l.probs.add(at, "scope %s (%s): %q is twice", class, lang, c)
				default:
					seen[fc] = true
					b.Scope[class][lang] = append(b.Scope[class][lang], c)
				}
			}
		}
	}
}

// maxMomentPrompt is the longest moment prompt, in characters: one line on
// a phone.
const maxMomentPrompt = 120

// moment checks one moment: cues and at least two prompts in every
// language, and known parts of the day. Ids are checked by ids.
func (l *loader) moment(m *Moment) {
	ctx := name(m.ID, "moment")
	l.list(m, "cues", ctx, "cues", m.Cues, 1, 0)
	l.list(m, "prompts", ctx, "prompts", m.Prompts, 2, maxMomentPrompt)
	for i, t := range m.Times {
		if !slices.Contains(partsOfDay, t) {
			l.probs.add(l.at(m, index("times", i)), "%s: unknown part of the day %q (parts are %s)", ctx, t, strings.Join(partsOfDay, ", "))
		}
	}
}
