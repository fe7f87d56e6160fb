// Command synth writes carebot's synthetic hard negatives for the learned
// second opinion: ordinary first-person wishes, needs and plans ("i want
// to", "necesito") and everyday replies, which the blind batches rarely hold
// outside warning signs ("i want to die"), so a model trained on them alone
// reads any "i want ..." as an emergency. Every line is escalation none. The
// output is deterministic; it is written by hand-made templates, not taken
// from any corpus. Minor everyday complaints (dry skin, a cold with normal
// breathing, sore muscles after the gym, tired eyes), each said plainly and
// with a time or a cause, keep the model from reading any body word as a
// sign: without them it asked its safety question of about one in six
// ordinary symptom descriptions.
//
// Usage:
//
//	go run ./intents/second/synth > intents/second/testdata/synthetic-negatives.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

var en = struct{ openers, actions, alone []string }{
	openers: []string{
		"i want to", "i need to", "i would like to", "i'd like to", "i really want to",
		"i have to", "i'm trying to", "i'm going to", "i wish i could", "i don't know how to",
		"can you help me", "help me", "i can't wait to", "i keep forgetting to", "i want to know how to",
	},
	actions: []string{
		"buy more diapers", "order a new stroller", "book a haircut", "find a good daycare",
		"pay the electric bill", "call my mom back", "sleep for a whole night", "get back to the gym",
		"cook something new this week", "plan my sister's birthday", "return the breast pump we didn't use",
		"change our flight", "watch a movie tonight", "clean the kitchen", "go for a walk with the baby",
		"remember the pediatrician appointment", "make a grocery list", "lose the baby weight",
		"know what time the pharmacy opens", "start running again", "take a long shower",
		"read a book for once", "find a lactation consultant", "switch to formula", "get the car seat installed",
		"renew my passport", "finish the laundry", "text my husband", "get a new phone", "fix the wifi",
		"pick a name for the dog", "send thank you cards", "go back to work part time", "find jeans that fit",
		"write down the baby's feeds", "organize the nursery", "try yoga", "get my nails done",
	},
	alone: []string{
		"i don't know", "no idea", "never mind", "say that again", "i said no", "yes please",
		"not sure", "whatever works", "ok cool", "thanks anyway", "i want the other one",
		"i need a minute", "i would prefer the short version", "i'm not sure what to ask",
		"i give up on this app, it's confusing", "i'm dead tired but happy", "this baby is killing me with cuteness",
		"my feet are killing me in these shoes", "i could die for a coffee", "dying to sleep in",
		"i'm done with laundry for today", "i can't take another episode of that show",
		"i'm so over this weather", "i wanna disappear into my bed for a week lol",
		"no", "yes", "nope", "nah", "yep", "ok", "no thanks", "no, i'm fine", "yes it is", "not really",
	},
}

var es = struct{ openers, actions, alone []string }{
	openers: []string{
		"quiero", "necesito", "me gustaría", "quisiera", "tengo que", "voy a", "no sé cómo",
		"ayúdame a", "ya quiero", "se me olvida",
	},
	actions: []string{
		"comprar más pañales", "pedir una cita para cortarme el pelo", "encontrar una guardería",
		"pagar la luz", "llamar a mi mamá", "dormir una noche entera", "volver al gimnasio",
		"cocinar algo nuevo", "planear el cumpleaños de mi hermana", "devolver el sacaleches",
		"cambiar el vuelo", "ver una película esta noche", "limpiar la cocina", "salir a caminar con el bebé",
		"hacer la lista del súper", "bajar de peso", "saber a qué hora abre la farmacia",
		"empezar a correr otra vez", "bañarme tranquila", "leer un libro", "cambiar a fórmula",
		"instalar la silla del carro", "renovar el pasaporte", "terminar de lavar la ropa",
		"mandarle un mensaje a mi esposo", "comprar un celular nuevo", "arreglar el internet",
		"organizar el cuarto del bebé", "probar yoga", "regresar al trabajo",
	},
	alone: []string{
		"no sé", "ni idea", "olvídalo", "repite eso", "dije que no", "sí por favor", "no estoy segura",
		"lo que sea", "ok gracias", "quiero la otra opción", "necesito un minuto",
		"me muero de ganas de dormir", "estoy muerta de cansancio pero feliz", "me matan estos zapatos",
		"este bebé me mata de ternura", "ya no aguanto esta telenovela", "me quiero desaparecer en mi cama una semana jaja",
		"no", "sí", "si", "nel", "no gracias", "va", "sale", "no, estoy bien", "sí es", "la verdad no",
	},
}

