package knowledge

import (
	"maps"
	"regexp"
	"strings"
)

// ContextNames returns the trigger lists the screen's context rules read
// from the context section (see content/context.yaml), with what each does,
// a new map each call. A list of another name is reported by lint: the
// engine would never read it.
func ContextNames() map[string]string { return maps.Clone(contextNames) }

// contextNames are ContextNames.
var contextNames = map[string]string{
	"negation":         "a word that denies what follows in its clause (no, not, sin, nunca)",
	"post_negation":    "a word that, ending a clause, denies the clause before it (tingling? no)",
	"pseudo_negation":  "a phrase with a negation word that is no denial: inability or persistence is the sign (can not, won't stop, no para)",
	"terminate":        "a word that ends the scope of a negation (but, pero, and, y)",
	"list":             "a word that carries a negation over a list (or, nor, ni)",
	"listing":          "a negation that starts a clinical list, carried over commas (denies, sin)",
	"reassurance":      "a word that, ending a clause, says it is fine (fine, normal, bien)",
	"inability":        "a verb of being able; a negation before it is inability, not denial (puedo, logro)",
	"hypothetical":     "a phrase that makes the rest of its sentence a question or a what-if (what if, signs of, que pasa si)",
	"hypothetical_any": "a marker that its sentence and the one before are asked out of curiosity or for someone else (just curious, solo pregunto)",
	"conjunction":      "a word that joins a clinical list after a listing negation (denies CP and SOB)",
	"conditional":      "a word that makes a hypothetical trigger a condition, which hedges even a written reading (if, si, case)",
	"baby_object":      "a word just before the baby that makes it an object or a companion, not the subject (holding the baby, con el bebé)",
	"actual":           "a phrase that makes a hypothetical sentence a report again (right now, ahorita)",
	"actual_before":    "a marker that the question or what-if in the sentence before is the writer's own (asking for real, not for a story, pregunto en serio)",
	"history":          "a phrase that puts its sentence in the past history (last pregnancy, hace años)",
	"baby":             "a word for the baby: a clause with it is about the baby",
	"first_person":     "a word for the writer as subject: a clause with it is about the writer",
	"reporting":        "a verb after a first-person word that only reports (i think, i noticed, creo): the clause may still be about the baby",
	"bp_words":         "a word that makes a short reading a blood pressure (la presión 14/9 is 140/90)",
	"weather_before":   "a word just before a temperature that makes it the weather (hace 40 grados, it's 38 degrees)",
	"not_body":         "a word that makes a temperature not a body's (outside, weather, afuera, agua)",
	"comparison":       "a phrase just before a history phrase that makes it a comparison, in a sentence with a relapse word: the clause is now (again like in high school, otra vez como en la secundaria)",
	"relapse":          "a word that says a present act or thought repeats a past one (again, otra vez): with a comparison, the clause is now",
	"recent_birth":     "a birth someone else just had (dio a luz hace 5 días, she just gave birth): a relative's event told with it is current, not family history",
	"intrusive":        "a thought said to keep coming back or to frighten (the thought keeps coming back, esa idea me asusta): a crisis sign found only in the what-if of its sentence or the one before is current",
}

// validConceptID is what a concept name may look like after "@".
var validConceptID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// concepts checks the concepts and the context lists: well-formed unique
// names, words in every language, items that are valid phrases.
func (l *loader) concepts(b *Base) {
	check := func(cs []*Concept, what string, known map[string]string) {
		first := map[string]Pos{}
		for _, c := range cs {
			ctx := what + " " + name(c.ID, "")
			at := l.at(c, "id")
			switch {
			case l.skip(c, "id"):
				continue
			case c.ID == "":
				l.probs.add(l.at(c, ""), "%s has no id", what)
				continue
			case !validConceptID.MatchString(c.ID):
				l.probs.add(at, "%s %q: use lower-case letters, digits and '_' only", what, c.ID)
			case known != nil && known[c.ID] == "":
				l.probs.add(at, "%s %q: unknown context list (known: %s)", what, c.ID, strings.Join(sortedKeys(known), ", "))
			}
			if p, dup := first[c.ID]; dup {
				l.probs.add(at, "duplicate %s %s (first at %s)", what, c.ID, p)
			} else {
				first[c.ID] = at
			}
			l.list(c, "words", ctx, "words", c.Words, 1, 0)
			for _, lang := range sortedKeys(c.Words) {
				for i, w := range c.Words[lang] {
					if strings.TrimSpace(w) == "" || l.skip(c, index("words."+lang, i)) {
						continue
					}
					if msg := checkPhrase(w); msg != "" {
						l.probs.add(l.at(c, index("words."+lang, i)), "%s: %q: %s", ctx, w, msg)
					} else if strings.Contains(w, "@") {
						l.probs.add(l.at(c, index("words."+lang, i)), "%s: %q: a concept cannot refer to another concept", ctx, w)
					}
				}
			}
		}
	}
	check(b.Concepts, "concept", nil)
	check(b.Context, "context", contextNames)
}

// conceptRefs reports every @name in alternatives that names no concept.
func (l *loader) conceptRefs(b *Base, at Pos, ctx, src string) {
	for w := range strings.FieldsFuncSeq(src, func(r rune) bool { return r == ' ' || r == '|' || r == '+' || r == '\t' }) {
		if id, ok := strings.CutPrefix(w, "@"); ok && b.Concept(id) == nil {
			l.probs.add(at, "%s: unknown concept @%s", ctx, id)
		}
	}
}
