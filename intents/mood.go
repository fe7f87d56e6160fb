package intents

import (
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// What a message whose best entry is a mood entry asks (issue 13, s28 and
// s31-s33). The mood entries answer a parent who tells of their own low
// mood or worry; two kinds of message share their words without being
// that:
//
//   - a question about postpartum depression itself: its signs, a
//     screening form, how to tell it from the baby blues, what it is,
//     whether fathers get it ("what are the signs of ppd?", "¿hay algún
//     test para la depresión posparto?", "do dads get ppd too?"). That is
//     the question of when to see a provider: see_doctor, as for "what are
//     the signs of preeclampsia?";
//   - the baby blues of the first days, named alone or told as passing
//     ("day 3 and i cried at a yogurt ad, baby blues right?", "lloraba
//     por todo los primeros días pero ya se me pasó"): no joint question
//     and no low mood to refer; the fallback.
//
// A report of low mood that lasts is the screen's (signs.yaml), which
// runs first and is untouched here.

// conditionWords name the condition as such, not a feeling, or the form
// that screens for it (the Edinburgh scale, EPDS).
var conditionWords = set(`depression depressions ppd pnd psychosis depresion depresiones psicosis edinburgh edimburgo epds`)

// conditionCues ask about the condition rather than tell of a feeling: its
// signs, a test or form, the difference from something else, what it is.
var conditionCues = set(`sign signs symptom symptoms warning test tests testing screening screen screener questionnaire quiz form scale
	phq difference differences differ apart versus vs distinguish same thing measure measures mide
	senal senales signo signos sintoma sintomas test cuestionario encuesta escala diferencia diferencias diferenciar
	distinguir distingo distingue mismo misma`)

// fatherWords ask whether fathers get it too ("do dads get ppd?", "los
// hombres también pueden tener depresión?").
var fatherWords = set(`dad dads father fathers men man guys papa papas padre padres hombre hombres`)

// knowWords, after a "how" within three words, ask how to tell ("how do
// i know if it's ppd", "cómo sé si es depresión").
var (
	knowWords = set(`know tell sure saber se sabe`)
	howWords  = set(`how como`)
	whatWords = set(`what whats que`)
	isWords   = set(`is es its`)
)

// bluesWords name the baby blues or the first days after the birth.
var (
	bluesWords = set(`blues`)
	dayWords   = set(`day days dia dias`)
	firstWords = set(`first primeros primeras primer primera`)
	// before every per-token look-up in bluesWords and firstWords
	bluesFilter, firstFilter = filterOf(bluesWords), filterOf(firstWords)
	earlyWords               = set(`days week dias semana`)
)

// earlyDays is the last day after the birth that counts as the first
// days, the time of the baby blues.
const earlyDays = 14

// asksCondition reports whether a message asks about postpartum
// depression (or psychosis) itself rather than telling of a feeling.
func asksCondition(a *analysis) bool {
	named, cue := false, false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		w := t.orig
		switch {
		case conditionWords[w] || conditionWords[t.text]:
			named = true
		case conditionCues[w] || fatherWords[w]:
			cue = true
		case knowWords[w] && howBefore(a, i):
			cue = true
		case w == "whats" || isWords[w] && i > 0 && whatWords[a.toks[i-1].orig]:
			cue = true // "what is ppd", "qué es la depresión posparto"
		}
	}
	return named && (cue || saysBlues(a))
}

// howBefore reports whether a "how" word is among the three words before
// token i.
func howBefore(a *analysis, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if howWords[a.toks[j].orig] {
			return true
		}
	}
	return false
}