// progress are ordinary progress reports and good news told with the words
// of warning signs (a time span, "all of a sudden", "worse" compared): a
// part, what it does and when, crossed like the openers above.
var progress = map[string]struct{ parts, states, times []string }{
	"en": {
		parts: []string{"my back", "my wrists", "my knee", "my hips", "the pain", "my neck", "my shoulders", "my thumb"},
		states: []string{"is getting better", "feels so much better", "is improving", "hurts less and less",
			"is almost gone", "is way better than it was", "finally feels normal", "barely bothers me now"},
		times: []string{"lately", "since last month", "since i started the exercises", "after 3 months of stretches",
			"now that she sleeps more", "this month", "since the bridge exercise", "at 4 months postpartum"},
	},
	"es": {
		parts: []string{"mi espalda", "las muñecas", "la rodilla", "la cadera", "el dolor", "el cuello", "los hombros", "el pulgar"},
		states: []string{"va mejorando", "está mucho mejor", "ya casi no me duele", "me duele cada vez menos",
			"ya se siente normal", "está mejor que antes", "ya casi se quitó", "ya no me molesta"},
		times: []string{"últimamente", "desde el mes pasado", "desde que hago los ejercicios", "después de 3 meses de estiramientos",
			"ahora que duerme más", "este mes", "con el puente", "a los 4 meses del parto"},
	},
}

// goodNews are everyday surprises told with the words of a sudden sign.
var goodNews = map[string][]string{
	"en": {"all of a sudden she naps for two hours", "out of nowhere he started rolling over", "suddenly he latches fine",
		"overnight she learned to smile back", "the radio plays while i fold laundry", "i laugh more now that he naps",
		"i thought yoga would be hard but it is fun", "all of a sudden my energy is back"},
	"es": {"de repente ya toma siestas largas", "de la nada empezó a darse vuelta", "de un día para otro ya agarra bien el pecho",
		"pongo música mientras doblo la ropa", "de golpe me volvió la energía", "pensé que los ejercicios serían aburridos pero me encantan"},
}

// asleep are babies asleep on a parent, told with the words of a numb limb.
var asleep = map[string][]string{
	"en": {"she dozed off on my shoulder during the feed", "he conked out on my chest after the bath",
		"baby fell asleep in the crook of my arm again", "my arm is pinned under a sleeping baby lol"},
	"es": {"la nena se quedó dormida en mi hombro", "se quedó dormido sobre mi pecho después del baño",
		"el nene se durmió en mis brazos otra vez", "tengo un bebé dormido encima y no me puedo mover jaja"},
}

// realVoices are voices and whispers that belong to real people or a screen,
// told with the words of hallucinations.
var realVoices = map[string][]string{
	"en": {"i hear voices through the wall, the people next door argue a lot", "heard voices outside at 3am, it was the delivery guy",
		"hearing voices downstairs, my mom is visiting", "the voices on the baby monitor came from the tv",
		"i hear whispers at night, it's my husband on the phone", "voices in the parking lot woke the baby again",
		"heard a voice in the hall last night, turned out to be the neighbours", "the voice on the gps confuses my husband lol",
		"i keep hearing a voice singing, it's alexa on a timer", "heard voices at night but it was the podcast still playing"},
	"es": {"escucho voces en la noche, son los de al lado que pelean", "oí voces abajo, era mi suegra de visita",
		"se escuchaban voces por el monitor, era la tele", "oigo susurros de noche, es mi esposo hablando por teléfono",
		"escuché una voz en el pasillo y era la vecina", "la voz del gps confunde a mi esposo jaja", "escuchaba voces en la madrugada, era el podcast que quedó prendido",
		"oí que alguien me llamaba y era mi mamá desde la cocina"},
}

// minor are everyday complaints that are no warning sign, with endings
// that say since when or why; the rules still screen every one of them.
var minor = struct{ en, es, enTail, esTail []string }{
	en: []string{
		"the skin on my hands is dry and cracked", "my lips are chapped", "i have a few pimples on my chin",
		"my nose is runny and stuffy", "my throat is a bit scratchy", "i have a cough from this cold but i'm breathing fine",
		"my eyes feel tired after looking at screens", "my hair is shedding a lot in the shower",
		"my calves are sore after the gym", "my arms are sore from lifting weights", "my back is stiff from the couch",
		"i have a mosquito bite that itches", "i have a small bruise on my shin", "my feet are cold all the time",
		"i have a paper cut on my finger", "i feel a bit run down", "my neck is stiff from sleeping funny",
		"i sneeze every morning", "my scalp is itchy", "my knuckles crack a lot",
	},
	enTail: []string{"", " since yesterday", ", nothing serious", " this week, any tips?"},
	es: []string{
		"tengo la piel de las manos reseca", "tengo los labios partidos", "me salieron unos granitos en la frente",
		"tengo la nariz tapada", "me pica un poco la garganta", "tengo tos por la gripa pero respiro bien",
		"se me cansan los ojos con el celular", "se me está cayendo mucho el pelo", "me duelen las piernas del gimnasio",
		"tengo los brazos adoloridos de cargar las bolsas", "tengo la espalda tiesa de estar sentada",
		"me picó un mosquito y me da comezón", "tengo un moretón chiquito en la rodilla", "siempre tengo los pies fríos",
		"me corté con una hoja de papel", "ando un poco cansada", "amanecí con el cuello tieso",
		"estornudo mucho en las mañanas", "me pica el cuero cabelludo", "me truenan los dedos",
	},
	esTail: []string{"", " desde ayer", ", nada grave", " esta semana, algún consejo?"},
}

