package intents

import (
	"fmt"

	"github.com/carebot/carebot/knowledge"
)

// Moments: a parent who says what they are doing with the baby right now
// ("warming a bottle now", "estoy calentando el biberón", "changing a
// diaper") gets one short exercise that fits the moment. A moment is found
// when one of its cues matches and the message tells of now rather than
// asks or complains: a pain or a body part ("my back is screaming from
// rocking him") is a topic, not a moment, and so is a question ("how do i
// change a diaper?") unless it also says now ("ahora", "right now").

// momentCue is one compiled cue of a moment.
type momentCue struct {
	p      phrase
	moment int32
	first  string // the cue's first word as written: "cambiando", not "cambie"
}

// addMoments compiles the cues of the knowledge base's moments.
func (m *Matcher) addMoments(kb *knowledge.Base, probs *knowledge.Problems) {
	m.momentByFirstM = make(map[termID][]int32)
	for mi, mo := range kb.Moments {
		for _, lang := range knowledge.Languages() {
			for _, c := range mo.Cues[lang] {
				p, err := m.v.compilePhrase(c, lang)
				if err != nil {
					*probs = append(*probs, knowledge.Problem{Pos: mo.Pos, Msg: fmt.Sprintf("moment %s cue %q: %v", mo.ID, c, err)})
					continue
				}
				i := int32(len(m.momentCues))
				first := ""
				if ws := words(c); len(ws) > 0 {
					first = ws[0]
				}
				m.momentCues = append(m.momentCues, momentCue{p: p, moment: int32(mi), first: first})
				m.momentByFirstM[p[0].term] = append(m.momentByFirstM[p[0].term], i)
			}
		}
	}
}

var (
	nowWords  = set(`now ahora ahorita rn currently`)
	painWords = set(`hurt hurts hurting pain painful sore ache aches aching achy duele duelen dolor dolores adolorida adolorido molesta
		burning burn arden ardor
		back wrist wrists hand hands arm arms thumb thumbs hip hips knee knees neck shoulder shoulders pelvis tailbone
		espalda muneca munecas mano manos brazo brazos pulgar cadera caderas rodilla rodillas cuello hombro hombros pelvis coxis`)
	questionWds = set(`how why what when should can could is are does do which como por que cuando puedo debo sirve es hay cual`)
	// wh-words ask wherever they stand ("..., anyway what's the best height")
	whWords = set(`how why what whats which should cual cuales`)

	// filters before the look-ups made for every word
	nowFilter, painFilter, whFilter = filterOf(nowWords), filterOf(painWords), filterOf(whWords)
)

// momentKinds are the kinds of a scored topic that a moment may replace:
// nothing, service entries, the baby-care tips and a body area guessed
// from the moment's words ("rocking"; a body part named blocks the moment).
// A message whose topic is an exercise, a cause or a symptom asks about
// that.
var momentKinds = map[knowledge.Kind]bool{
	knowledge.KindTip: true, knowledge.KindNudge: true, knowledge.KindSmallTalk: true, knowledge.KindBodyArea: true,
}

// momentOf returns the index of the moment the message tells of, or -1.
func (m *Matcher) momentOf(a *analysis, text string) int {
	if len(m.momentCues) == 0 {
		return -1
	}
	found, now, pain, first := -1, false, false, true
	question := false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		switch {
		case m.wordIs(t, t.orig, flagNow, nowWords, nowFilter):
			now = true
		case m.wordIs(t, t.orig, flagPain, painWords, painFilter) || m.wordIs(t, t.text, flagPain, painWords, painFilter):
			pain = true
		}
		if first {
			question = m.wordIs(t, t.orig, flagQuestion, questionWds, nil)
			first = false
		}
		if m.wordIs(t, t.orig, flagWh, whWords, whFilter) {
			question = true
		}
		if found >= 0 {
			continue
		}
		for ki, k := range t.keys {
			if k == noTerm || (ki == 1 && k == t.keys[0]) {
				continue
			}
			for _, ci := range m.momentList[m.terms[k].moment:m.terms[k+1].moment] {
				c := &m.momentCues[ci]
				if t.orig != c.first && t.text != c.first {
					// the stem alone is not the moment: "cuando le cambie
					// el pañal" told afterwards is not "cambiando el pañal"
					continue
				}
				if _, ok := m.matchAt(a, c.p, i); ok {
					found = int(c.moment)
					break
				}
			}
			if found >= 0 {
				break
			}
		}
	}
	for _, r := range text {
		if r == '?' || r == '¿' {
			question = true
			break
		}
	}
	if found < 0 || pain || question && !now || saysOver(a) {
		return -1
	}
	return found
}

// overPhrases tell that what happened is over: "se me durmió la pierna
// dando teta, ya se pasó" is a story, not a moment to fill with an
// exercise.
var overPhrases = [][]string{
	{"ya", "se", "paso"}, {"ya", "se", "me", "paso"}, {"ya", "paso"}, {"ya", "se", "quito"}, {"ya", "se", "me", "quito"},
	{"it", "passed"}, {"its", "gone"}, {"it", "went", "away"}, {"gone", "now"}, {"passed", "now"},
}

// saysOver reports whether a message tells that what happened is over.
func saysOver(a *analysis) bool {
	for i := range a.toks {
		for _, p := range overPhrases {
			if i+len(p) > len(a.toks) {
				continue
			}
			ok := true
			for j, w := range p {
				if a.toks[i+j].orig != w {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// momentAt returns the id of the moment the message tells of, or "".
func (m *Matcher) momentAt(a *analysis, text string) string {
	if mi := m.momentOf(a, text); mi >= 0 {
		return m.kb.Moments[mi].ID
	}
	return ""
}
