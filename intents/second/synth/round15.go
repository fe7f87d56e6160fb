package main

// Round 15: retrained on s52-s54, each of which tells a psychosis through
// the baby monitor, the model escalated ordinary monitor and household
// sounds with a real source (a radio, the baby calling), a baby left with
// someone else while the parent goes out, and a wish for a mother or a
// partner to be here. Three classes, each a cross of parts in both
// languages so the model learns the frame, not a line:
//
//   - heardSource: a voice, music or a sound heard through the monitor or
//     in the house, with the real source named (a radio, the TV, the
//     neighbours, a podcast, a relative, the dog) and the parent's
//     ordinary response; and the baby heard on the monitor and gone to;
//   - fineWith: the baby fine with someone named while the parent goes
//     somewhere ordinary and comes back (the gym, yoga, the shop, work, a
//     nap, a shower);
//   - wishHelp: a counterfactual wish for someone else's help or company
//     ("it would be easier if my mum were here", "ojalá mi suegra pudiera
//     venir").
//
// Never a negative: the writer's own absence ("if i weren't here", "si yo
// no estuviera", "sin mí"), which is an emergency; TestNoSelfAbsence holds
// it.

// probes are known false alarms kept out of the synthetic negatives so they
// still measure whether the class was learned (README, rounds 14, 15 and,
// for the wishes about another's sleep, round 17's retrain on s1-s69; for
// a partner's mornings and advice followed, round 18).
var probes = []string{
	"sería más fácil si mi mamá estuviera aquí",
	"it would be easier if my mum were here",
	"ojalá no se hubiera despertado el bebé tan temprano",
	"i wish i hadnt woken up so early, baby slept in",
	"my husband hardly talks in the morning lol, every day the same",
	"i've been switching sides like you said and my hip is better",
}

// heardSource are sounds heard with their real source.
var heardSource = map[string]struct{ heard, sources, responses []string }{
	"en": {
		heard: []string{
			"i hear a man's voice on the baby monitor,", "there's talking on the monitor at night,",
			"heard someone singing through the baby monitor,", "the monitor picks up voices after midnight,",
			"i keep hearing music in the nursery,", "heard a woman talking in the living room,",
			"there was a voice on the monitor around 4am,", "i can hear chatter through the wall of the baby's room,",
			"the baby monitor crackles and a voice comes through,", "heard laughing downstairs while feeding,",
			"something was barking on the monitor,",
		},
		sources: []string{
			"it's the neighbour's radio", "turns out it's the tv downstairs", "it's my husband's podcast",
			"it's the neighbours through the wall", "it was the kitchen radio left on", "it's my mom on the phone",
			"it's our dog dreaming", "it's the couple next door watching football", "it was my partner's audiobook",
			"it's the radio station bleeding into the monitor channel",
		},
		responses: []string{
			"so i turned it down", "and i went back to sleep", "so i switched the monitor channel",
			"and we laughed about it", "so i closed the window", "and i asked them to keep it down",
			"so i moved the monitor away from the wall", "and i made a cup of tea", "lol", "",
		},
	},
	"es": {
		heard: []string{
			"escucho la voz de un hombre en el monitor del bebé,", "se oye gente hablando por el monitor en la noche,",
			"oí a alguien cantando por el monitor,", "el monitor agarra voces después de medianoche,",
			"oigo música en el cuarto del bebé,", "escuché a una mujer hablando en la sala,",
			"había una voz en el monitor como a las 4,", "se oye plática a través de la pared del cuarto de la nena,",
			"el monitor hace ruido y se cuela una voz,", "oí risas abajo mientras le daba pecho,",
			"algo ladraba en el monitor,",
		},
		sources: []string{
			"es la radio del vecino", "resulta que es la tele de abajo", "es el podcast de mi esposo",
			"son los vecinos del otro lado de la pared", "era la radio de la cocina prendida", "es mi mamá hablando por teléfono",
			"es nuestro perro soñando", "son los de al lado viendo el fútbol", "era el audiolibro de mi pareja",
			"es una emisora que se mete en el canal del monitor",
		},
		responses: []string{
			"así que le bajé", "y me volví a dormir", "así que cambié el canal del monitor",
			"y nos reímos", "así que cerré la ventana", "y les pedí que bajaran el volumen",
			"así que alejé el monitor de la pared", "y me hice un té", "jaja", "",
		},
	},
}

// babyHeard are the baby heard on the monitor or from the room, and the
// parent going to him.
var babyHeard = map[string]struct{ sounds, wheres, responses []string }{
	"en": {
		sounds:    []string{"i hear the baby fussing", "i hear my son babbling", "i can hear her crying", "i hear him calling for me", "i heard the baby whimper", "she chatters to herself", "i hear him cooing", "my daughter starts singing"},
		wheres:    []string{"on the monitor", "through the baby monitor", "from the nursery", "from her crib", "over the monitor at 6am", "in the next room"},
		responses: []string{"and i go get the baby", "so i go in and feed the baby", "and i go pick the baby up", "so i went in for a diaper change", "and i bring the baby to our bed for a feed", "and i go in to settle the baby", "so i get up and make a bottle", "and my husband goes in"},
	},
	"es": {
		sounds:    []string{"escucho al bebé quejarse", "oigo a mi hijo balbucear", "la escucho llorar", "lo oigo llamarme", "oí al bebé gimotear", "la nena habla solita", "lo escucho hacer ruiditos", "mi hija se pone a cantar"},
		wheres:    []string{"en el monitor", "por el monitor del bebé", "desde su cuarto", "desde la cuna", "por el monitor a las 6", "en el cuarto de al lado"},
		responses: []string{"y voy por el bebé", "así que entro a darle pecho", "y voy a cargar al bebé", "así que entré a cambiar el pañal", "y me traigo al bebé a la cama para darle de comer", "y voy a calmar al bebé", "así que me levanto a preparar el biberón", "y mi esposo va a ver al bebé"},
	},
}