// Round 7: the hard-negative classes the model asked its question of once
// s12-s17 were in training, and those it asked of in our own round-7
// phrasings (normal readings, idioms, ages, ordinary baby behaviour,
// signs that are over). Each is a small cross of parts so the model
// learns the class, not a line.

// keepsakes are letters, journals and cards written for the baby or a
// family event: the words of a goodbye letter in a happy frame.
var keepsakes = map[string]struct{ acts, whats, tails []string }{
	"en": {
		acts:  []string{"i wrote", "i'm writing", "i started writing", "my husband wrote", "we wrote", "i want to write"},
		whats: []string{"letters to the baby", "a letter to my son", "a little journal for my daughter", "cards for the grandparents", "a note for her baby book", "letters for him to open when he's 18"},
		tails: []string{"for her first birthday", ", so sweet", "about the day he was born", "while she napped", ", i cried happy tears", ""},
	},
	"es": {
		acts:  []string{"le escribí", "estoy escribiendo", "empecé a escribir", "mi esposo escribió", "escribimos", "quiero escribir"},
		whats: []string{"cartas a mi bebé", "una carta para mi hijo", "un diario para mi niña", "tarjetas para los abuelos", "una nota para su álbum", "cartas para que las abra a los 18"},
		tails: []string{"para su primer cumpleaños", ", qué bonito", "sobre el día que nació", "mientras dormía la siesta", ", lloré de felicidad", ""},
	},
}

// counts are ordinary numbers of minutes, hours, millilitres, weeks,
// kilos and percents, with the words of a reading around them.
var counts = map[string]struct{ heads, nums, units, tails []string }{
	"en": {
		heads: []string{"sat down to feed and", "she ate", "the nap lasted", "we walked for", "my phone is at", "pumped", "he gained", "the drive took", "i slept"},
		nums:  []string{"86", "92", "45", "120", "38", "101", "160", "7", "3"},
		units: []string{"minutes", "ml", "percent", "grams", "minutes total", "oz"},
		tails: []string{"and my back hurt", ", not bad", "today", "lol", ", still sitting here", "so far"},
	},
	"es": {
		heads: []string{"me senté a darle pecho y", "se tomó", "la siesta duró", "caminamos", "el celular está al", "me saqué", "subió", "el viaje duró", "dormí"},
		nums:  []string{"86", "92", "45", "120", "38", "101", "160", "7", "3"},
		units: []string{"minutos", "ml", "por ciento", "gramos", "minutos en total", "onzas"},
		tails: []string{"y me dolía la espalda", ", nada mal", "hoy", "jaja", ", sigo sentada", "hasta ahora"},
	},
}

// remarks are what other people say about how someone looks or sounds
// from tiredness, with the colour and voice words of a sign.
var remarks = map[string]struct{ whos, says []string }{
	"en": {
		whos: []string{"the nurse said", "my mom says", "my sister told me", "my coworker said", "she says", "everyone keeps saying"},
		says: []string{"my voice sounded tired", "i look tired", "i look a bit pale from staying inside", "my hair is going grey from no sleep", "i look like a zombie lol", "i sound hoarse from singing lullabies", "my eyes look puffy in the mornings"},
	},
	"es": {
		whos: []string{"la enfermera dijo que", "mi mamá dice que", "mi hermana me dijo que", "una compañera dijo que", "ella dice que", "todos me dicen que"},
		says: []string{"tengo voz de cansada", "me veo cansada", "estoy pálida de no salir", "me están saliendo canas de no dormir", "parezco zombi jaja", "estoy ronca de cantarle canciones", "tengo los ojos hinchados en las mañanas"},
	},
}

// mishaps are harmless moments of a partner, a friend or a relative, told
// with the words of choking, colour or falling.
var mishaps = map[string]struct{ whos, whats []string }{
	"en": {
		whos:  []string{"my husband", "my partner", "my brother", "my friend", "my dad", "my wife"},
		whats: []string{"choked on his coffee laughing and went red", "turned bright red from the hot sauce", "tripped over the dog toy and laughed it off", "coughed on a crumb for a second then was fine", "went pale watching the birth video lol", "got the hiccups for an hour"},
	},
	"es": {
		whos:  []string{"mi esposo", "mi pareja", "mi hermano", "mi amiga", "mi papá", "mi suegra"},
		whats: []string{"se atragantó con el café de la risa y se puso rojo", "se puso rojo con el chile", "se tropezó con un juguete y se rió", "tosió por una miga un segundo y ya", "se puso pálido viendo el video del parto jaja", "tuvo hipo una hora"},
	},
}

