package intents

import "github.com/carebot/carebot/knowledge"

// A named remedy or activity beats the body area it is for: "can i use a
// massage gun on my lower back", "is it ok if she sleeps in my bed, it's
// easier on my back", "¿puedo tomar ibuprofeno? me duele la espalda". When
// the best entry is a body area and the runner-up, a tip, scores close to it
// and matched one of its own decisive keywords, the tip answers (its
// buttons lead back to the area). A message that asks why keeps the area.
const (
	remedyRatio    = 0.6 // the tip's score against the area's
	decisiveWeight = 3.0 // a keyword that names the tip on its own
)

// prefersRemedy reports whether entry next (scoring nextS) should answer
// instead of entry best (scoring bestS).
func (m *Matcher) prefersRemedy(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].Kind != knowledge.KindBodyArea ||
		m.entries[next].Kind != knowledge.KindTip || nextS < remedyRatio*bestS {
		return false
	}
	return !asksWhy(a) && m.matchesDecisive(a, int32(next))
}

// whyWords ask for a cause: "is that why my back is sore" is about the
// area, not the remedy.
var whyWords = set(`why xq causing cause causes causa causan`)

// asksWhy reports whether a message asks for a cause.
func asksWhy(a *analysis) bool {
	prev := ""
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		// "¿será que me duele por alzarla?" guesses at a cause as "por qué" asks one
		if whyWords[t.orig] || (prev == "por" || prev == "sera") && t.orig == "que" {
			return true
		}
		prev = t.orig
	}
	return false
}

// matchesDecisive reports whether a decisive keyword of entry, not said in
// the negative, matches the message.
func (m *Matcher) matchesDecisive(a *analysis, entry int32) bool {
	for i := range a.toks {
		if a.toks[i].past {
			continue // "the bridge helped, now my knees?"
		}
		if m.keywordAt(a, i, entry, decisiveWeight) {
			return true // keywordAt leaves out the negated: "no heat"
		}
	}
	return false
}

// matchesKeyword reports whether a keyword of entry weighing at least
// minWeight, not said in the negative, matches the message.
func (m *Matcher) matchesKeyword(a *analysis, entry int32, minWeight float64) bool {
	for i := range a.toks {
		if m.keywordAt(a, i, entry, minWeight) {
			return true
		}
	}
	return false
}

// keywordAt reports whether a keyword of entry weighing at least
// minWeight starts at token i, not said in the negative.
func (m *Matcher) keywordAt(a *analysis, i int, entry int32, minWeight float64) bool {
	t := &a.toks[i]
	if t.neg {
		return false
	}
	for kwi := range m.keywordsAt(t) {
		kw := &m.kws[kwi]
		if kw.entry != entry || kw.weight < minWeight {
			continue
		}
		if _, ok := m.matchAt(a, kw.p, i); ok {
			return true
		}
	}
	return false
}

// A posture asked for an activity is the activity's tip: "y pa sacarlo
// del corral qué postura es la buena?", "se me durmió el pie dando pecho,
// hay alguna postura mejor?", "best posture for nursing at night?". When
// the best entry is posture as a cause and a tip among the next two
// matched one of its own keywords (weight activityWeight or more: the
// crib, the feeding) and scores at least activityRatio of it, the tip
// answers, unless the message asks why ("is my posture why my back hurts").
const (
	postureEntry   = "cause.posture"
	activityRatio  = 0.5
	activityWeight = 1.0
)

// prefersActivity reports whether entry next, a tip, should answer
// instead of entry best, posture as a cause.
func (m *Matcher) prefersActivity(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].ID != postureEntry ||
		m.entries[next].Kind != knowledge.KindTip || nextS < activityRatio*bestS {
		return false
	}
	return !asksWhy(a) && m.matchesKeyword(a, int32(next), activityWeight)
}

// adviceWords ask what to do about something, not why it happens.
var adviceWords = set(`advice tips recs ways cope coping manage managing handle consejo consejos recomendacion recomendaciones maneras formas
	recomiendas recomienda sobrellevar manejar llevarlo`)

// asksAdvice reports whether a message asks for advice.
func asksAdvice(a *analysis) bool { return a.hasWordIn(adviceWords) }

