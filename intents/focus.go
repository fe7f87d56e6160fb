package intents

import (
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// What a message is about, beyond which words it has: the scorer weighs a
// keyword less when the words around it say it is not the question.
//
//   - a keyword said in the negative ("no redness or heat") or inside a
//     past-history clause ("tuve preeclampsia con mi primer hijo, ahora
//     estoy bien, ¿qué ejercicios me ayudan con la cadera?"): the history
//     is context, the question comes after it;
//   - a keyword of a mood entry inside a clause about the baby ("el bebé
//     llora y no para, y ya me duelen los hombros"): the crying is the
//     baby's, not the parent's low mood;
//   - "back" that is no body part ("going back to bed", "change it back",
//     "cash back", "strengthen stuff back up").
const (
	pastKeywordWeight = 0.25
	babyKeywordWeight = 0.4
)

// keywordWeight scales the weight of a keyword of entry e that starts at
// token t. A past-history clause counts in full again when the keywords
// outside one do not add up to a match (see Matcher.score): "tuve preeclampsia en el
// embarazo, ¿me puede volver a dar?" asks about that history.
func keywordWeight(t *token, e *knowledge.Entry) float64 {
	switch {
	case t.neg && !negationInvariant[e.ID]:
		return negatedKeywordWeight
	case t.past:
		return pastKeywordWeight
	case t.baby && isMood(e):
		return babyKeywordWeight
	}
	return 1
}

// negationInvariant are the entries whose subject a negation does not
// change: "not cleared yet", "todavía no me da el alta" ask whether
// exercise is safe as much as "cleared" does.
var negationInvariant = map[string]bool{"exercise_safety": true}

// getsUp reports whether token i is a reflexive "levantarse" (getting up
// from a bed or a sofa: "me levanto toda torcida", "al levantarme"), not
// lifting the baby.
func getsUp(a *analysis, i int) bool {
	t := &a.toks[i]
	switch t.orig {
	case "levantarme", "levantandome":
		return true
	case "levanto", "levante", "levantaba":
		return i > 0 && a.toks[i-1].orig == "me"
	}
	return false
}

// oneHanded reports whether token i is "handed" in "one handed" ("typing
// one handed sorry"): how the parent types, not the hand.
func oneHanded(a *analysis, i int) bool {
	return a.toks[i].orig == "handed" && i > 0 && (a.toks[i-1].orig == "one" || a.toks[i-1].orig == "single")
}

// notBodyWord reports whether token i is a body or lifting word that
// says nothing of the body here: "back" that is no body part, getting
// up, typing one handed. A single-word keyword does not match it.
func notBodyWord(a *analysis, i int) bool {
	return notBodyBack(a, i) || getsUp(a, i) || oneHanded(a, i)
}

// isMood reports whether e answers about the parent's mood (mood.yaml):
// what the baby does ("el bebé llora y no para") is no mood of theirs.
func isMood(e *knowledge.Entry) bool { return strings.HasPrefix(e.ID, "mood.") }

// backBody: after these words "back" is the body ("my back", "lower
// back", "sore back", "lying on your back"); before these it is the body
// too ("back pain", "back hurts").
var (
	backBodyBefore = set(`my her his your our their the a lower low upper mid middle whole entire sore bad achy stiff aching hurting tight weak painful this that its im mi`)
	backBodyAfter  = set(`pain pains ache aches aching achy hurts hurt hurting spasm spasms problem problems issues muscle muscles stiffness injury support brace sore is was feels felt still has keeps and labor`)
	// backAdverbBefore: "go back", "change back", "hear back", "cash back"; backAdverbAfter: "back home", "back from a walk"
	backAdverbBefore = set(`go goes going gone went come comes coming came change changed changing turn turned turning switch switched put putting bring brings brought call calls called calling hear heard hearing write wrote text texted read cash pay paid payback give gave giving take took taking fall fell head heading look looking looked step stepped set send sent bounce bounced bouncing way stuff things them it everything sleep reminders reminder notifications nudges alerts`)
	backAdverbAfter  = set(`to up home then online forth from at`)
	// notBodyAfter: "back pocket", "back yard", "hip hop": a place or a
	// thing, not the body
	notBodyAfter = set(`pocket pockets yard yards seat seats door doors porch end row office burner button hop`)
)

// notBodyBack reports whether token i is "back" that is no body part.
func notBodyBack(a *analysis, i int) bool {
	t := &a.toks[i]
	if t.orig == "backed" || t.orig == "backing" {
		return true // "backed by research", "backing up": never the body
	}
	if t.orig != "back" {
		return false
	}
	prev, next := "", ""
	if i > 0 && a.toks[i-1].kind == tokWord {
		prev = a.toks[i-1].orig
	}
	if i+1 < len(a.toks) && a.toks[i+1].kind == tokWord {
		next = a.toks[i+1].orig
	}
	switch {
	case notBodyAfter[next], prev == "im" && backAdverbAfter[next]:
		return true // "back pocket"; "i'm back at work", "im back to running"
	case backBodyAfter[next] && !backAdverbBefore[prev], backBodyBefore[prev]:
		return false
	case backAdverbBefore[prev], backAdverbAfter[next], notBodyAfter[next]:
		return true
	}
	return false
}

// prefersNamed reports whether entry next, an exercise named by one of its
// own decisive keywords, should answer instead of entry best, the body
// area a word of that exercise's name or steps matched ("standing child's
// pose: do i bend my knees?", "the bridge, is it ok for my lower back"),
// or the cause a word of its name matched ("la postura del niño" is no
// question about posture).
func (m *Matcher) prefersNamed(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].Kind != knowledge.KindBodyArea && m.entries[best].Kind != knowledge.KindCause ||
		m.entries[next].Kind != knowledge.KindExercise || nextS < remedyRatio*bestS {
		return false
	}
	return m.matchesDecisive(a, int32(next))
}