// naps are funny stories of dozing off with the baby asleep on a parent,
// told with the words of unconsciousness.
var naps = map[string]struct{ starts, ends []string }{
	"en": {
		starts: []string{"me: i'll just rest my eyes for a sec.", "told myself i'd close my eyes for five minutes.", "sat on the couch for a second.", "lay down next to my husband while he held her."},
		ends:   []string{"woke up 3 hours later with the baby asleep on my chest and drool everywhere. best nap ever", "passed out cold and woke up to him snoring on me lol", "next thing i know it's dark outside and she's still asleep on me", "out like a light for two hours, no regrets"},
	},
	"es": {
		starts: []string{"yo: voy a cerrar los ojos un segundito.", "me dije que descansaría cinco minutos.", "me senté en el sillón un momento.", "me acosté al lado de mi esposo mientras él la cargaba."},
		ends:   []string{"desperté 3 horas después con la bebé dormida en mi pecho y babeada. la mejor siesta", "caí rendida y desperté con él roncando encima de mí jaja", "cuando abrí los ojos ya era de noche y ella seguía dormida sobre mí", "me quedé frita dos horas, cero arrepentimiento"},
	},
}

// voicesWere are voices heard and then explained, a heard-what crossed
// with who it turned out to be.
var voicesWere = map[string]struct{ heard, were []string }{
	"en": {
		heard: []string{"heard voices at night", "i heard someone talking in the hallway", "heard whispering around 2am", "i thought i heard voices downstairs"},
		were:  []string{"but it was the neighbours", "but it was just the tv", "turns out it was my husband on a call", "it was the radio in the car outside", "but it was my mom talking to the baby"},
	},
	"es": {
		heard: []string{"escuché voces en la noche", "oí a alguien hablando en el pasillo", "escuché susurros como a las 2", "me pareció oír voces abajo"},
		were:  []string{"pero eran los vecinos", "pero era la tele", "y era mi esposo en una llamada", "era el radio de un carro afuera", "pero era mi mamá hablándole a la bebé"},
	},
}

// allClear are messages that deny every sign and give a normal reading
// before a small complaint.
var allClear = map[string]struct{ denials, readings, rests []string }{
	"en": {
		denials:  []string{"no headache, no blurry vision,", "no fever, no bleeding,", "no chest pain or trouble breathing,", "no swelling, no spots in my eyes,"},
		readings: []string{"bp 118/76,", "temp 36.8,", "bp was 122/80 at the pharmacy,", "temperature normal,", "oxygen 98,"},
		rests:    []string{"just achy knees", "just a sore wrist from carrying", "only stiff in the mornings", "just tired like everyone"},
	},
	"es": {
		denials:  []string{"sin dolor de cabeza, sin visión borrosa,", "no tengo fiebre ni sangrado,", "nada de dolor de pecho ni falta de aire,", "sin hinchazón, sin lucecitas,"},
		readings: []string{"presión 118/76,", "temperatura 36.8,", "la presión me salió 122/80 en la farmacia,", "temperatura normal,", "oxigenación 98,"},
		rests:    []string{"solo me duelen las rodillas", "solo la muñeca de cargarlo", "solo rigidez en las mañanas", "solo cansada como todas"},
	},
}

// songs are lyrics and titles quoted with the words of a sign: a song stuck
// in one's head, a lullaby, a playlist.
var songs = map[string]struct{ lyrics, frames []string }{
	"en": {
		lyrics: []string{"\"i can't breathe without you\"", "\"i'd die for you\"", "\"take my breath away\"", "\"bleeding love\"", "\"i want to disappear\"", "\"my heart stops when you look at me\""},
		frames: []string{"the song that goes %s has been stuck in my head all week, the baby only sleeps to it", "we dance to %s in the kitchen every night lol", "why is every lullaby playlist full of songs like %s", "my husband sings %s to her at bath time, off key"},
	},
	"es": {
		lyrics: []string{"\"sin ti no puedo respirar\"", "\"me muero por ti\"", "\"me dejas sin aliento\"", "\"quiero desaparecer\"", "\"se me para el corazón\"", "\"muero de amor\""},
		frames: []string{"la canción que dice %s no se me sale de la cabeza, la bebé solo se duerme con ella", "bailamos %s en la cocina todas las noches jaja", "por qué todas las canciones de cuna son tipo %s", "mi esposo le canta %s en el baño, bien desafinado"},
	},
}

