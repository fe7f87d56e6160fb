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
		if whyWords[t.orig] || prev == "por" && t.orig == "que" {
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
		t := &a.toks[i]
		if t.neg {
			continue
		}
		for ki, k := range t.keys {
			if k == noTerm || (ki == 1 && k == t.keys[0]) {
				continue
			}
			for _, kwi := range m.kwByFirst[k] {
				kw := &m.kws[kwi]
				if kw.entry != entry || kw.weight < decisiveWeight {
					continue
				}
				if _, ok := m.matchAt(a, kw.p, i); ok {
					return true
				}
			}
		}
	}
	return false
}