// prefersCause reports whether entry next, a cause, should answer instead
// of entry best, a tip on the same subject, because the message asks why
// ("sleeping in 90 minute chunks, is that why everything hurts?",
// "¿dormir tan poco hace que me duela más?").
//
// The overview yields to the general causes entry the same way, further
// behind, when the message opens with its why ("xq me duelen tanto las
// articulaciones después del parto??"): the overview says what the pain
// is, the causes entry why.
func (m *Matcher) prefersCause(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[next].Kind != knowledge.KindCause {
		return false
	}
	switch m.entries[best].Kind {
	case knowledge.KindTip:
		return nextS >= causeRatio*bestS && asksWhy(a)
	case knowledge.KindOverview:
		return m.entries[next].ID == causesEntry && nextS >= overviewCauseRatio*bestS && opensWithWhy(a)
	}
	return false
}

// prefersMicro reports whether entry next, short exercises fitted into the
// day, should answer instead of entry best, the tip for a chore of baby
// care, because the message asks for exercise during that chore
// ("ejercicios mientras cambio pañales o doy pecho??", "stretches i can
// do while she feeds"): the chore is when, not what. The exercise may be
// named after the chore too ("mientras le cambio el pañal, ¿qué ejercicio
// puedo hacer?", "stuff i can do during changes to get some movement in").
func (m *Matcher) prefersMicro(a *analysis, best, next int) bool {
	if best < 0 || next < 0 || m.entries[next].ID != microEntry || m.entries[best].Kind != knowledge.KindTip && m.entries[best].ID != "exercises" {
		return false
	}
	talk, during := false, false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		if exerciseTalk(t.orig) && t.orig != "one" && t.orig != "una" && t.orig != "uno" || microTalk[t.orig] {
			talk = true
		} else if whileWords[t.orig] && i+1 < len(a.toks) && a.toks[i+1].kind == tokWord {
			during = true // not "puedo estirarme mientras?" (meanwhile)
		}
		if talk && during {
			return true
		}
	}
	return false
}

// microTalk names exercise in the words of someone short of time
// ("workouts", "some movement in"), besides exerciseTalk's.
var microTalk = set(`workouts movement moving ejercitarme moverme`)

// microEntry is the tip of short exercises fitted into the day.
const microEntry = "tip.micro_exercise"

// whileWords put an exercise inside a moment of the day.
var whileWords = set(`while during mientras durante`)

// causesEntry is the general answer to why joints hurt after the birth.
const causesEntry = "causes"

// overviewCauseRatio is the score a cause needs against the overview to
// answer a message that opens with why.
const overviewCauseRatio = 0.6

// opensWithWhy reports whether the first word of a message asks why
// ("why", "xq", "pq", "por qué").
func opensWithWhy(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		return whyWords[t.orig] && t.orig != "cause" && t.orig != "causes" || openWhy[t.orig] ||
			t.orig == "por" && i+1 < len(a.toks) && a.toks[i+1].orig == "que"
	}
	return false
}

// openWhy are chat spellings of why that open a question.
var openWhy = set(`pq porq xk pk porque`)