// normalReadings are ordinary blood pressures and temperatures asked
// about or told as fine: the numbers of a sign, in range.
var normalReadings = map[string]struct{ heads, values, tails []string }{
	"en": {
		heads:  []string{"the bp cuff at the pharmacy said", "my blood pressure was", "bp today", "took my temp,", "the nurse said my bp is", "home reading"},
		values: []string{"118/75", "121/79", "110/70", "36.8", "98.6", "115/72"},
		tails:  []string{", is that ok?", ", all good", "", ", normal right?", "at the checkup"},
	},
	"es": {
		heads:  []string{"la presión me dio", "en la farmacia la presión salió", "me tomé la temperatura,", "la enfermera dice que tengo la presión en", "hoy la presión", "me medí y"},
		values: []string{"118/75", "115/70", "110/70", "36.7", "36,5", "120/78"},
		tails:  []string{", todo bien", ", está bien?", "", ", normal verdad?", "en el control"},
	},
}

// idioms are everyday figures of speech with the words of drowning,
// madness, dying or fainting.
var idioms = map[string][]string{
	"en": {"i feel like i'm drowning in laundry", "drowning in diapers this week lol", "this kid is driving me crazy but i love him",
		"i'm losing my mind over the swaddle", "i'm dead on my feet but happy", "we're drowning in baby gifts",
		"my head is spinning with all the advice", "the in-laws are killing me slowly lol", "my boobs are about to explode, pump time",
		"i'm crazy tired, any tips for night feeds", "had a flash of genius for a nap schedule", "big flash sale on strollers today",
		"the photo came out blurry because she moved", "i had a laughing fit watching him sneeze", "sudden craving for tacos at 2am",
		"got a rush of energy after my coffee", "a flash of inspiration for the baby's room", "had a flash of an idea for her first birthday",
		"i wrote letters to everyone for christmas, so proud of myself", "my partner has been up 4 nights with the baby, how do we share nights",
		"the nursery is 22 degrees, is that too warm?", "the bath water is 37 degrees on the thermometer", "it's 30 degrees outside, how do i dress her",
		"the room thermometer says 20 degrees at night", "i could just die, she rolled over for the first time",
		"i could die of cuteness, he laughed at the dog", "we had a scare with the car seat but the doctor checked him and he's totally fine",
		"had a scare last night but it was just gas, he's fine now"},
	"es": {"me estoy ahogando en ropa sucia jaja", "esta niña me tiene loca pero la amo", "me vuelve loca con los gases",
		"estoy muerta pero feliz", "me tiene loquita esta bebé", "la suegra me va a matar del estrés jaja",
		"estoy hasta el cuello de pañales", "me voy a volver loca con tanto consejo", "esta nena me trae de cabeza",
		"ando loca con las tomas de la noche", "me dio un ataque de risa con el video del bebé", "me dio un ataque de hambre a las 3",
		"se me ocurrió de golpe una idea para la siesta", "la foto salió borrosa porque se movió", "de repente me dieron ganas de tacos",
		"chamo, esta niña me tiene loquísima pero es lo máximo", "el cuarto está a 22 grados, es mucho calor para la bebé?",
		"el agua de la bañera está a 37 grados", "afuera hace 30 grados, cómo la visto", "se me prendió el foco con una idea para su cumpleaños",
		"me muero de amor, se dio vuelta solita", "nos dimos un susto pero el pediatra lo revisó y está perfecto", "me quedé sin aire de la risa con el perro"},
}

// ages are a baby's age and birth week told plainly, with the numbers of
// weeks, days and months a sign also uses.
var ages = map[string]struct{ births, nows []string }{
	"en": {
		births: []string{"he was born at 39 weeks", "she came at 37 weeks", "born at 40+2", "our girl arrived at 38 weeks"},
		nows:   []string{"and is 3 weeks old now", "and she's 2 months today", "and is 10 days old", "and is already 6 weeks"},
	},
	"es": {
		births: []string{"nació de 39 semanas", "la nena nació a las 37 semanas", "nació a las 40 semanas", "mi bebé llegó a las 38 semanas"},
		nows:   []string{"y ya tiene 3 semanas", "y hoy cumple 2 meses", "y tiene 10 días", "y ya va para 6 semanas"},
	},
}

// babyNormal are ordinary baby behaviour told with the words of a baby
// in danger: a tremble while crying, a startle, hiccups, blue hands when cold.
var babyNormal = map[string][]string{
	"en": {"she jerks her arms when she startles in her sleep then settles", "his chin trembles when he cries then he calms down",
		"her hands and feet look a bit purple when cold, then pink again once i hold her", "he has hiccups after every feed",
		"she breathes fast for a few seconds in her sleep then slows down, the doctor said that's normal",
		"he sneezes a lot, no fever, eats well", "she spits up a little after feeds and is happy",
		"she recognizes me now! she smiles when she sees me", "he knows who his dad is, lights up every time", "she answers me with coos when i talk"},
	"es": {"la nena tiembla cuando llora, luego se calma y me mira", "le tiembla la barbilla cuando llora y después se calma",
		"tiene las manitas moraditas cuando hace frío y luego se le ponen rosadas", "le da hipo después de cada toma",
		"se sobresalta dormida y mueve los brazos, luego sigue durmiendo", "estornuda mucho pero no tiene fiebre y come bien",
		"regurgita un poquito después de comer y está contenta", "mi bb ya me reconoce, se ríe cuando me ve",
		"ya sabe quién es su papá, se le ilumina la carita", "ya responde cuando le hablo, hace ruiditos"},
}

