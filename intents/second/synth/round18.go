package main

import "strings"

// Round 18, retrain on s1-s69 with all synth classes: seed 1 escalated two
// hard negatives of TestKnownPhrasings, a husband quiet in the morning and
// advice followed with a hip better, because the only partners the model
// had seen "not talking" were withdrawn ones and the only "switching" a
// baby believed switched. Two classes, each a cross of parts in both
// languages so the model learns the frame, not a line:
//
//   - partnerMorning: a husband's or partner's ordinary quiet, grumpiness
//     or moods, always with its everyday cause or time (before coffee, at
//     breakfast, after a bad night, his team lost) and most with a
//     habitual or light tail ("always has been", "lol").
//   - adviceBetter: advice followed (switching sides or arms, stretches, a
//     brace, a pillow, ice) and an ache or pain of the back, a hip, a
//     wrist, a shoulder or the knees now better.
//
// Never a negative: a partner who has not spoken for days, stares at the
// wall, threatens, cries, will not eat or leave the bedroom, or calls
// herself a bad mother; the subjects are husbands and partners, never a
// mother, whose withdrawal is a warning sign (round 15, s44). Nor any
// warning sign in the advice lines (a fever, bleeding, the chest,
// breathing, swelling, a baby switched or swapped). TestRound18NoSigns
// holds both.

// partnerMorning are a partner's ordinary quiet or moods.
var partnerMorning = map[string]struct{ subjects, states, tails []string }{
	"en": {
		subjects: []string{
			"my husband", "my partner", "hubby", "my boyfriend", "he", "my fiance", "my hubby", "the husband",
		},
		states: []string{
			"is so quiet in the mornings", "barely says a word before coffee", "is grumpy until the coffee kicks in",
			"doesn't talk much at breakfast", "is not a morning person", "just grunts at me before 8am",
			"is a total zombie in the morning", "only starts talking after the shower", "is cranky when the alarm goes off",
			"mumbles good morning and that's about it", "is moody in the mornings", "goes quiet when work was long",
			"is in a mood because the team lost", "was grumpy this morning after a bad night with the baby",
			"isn't chatty until 10", "needs an hour and two coffees before a conversation", "is short with everyone before breakfast",
			"gets a bit sulky when he's hungry", "was in a mood after the drive home", "is quiet on monday mornings",
		},
		tails: []string{
			"", " lol", ", same every morning", " haha", ", always has been", ", totally normal for him",
			", coffee fixes it", ", chatty again by lunch", ", been like that since we met", ", great with the baby though",
			", anyway how do i get her to nap longer?", ", also my back hurts from the carrier", " 🙄", ", typical",
		},
	},
	"es": {
		subjects: []string{
			"mi esposo", "mi marido", "mi pareja", "mi novio", "él", "mi viejo", "el papá del bebé", "mi señor",
		},
		states: []string{
			"casi no habla antes del café", "no dice ni una palabra en el desayuno", "anda de malas hasta que desayuna",
			"no es de mañanas", "se levanta de malhumor", "anda medio zombi en las mañanas",
			"no habla mucho hasta que se baña", "solo gruñe antes de las 8", "anda de mal humor porque durmió mal",
			"está de malas porque perdió su equipo", "llega serio cuando tuvo mucho trabajo",
			"tarda una hora y dos cafés en hablar", "contesta con monosílabos en la mañana", "se pone de malas cuando suena la alarma",
			"anda de genio los lunes en la mañana", "se pone de mal humor cuando tiene hambre", "no platica nada hasta las 10",
			"amaneció de malas después de la noche con el bebé", "anda callado cuando hay mucho tráfico", "es de pocas palabras en la mañana",
		},
		tails: []string{
			"", " jaja", ", igual todas las mañanas", " jeje", ", siempre ha sido así", ", es normal en él",
			", con el café se le pasa", ", ya para el almuerzo está platicando", ", así es desde que lo conozco", ", pero con el bebé es un amor",
			", oye cómo hago para que duerma más la siesta?", ", y a mí me duele la espalda del portabebé", " 🙄", ", lo de siempre",
		},
	},
}