// prefersArea reports whether entry next, a body area, should answer
// instead of entry best, a cause, in a message that tells of the pain
// without asking anything or guessing at a cause ("me duele la espalda de tanto cargarlo", "my wrist
// is killing me from holding her all day"): the area's answer says what
// helps; the cause's only why it hurts.
func (m *Matcher) prefersArea(a *analysis, best, next int, bestS, nextS float64) bool {
	// stress told beside the pain is the message's point ("my neck gets
	// tight when she visits"): cause.stress keeps it
	if best < 0 || next < 0 || m.entries[best].Kind != knowledge.KindCause || m.entries[best].ID == "cause.stress" ||
		m.entries[next].Kind != knowledge.KindBodyArea || nextS < areaRatio*bestS {
		return false
	}
	if a.asks || asksWhy(a) || !ownPain(a) {
		return false
	}
	// "creo que por eso me duele la cintura": the cause is told, not asked
	return !a.hasWordIn(causalWords)
}

// causalWords ask or guess at a cause even without a question mark.
var causalWords = set(`eso connected related linked cause causes causing causa causan causar relacion culpa reason razon debido because`)

// areaRatio is the score a body area needs against a cause to answer a
// statement of pain.
const areaRatio = 0.7

// causeRatio is the score a cause needs against a tip to answer a why.
const causeRatio = 0.8

// prefersRequest reports whether entry next, a request about the service
// (reminders, privacy), should answer instead of entry best, a greeting,
// thanks or goodbye said beside it ("ya no quiero los recordatorios,
// gracias"): the courtesy is not what the message asks.
func (m *Matcher) prefersRequest(best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || nextS < requestRatio*bestS {
		return false
	}
	b, n := m.entries[best], m.entries[next]
	return b.Kind == knowledge.KindSmallTalk && courtesies[b.ID] && (n.Kind == knowledge.KindNudge || n.Kind == knowledge.KindPrivacy)
}

// prefersHelp reports whether entry next, what the bot can do, should
// answer instead of entry best, a greeting or goodbye ("buenas noches"
// is both), because a question follows the greeting the message opens
// with ("buenas noches, ¿qué puedes hacer?", "hey, good evening. what are
// you for?"): the greeting is courtesy, the question is the message.
func (m *Matcher) prefersHelp(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || nextS < m.cfg.MinScore || !courtesies[m.entries[best].ID] {
		return false
	}
	if m.entries[best].ID == greetingEntry && knowledgeKind(m.entries[next].Kind) && nextS >= greetedQuestionRatio*bestS &&
		opensWithGreeting(a) && wordCount(a) >= greetedQuestionWords && m.matchesKeyword(a, int32(next), 2) {
		// round 14: "hola che buen día quería saber si es normal que me
		// duelan las manos...": a long question after the greeting, no
		// comma between them, is the message
		return true
	}
	if !a.asks || m.entries[next].ID != helpEntry {
		return false
	}
	return openingGreeting(a) >= 0 && m.matchesKeyword(a, int32(next), serviceWeight)
}

// greetedQuestionWords is how many words a message that opens with a
// greeting needs for its question, not the greeting, to be the message.
const greetedQuestionWords = 10

// greetedQuestionRatio is the score that question needs against the
// greeting ("hola", "buenas tardes" add up to a lot).
const greetedQuestionRatio = 0.5

// opensWithGreeting reports whether the first word greets.
func opensWithGreeting(a *analysis) bool {
	for i := range a.toks {
		if a.toks[i].kind == tokWord {
			return greetWords[a.toks[i].orig]
		}
	}
	return false
}

// wordCount counts the words of a message.
func wordCount(a *analysis) int {
	n := 0
	for i := range a.toks {
		if a.toks[i].kind == tokWord {
			n++
		}
	}
	return n
}

// courtesies are the small-talk entries a request beside them outranks.
var courtesies = map[string]bool{greetingEntry: true, thanksEntry: true, goodbyeEntry: true}

// requestRatio is the score a request needs against a courtesy.
const requestRatio = 0.6

// prefersStop reports whether the message asks to stop the reminders it
// names ("quita los avisos diarios"): entry next, unsubscribing, answers
// instead of entry best, subscribing.
func (m *Matcher) prefersStop(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[best].ID != "nudge.subscribe" || m.entries[next].ID != "nudge.unsubscribe" || nextS < stopRatio*bestS {
		return false
	}
	for i := range a.toks {
		if a.toks[i].kind != tokWord {
			continue
		}
		if stopVerbs[a.toks[i].orig] {
			return true
		}
		// "turn off the daily nudges", "turn them off", "turn the morning nudges off"
		if offVerbs[a.toks[i].orig] {
			for j := i + 1; j < len(a.toks) && j <= i+4 && a.toks[j].kind == tokWord; j++ {
				if a.toks[j].orig == "off" {
					return true
				}
			}
		}
	}
	return false
}