// babyAgePain are a baby's age in months beside an everyday ache that
// comes and goes: the months are the baby's, not the pain's.
var babyAgePain = map[string]struct{ ages, aches []string }{
	"en": {
		ages:  []string{"my baby is 4 months and", "my son is 5 months old and", "she's 6 months now and", "at 7 months old he is heavy and"},
		aches: []string{"my wrist hurts sometimes", "my back aches when i lift him", "my thumb is sore after feeds", "my knees complain on the stairs"},
	},
	"es": {
		ages:  []string{"mi bebé tiene 4 meses y", "mi hijo tiene 5 meses y", "ya tiene 6 meses y", "con 7 meses ya pesa y"},
		aches: []string{"me duele la muñeca a veces", "me duele la espalda al cargarlo", "el pulgar me molesta después de darle de comer", "las rodillas me molestan en las escaleras"},
	},
}

// accidents are small household cuts, burns and bumps, told with the
// words of bleeding and self-harm: a cut finger is no cut wrist.
var accidents = map[string]struct{ whats, hows []string }{
	"en": {
		whats: []string{"i cut my finger", "i nicked my thumb", "i burned my hand", "i bumped my head", "i stubbed my toe", "i sliced my knuckle"},
		hows:  []string{"chopping onions again", "on the oven tray", "on the cupboard door", "shaving my legs", "opening a can", "cutting the baby's nails, ouch"},
	},
	"es": {
		whats: []string{"me corté el dedo", "me corté un poquito el pulgar", "me quemé la mano", "me pegué en la cabeza", "me golpeé el dedo del pie", "me rebané un nudillo"},
		hows:  []string{"picando cebolla otra vez", "con la bandeja del horno", "con la puerta del mueble", "depilándome", "abriendo una lata", "cortándole las uñas a la bebé, auch"},
	},
}

// joys are happy moments told with "i could die" and "i'm dying".
var joys = map[string]struct{ heads, whys []string }{
	"en": {
		heads: []string{"i could just die,", "i'm dying,", "i could die of happiness,", "dead. deceased.", "i literally died,"},
		whys:  []string{"he said his first word", "she rolled over for the first time", "he laughed at the dog", "she grabbed my nose and giggled", "he wore the tiny dinosaur pajamas"},
	},
	"es": {
		heads: []string{"me muero,", "me morí de amor,", "me quiero morir de ternura,", "muerta de amor,", "literal me morí,"},
		whys:  []string{"dijo su primera palabra", "se dio vuelta solita", "se rió con el perro", "me agarró la nariz y se rió", "tenía la pijamita de dinosaurio"},
	},
}

// regional are everyday news opened with the regional forms of address
// and slang of Spanish chat (Chile, Ecuador, Peru, Argentina, Venezuela,
// Spain, the Caribbean), which the model otherwise knows only from signs.
var regional = struct{ openers, news []string }{
	openers: []string{"ñaña,", "weón,", "boludo,", "che,", "chamo,", "pana,", "mana,", "causa,", "tío,", "acho,", "mija,", "oye mi amor,"},
	news: []string{"la bebé está re linda, ya duerme más", "el nene ya agarra bien el pecho", "hoy salimos a caminar con el cochecito",
		"me compré unas calzas para volver al gym", "la guagua durmió cinco horas seguidas", "qué ejercicio hago para la muñeca",
		"ya me bajó la hinchazón de los pies después del parto, qué alivio", "mi suegra vino y me ayudó un montón"},
}

// betterOff are ordinary comparisons with the words of a burden ("better
// off", "would be better without").
var betterOff = map[string][]string{
	"en": {"i keep thinking the baby would be better off with a bigger crib, any tips?", "we'd be better off without the bouncer, she hates it",
		"my back is better off without the heavy diaper bag", "honestly we're better off with formula at night", "she'd be better off in the sling than the stroller"},
	"es": {"creo que la bebé estaría mejor con una cuna más grande", "estaríamos mejor sin el columpio, lo odia", "mi espalda está mejor sin la pañalera pesada",
		"la verdad estamos mejor con fórmula en la noche"},
}

// betterNow are signs denied or over, before a small complaint.
var betterNow = map[string][]string{
	"en": {"i'm not bleeding anymore, and no fever, just wrist pain", "the bleeding stopped last week, now only my back is sore",
		"no more headaches since tuesday, just stiff shoulders", "i can breathe fine now, the cold is gone",
		"the fever went away two days ago, i feel normal", "my lips are dry and cracked from the hospital air"},
	"es": {"ya no sangro y no tengo fiebre, solo me duele la muñeca", "el sangrado paró la semana pasada, ahora solo la espalda",
		"ya no me duele la cabeza desde el martes, solo los hombros", "ya respiro bien, se me pasó la gripa",
		"la fiebre se fue hace dos días, me siento normal", "tengo los labios resecos del aire del hospital"},
}