// prefersTip reports whether entry next, a tip, should answer instead of
// entry best, a cause on the same subject (a keyword of each starts at the
// same word), because the message asks for advice, not why ("algún
// consejo para el estrés?", "any tips for coping with the stress?"): the
// reverse of prefersCause.
func (m *Matcher) prefersTip(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].Kind != knowledge.KindCause ||
		m.entries[next].Kind != knowledge.KindTip || nextS < causeRatio*bestS || asksWhy(a) || !asksAdvice(a) {
		return false
	}
	for i := range a.toks {
		if m.keywordAt(a, i, int32(best), 0) && m.keywordAt(a, i, int32(next), 0) {
			return true
		}
	}
	return false
}

// prefersCalming reports whether entry next, the tip on easing stress,
// should answer instead of entry best, a mood entry, because the message
// asks for a way to calm down or relax after telling of a hard day ("hoy
// lloré en el trabajo, ¿algo pa calmarme?", "rough day, how do i
// unwind"): the sadness is the setting, the calm is asked for. A mood
// told for three weeks or more keeps its entry.
func (m *Matcher) prefersCalming(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || !isMood(m.entries[best]) || m.entries[next].ID != stressTipEntry ||
		nextS < calmRatio*bestS || weeksOn(a) {
		return false
	}
	return m.matchesKeyword(a, int32(next), calmWeight)
}

// stressTipEntry is the tip on easing stress.
const stressTipEntry = "tip.stress"

// calmRatio is the score the stress tip needs against a mood entry when
// the message asks for calm; calmWeight the least weight of the stress
// tip's keyword that asks for it ("calmarme", "relax", "unwind").
const (
	calmRatio  = 0.4
	calmWeight = 2.5
)

// prefersNamedCause reports whether entry next, one cause, should answer
// instead of entry best, the general causes entry, because the message
// tells its own suspect and asks whether that is it ("duermo 3 horas
// cortadas, ¿será por eso que me duele todo?", "carrying her all day, is
// that why everything aches?"): the named cause's answer is the one
// asked for.
func (m *Matcher) prefersNamedCause(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].ID != causesEntry || m.entries[next].Kind != knowledge.KindCause ||
		nextS < namedCauseRatio*bestS {
		return false
	}
	return guessesCause(a)
}

// namedCauseRatio is the score a named cause needs against the general
// causes entry when the message guesses at it.
const namedCauseRatio = 0.4

// guessesCause reports whether a message points back at a cause it told:
// "por eso", "de eso", "is that why", "because of that", "from that".
func guessesCause(a *analysis) bool {
	prev := ""
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			prev = ""
			continue
		}
		switch {
		case (t.orig == "eso" || t.orig == "esto") && (prev == "por" || prev == "de"),
			(t.orig == "that" || t.orig == "this") && (prev == "from" || prev == "of" || i+1 < len(a.toks) && a.toks[i+1].orig == "why"):
			return true
		}
		prev = t.orig
	}
	return false
}

// prefersSoothing reports whether entry next, an answer about the body,
// should answer instead of entry best, a mood entry, because the crying
// told is the baby's, soothed by the parent, and the parent's own body
// hurts from it ("the crying won't stop tonight and my arms are jelly
// from rocking", "no para de llorar y ya no siento los brazos de tanto
// mecerla"): the rocking makes the crying the baby's, not a low mood.
func (m *Matcher) prefersSoothing(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || !isMood(m.entries[best]) || isMood(m.entries[next]) || !knowledgeKind(m.entries[next].Kind) ||
		nextS < soothingRatio*bestS || !cries(a) || !ownPain(a) {
		return false
	}
	return a.hasWordIn(soothingWords)
}

// soothingWords are the ways a parent soothes a crying baby.
var soothingWords = set(`rocking rock rocked bouncing bounce bounced shushing swaying
	mecer mecerlo mecerla meciendo meciendola meciendolo arrullar arrullarlo arrullarla arrullando`)

// soothingRatio is the score the body's answer needs against a mood entry
// when the crying is the baby's.
const soothingRatio = 0.7