// offVerbs ask to stop something with "off" after them.
var offVerbs = set(`turn turning switch shut`)

// stopVerbs ask to stop or remove something.
var stopVerbs = set(`stop cancel remove delete quit disable mute pause unsubscribe
	quita quitame quitar quitalos saca sacame sacar sacalos cancela cancelar cancelalos borra borrar borralos elimina eliminar
	desactiva desactivar desactivalos parar paralos basta pausa pausar pausalos apaga apagar apagalos silencia silenciar`)

// stopRatio is the score unsubscribing needs against subscribing.
const stopRatio = 0.6

// weatherHeat reports whether token i is the weather's heat, not heat on a
// sore joint: "hace un calor de 40 grados", "muerta de calor", "heat
// index is 104", "it's so hot out".
func weatherHeat(a *analysis, i int) bool {
	t := &a.toks[i]
	if t.kind != tokWord || !heatFilter.may(t.orig) || !heatWords[t.orig] {
		return false
	}
	word := func(j int) string {
		if j < 0 || j >= len(a.toks) || a.toks[j].kind != tokWord {
			return ""
		}
		return a.toks[j].orig
	}
	p1, p2, n1 := word(i-1), word(i-2), word(i+1)
	switch {
	case p1 == "hace" || p1 == "que" || heatAfter[n1]:
		return true
	case (p1 == "un" || p1 == "mucho" || p1 == "tanto") && p2 == "hace":
		return true
	case p1 == "de" && (p2 == "muerta" || p2 == "muerto" || p2 == "ola" || p2 == "muriendo"):
		return true
	}
	return false
}

// weatherTold reports whether the message tells of the weather's heat
// anywhere ("hace 35 grados en Rosario ... ¿tendrá algo que ver el
// calor?", "it's 101 degrees out ... is it the heat"): then every heat
// word in it is the weather's, not a heat pack asked about, unless a
// heat pack or compress is named outright.
func weatherTold(a *analysis) bool {
	told := false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		if heatTherapyFilter.may(t.orig) && heatTherapy[t.orig] {
			return false
		}
		if weatherHeat(a, i) {
			told = true
			continue
		}
		if (t.orig == "grados" || t.orig == "degrees") && i > 0 && a.toks[i-1].orig != "" && a.toks[i-1].orig[0] >= '0' && a.toks[i-1].orig[0] <= '9' {
			told = true
		}
	}
	return told
}

var (
	// heatTherapy names heat or cold put on a joint: with one of them the
	// heat words are the tip's whatever the weather
	heatTherapy = set(`pad pads pack packs compress compresa compresas almohadilla hielo ice guatero bolsa shower ducha bath bano tina`)
	heatWords   = set(`heat hot calor caloron`)
	// before every per-token look-up in heatTherapy and heatWords
	heatTherapyFilter, heatFilter = filterOf(heatTherapy), filterOf(heatWords)
	heatAfter                     = set(`index wave out outside today afuera`)
)

// heatEntry is the entry of heat and cold on sore joints, whose heat
// keywords the weather's heat does not match.
const heatEntry = "tip.heat_cold"

// prefersSchedule reports whether the message sets a time for something
// to be sent ("send me a stretch every day at 7:30pm"): entry next,
// subscribing, answers instead of entry best, what would be sent.
func (m *Matcher) prefersSchedule(a *analysis, best, next int, bestS, nextS float64) bool {
	if best < 0 || next < 0 || m.entries[next].ID != "nudge.subscribe" || m.entries[best].Kind == knowledge.KindNudge || nextS < stopRatio*bestS {
		return false
	}
	for i := range a.toks {
		w := a.toks[i].orig
		if a.toks[i].kind == tokWord && w != "" && w[0] >= '0' && w[0] <= '9' && timeWord(w) && !timeWords[w] {
			if w[len(w)-1] < '0' || w[len(w)-1] > '9' || i > 0 && (a.toks[i-1].orig == "at" || a.toks[i-1].orig == "las") {
				return true // "7:30pm", "8am", "14h", "at 7", "a las 7"
			}
		}
	}
	return false
}