type line struct {
	Text       string   `json:"text"`
	Intents    []string `json:"intents"`
	Escalation string   `json:"escalation"`
	Lang       string   `json:"lang"`
}

// Round 8: with its escalation threshold lowered to 0.6 the model read
// ordinary events worded like signs as emergencies: a cut while cooking,
// a last day at work, an arm gone to sleep under the baby, a horror film's
// plot, a plan for tonight, a player who collapsed on TV, a pet or a
// grandparent dying. Each class is a cross of who or what with how it
// ended, so the model learns the frame, not the line.
var everyday = map[string]struct{ heads, tails []string }{
	"en": {
		heads: []string{
			"tell the baby i love him, back at 6", "give her a kiss from me, home by dinner", "kiss him goodnight for me, i'll be back late",
			"out of nowhere she started laughing", "my knee clicks when i squat, no pain", "they moved us to another room at the hospital",
			"cut my thumb with the bread knife", "burned my hand on the pan", "nicked my finger slicing tomatoes",
			"today is my last day at the old job", "said goodbye to my coworkers", "my husband said goodbye and left for his work trip",
			"my arm fell asleep under the baby", "the baby fell asleep on my arm", "my leg went numb sitting on the floor playing",
			"watched a horror movie where the mom hears voices", "the book i'm reading is about a woman who dies", "that crime show where the wife kills him",
			"my plan for tonight is pizza and a series", "i've got a plan for tonight: bath, bed, no phone", "bought rope for the garden fence",
			"the striker collapsed on the pitch but got up", "the boxer got knocked out cold on tv", "my dog is dying of old age",
			"grandpa is in hospice, they say days", "bought a new knife set for the kitchen", "picked up my vitamins and iron pills",
		},
		tails: []string{"", " again", " lol", " today", ", anyway", " haha", " but all fine", ", quick question about my wrists"},
	},
	"es": {
		heads: []string{
			"dile a la bebé que la quiero, vuelvo a las 6", "dale un beso de mi parte, llego para la cena", "dale las buenas noches por mí, regreso tarde",
			"de la nada se puso a reír", "me truena la rodilla al agacharme, sin dolor", "nos cambiaron de cuarto en el hospital",
			"me corté el dedo con el cuchillo del pan", "me quemé la mano con el sartén", "me corté picando cebolla",
			"hoy es mi último día en el trabajo viejo", "me despedí de mis compañeros", "mi esposo se despidió y se fue de viaje de trabajo",
			"se me durmió el brazo debajo del bebé", "el bebé se me durmió en el brazo", "se me entumió la pierna sentada en el piso jugando",
			"vi una película de terror donde la mamá escucha voces", "el libro que leo es de una mujer que se muere", "esa serie policial donde la esposa lo mata",
			"mi plan para esta noche es pizza y serie", "tengo un plan para hoy: baño, cama y nada de celular", "compré una soga para el tendedero",
			"el delantero se desplomó en la cancha pero se levantó", "al boxeador lo noquearon en la tele", "mi perro se está muriendo de viejito",
			"mi abuelo está en cuidados paliativos, dicen que son días", "compré un juego de cuchillos nuevo", "fui por mis vitaminas y el hierro",
		},
		tails: []string{"", " otra vez", " jaja", " hoy", ", en fin", " jeje", " pero todo bien", ", una pregunta de mis muñecas"},
	},
}

