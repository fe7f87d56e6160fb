package knowledge

import (
	"slices"
	"strings"
)

// synonyms checks the synonym groups of every file: known languages,
// groups of at least two words, no empty word, and no word in two groups
// of a language (compared folded), across all files.
func (l *loader) synonyms() {
	first := map[string]map[string]Pos{} // lang -> folded word -> where
	for _, f := range l.files {
		for _, lang := range sortedKeys(f.Synonyms) {
			lp := "synonyms." + lang
			if l.skip(f, lp) {
				continue
			}
			if !slices.Contains(languages, lang) {
				l.probs.add(l.at(f, lp), "synonyms: unknown language %q (languages are %s)", lang, strings.Join(languages, ", "))
			}
			if first[lang] == nil {
				first[lang] = map[string]Pos{}
			}
			for gi, group := range f.Synonyms[lang] {
				gp := index(lp, gi)
				if len(group) < 2 && !l.skip(f, gp) {
					l.probs.add(l.at(f, gp), "synonyms (%s): a group needs at least 2 words, got %d", lang, len(group))
				}
				inGroup := map[string]bool{}
				for wi, w := range group {
					at := l.at(f, index(gp, wi))
					fw := fold(w)
					switch p, dup := first[lang][fw]; {
					case l.skip(f, index(gp, wi)):
					case fw == "":
						l.probs.add(at, "synonyms (%s): empty word", lang)
					case inGroup[fw]:
						l.probs.add(at, "synonyms (%s): %q is twice in its group", lang, w)
					case dup:
						l.probs.add(at, "synonyms (%s): %q is already in another group (first at %s)", lang, w, p)
					default:
						first[lang][fw] = at
						inGroup[fw] = true
					}
				}
			}
		}
	}
}
