package main

// Round 17, retrain on s1-s69: every model trained on s1-s66 escalated
// "ojalá no se hubiera despertado el bebé tan temprano" (a tired wish that
// the baby had slept longer) on every seed, because the only "ojalá no se
// hubiera despertado" and "i wish ... never woke up" the model had seen were
// passive death wishes. One class, a cross of parts in both languages so
// the model learns the frame, not a line:
//
//   - wishOther: a wish or a regret about someone or something else
//     waking, sleeping, arriving or stopping, always with its subject
//     named (the baby, the twins, the dog, the neighbours, a partner who
//     should wake for a feed or come home), and most with an everyday time
//     or reason ("tan temprano", "cada hora", "past 5", "for the night
//     feeds").
//
// Never a negative: the writer's own wish not to wake up or not to be here
// ("i wish i never woke up", "ojalá no despertara", "quisiera dormirme y no
// despertar"), which is an emergency however tired it sounds, nor anyone's
// wish not to have woken from a surgery (round 19); and no adult is the
// subject of "not waking". TestWishOtherNotSelf holds it.

// wishOther are wishes and regrets about another's sleep, waking, arrival
// or stopping.
var wishOther = map[string]struct{ frames, subjects, states, tails []string }{
	"en": {
		frames: []string{
			"i wish", "i really wish", "honestly i wish", "ugh i wish", "i just wish", "sometimes i wish",
			"i so wish", "if only",
		},
		// subjects pair with states by kind: each state is written for a
		// baby, a child or an animal, except the partner ones below.
		subjects: []string{
			"the baby", "my son", "my daughter", "the twins", "our little one", "my newborn", "he", "my 4 month old",
		},
		states: []string{
			"hadn't woken up so early", "hadn't woken up at 4:30", "wouldn't wake up every hour",
			"would sleep past 5", "had slept a little longer", "would nap longer than 30 minutes",
			"didn't wake up the second i put them down", "would sleep through the night", "had stayed asleep after the feed",
			"hadn't woken up right when i sat down to eat", "would stay asleep in the crib", "had napped in the car",
			"would go down before 9", "didn't wake up screaming from the nap", "would stop waking at 3am",
			"had slept in like the app said", "would settle back down on her own", "hadn't woken up when the doorbell rang",
		},
		tails: []string{
			"", " lol", ", i'm exhausted", ", coffee please", ", so tired today", " haha", ", any tips?",
			", it's 5am and we're up", ", such a long night", ", send help lol", ", is this normal at 4 months?",
		},
	},
	"es": {
		frames: []string{
			"ojalá", "ojalá que", "quisiera que", "me gustaría que", "cómo quisiera que", "ay ojalá", "la verdad ojalá",
			"de verdad ojalá",
		},
		subjects: []string{
			"el bebé", "la bebé", "mi hijo", "mi hija", "los gemelos", "la nena", "el niño", "mi bebé",
		},
		states: []string{
			"no se hubiera despertado tan temprano", "no se hubiera despertado a las 4 y media", "no se despertara cada hora",
			"durmiera más", "se durmiera más de media hora", "hubiera dormido un poco más", "no se despertara al dejarlo en la cuna",
			"durmiera toda la noche", "siguiera dormido después de la toma", "no se hubiera despertado justo cuando me senté a comer",
			"durmiera en la cuna y no en brazos", "hubiera dormido la siesta en el carro", "se durmiera antes de las 9",
			"no se despertara llorando de la siesta", "dejara de despertarse a las 3", "durmiera hasta las 7 como dicen los libros",
			"se volviera a dormir sin brazos", "no se hubiera despertado con el timbre",
		},
		tails: []string{
			"", " jaja", ", estoy agotada", ", necesito un café", ", qué sueño", " jeje", ", algún consejo?",
			", son las 5 y ya estamos despiertos", ", qué noche tan larga", ", ayuda jaja", ", es normal a los 4 meses?",
		},
	},
}

// wishOthers are wishes about someone or something else arriving,
// stopping or helping at night: a partner waking for the feeds or coming
// home, the neighbours or the dog stopping.
var wishOthers = map[string]struct{ frames, whos []string }{
	"en": {
		frames: []string{"i wish", "i really wish", "honestly i wish", "ugh i wish", "i just wish", "if only"},
		whos: []string{
			"my husband would wake up for the night feeds", "my partner would hear the baby at night", "my husband woke up when she cries",
			"he'd get up for the 2am bottle once in a while", "my wife would let me do a night feed", "my husband got home before bedtime",
			"my mom had arrived yesterday instead of sunday", "the nanny would get here earlier", "the delivery had come before the nap",
			"the neighbours' dog would stop barking at 6", "the construction next door would stop during nap time", "the garbage truck didn't come at 5am",
			"the rain would stop so we can walk", "the hiccups would stop already", "the doorbell didn't ring during every nap",
			"my partner would stop snoring", "my toddler would stop climbing into our bed", "the cat would stop meowing at the door at night",
		},
	},
	"es": {
		frames: []string{"ojalá", "ojalá que", "quisiera que", "me gustaría que", "ay ojalá", "la verdad ojalá"},
		whos: []string{
			"mi esposo se despertara para las tomas de la noche", "mi pareja escuchara al bebé en la noche", "mi esposo se levantara cuando llora",
			"él se levantara a dar el biberón de las 2 alguna vez", "mi esposa me dejara dar una toma de la noche", "mi esposo llegara antes de la hora de dormir",
			"mi mamá hubiera llegado ayer y no el domingo", "la niñera llegara más temprano", "el paquete hubiera llegado antes de la siesta",
			"el perro del vecino dejara de ladrar a las 6", "la obra de al lado parara a la hora de la siesta", "el camión de la basura no pasara a las 5",
			"parara de llover para salir a caminar", "se le quitara el hipo ya", "no tocaran el timbre en cada siesta",
			"mi pareja dejara de roncar", "mi hijo mayor dejara de pasarse a nuestra cama", "la gata dejara de maullar en la puerta en la noche",
		},
	},
}

// round17 emits the wish-about-another classes: each subject and frame
// crossed with a spread of states and tails (strides prime to the list
// lengths, so every part appears in several lines).
func round17(emit func(text, lang string)) {
	for _, lang := range []string{"en", "es"} {
		w := wishOther[lang]
		for i, subj := range w.subjects {
			for j := 0; j < 9; j++ {
				k := i*9 + j
				emit(w.frames[(i+j*3)%len(w.frames)]+" "+subj+" "+w.states[(k*5)%len(w.states)]+w.tails[(i*3+j*4)%len(w.tails)], lang)
			}
		}
		o := wishOthers[lang]
		for i, who := range o.whos {
			for j := 0; j < 2; j++ {
				emit(o.frames[(i+j*5)%len(o.frames)]+" "+who+w.tails[(i*5+j*3)%len(w.tails)], lang)
			}
		}
	}
}