// generate returns every synthetic negative in a fixed order, each text
// once; the lines of probes are never among them.
func generate() []line {
	var out []line
	seen := make(map[string]bool)
	for _, p := range probes {
		seen[p] = true
	}
	emit := func(text, lang string) {
		if seen[text] {
			return
		}
		seen[text] = true
		out = append(out, line{Text: text, Intents: []string{"fallback"}, Escalation: "none", Lang: lang})
	}
	// Each opener with a spread of actions (a walk with a stride prime to
	// the number of actions, so every action appears with several
	// openers), then the stand-alone replies.
	for i, o := range en.openers {
		for j := 0; j < 12; j++ {
			emit(o+" "+en.actions[(i*7+j*5)%len(en.actions)], "en")
		}
	}
	for _, s := range en.alone {
		emit(s, "en")
	}
	for i, o := range es.openers {
		for j := 0; j < 12; j++ {
			emit(o+" "+es.actions[(i*5+j*7)%len(es.actions)], "es")
		}
	}
	for _, s := range es.alone {
		emit(s, "es")
	}
	for _, lang := range []string{"en", "es"} {
		p := progress[lang]
		for i, part := range p.parts {
			for j := 0; j < 5; j++ {
				emit(part+" "+p.states[(i*3+j*5)%len(p.states)]+" "+p.times[(i*5+j*3)%len(p.times)], lang)
			}
		}
		for _, s := range goodNews[lang] {
			emit(s, lang)
		}
		for _, s := range realVoices[lang] {
			emit(s, lang)
		}
		for _, s := range asleep[lang] {
			emit(s, lang)
		}
	}
	for i, s := range minor.en {
		emit(s+minor.enTail[i%len(minor.enTail)], "en")
		emit(s+minor.enTail[(i+1)%len(minor.enTail)], "en")
	}
	for i, s := range minor.es {
		emit(s+minor.esTail[i%len(minor.esTail)], "es")
		emit(s+minor.esTail[(i+1)%len(minor.esTail)], "es")
	}
	for _, lang := range []string{"en", "es"} {
		k := keepsakes[lang]
		for i, a := range k.acts {
			for j := 0; j < 3; j++ {
				emit(a+" "+k.whats[(i+j*2)%len(k.whats)]+" "+k.tails[(i*2+j)%len(k.tails)], lang)
			}
		}
		c := counts[lang]
		for i, h := range c.heads {
			for j := 0; j < 2; j++ {
				emit(h+" "+c.nums[(i+j*4)%len(c.nums)]+" "+c.units[(i+j)%len(c.units)]+" "+c.tails[(i*3+j)%len(c.tails)], lang)
			}
		}
		r := remarks[lang]
		for i, w := range r.whos {
			for j := 0; j < 3; j++ {
				emit(w+" "+r.says[(i*2+j*3)%len(r.says)], lang)
			}
		}
		m := mishaps[lang]
		for i, w := range m.whos {
			for j := 0; j < 2; j++ {
				emit(w+" "+m.whats[(i+j*3)%len(m.whats)], lang)
			}
		}
		n := naps[lang]
		for i, st := range n.starts {
			for j := 0; j < 2; j++ {
				emit(st+" "+n.ends[(i+j)%len(n.ends)], lang)
			}
		}
		vw := voicesWere[lang]
		for i, h := range vw.heard {
			for j := 0; j < 3; j++ {
				emit(h+" "+vw.were[(i+j*2)%len(vw.were)], lang)
			}
		}
		ev := everyday[lang]
		for i, h := range ev.heads {
			for j := 0; j < 2; j++ {
				emit(h+ev.tails[(i+j*3)%len(ev.tails)], lang)
			}
		}
		ac := allClear[lang]
		for i, d := range ac.denials {
			for j := 0; j < 3; j++ {
				emit(d+" "+ac.readings[(i+j*2)%len(ac.readings)]+" "+ac.rests[(i+j)%len(ac.rests)], lang)
			}
		}
		sg := songs[lang]
		for i, f := range sg.frames {
			for j := 0; j < 3; j++ {
				emit(fmt.Sprintf(f, sg.lyrics[(i+j*2)%len(sg.lyrics)]), lang)
			}
		}
		nr := normalReadings[lang]
		for i, h := range nr.heads {
			for j := 0; j < 3; j++ {
				emit(h+" "+nr.values[(i+j*2)%len(nr.values)]+nr.tails[(i+j)%len(nr.tails)], lang)
			}
		}
		for _, x := range idioms[lang] {
			emit(x, lang)
		}
		ag := ages[lang]
		for i, b := range ag.births {
			for j := 0; j < 2; j++ {
				emit(b+" "+ag.nows[(i+j)%len(ag.nows)], lang)
			}
		}
		for _, x := range babyNormal[lang] {
			emit(x, lang)
		}
		ap := babyAgePain[lang]
		for i, a := range ap.ages {
			for j := 0; j < 2; j++ {
				emit(a+" "+ap.aches[(i+j)%len(ap.aches)], lang)
			}
		}
		ac2 := accidents[lang]
		for i, w := range ac2.whats {
			for j := 0; j < 2; j++ {
				emit(w+" "+ac2.hows[(i+j*3)%len(ac2.hows)], lang)
			}
		}
		jo := joys[lang]
		for i, h := range jo.heads {
			for j := 0; j < 2; j++ {
				emit(h+" "+jo.whys[(i+j*2)%len(jo.whys)], lang)
			}
		}
		for _, x := range betterOff[lang] {
			emit(x, lang)
		}
		for _, x := range betterNow[lang] {
			emit(x, lang)
		}
	}
	for i, o := range regional.openers {
		for j := 0; j < 3; j++ {
			emit(o+" "+regional.news[(i+j*3)%len(regional.news)], "es")
		}
	}
	round15(emit)
	round17(emit)
	round18(emit)
	return out
}

func main() {
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range generate() {
		if err := enc.Encode(l); err != nil {
			fmt.Fprintf(os.Stderr, "synth: %v\n", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "synth: %v\n", err)
		os.Exit(1)
	}
}