// saysBlues reports whether a message names the baby blues or the first
// days after the birth ("day 4", "4 días", "los primeros días").
func saysBlues(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		switch t.kind {
		case tokWord:
			if bluesFilter.may(t.orig) && bluesWords[t.orig] {
				return true
			}
			if !firstFilter.may(t.orig) {
				continue
			}
			if firstWords[t.orig] && i+1 < len(a.toks) && earlyWords[a.toks[i+1].orig] {
				return true
			}
			if firstWords[t.orig] && i+2 < len(a.toks) && a.toks[i+1].orig == "few" && earlyWords[a.toks[i+2].orig] {
				return true
			}
		case tokNumber:
			if t.num < 1 || t.num > earlyDays {
				continue
			}
			if i > 0 && dayWords[a.toks[i-1].orig] || i+1 < len(a.toks) && dayWords[a.toks[i+1].orig] {
				return true
			}
		}
	}
	return false
}

// asksAboutMood reports whether a message, with a mood entry among its
// candidates (moodNear) and best its best entry, asks about the condition
// the mood entries name (see_doctor answers it). best may be any entry but
// a joint's, an exercise or a tip: a mood entry, a general one ("cómo
// distingo la depresión posparto del cansancio normal?" shares "normal"
// with the overview), one about the bot ("how do you tell the blues from
// ppd? it's for a blog post"), or see_doctor itself, which needs no mood
// candidate ("una amiga tuvo psicosis posparto, ¿cómo sé si me está
// pasando?").
func (m *Matcher) asksAboutMood(a *analysis, best int, moodNear bool) bool {
	if best < 0 || m.escalate < 0 {
		return false
	}
	switch m.entries[best].Kind {
	case knowledge.KindBodyArea, knowledge.KindExercise, knowledge.KindTip:
		return false
	}
	return (moodNear || best == m.escalate) && asksCondition(a)
}

// moodQuestion returns the entry that answers a message whose best entry
// is best when it is not a report of the parent's mood: see_doctor for a
// question about the condition (condition, from asksAboutMood), the
// fallback for the baby blues alone when best is a mood entry. ok is
// false otherwise.
func (m *Matcher) moodQuestion(a *analysis, best int, condition bool) (entry int, ok bool) {
	switch {
	case best < 0:
		return 0, false
	case condition:
		return m.escalate, true
	case isMood(m.entries[best]) && saysBlues(a) && !weeksOn(a) && m.fallback >= 0:
		return m.fallback, true
	case (namesBlues(a) || saysBlues(a) && cries(a)) && generalKind(m.entries[best].Kind) && !ownPain(a) && !namesJoint(a) && m.fallback >= 0:
		// "day 3 and i cried over the yogurt, hormones are unreal, this
		// is the baby blues right?", "lloro por todo, son las hormonas?
		// día 5": the hormones are the blues', no joint's
		return m.fallback, true
	}
	return 0, false
}

// cryWords are crying, as tears in the first days tell the blues.
var cryWords = set(`cry cried crying cries teary weepy tearful llore lloro llorar llorando lloraba lloramos`)

// cries reports whether a message tells of crying.
func cries(a *analysis) bool { return a.hasWordIn(cryWords) }

// laterWords count weeks or months; weeksOn reports whether a message
// tells of three weeks or more ("ya van 6 semanas y sigo igual"): no
// longer the first days, whatever it calls them.
var laterWords = set(`week weeks wk wks month months mo semana semanas mes meses`)

func weeksOn(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokNumber && t.num >= 3 && i+1 < len(a.toks) && laterWords[a.toks[i+1].orig] {
			return true
		}
	}
	return false
}

// sadWords and afterBirthWords make the blues in other words: "la
// tristeza de después del parto", "postpartum sadness".
var (
	sadWords        = set(`sadness tristeza tristezas`)
	sadFilter       = filterOf(sadWords) // before every per-token look-up in sadWords
	afterBirthWords = set(`postpartum posparto`)
)