// fineWith are the baby fine with someone named while the parent goes
// somewhere ordinary.
var fineWith = map[string]struct{ babies, whos, whens, goes, tails []string }{
	"en": {
		babies: []string{"she'll be fine", "he's totally fine", "the baby will be okay", "he does great", "she's always happy", "the twins will be fine", "he'd be okay"},
		whos:   []string{"with daddy", "with my mom", "with grandma", "with my sister", "with my husband", "with the sitter", "with my partner", "with auntie"},
		whens:  []string{"tonight", "for an hour", "this afternoon", "on saturday", "tomorrow morning", "for a bit"},
		goes: []string{"while i go to the gym", "while i do a pilates class", "when i go back to work", "while i take a nap", "while i have a shower",
			"if i pop to the shop", "while i go to spin", "when i go to the dentist", "while i get my hair cut", "while i do yoga at the studio", "while i run to the pharmacy"},
		tails: []string{"", ", right?", ", i think", ", so excited", ", any tips for the first time?", " lol", ", back in an hour"},
	},
	"es": {
		babies: []string{"va a estar bien", "se queda feliz", "el bebé estará bien", "la nena se porta bien", "está tranquilo", "los gemelos van a estar bien", "estaría bien"},
		whos:   []string{"con su papá", "con mi mamá", "con su abuela", "con mi hermana", "con mi esposo", "con la niñera", "con mi pareja", "con su tía"},
		whens:  []string{"esta noche", "una hora", "esta tarde", "el sábado", "mañana temprano", "un ratito"},
		goes: []string{"mientras voy al gimnasio", "mientras hago mi clase de pilates", "cuando vuelva al trabajo", "mientras tomo una siesta", "mientras me baño",
			"si voy al súper", "mientras voy a spinning", "cuando vaya al dentista", "mientras me corto el pelo", "mientras hago yoga en el estudio", "si corro a la farmacia"},
		tails: []string{"", ", verdad?", ", creo", ", qué emoción", ", algún consejo para la primera vez?", " jaja", ", vuelvo en una hora"},
	},
}

// wishHelp are counterfactual wishes for someone else's help or company.
var wishHelp = map[string]struct{ frames, persons, conds, tails []string }{
	"en": {
		frames:  []string{"i wish", "i wish", "it would help so much if", "nights would go better if", "i wish", "i'd love it if", "honestly it would help if", "bath time would be less chaotic if", "i'd sleep more if"},
		persons: []string{"my mum", "my sister", "my partner", "my husband", "my mom", "my best friend", "my mother-in-law", "grandma", "my dad"},
		conds:   []string{"were here", "lived closer", "could come over", "could stay for a week", "were around more", "could visit more often", "didn't work nights", "were home before 7", "could help with bedtime"},
		tails:   []string{"", ", but she's three hours away", " to help with the baby", ", any tips for doing it solo?", ", we'll manage", " lol", ", she's coming in march"},
	},
	"es": {
		frames:  []string{"ojalá", "me gustaría que", "me ayudaría mucho que", "las noches serían más llevaderas si", "sería bonito que", "me encantaría que", "me vendría bien que", "qué bueno sería que"},
		persons: []string{"mi mamá", "mi hermana", "mi esposo", "mi pareja", "mi suegra", "mi abuela", "mi mejor amiga", "mi papá"},
		conds:   []string{"estuviera aquí", "viviera cerca", "viviera más cerca", "pudiera venir", "se quedara unos días", "me ayudara con las tomas de la noche", "llegara más temprano del trabajo", "pudiera visitarnos más"},
		tails:   []string{"", ", pero vive lejos", " para ayudarme con el bebé", ", ya me las arreglaré", " jaja", ", algún consejo para hacerlo sola?", ", viene en marzo"},
	},
}

// round15 emits the round-15 classes: each part crossed with a spread of
// the others (strides prime to the list lengths, so every part appears in
// several lines).
func round15(emit func(text, lang string)) {
	for _, lang := range []string{"en", "es"} {
		h := heardSource[lang]
		for i, hd := range h.heard {
			for j := 0; j < 5; j++ {
				s := hd + " " + h.sources[(i*3+j*7)%len(h.sources)]
				if r := h.responses[(i*7+j*3)%len(h.responses)]; r != "" {
					if r == "lol" || r == "jaja" {
						s += " " + r
					} else {
						s += ", " + r
					}
				}
				emit(s, lang)
			}
		}
		b := babyHeard[lang]
		for i, snd := range b.sounds {
			for j := 0; j < 5; j++ {
				emit(snd+" "+b.wheres[(i+j*5)%len(b.wheres)]+" "+b.responses[(i*3+j*5)%len(b.responses)], lang)
			}
		}
		f := fineWith[lang]
		for i, who := range f.whos {
			for j := 0; j < 7; j++ {
				k := i*7 + j
				emit(f.babies[(i+j*3)%len(f.babies)]+" "+who+" "+f.whens[(i*5+j)%len(f.whens)]+" "+f.goes[(k*4)%len(f.goes)]+f.tails[(i*3+j*2)%len(f.tails)], lang)
			}
		}
		w := wishHelp[lang]
		for i, p := range w.persons {
			for j := 0; j < 4; j++ {
				emit(w.frames[(i+j*2)%len(w.frames)]+" "+p+" "+w.conds[(i*4+j*5)%len(w.conds)]+w.tails[(i*2+j*3)%len(w.tails)], lang)
			}
		}
	}
}