// adviceBetter are advice followed and an ache now better.
var adviceBetter = map[string]struct{ openers, actions, attributions, parts, results, tails []string }{
	"en": {
		openers: []string{"i've been", "ive been", "been", "i started", "so i've been", "i'm"},
		actions: []string{
			"switching sides when i carry her", "swapping arms with the car seat", "doing the stretches you sent",
			"using a pillow between my knees", "icing my wrist after feeds", "wearing the wrist brace at night",
			"changing hips with the carrier", "sitting up straight while nursing", "putting a rolled towel behind my back",
			"taking warm showers before bed", "walking a bit every day", "lifting the stroller with my knees",
			"using the nursing pillow", "doing the pelvic floor exercises", "putting my feet up in the afternoon",
			"alternating nursing positions", "switching arms for the bottle", "swapping sides on the baby carrier",
		},
		attributions: []string{
			"like you said", "like you suggested", "like you told me", "as you recommended", "like the nurse said",
			"like my physio said", "like you recommended", "per your tip",
		},
		parts: []string{
			"my hip", "my back", "my wrist", "my lower back", "my shoulder", "my knee", "my neck", "my thumb", "my upper back",
		},
		results: []string{
			"is better", "feels so much better", "hurts way less", "is finally better", "barely hurts now",
			"is less sore", "doesn't ache anymore", "is getting better", "is a lot better",
		},
		tails: []string{"", " thanks!", ", thank you", " :)", ", what else can i do?", ", still a bit sore though", " lol", ", any other tips?", " 🙏"},
	},
	"es": {
		openers: []string{"he estado", "estuve", "llevo una semana", "ya llevo días", "ahora ando", "sigo"},
		actions: []string{
			"cambiando de lado al cargarla", "cambiando de brazo con la silla del carro", "haciendo los estiramientos que me mandaste",
			"usando la almohada entre las rodillas", "poniéndome hielo en la muñeca después de las tomas", "usando la muñequera en la noche",
			"cambiando de cadera con el portabebé", "sentándome derecha al amamantar", "poniendo una toalla enrollada en la espalda",
			"bañándome con agua tibia antes de dormir", "caminando un poco cada día", "levantando la carriola con las rodillas",
			"usando la almohada de lactancia", "haciendo los ejercicios de piso pélvico", "subiendo los pies en la tarde",
			"alternando las posiciones para amamantar", "cambiando de brazo con el biberón", "turnando los lados con el rebozo",
		},
		attributions: []string{
			"como me dijiste", "como me recomendaste", "como sugeriste", "como me dijo la enfermera", "como dijo la fisio",
			"como me aconsejaste", "tal como dijiste", "siguiendo tu consejo",
		},
		parts: []string{
			"la cadera", "la espalda", "la muñeca", "la espalda baja", "el hombro", "la rodilla", "el cuello", "el pulgar", "la parte de arriba de la espalda",
		},
		results: []string{
			"y ya estoy mejor de", "y ya me siento mucho mejor de", "y ya casi no me duele", "y por fin estoy mejor de",
			"y me duele mucho menos", "y ya no me molesta tanto", "y ya ando mejor de", "y mejoró mucho lo de", "y cada día estoy mejor de",
		},
		tails: []string{"", " gracias!", ", muchas gracias", " :)", ", qué más puedo hacer?", ", todavía un poco adolorida", " jaja", ", algún otro consejo?", " 🙏"},
	},
}

// round18 emits the partner's-mornings and advice-followed classes.
func round18(emit func(text, lang string)) {
	for _, lang := range []string{"en", "es"} {
		partnerMornings(lang, emit)
		adviceFollowed(lang, emit)
	}
}

// partnerMornings crosses each subject with a spread of states and tails
// (strides prime to the list lengths, so every part appears in several
// lines).
func partnerMornings(lang string, emit func(text, lang string)) {
	p := partnerMorning[lang]
	for i, subj := range p.subjects {
		for j := 0; j < 10; j++ {
			k := i*10 + j
			emit(subj+" "+p.states[(k*3+i)%len(p.states)]+p.tails[(i*5+j*3)%len(p.tails)], lang)
		}
	}
}

// adviceFollowed crosses each action with a spread of openers,
// attributions, body parts, results and tails.
func adviceFollowed(lang string, emit func(text, lang string)) {
	a := adviceBetter[lang]
	for i, act := range a.actions {
		for j := 0; j < 5; j++ {
			k := i*5 + j
			part := a.parts[(k*2+i)%len(a.parts)]
			res := a.results[(i+j*4)%len(a.results)]
			better := " and " + part + " " + res
			if lang == "es" {
				better = strings.ReplaceAll(" "+res+" "+part, " de el ", " del ")
			}
			emit(a.openers[(i+j)%len(a.openers)]+" "+act+" "+a.attributions[(i*3+j*5)%len(a.attributions)]+better+a.tails[(i*2+j*7)%len(a.tails)], lang)
		}
	}
}