// namesBlues reports whether a message names the blues ("baby blues",
// "las tristezas de después del parto").
func namesBlues(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		if bluesFilter.may(t.orig) && bluesWords[t.orig] {
			return true
		}
		if sadFilter.may(t.orig) && sadWords[t.orig] {
			for j := max(0, i-2); j < len(a.toks) && j <= i+2; j++ {
				if afterBirthWords[a.toks[j].text] {
					return true
				}
			}
		}
	}
	return false
}

// generalKind reports whether entries of kind k answer about joint pain in
// general: what it is, its causes, what it feels like and how long it lasts.
func generalKind(k knowledge.Kind) bool {
	return k == knowledge.KindOverview || k == knowledge.KindCause || k == knowledge.KindSymptom
}

// namesJoint reports whether a message names a joint or a body part.
func namesJoint(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokWord && (jointWords[t.orig] || jointWords[t.text] || ownBodyWords[t.orig] || ownBodyWords[t.text]) {
			return true
		}
	}
	return false
}

// Whether crying or sadness in the first days is normal, asked as such
// (s37-s39: "is it normal to feel weepy the first week?", "¿es normal
// llorar sin razón la primera semana?", "feeling weepy, baby is 5 days
// old. normal?"), is the question of when the blues stop being normal:
// see_doctor says what is expected and when to call. The blues told by
// a trivial trigger ("lloro hasta con los anuncios, es normal?") stay the
// fallback's, as does "my mom says it's normal" (nothing asked).
var (
	normalWords   = set(`normal normales normalito`)
	feelSadWords  = set(`sad weepy teary tearful emotional triste tristeza llorona lloron sensible bajoneada bajoneado`)
	bluesTriggers = set(`commercial commercials comercial comerciales anuncio anuncios ad ads advert adverts`)
)

// asksBluesNormal reports whether a message asks whether crying or
// sadness in the first days after the birth is normal.
func asksBluesNormal(a *analysis) bool {
	if !a.asks || weeksOn(a) {
		return false
	}
	normal, feel, early := false, false, saysBlues(a)
	for i := range a.toks {
		t := &a.toks[i]
		switch {
		case t.kind != tokWord:
		case normalWords[t.orig]:
			normal = true
		case feelSadWords[t.orig] || cryWords[t.orig]:
			feel = true
		case bluesTriggers[t.orig]:
			return false
		}
	}
	return normal && feel && early && ownFeeling(a)
}

// selfWords tell of the writer herself; womanWords of another grown woman
// ("my daughter is 4 days postpartum and crying at everything"), whose
// blues are told, not asked about as one's own; babyWords of the baby,
// whose crying is the baby's care.
var (
	selfWords  = set(`i im me my feel feeling felt yo me mi estoy lloro siento sentir ando tengo`)
	womanWords = set(`daughter wife sister girlfriend hija esposa hermana novia nuera mujer`)
	babyWords  = set(`baby babies newborn bebe beba nena nene nino nina`)
)

// ownFeeling reports whether the crying or sadness of a message is the
// writer's own: told in the first person or asked in general ("is it
// normal to cry...", "es normal llorar..."), with no grown woman named
// and no baby crying.
func ownFeeling(a *analysis) bool {
	own := false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		switch {
		case womanWords[t.orig]:
			return false
		case babyWords[t.orig] && i+2 < len(a.toks) && (cryWords[a.toks[i+1].orig] || cryWords[a.toks[i+2].orig] || a.toks[i+1].orig == "llore"):
			return false // "es normal que el bebé llore tanto?"
		case selfWords[t.orig]:
			own = true
		case normalWords[t.orig] && i+1 < len(a.toks) && (a.toks[i+1].orig == "to" || infinitive(a.toks[i+1].orig)):
			own = true // "is it normal to cry", "es normal llorar"
		}
	}
	return own
}

// infinitive reports whether a Spanish word looks like an infinitive
// ("llorar", "estar", "sentirse").
func infinitive(w string) bool {
	w = strings.TrimSuffix(w, "se")
	return len(w) > 3 && (strings.HasSuffix(w, "ar") || strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir"))
}
