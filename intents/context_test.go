package intents_test

import (
	"slices"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// contextCases are the context rules of the screen, one class at a time,
// each with examples that must fire and look-alikes that must not. level
// is the highest level wanted; sign, when set, must be among the signs
// found (or, with not, must not be).
var contextCases = []struct {
	class, text, level, sign string
	not                      bool
}{
	// Negation is scoped to its clause: it stops at a comma, "but",
	// "pero", "and", "y".
	{"negation", "no numbness, just stiff", "none", "", false},
	{"negation", "sin hormigueo, solo rigidez", "none", "", false},
	{"negation", "no fever but my left calf is hot and swollen", "provider", "sign.leg_clot", false},
	{"negation", "no tengo fiebre pero la pantorrilla está hinchada y caliente", "provider", "sign.leg_clot", false},
	{"negation", "denies CP, SOB and HA, c/o sore wrists", "none", "", false},
	{"negation", "niega dolor torácico y disnea, consulta por las muñecas", "none", "", false},
	{"negation", "tingling? no. just sore", "none", "", false},
	// chart shorthand "neg" denies what follows or what comes before
	{"negation", "wife: neg numbness, neg tingling, bilat wrist pain w lifting", "none", "", false},
	{"negation", "numbness neg, sore wrists", "none", "", false},
	{"negation", "neg for fever but calf hot and swollen", "provider", "sign.leg_clot", false},
	// round 26: "ni" before another infinitive goes on with an inability
	{"negation", "ya no puedo cerrar el pañal ni abrir un frasco, las manos no me dan", "provider", "sign.daily_activities", false},
	{"negation", "no puedo dormir ni tengo fiebre", "none", "", false},
	// a denial stops at a new clause of intent in chat ("imma")
	{"negation", "ngl if this pain + no sleep keeps up imma kms fr", "emergency", "sign.self_harm", false},
	// what one was told to watch for, or knows to act on, is education
	{"hypothetical", "the midwife said to watch for bleeding that fills a pad in an hour. what else?", "none", "", false},
	{"hypothetical", "ya sé que si tengo vista borrosa con dolor de cabeza es para urgencias, pero hoy estoy bien", "none", "", false},
	// round 26's lay phrasings
	{"phrasing", "my wife fell down in the kitchen, she went off for some seconds, her eyes rolled", "emergency", "sign.fainting", false},
	{"phrasing", "the smoke alarm went off for a few seconds and woke the baby", "none", "", false},
	{"phrasing", "she rolled her eyes at me and went off to bed", "none", "", false},
	{"phrasing", "me dan ganas de ponerle la almohada en la cara para que se calle", "emergency", "sign.harm_baby", false},
	{"phrasing", "me dan ganas de abrazar la almohada y dormir todo el día", "none", "", false},
	{"phrasing", "el aire no me entra, por más que jalo no me entra", "emergency", "sign.breathing", false},
	// round 27 (s81-s83)
	{"phrasing", "my husband said my smile went lopsided at dinner and my words came out mushy for a few minutes, i feel ok now tho", "emergency", "sign.stroke", false},
	{"phrasing", "lowkey been thinking abt unaliving fr, everyone would be fine w/o me", "emergency", "sign.self_harm", false},
	{"phrasing", "the show unalived my favorite character lol", "none", "", false},
	{"phrasing", "the tv keeps sending me signs about my daughter, she's been chosen and i have to hide her from the neighbours", "emergency", "sign.psychosis", false},
	{"phrasing", "my neighbors can hear us through the walls, thin apartment", "none", "", false},
	{"phrasing", "the radio is sending me to sleep lol", "none", "", false},
	{"phrasing", "during the feed she went all floppy and grayish around the mouth?? shes pinking back up now", "emergency", "sign.baby_emergency", false},
	{"phrasing", "my knee suddenly ballooned overnight, its red and hot and i can barely stand on it", "provider", "sign.red_swollen_joint", false},
	// round 28 (s84-s86)
	{"history", "MY DAUGHTER FELL DOWN SHAKING ALL OVER ON THE FLOOR SHE HAD BABY LAST WEEK WHAT DO I DO", "emergency", "", false},
	{"history", "my sister had a seizure last year, she had the baby in march", "none", "", false},
	{"phrasing", "ya tengo todo preparado pa desvivirme, no aguanto más", "emergency", "sign.self_harm", false},
	{"phrasing", "ya van 4 meses con el back pain y nada mejora con los stretches", "provider", "sign.ongoing", false},
	// round 29 (s87-s89)
	{"phrasing", "been having su1c1dal thoughts during the 3am feeds", "emergency", "sign.self_harm", false},
	{"phrasing", "up at 3am and 4am with the baby, b4 the 2nd feed my back hurts", "none", "", false},
	{"phrasing", "hed so bad cnat see rite evrythng blury n dbl", "emergency", "sign.headache_vision", false},
	{"phrasing", "thinking if i go to sleep tonight and just don't wake up that would be okay with me", "emergency", "sign.self_harm", false},
	{"phrasing", "she went totally floppy like a rag doll in the middle of the feed and is barely responding", "emergency", "sign.baby_emergency", false},
	{"phrasing", "o2 on the finger thing says 87", "emergency", "sign.breathing", false},
	{"phrasing", "the thing says 87 times a minute", "none", "", false},
	// round 30 (s90-s92)
	{"phrasing", "mae a veces pienso q mejor me desaparezco pa siempre, nadie me iba a extrañar", "emergency", "sign.self_harm", false},
	{"phrasing", "i keep getting these pictures in my head of holding the baby under the bathwater", "emergency", "sign.harm_baby", false},
	{"phrasing", "i took pictures of me holding the baby under the tree", "none", "", false},
	{"phrasing", "been pounding behind my eyes since lunch and now theres shimmery zigzag lines everywhere", "emergency", "sign.headache_vision", false},
	{"phrasing", "saved up my percs from the c section and ive been thinking abt taking all of them tonight", "emergency", "sign.self_harm", false},
	{"phrasing", "escucho a alguien que me dice que el niño tiene algo malo adentro y que yo tengo que sacárselo", "emergency", "sign.psychosis", false},
	{"phrasing", "la muñeca se me ha puesto muy gorda y colorada, y me duele un montón", "provider", "sign.red_swollen_joint", false},
	{"phrasing", "me veo gorda y colorada en las fotos", "none", "", false},
	// a word spelt out letter by letter is the word
	{"spelled", "pienso en s u i c i d a r m e casi todos los dias", "emergency", "sign.self_harm", false},
	{"spelled", "honestly i want to d-i-e", "emergency", "sign.self_harm", false},
	{"spelled", "k.m.s. fr", "emergency", "sign.self_harm", false},
	// Pseudo-negation: inability and persistence are the sign.
	{"pseudo-negation", "the bleeding won't stop", "provider", "sign.heavy_bleeding", false},
	{"pseudo-negation", "el sangrado no para", "provider", "sign.heavy_bleeding", false},
	{"pseudo-negation", "I can not feel my left hand", "provider", "sign.numbness", false},
	{"pseudo-negation", "I'm not able to walk because of hip pain", "provider", "sign.daily_activities", false},
	{"pseudo-negation", "my headache is not getting better", "provider", "sign.headache_persistent", false},
	{"pseudo-negation", "it's not easy to breathe", "emergency", "sign.breathing", false},
	{"pseudo-negation", "mi esposa se despertó sin poder respirar", "emergency", "sign.breathing", false},
	{"pseudo-negation", "me late la cabeza y no se me quita", "provider", "sign.headache_persistent", false},
	{"pseudo-negation", "no disfruto nada desde hace semanas", "provider", "sign.low_mood", false},
	{"pseudo-negation", "no siento hormigueo, solo rigidez", "none", "", false},
	{"pseudo-negation", "si no fuera por la nena ya me hubiera matado", "emergency", "sign.self_harm", false},
	{"negation", "pp d4, denies HA, visual changes, RUQ pain, CP, SOB, calf pain", "none", "", false},
	{"experiencer", "subí cuatro pisos con el bebé y llegué sin aire y me duele el pecho", "emergency", "sign.baby_emergency", true},
	// Experiencer: a sign in a clause about the baby gets the baby's
	// reply; the baby as an object does not make it the baby's.
	{"experiencer", "my baby isn't breathing", "emergency", "sign.baby_emergency", false},
	{"experiencer", "mi bebé no respira", "emergency", "sign.baby_emergency", false},
	{"experiencer", "my newborn had a seizure", "emergency", "sign.baby_emergency", false},
	{"experiencer", "my baby has a fever of 38.5", "provider", "sign.baby_provider", false},
	{"experiencer", "i think my baby has a fever", "provider", "sign.baby_provider", false},
	{"experiencer", "creo que mi bebé tiene fiebre", "provider", "sign.baby_provider", false},
	{"experiencer", "i can't breathe when i hold my baby", "emergency", "sign.breathing", false},
	{"experiencer", "i can't breathe when i hold my baby", "emergency", "sign.baby_emergency", true},
	{"experiencer", "my wife had a seizure", "emergency", "sign.seizure", false},
	{"experiencer", "5 weeks in and not bonding with my son", "provider", "sign.low_mood", false},
	{"experiencer", "my baby cries every day for weeks", "none", "", false},
	{"experiencer", "my wife thinks the baby is possessed", "emergency", "sign.psychosis", false},
	// round 8: a relative who "had her baby" is an adult, not the baby
	{"experiencer", "my daughter gave birth and her leg is red and hot", "provider", "sign.leg_clot", false},
	{"experiencer", "mi hija dio a luz hace 8 días y tiene la pierna hinchada y caliente", "provider", "sign.leg_clot", false},
	{"experiencer", "since she gave birth the baby has had a fever of 38.5", "provider", "sign.baby_provider", false},
	{"experiencer", "since she gave birth the baby has had a fever of 38.5", "provider", "sign.fever", true},
	// Hypothetical and education: no alarm; a crisis sign still asks.
	{"hypothetical", "what are the signs of preeclampsia?", "none", "", false},
	{"hypothetical", "what if my bp goes over 160/110?", "none", "", false},
	{"hypothetical", "what does a seizure look like", "none", "", false},
	{"hypothetical", "¿qué pasa si me da fiebre?", "none", "", false},
	{"hypothetical", "is chest pain after birth ever normal? just curious", "none", "", false},
	{"hypothetical", "is it normal if i have a 101 fever right now", "provider", "sign.fever", false},
	{"hypothetical", "what should i do if my wife ever said she wanted to kill herself", "check", "sign.self_harm_check", false},
	{"hypothetical", "what does 145/95 mean? thats what the cuff said", "provider", "sign.preeclampsia", false},
	// History: the clause is about the past.
	{"history", "last pregnancy i had preeclampsia", "none", "", false},
	// round 8: an age tells the past ("when i was 16", "cuando tenía
	// 15"), not weeks of pregnancy or days after the birth; "hace un mes
	// que" is a span up to now
	{"history", "i fainted once when i was 16 at a concert, can i do bridges now", "none", "", false},
	{"history", "me desmayé una vez cuando tenía 15 en misa, ya puedo hacer el puente?", "none", "", false},
	{"history", "i fainted when i was 16 weeks pregnant and again today", "emergency", "sign.fainting", false},
	{"history", "me desmayé a los 5 días del parto", "emergency", "sign.fainting", false},
	{"history", "hace un mes que estoy deprimida", "provider", "sign.low_mood", false},
	{"history", "hace un mes estuve deprimida pero ya pasó", "none", "", false},
	// round 8: a reading or a sign asked about in general or as a condition
	{"hypothetical", "y si la TA le sale 160/110 en casa, ¿qué le decimos que haga?", "none", "", false},
	{"hypothetical", "if a mom has a headache that won't quit is that a call the doctor thing", "none", "", false},
	// round 8: a good feeling denied is the low mood
	{"pseudo-negation", "i dont feel happy for 3 weeks", "provider", "sign.low_mood", false},
	{"pseudo-negation", "no me siento feliz desde hace semanas", "provider", "sign.low_mood", false},
	{"history", "tuve preeclampsia en mi embarazo pasado", "none", "", false},
	{"history", "in pregnancy my bp got to 150/100 but now it's 118/76", "none", "", false},
	{"history", "i had preeclampsia with my first and now my bp is 150/100", "provider", "sign.preeclampsia", false},
	{"history", "my hip is worse than last month", "provider", "sign.worsening", false},
	// A typo correction never makes a sign on its own.
	{"typo", "wirst pain when i lift her", "none", "", false},
	{"typo", "tips to overcome insomnia", "none", "", false},
}

// TestContext checks every context class of the screen.
func TestContext(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, c := range contextCases {
		r := m.Match(c.text, "")
		want, err := knowledge.ParseLevel(c.level)
		if err != nil {
			t.Fatal(err)
		}
		ids := signIDs(r.Signs)
		if r.Level != want {
			t.Errorf("%s: %q: level %s, want %s (signs %v)", c.class, c.text, r.Level, want, ids)
		}
		if c.sign != "" && slices.Contains(ids, c.sign) == c.not {
			t.Errorf("%s: %q: signs %v, want %s %v", c.class, c.text, ids, c.sign, !c.not)
		}
	}
}

// suppressionCases test each scoped suppression: its ambiguity lowers the
// sign, and another cue of the same sign keeps it.
var suppressionCases = []struct {
	sign, text, level string
}{
	// round 17: each scoped suppression of s52-s54, and the cue of the same
	// sign that keeps it
	{"sign.fainting", "baby just went down for a nap, one quick stretch?", "none"},
	{"sign.fainting", "baby just went down for a nap and i got dizzy and fell to the floor", "emergency"},
	{"sign.harm_baby_fear", "her back hurts too but i'm more worried about her mood", "none"},
	{"sign.harm_baby_fear", "her back hurts and i'm worried i'll hurt him when i snap", "emergency"},
	{"sign.headache_vision", "¿dolor de cabeza con visión borrosa es señal de preeclampsia? pregunto porque lo leí", "none"},
	{"sign.headache_vision", "tengo dolor de cabeza con visión borrosa, pregunto porque lo leí", "emergency"},
	{"sign.chest_pain", "is the chest pain on your warning list about the heart?", "none"},
	{"sign.chest_pain", "is crushing chest pain with a heavy left arm on your warning list? i have it", "emergency"},
	{"sign.incision", "bleeding stopped weeks ago, scar doesn't hurt", "none"},
	{"sign.incision", "bleeding stopped weeks ago but my scar is red and oozing", "provider"},
	{"sign.ongoing", "my knees ache on the stairs, 6 months pp, is that still the ligament thing?", "none"},
	{"sign.ongoing", "6 months pp and my knees still hurt, is that still the ligament thing?", "provider"},
	{"sign.baby_provider", "mi otro hijo de 4 años no quiere comer verduras", "none"},
	{"sign.baby_provider", "mi otro hijo de 4 años no quiere comer y tiene fiebre", "provider"},
	{"sign.worsening", "¿sirve caminar para la rodilla o lo empeora?", "none"},
	{"sign.worsening", "¿sirve caminar para la rodilla o lo empeora? cada día está peor", "provider"},
	{"sign.sepsis", "fever of 39 and i feel like im dying of the heat in this flat", "provider"},
	{"sign.sepsis", "fever of 39, shaking chills, i feel like im dying of this", "emergency"},
	// round 16: an ordinary knock of the head is a bump; a red flag makes it
	// an emergency
	{"sign.head_injury", "bumped my head on the kitchen shelf, ouch", "none"},
	{"sign.head_injury", "bumped my head on the kitchen shelf and now i'm so drowsy and my vision is blurry", "emergency"},
	{"sign.motion_dizzy", "i always get dizzy in the car when i sit in the back", "none"},
	{"sign.motion_dizzy", "me siento mariada en el carro cuando voy atrás", "none"},
	{"sign.motion_dizzy", "i get dizzy in the car and my chest hurts", "emergency"},
	// round 16: a wish to hurt oneself denied with "no tengo ganas de"; a
	// death wish beside it keeps the sign
	{"sign.self_harm", "no tengo ganas de lastimarme ni nada, solo me duele la rodilla", "none"},
	{"sign.self_harm", "no tengo ganas de lastimarme, pero a veces quiero morirme", "emergency"},
	// round 16: letters for the baby book; a goodbye keeps the sign
	{"sign.self_harm", "wrote a letter to each of my kids for their baby books, in case i forget", "none"},
	{"sign.self_harm", "wrote a letter to each of my kids for their baby books, in case something happens to me", "emergency"},
	// round 16: hunched forever is a posture; a death wish keeps the sign
	{"sign.self_harm", "me voy a quedar encorvada para siempre de tanto dar el pecho", "none"},
	{"sign.self_harm", "me voy a quedar encorvada para siempre y la verdad ya no quiero vivir", "emergency"},
	// round 16: postpartum psychosis told as the past, well now; voices again keep it
	{"sign.psychosis", "i had postpartum psychosis after my first, doing well now with this one, what should we watch for", "none"},
	{"sign.psychosis", "i had postpartum psychosis after my first and the voices are back telling me things about the baby", "emergency"},
	// round 16: blood lost at the birth, recovered; bleeding again keeps it
	{"sign.heavy_bleeding", "i lost a lot of blood at delivery in june but i'm fully recovered now", "none"},
	{"sign.heavy_bleeding", "i lost a lot of blood at delivery, recovered now i thought, but i'm soaking a pad every hour again", "provider"},
	// round 16: a wheelchair user asks about access; a new loss keeps it
	{"sign.daily_activities", "i use a wheelchair, can physio be done over video?", "none"},
	{"sign.daily_activities", "i use a wheelchair since last week because my legs gave out and i can't walk", "provider"},
	// round 16: how to do a task without bending; a task lost keeps it
	{"sign.daily_activities", "cómo cambio el pañal sin agacharme tanto, la espalda no me deja", "none"},
	{"sign.daily_activities", "sin agacharme no puedo, y ahora la espalda no me deja ni caminar", "provider"},
	// round 16: a laughing fit with a leak; a seizure sign keeps it
	{"sign.seizure", "we had a fit of giggles at 3am and i leaked a little", "none"},
	{"sign.seizure", "me dio un ataque de risa y después se puso rígida y no responde", "emergency"},
	// round 16: a melting heart; a cardiac cue keeps it
	{"sign.chest_pain", "my heart melts when he smiles but my thumb hurts", "none"},
	{"sign.chest_pain", "my heart melts when he smiles but there's a crushing chest pain going down my left arm", "emergency"},
	// round 16: "hurts a lot" after a joke owned; a severe cue keeps it
	{"sign.severe_pain", "ya me quiero morir con este dolor de rodilla (es broma, pero duele muchísimo)", "none"},
	{"sign.severe_pain", "es broma lo de morirme, pero el dolor de rodilla es insoportable", "provider"},
	// round 16: looking down at the baby is a posture; low mood keeps it
	{"sign.low_mood", "my neck is sore from looking down all the time while feeding", "none"},
	{"sign.low_mood", "i've been so sad and looking down all the time, crying every day for three weeks", "provider"},
	// round 10: heat or ice asked for a swollen joint; red or hot keeps the sign
	{"sign.red_swollen_joint", "calor o hielo para la muñeca inflamada?", "none"},
	{"sign.red_swollen_joint", "heat or ice for my knee? it's red, swollen and hot to the touch", "provider"},
	// round 10: stress tension up to the jaw is no chest pain; a chest word keeps it
	{"sign.chest_pain", "vivo con mis suegros y estoy tensa todo el día, hasta la mandíbula y los hombros", "none"},
	{"sign.chest_pain", "estoy tensa y tengo presión en el pecho que se me va a la mandíbula", "emergency"},
	// round 10: a little sad in the first days is the blues: ask; weeks named keep the provider
	{"sign.low_mood", "me siento un poco triste esta semana, el bebé tiene 8 días, pero como bien", "check"},
	{"sign.low_mood", "me siento un poco triste desde hace tres semanas, todos los días", "provider"},
	// round 10: the husband who takes the baby over is no target of a figure of speech
	{"sign.harm_baby", "i get this flash of holding him under and i have to leave him with my husband and walk out", "emergency"},
	// embarrassment
	{"sign.self_harm", "quiero desaparecer de la faz de la tierra, le di like a una foto de 2015 🙈", "none"},
	{"sign.self_harm", "i want to disappear off the face of the earth, i called my boss mom", "none"},
	// round 11: a screening question told with the answer no, someone
	// else's past thoughts told with her recovery, SI as the sacroiliac
	// joint; "me mata el estrés" is a figure of speech, a letter left for
	// a husband is not
	{"sign.self_harm", "the health visitor's questionnaire has a question about hurting myself, why do they ask everyone that", "none"},
	{"sign.self_harm", "la enfermera me preguntó si tenía ideas de hacerme daño y le dije que no, solo estoy cansada", "none"},
	{"sign.self_harm", "my aunt told me she thought about ending her life after her second, she got help and she's great now", "none"},
	{"sign.self_harm", "el trabajo me mata la verdad, pero quiero saber qué estiramiento sirve para el cuello", "none"},
	{"sign.self_harm", "ya le dejé una carta a mi esposo y regalé mis cosas, nadie lo sabe", "emergency"},
	{"sign.self_harm_check", "SI joint pain on the left, hx of sciatica before the pregnancy", "none"},
	{"sign.self_harm_check", "SI joint pain and honestly i feel like such a burden to everyone", "check"},
	{"sign.self_harm", "pt c/o SI joint pain w plan for PT, active release helped", "none"},
	{"sign.low_mood", "las primeras dos semanas lloraba por todo pero ya se me pasó, ahora estoy bien", "none"},
	{"sign.low_mood", "my cousin had postpartum depression and she's doing great now", "none"},
	{"sign.numbness", "my friend said the emotional numbness was the worst part of her depression", "none"},
	{"sign.psychosis", "el nene llora toda la tarde y yo me subo por las paredes jaja", "none"},
	{"sign.daily_activities", "la bebé no me deja ni bañarme, ¿algún estiramiento rápido para la espalda?", "none"},
	{"sign.ongoing", "the pain in my lower back is new this week, baby is 5 months, is it from carrying her", "none"},
	{"sign.self_harm", "las pastillas que tengo en la mano son para el dolor de espalda, ¿puedo tomar dos?", "none"},
	{"sign.self_harm", "pills in my hand, can i take them all, i want to die", "emergency"},
	{"sign.psychosis", "god keeps telling me to be patient with myself, my wrists ache", "none"},
	{"sign.psychosis", "god keeps telling me to rest because the baby was chosen", "emergency"},
	// "lol" as a discourse marker beside a goodbye, a means or a burden is no joke
	{"sign.self_harm", "idk if this is normal lol. if i died tomorrow i'd honestly be relieved", "emergency"},
	{"sign.self_harm", "me quiero morir jaja, ya les escribí la carta de despedida a todos", "emergency"},
	// suicide as a topic (news, school, prevention), not the writer's
	{"sign.self_harm", "our health class made a poster about suicide prevention hotlines", "none"},
	{"sign.self_harm", "qué triste la noticia del actor que se suicidó, cuiden su salud mental", "none"},
	{"sign.self_harm", "that documentary about suicide made me want to kill myself too", "emergency"},
	// a loss "to suicide" is the topic; a wish or a plan "to commit
	// suicide" is the writer's own (s77's first look)
	{"sign.self_harm", "we lost my cousin to suicide last spring and i cant stop crying", "none"},
	{"sign.self_harm", "i want to commit suicide", "emergency"},
	{"sign.self_harm", "honestly i wanna commit suicide some nights", "emergency"},
	{"sign.self_harm", "im going to commit suicide tonight", "emergency"},
	{"sign.self_harm", "i want to suicide", "emergency"},
	// round 27 (s81): "i want to know if" asks; a harm named keeps the sign
	{"sign.harm_baby", "my hands hurt in the morning and i dont sleep and i want to know if a warm bath would help", "none"},
	{"sign.harm_baby", "sometimes i want to shake him so hard and i want to know if thats normal", "emergency"},
	// round 27 (s83): signs from the tv about the child are the belief, not a real voice
	{"sign.psychosis", "i keep hearing voices but it was the neighbours tv", "none"},
	// round 28 (s84): how an exercise is done without pain is no painless way to die
	{"sign.self_harm", "¿cómo se hace la mini sentadilla sin que me duelan las rodillas?", "none"},
	{"sign.self_harm", "busco como hacerlo sin dolor, quiero morir", "emergency"},
	{"sign.headache_vision", "la cabeza me va a explotar con tanto ruido en casa jaja", "none"},
	{"sign.headache_vision", "la cabeza me va a explotar de repente y veo borroso", "emergency"},
	// round 30 (s90): a stated wish ("wanna kms") is no hyperbole over a thing
	{"sign.self_harm", "lowkey wanna kms every time she cries at 3am ngl", "emergency"},
	{"sign.self_harm", "kms every time the pump beeps lol", "none"},
	// round 26: hours of "passing out" overnight is sleep; not waking is not
	{"sign.fainting", "passed out cold for 9 hrs last night bc hubby took the night feeds!!", "none"},
	{"sign.fainting", "knocked out cold for 6 hrs last night, first time since birth", "none"},
	{"sign.fainting", "i passed out for hours and my husband couldnt wake me", "emergency"},
	// acrocyanosis: hands and feet bluish in the cold, face and lips pink
	{"sign.baby_emergency", "her hands and feet go a bit bluish when she's cold but her face and lips stay pink", "none"},
	{"sign.baby_emergency", "her hands and feet are blue and her lips are blue too", "emergency"},
	// "asfixiada" in the heat is the weather
	{"sign.breathing", "hoy hace 40 grados en Murcia y estoy asfixiada, ¿salgo a caminar?", "none"},
	{"sign.breathing", "hace calor y no puedo respirar, me ahogo", "emergency"},
	{"sign.self_harm", "for creative writing the main character's dad died by suicide and i want to handle it respectfully", "none"},
	{"sign.self_harm", "leí un artículo sobre el suicidio y yo también pienso en matarme", "emergency"},
	// sore chest muscles after exercise, tender when pressed: ask once
	{"sign.chest_pain", "my chest hurts after all those push ups, only when i press on it", "check"},
	{"sign.chest_pain", "me duele el pecho de las flexiones, solo al tocar", "check"},
	{"sign.chest_pain", "my chest hurts after push ups and i'm short of breath", "emergency"},
	// chest while feeding
	{"sign.chest_pain", "my chest is so full and engorged while feeding", "none"},
	{"sign.chest_pain", "i breastfeed and my chest feels tight and full", "check"},
	{"sign.chest_pain", "siento opresión en el pecho y me baja la leche", "check"},
	{"sign.chest_pain", "crushing chest pain and my boobs are engorged", "emergency"},
	{"sign.chest_pain", "pain behind my breastbone while nursing, not the breast", "emergency"},
	{"sign.chest_pain", "me va a dar un infarto con lo que cuestan los pañales jaja", "none"},
	// breathing: a blocked nose, a laugh
	{"sign.breathing", "i can't breathe through my nose, so stuffy", "none"},
	{"sign.breathing", "i cant breathe 😂 she made the funniest face", "none"},
	{"sign.breathing", "i can't breathe, it started when i was laughing", "emergency"},
	// out of breath: exercise, recovery, figures of speech, baby feeding, heat
	{"sign.out_of_breath", "out of breath after my first jog", "none"},
	{"sign.out_of_breath", "out of breath just sitting on the couch after a jog yesterday", "emergency"},
	{"sign.out_of_breath", "i was out of breath but caught my breath after a minute", "none"},
	{"sign.out_of_breath", "drowning in laundry and diapers", "none"},
	{"sign.out_of_breath", "baby chokes on milk when the letdown is fast", "none"},
	{"sign.out_of_breath", "me ahogo del calor", "none"},
	// self-harm: figures of speech and laughter
	{"sign.self_harm", "i want to die of embarrassment, leaked at target", "none"},
	{"sign.self_harm", "me quiero morir de la vergüenza", "none"},
	{"sign.self_harm", "i want to die lol", "check"},
	{"sign.self_harm", "ya quiero pedir una cita para cortarme el pelo", "none"},
	{"sign.self_harm", "quiero cortarme el pelo y los brazos también", "emergency"},
	{"sign.self_harm", "i want to cut my hair short, easier with the baby", "none"},
	{"sign.self_harm", "mi suegra me saca de quicio jaja la voy a matar", "none"},
	{"sign.self_harm", "mi suegra me saca de quicio, me quiero matar", "emergency"},
	{"sign.self_harm", "i want to die lol, i have the pills ready", "emergency"},
	// "the open book" is an exercise, not a book about suicide (round 4)
	{"sign.self_harm", "i left letters for my kids in case something happens to me. how do i do the open book", "emergency"},
	// harm to the baby: an accident feared, an adult joked about
	{"sign.harm_baby_fear", "i'm scared i'll drop her because my wrist is weak", "none"},
	{"sign.harm_baby_fear", "i'm scared i'll drown her in the bath", "emergency"},
	{"sign.harm_baby_fear", "me da miedo hacerle daño al bebé porque se resbala al bañarlo", "none"},
	{"sign.harm_baby", "tengo ganas de matar a mi marido que ronca jajaja", "none"},
	// fainting: "passed out" asleep
	{"sign.fainting", "passed out at 8pm with the baby lol best sleep ever", "none"},
	{"sign.fainting", "i passed out and woke up on the floor", "emergency"},
	{"sign.fainting", "the diaper was so bad i nearly passed out from the smell 😂", "none"},
	{"sign.fainting", "nearly passed out from the smell 😂 then hit the floor and hit my head", "emergency"},
	{"sign.fainting", "long day lol, i passed out on the toilet and when i woke up i was on the bathroom floor", "emergency"},
	// psychosis: a loved one's voice on the phone is real
	{"sign.psychosis", "my mom's voice on the phone says to rest more", "none"},
	{"sign.psychosis", "the baby calms down when she hears my voice", "none"},
	{"sign.psychosis", "alexa's voice tells me the time every morning", "none"},
	{"sign.psychosis", "alexa is fine but a voice in my head keeps telling me to hurt the baby", "emergency"},
	// numbness: numbing medicine, "number", let-down
	{"sign.numbness", "is the numbing spray ok for stitches", "none"},
	{"sign.numbness", "my thigh is still numb weeks after the epidural", "provider"},
	{"sign.numbness", "is there a study behind that number", "none"},
	{"sign.numbness", "tingly chest when my milk lets down", "none"},
	{"sign.numbness", "tingly fingers when my milk lets down", "provider"},
	// limbs asleep: the baby asleep, a position
	{"sign.limb_asleep", "my baby fell asleep on my arm", "none"},
	{"sign.limb_asleep", "my leg fell asleep sitting cross legged", "none"},
	// worsening: what makes it worse, general questions
	{"sign.worsening", "what makes my back pain worse at night", "none"},
	{"sign.worsening", "does stress make joint pain worse", "none"},
	{"sign.worsening", "my back pain keeps getting worse every day", "provider"},
	// calf after a walk: ask
	{"sign.calf_pain", "my calf hurts when i walk", "check"},
	{"sign.calf_pain", "my calf hurts when i walk and it's swollen and warm", "provider"},
	// heavy bleeding: pads that are not for blood
	{"sign.heavy_bleeding", "soaking through nursing pads every hour with milk", "none"},
	{"sign.heavy_bleeding", "soaking a pad an hour and my legs ache", "provider"},
	// heavy bleeding with sweats or faintness is an emergency (round 4)
	{"sign.bleeding_faint", "soaking a pad an hour and i'm sweaty and dizzy", "emergency"},
	// severe pain: the heat
	{"sign.severe_pain", "el calor está insoportable, ¿frío o calor para la rodilla?", "none"},
	// severe pain: morning pain that eases once moving (round 4)
	{"sign.severe_pain", "me duele horrores la rodilla al despertar pero se me pasa caminando", "none"},
	{"sign.severe_pain", "my back hurts like crazy in the morning and it doesnt go away after walking", "provider"},
	// daily activities: walking asked about as exercise (round 4)
	{"sign.daily_activities", "i barely move all day, would walking help my hips", "none"},
	{"sign.daily_activities", "would walking help? i can't walk without limping", "provider"},
	// fever: the weather
	{"sign.fever", "what is today's high temperature predicted to be", "none"},
	// ongoing: hormones or feeding months on, with no pain
	{"sign.ongoing", "is relaxin still in my system at 4 months?", "none"},
	{"sign.ongoing", "is relaxin still in my system at 4 months? my hips still ache", "provider"},
	{"sign.ongoing", "she's 3 months and still wakes every 2 hours", "none"},
	// the baby's emergency: sputtering on milk
	{"sign.baby_emergency", "el bebé se ahoga con la leche cuando sale muy rápido", "none"},
	{"sign.baby_emergency", "my baby chokes on the milk and turned blue", "emergency"},
	{"sign.baby_emergency", "baby finally asleep. not breathing a word to my husband about my back", "none"},
	{"sign.baby_emergency", "not breathing a word to anyone but he went blue and limp", "emergency"},
	// round 7: a baby who does not answer to his name yet, or a startle, is development
	{"sign.baby_emergency", "el bebé juega en el piso y no responde a su nombre todavía, es normal?", "none"},
	{"sign.baby_emergency", "my baby is not responding when i call his name and he is limp", "emergency"},
	{"sign.seizure", "he jerks when he startles and doesn't answer to his name yet, 2 months", "none"},
	{"sign.seizure", "he jerks when he startles, then went stiff and his eyes rolled back and he doesn't answer", "emergency"},
	// round 7: "sin aire" is the sign, so the laugh after it is seen
	{"sign.out_of_breath", "me quedé sin aire de la risa con el video del perro", "none"},
	{"sign.out_of_breath", "me quedo sin aire sentada en el sofá sin hacer nada", "emergency"},
	{"sign.sepsis", "fever of 38.5 and i'm a bit confused about which form the clinic wants", "provider"},
	{"sign.self_harm", "That will be all for tonight. Goodbye, and thank you.", "none"},
	{"sign.self_harm", "that's all for tonight. the pills are ready, goodbye", "emergency"},
	{"sign.chest_pain", "she's asleep on my chest breathing all slow and heavy, can i stretch my neck?", "none"},
	{"sign.chest_pain", "he's asleep on my chest but i have crushing pressure in my chest", "emergency"},
	{"sign.fainting", "the ibuprofen knocked out the pain in my knee, ok while nursing?", "none"},
	{"sign.fainting", "knocked out my headache with advil then passed out on the floor", "emergency"},
	{"sign.sepsis", "fever of 39 and she's confused, doesn't know what day it is", "emergency"},
	{"sign.stroke", "she talks like she's drunk when she's tired lol", "none"},
	{"sign.stroke", "she talks like drunk but she no drink and her face is going down one side", "emergency"},
	{"sign.self_harm", "the same thoughts about my weight are creeping back", "check"},
	{"sign.self_harm", "had a plan last year and the same thoughts are creeping back", "emergency"},
	// daily activities: the weather
	{"sign.daily_activities", "hace 40 grados y no puedo salir a caminar", "none"},
	{"sign.daily_activities", "no puedo caminar del dolor de cadera con este calor", "provider"},
	// headache and vision: stars after a workout
	{"sign.headache_vision", "i'm seeing stars after that workout lol", "none"},
	{"sign.headache_vision", "seeing stars lol and my head is pounding", "emergency"},
	{"sign.fainting", "haha i almost passed out from cuteness", "none"},
	// psychosis: voices of real people
	{"sign.psychosis", "i heard voices in the hallway, it was the neighbors", "none"},
	{"sign.psychosis", "i hear voices in the hallway telling me to hurt the baby, nobody is there", "emergency"},
	// daily activities: a figure of speech
	{"sign.daily_activities", "my back can't take bending over the tub anymore", "none"},
	{"sign.daily_activities", "i can't wait to take a long shower tonight", "none"},
	{"sign.daily_activities", "i can't wait for my appointment, i cant walk or stand up from the pain", "provider"},
	{"sign.daily_activities", "my back can't take it, i cant get up from the floor", "provider"},
	// heavy bleeding: tapering off
	{"sign.heavy_bleeding", "bleeding is basically spotting now, maybe one pad a day", "none"},
	{"sign.heavy_bleeding", "it was down to spotting but now i'm soaking a pad every hour", "provider"},
	{"sign.heavy_bleeding", "bleeding won't slow down, bright red and heavy", "provider"},
	// ongoing: months on and improving
	{"sign.ongoing", "6 meses postparto y la espalda ya va mejorando mucho", "none"},
	{"sign.ongoing", "5 months and my knee is getting better week by week", "none"},
	{"sign.ongoing", "5 months and my knee is not getting better at all", "provider"},
	// fainting: "desmayarse de sueño" is sleepiness, a faint with a question after it is still a faint
	{"sign.fainting", "me desmayo de sueño jaja, el bebe no duerme", "none"},
	{"sign.fainting", "ayer me desmayé en la cocina. el cojín sirve para dormir?", "emergency"},
	// persistent headache: it went away
	{"sign.headache_persistent", "headache went away after a nap, neck still a bit stiff though", "none"},
	{"sign.headache_persistent", "headache wont quit, advil helps for an hour then its back", "provider"},
	{"sign.headache_persistent", "el dolor de cabeza se me quitó con un paracetamol", "none"},
	// Round 5 (long ordinary posts, s9/s10): words read as another word
	// ("paid" as "pad", "situation" as "saturation", "math" and "mate"
	// as "matarme"), pets and ages, a panic attack told as over, a coming
	// event, muscles that "feel nothing", exercise names, a neck that
	// only hurts when turned, sore legs after the gym. Each with a
	// sibling where another cue of the same sign keeps it.
	{"sign.heavy_bleeding", "i paid for the twins' swim class and it's an hour every saturday, worth it?", "none"},
	{"sign.heavy_bleeding", "my ipad dies every hour now, the baby watches too many lullabies", "none"},
	{"sign.heavy_bleeding", "i'm bleeding through a pad every hour and i paid a fortune for these overnight ones", "provider"},
	{"sign.breathing", "our sleep situation is so bad, the toddler climbs in every night", "none"},
	{"sign.breathing", "the work situation is bad and my oxygen sat dropped to 88 at the clinic", "emergency"},
	{"sign.self_harm", "tengo un plan para esta noche: tomar mate con mi hermana y ver la serie", "check"},
	{"sign.self_harm", "i have a plan to finish my math homework tonight before the baby wakes", "check"},
	{"sign.self_harm", "si me vuelve a tocar el mate frío me tiro del balcón jaja", "check"},
	{"sign.self_harm", "tomé mate toda la tarde pensando y tengo un plan para quitarme la vida esta noche", "emergency"},
	{"sign.self_harm", "flunked my math final. i have a plan to kill myself tonight", "emergency"},
	{"sign.ongoing", "my cat is 5 years old and still jumps on the counter, any tips?", "none"},
	{"sign.ongoing", "our dog has been limping for 4 months, the vet says arthritis", "none"},
	{"sign.ongoing", "my daughter is 3 years old now and my wrists still hurt the same as ever", "provider"},
	{"sign.fainting", "had a panic attack at the store, felt like i was going to pass out, it passed and i'm home now and ok", "none"},
	{"sign.fainting", "had a panic attack at the store and actually fainted, i'm ok now", "emergency"},
	{"sign.fainting", "thought it was a panic attack but i'm still dizzy and about to pass out and soaking pads", "emergency"},
	{"sign.numbness", "during the panic attack my fingers were tingling, it passed after a few minutes", "none"},
	{"sign.numbness", "panic attack earlier and now my left arm and face are still tingling", "emergency"},
	{"sign.numbness", "fui al gimnasio por primera vez y no siento las piernas jaja", "none"},
	{"sign.numbness", "fui al gimnasio y de repente no siento la pierna izquierda", "provider"},
	{"sign.low_mood", "so anxious about my job interview, been dreading it for weeks lol", "none"},
	{"sign.low_mood", "anxious about the exam and i've felt hopeless every day for weeks", "provider"},
	{"sign.low_mood", "i feel nothing in my glutes when i do bridges every day, only hamstrings", "none"},
	{"sign.low_mood", "apaga los avisos diarios, ya no los necesito", "none"},
	{"sign.low_mood", "apaga los avisos, ando apagada y lloro a diario desde hace semanas", "provider"},
	{"sign.distress_check", "i feel nothing in my glutes during bridges, am i doing it wrong?", "none"},
	{"sign.distress_check", "i feel nothing anymore and my muscles ache all the time", "provider"},
	{"sign.distress_check", "i'm not ok with how much screen time my toddler gets", "none"},
	{"sign.distress_check", "i'm not ok, i'm falling apart and can't cope with the baby", "check"},
	{"sign.daily_activities", "how do i do the standing child's pose? i can't kneel on the floor with my stitches", "none"},
	{"sign.daily_activities", "i can't stand for more than a minute, my hip is so bad, even the standing child's pose hurts", "provider"},
	{"sign.daily_activities", "stiff neck from feeding, can't turn my head to the right without pain. any stretches?", "none"},
	{"sign.daily_activities", "can't turn my head without pain. it came on suddenly and is so bad i can't drive", "provider"},
	// someone else's clot, faint or bleeding told as news; the writer's own,
	// or one happening now, keeps the sign
	{"sign.leg_clot", "my aunt had a clot in her calf last spring, she's on blood thinners and doing great. any tips for walking with a stroller on hills?", "none"},
	{"sign.leg_clot", "my friend had a clot after her c-section and now my own calf is swollen, red and warm", "provider"},
	{"sign.fainting", "a player collapsed on the field during the game tonight, they say he's stable. scary stuff", "none"},
	{"sign.fainting", "my friend is here with me, i fainted twice this morning", "emergency"},
	{"sign.fainting", "my coworker just collapsed and she's not responding, what do i do", "emergency"},
	{"sign.heavy_bleeding", "the dog cut his paw on glass and was bleeding a lot, the vet cleaned it up and he's fine", "none"},
	{"sign.heavy_bleeding", "took the dog to the vet and while there i soaked a pad in under an hour", "provider"},
	{"sign.severe_pain", "the new carrier is a 10/10, would recommend to every tired parent", "none"},
	{"sign.severe_pain", "my back pain is 9/10 today, wouldn't recommend this to anyone", "provider"},
	// crying is no SOB; a heart pounding with nerves; chest pain a doctor
	// already called anxiety (asked); calling someone to hear their voice;
	// breathless over a match
	{"sign.breathing", "that movie wrecked me, i sobbed through the whole ending and cried in the car", "none"},
	{"sign.breathing", "pt 3d pp c/o SOB at rest and pleuritic CP", "emergency"},
	{"sign.chest_pain", "so nervous before my interview, my heart was pounding out of my chest, but i got the job!", "none"},
	{"sign.chest_pain", "my heart is pounding out of my chest and there's a crushing pain down my left arm", "emergency"},
	{"sign.chest_pain", "i get chest pain when i'm stressed, the cardiologist said my heart is fine and it's just anxiety. how do i calm down?", "check"},
	{"sign.chest_pain", "the cardiologist said it's just anxiety, but right now the chest pain is crushing and i'm sweating", "emergency"},
	{"sign.psychosis", "i miss my grandma so much, some nights i replay her voicemails just to hear her voice", "none"},
	{"sign.psychosis", "i hear her voice in my head telling me the baby isn't mine", "emergency"},
	{"sign.out_of_breath", "qué partidazo, la final me dejó sin aire, el bebé durmió todo el partido", "none"},
	{"sign.out_of_breath", "vi el partido sentada y me quedé sin aire, sigo sin poder respirar bien y me duele el pecho", "emergency"},
	{"sign.headache_persistent", "headache for days, tylenol helped for an hour but it came back", "provider"},
	// round 8: traffic as the method keeps a "lol" message a sign; a
	// face purple with straining or crying; "paranoid" as worry; a pet
	// microchipped; a relative's stroke as family history; a relative who
	// has just given birth is no news about a friend
	{"sign.self_harm", "lol sometimes on the highway i think about swerving into oncoming traffic", "emergency"},
	{"sign.baby_emergency", "the baby turned purple in the face while pushing out a poop, normal right?", "none"},
	{"sign.baby_emergency", "he turned purple crying and then went limp", "emergency"},
	{"sign.breathing", "se pone morado de tanto llorar, es normal?", "none"},
	{"sign.breathing", "el bebe se puso azul alrededor de la boca mientras mamaba y se quedo quietito", "emergency"},
	{"sign.psychosis", "my grandma had a stroke so im paranoid. what signs should i watch for after birth", "none"},
	{"sign.psychosis", "im paranoid someone is watching me through the baby monitor and i havent slept in 3 days", "emergency"},
	{"sign.psychosis", "we got the puppy microchipped today and the baby had her checkup", "none"},
	{"sign.psychosis", "my wife thinks someone put a chip in the baby at the hospital", "emergency"},
	{"sign.stroke", "mi abuela tuvo un derrame cerebral, qué señales debo vigilar después del parto?", "none"},
	{"sign.stroke", "my mom had a stroke this morning and her face is drooping, what do i do", "emergency"},
	{"sign.leg_clot", "my friend had a blood clot in her leg last year", "none"},
	{"sign.foul_discharge", "the baby's diaper smells bad down there lol", "none"},
	{"sign.foul_discharge", "my bleeding smells bad and i have chills, the diaper bin is not it", "provider"},
	{"sign.heavy_bleeding", "my blood pressure was 118/76 at my 6 week check, all good. knees still achy tho", "none"},
	{"sign.heavy_bleeding", "blood pressure fine but the bleeding is still soaking a pad", "provider"},
	{"sign.low_mood", "im anxious all the time and my shoulders are rock hard, are those related", "none"},
	{"sign.low_mood", "anxious all the time and i cant sleep even when she sleeps, are those related", "provider"},
	{"sign.psychosis", "for a month now nothing makes me happy, not even my baby", "provider"},
	{"sign.numbness", "numb with exhaustion honestly. what stretches can i do lying down", "none"},
	{"sign.numbness", "my left arm went numb suddenly, so tired", "provider"},
	{"sign.daily_activities", "no me puedo ni mover de lo cansada, pero no me duele nada especial", "none"},
	{"sign.daily_activities", "me duele tanto la cadera que no me puedo levantar del suelo ni caminar", "provider"},
	{"sign.distress_check", "ya no puedo más con la ropa sucia jaja", "none"},
	{"sign.distress_check", "ya no puedo más con todo, lloro todo el día", "check"},
	{"sign.baby_provider", "me mata la espalda de tanto cargar al crío, no sé cómo lo hacéis", "none"},
	{"sign.baby_provider", "el bebé no quiere comer y tiene fiebre, no sé cómo bajársela", "provider"},
	{"sign.headache_persistent", "vision fine, bp fine, its just a normal tension headache from looking down at the baby all day", "none"},
	{"sign.headache_persistent", "tension headache from my phone for 3 days now, tylenol not touching it", "provider"},
	{"sign.headache_vision", "me revienta la cabeza el ruido del vecino jaja", "none"},
	{"sign.headache_vision", "me revienta la cabeza de golpe y veo lucecitas", "emergency"},
	{"sign.breathing", "no es que me falte el aire, es que me duelen las costillas de atrás al respirar hondo de estar encorvada", "none"},
	{"sign.breathing", "me duele al respirar hondo y me falta el aire, estoy encorvada dando pecho", "emergency"},
	{"sign.out_of_breath", "me dejó sin aire la subida al cerro jaja pero ya volví a caminar", "none"},
	{"sign.out_of_breath", "me quedo sin aire en reposo desde ayer", "emergency"},
	{"sign.out_of_breath", "estamos sin aire acondicionado y hace un calor horrible", "none"},
	{"sign.breathing", "la casa está sin aire acondicionado y no puedo respirar, me duele el pecho", "emergency"},
	{"sign.fever", "creí que tenía fiebre pero el termómetro marcó 37,1", "none"},
	{"sign.fever", "i have a fever, 37.2 and chills", "provider"},
	{"sign.leg_clot", "se me hinchan los dos pies por igual, la obstetra dijo que es normal", "none"},
	{"sign.leg_clot", "se me hinchó una pierna más que la otra y está caliente", "provider"},
	{"sign.ongoing", "3 meses pp y ya camino una hora, sigo así?", "none"},
	{"sign.ongoing", "tengo 4 meses pp y me duele la muñeca igual, sigo así?", "provider"},
	{"sign.leg_clot", "my daughter had her baby 10 days ago and one of her legs is red and hot", "provider"},
	// round 9
	{"sign.breathing", "i sobbed at a diaper commercial, hormones are wild", "none"},
	{"sign.breathing", "sobbing and crying and now i can't catch my breath, my chest is tight", "emergency"},
	{"sign.distress_check", "is joint pain after birth real or am i just falling apart? every joint aches", "none"},
	{"sign.distress_check", "ya no sé qué hacer con el hombro, me duele al cargarla", "none"},
	{"sign.distress_check", "i'm falling apart, my body aches and i feel hopeless", "check"},
	{"sign.self_harm", "ojalá no se despierte hasta las seis", "none"},
	{"sign.self_harm", "my sister's dog got hit by a car, hoping he pulls through", "none"},
	{"sign.self_harm", "the dog is at the vet and i hope i get hit by a car tonight", "emergency"},
	{"sign.self_harm", "when i'm chopping onions i picture stabbing myself", "emergency"},
	{"sign.self_harm", "le dije a mi marido que si me pasara algo con el coche sería un alivio", "emergency"},
	{"sign.psychosis", "why does my posture feel off, like i'm leaning back for a bump that isn't there", "none"},
	{"sign.fainting", "nearly passed out laughing when the baby peed on his dad", "none"},
	{"sign.heavy_bleeding", "is it normal to still be bleeding at 5 weeks? it's light and brownish, no clots", "none"},
	{"sign.self_harm", "ojalá me pase algo bueno este año", "none"},
	{"sign.self_harm", "ojalá me pase algo y ya, me quiero morir", "emergency"},
	{"sign.heavy_bleeding", "still bleeding at 5 weeks, light and brownish but now soaking a pad an hour", "provider"},
	{"sign.fainting", "i passed out laughing lol but hit my head on the floor and feel dizzy", "emergency"},
	{"sign.psychosis", "she says she sees people that aren't there, like a bump that isn't there", "emergency"},
	{"sign.low_mood", "no puedo más, tres semanas sin dormir, ¿eso hace que me duela más todo?", "check"},
	{"sign.low_mood", "no puedo más, tres semanas llorando y sin dormir, ¿eso hace que me duela más todo?", "provider"},
	// round 13 (s37, s38): a wish to unalive someone else, a leap
	// promised over the baby's mess, a body part that can't take more
	{"sign.self_harm", "scratching my legs again at night, the itch is too much, only thing that calms me down", "none"},
	{"sign.self_harm", "scratching my arms again until it bleeds, the itch is an excuse, it's to punish myself", "emergency"},
	{"sign.self_harm", "i want to unalive whoever designed onesies with 14 snaps at 3am", "none"},
	{"sign.self_harm", "quiero matar al que inventó los bodies de 14 broches jaja", "none"},
	{"sign.self_harm", "i want to unalive myself, not the onesie guy, for real", "emergency"},
	{"sign.self_harm", "si me vuelve a vomitar encima me tiro por la ventana jajaja", "none"},
	{"sign.self_harm", "if he pukes on me again im jumping out the window lol", "none"},
	{"sign.self_harm", "si me vuelve a vomitar encima me tiro por la ventana, no es broma, ya tengo todo planeado", "emergency"},
	{"sign.severe_pain", "mi cuello no aguanta más de estar mirando pa abajo dándole de comer", "none"},
	{"sign.severe_pain", "mi espalda no aguanta más, el dolor es insoportable", "provider"},
	{"sign.distress_check", "my knees are done after all these stairs with the car seat", "none"},
	// round 20: each new scoped suppression of s58-s60, and the cue of
	// the same sign that keeps it
	{"sign.preeclampsia", "the discharge sheet says call if bp over 140/90, what does that mean?", "none"},
	{"sign.preeclampsia", "the sheet says call if bp over 140/90, what does that mean? mine was 150/96 this morning", "provider"},
	{"sign.preeclampsia", "tuve la presión alta en el embarazo pero ya se normalizó", "none"},
	{"sign.preeclampsia", "tuve la presión alta en el embarazo, ya se normalizó pero hoy tengo la cara hinchada y dolor de cabeza", "provider"},
	{"sign.numbness", "is numbness a red flag? i dont have any, just asking", "none"},
	{"sign.numbness", "is numbness a red flag? my left hand went numb this morning, just asking", "provider"},
	{"sign.headache_persistent", "pounding headache, totally hungover from the wedding", "none"},
	{"sign.headache_persistent", "pounding headache for 3 days, i thought it was a hangover but it wont go away", "provider"},
	{"sign.breathing", "que alguien me sobe la espalda por favor", "none"},
	{"sign.breathing", "que alguien me sobe la espalda, no puedo respirar", "emergency"},
	{"sign.baby_emergency", "mi hija está cansada con la bebé pero no se queja", "none"},
	{"sign.baby_emergency", "la bebé se queja al respirar y está morada", "emergency"},
	// round 24 (s70-s72): each new scoped suppression or grown exception,
	// and the cue of the same sign that keeps the sign
	{"sign.fainting", "i fainted holding my son, lola had to catch me lol", "emergency"},
	{"sign.fainting", "lola and i laughed so hard i nearly passed out lol", "none"},
	{"sign.fainting", "passed out on the couch for 3 hours lol best sleep", "none"},
	{"sign.fainting", "passed out twice today lol, my sister had to catch me", "emergency"},
	{"sign.self_harm", "tomando mate con mi mamá, tengo formas de galletas nuevas", "none"},
	{"sign.self_harm", "me la paso buscando formas de matarme mientras toma el mate", "emergency"},
	{"sign.heavy_bleeding", "4 weeks out and still bleeding a bit, like a light period", "none"},
	{"sign.heavy_bleeding", "still bleeding a bit like a light period but now passing big clots", "provider"},
	{"sign.leg_clot", "i keep thinking my thigh ache is a dvt. it's not red, not swollen, not warm", "none"},
	{"sign.leg_clot", "scared it's a blood clot, it's not red but my calf is swollen", "provider"},
	{"sign.chest_pain", "my chest is so full of milk before every feed and my shoulders ache from hunching", "none"},
	{"sign.chest_pain", "my chest is so full before every feed and now the pain goes to my left arm", "emergency"},
	{"sign.baby_emergency", "mi suegra se queja de la rodilla cada vez que carga a la bebé", "none"},
	{"sign.baby_emergency", "mi suegra se queja de la rodilla y la bebé está morada y no reacciona", "emergency"},
	{"sign.incision", "can i do the open book stretch 4 weeks after my c-section?", "none"},
	{"sign.incision", "my c-section incision opened a bit after the open book stretch", "provider"},
	{"sign.fever", "it was 100 degrees at the beach, is swimming ok for my back?", "none"},
	{"sign.distress_check", "she fell asleep on my chest and i'm trapped, any stretch for my neck?", "none"},
	{"sign.distress_check", "she's asleep on my chest and i feel trapped in my life, no way out", "check"},
	{"sign.fever", "it was hot at the beach and now i have a fever of 101", "provider"},
	// round 23 (s67-s69): the suppressions whose exceptions grew, and the
	// cue of the same sign that keeps the sign
	{"sign.ongoing", "el crío tiene 5 meses y todavía se despierta cada dos horas", "none"},
	{"sign.ongoing", "desde que nació el crío, hace 4 meses, con la espalda igual, ni mejora", "provider"},
	{"sign.psychosis", "the neighbours voices come through the tv wall at night, is that why i cant sleep", "none"},
	{"sign.psychosis", "she says the devil talks to her through the tv", "emergency"},
	{"sign.leg_clot", "did some lunges for my legs while the bottle warmed, how many reps?", "none"},
	{"sign.leg_clot", "did lunges while the bottle warmed and now my left calf is swollen and red", "provider"},
	// round 22 (s64-s66): each new scoped suppression, and the cue of the
	// same sign that keeps it
	{"sign.baby_emergency", "my hip hurts so bad i'm limping, holding the baby is hard", "provider"},
	{"sign.baby_emergency", "i'm limping and the baby went limp and won't wake", "emergency"},
	{"sign.self_harm", "mi cuñada dice que me voy a quedar coja pa siempre jajaja", "none"},
	{"sign.daily_activities", "mi suegra dice que voy a quedar renga para siempre jaja, cuánto dura el dolor de cadera", "none"},
	{"sign.daily_activities", "dicen que voy a quedar coja para siempre y ya no puedo caminar del dolor", "provider"},
	{"sign.daily_activities", "baño al niño arrodillada y luego no me puedo enderezar, ¿qué hago?", "none"},
	{"sign.worsening", "why does my pelvis hurt so much worse this time around", "none"},
	{"sign.worsening", "this time around my pelvis is getting worse every day", "provider"},
	{"sign.severe_pain", "me estreso demasiado y siento que todo me duele más", "none"},
	{"sign.severe_pain", "me estreso demasiado y la espalda me duele insoportable", "provider"},
	{"sign.fever", "tuve fiebre después del parto pero se me quitó hace una semana", "none"},
	{"sign.fever", "la fiebre se me quitó hace una semana pero volvió hoy", "provider"},
	{"sign.fever", "heat index hit 39 today, ice or heat for my back?", "none"},
	{"sign.heavy_bleeding", "sangro poquito, una toalla en todo el día", "none"},
	{"sign.heavy_bleeding", "sangro poquito pero hoy empapé una toalla en una hora", "provider"},
	// round 21: each new scoped suppression of s61-s63, and the cue of
	// the same sign that keeps it
	{"sign.numbness", "my husband is dead to the world, my knees ache from the stairs", "none"},
	{"sign.numbness", "my husband is dead to the world and my left arm is numb", "provider"},
	{"sign.low_mood", "four weeks after a second-degree tear, is swimming ok?", "none"},
	{"sign.low_mood", "four weeks after my tear and i feel sad and empty every day", "provider"},
	{"sign.incision", "i leak when i laugh since my tear healed", "none"},
	{"sign.incision", "since my tear healed it is red and leaking pus", "provider"},
	{"sign.severe_pain", "my posture is terrible these days, is that why my upper back hurts?", "none"},
	{"sign.severe_pain", "my posture is terrible and the pain is unbearable", "provider"},
	{"sign.fever", "its 101 degrees in Miami today and my wrists ache", "none"},
	{"sign.fever", "its 101 degrees in Miami today and i have a fever of 101 with chills", "provider"},
	{"sign.breathing", "mi bebé no me deja ni respirar, quiere brazo todo el día", "none"},
	{"sign.breathing", "mi bebé no me deja ni respirar y ahora me ahogo de verdad, me falta el aire", "emergency"},
	{"sign.daily_activities", "este niño no me deja ni respirar, me duele la espalda de cargarlo", "none"},
	{"sign.daily_activities", "el dolor de espalda no me deja cargarlo", "provider"},
	{"sign.chest_pain", "my chest feels tight and full from engorgement, best feeding position?", "none"},
	{"sign.chest_pain", "my chest feels tight and full from engorgement and the pain goes to my left arm", "emergency"},
	{"sign.distress_check", "my pelvis feels like its gonna fall apart when i roll over lol", "none"},
	{"sign.distress_check", "my pelvis feels like its gonna fall apart and i cant cope anymore", "check"},
}

// TestSuppressions checks every scoped suppression and that another cue
// of the same sign keeps the sign.
func TestSuppressions(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, c := range suppressionCases {
		r := m.Match(c.text, "")
		if r.Level.String() != c.level {
			t.Errorf("%s: %q: level %s, want %s (signs %v)", c.sign, c.text, r.Level, c.level, signIDs(r.Signs))
		}
	}
	// Every sign with a suppression has a case here.
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range kb.Signs {
		if len(s.Suppress) == 0 {
			continue
		}
		if !slices.ContainsFunc(suppressionCases, func(c struct{ sign, text, level string }) bool { return c.sign == s.ID }) {
			t.Errorf("%s has suppressions but no case in suppressionCases", s.ID)
		}
	}
}

// numberCases are the number forms in both languages and their
// non-examples.
var numberCases = []struct {
	text, level string
}{
	// temperatures
	{"thermometer says 38,2", "provider"},
	{"thermometer says 38.2", "provider"},
	{"38.2", "provider"},
	{"my temp is 100.4 F", "provider"},
	{"tengo 39 grados", "provider"},
	{"tengo 38 y medio", "provider"},
	{"i have a 101 fever", "provider"},
	{"38 weeks with my second and my hips ache", "none"},
	{"she drank 100 ml and fell asleep", "none"},
	{"it's 101 degrees outside, can i still walk with the stroller", "none"},
	{"hace 40 grados aquí, ¿qué ejercicios hago en casa?", "none"},
	{"my temp was 99.1 this morning", "none"},
	// blood pressure
	{"my bp was 160/110 at home", "provider"},
	{"la presión me salió 160/110", "provider"},
	{"bp 150 over 100 tonight", "provider"},
	{"me salió 150 sobre 100", "provider"},
	{"la presión me sigue en 14/9", "provider"},
	// round 7: "con" and voice to text with no separator, only beside a pressure word
	{"la presión me salió 150 con 100", "provider"},
	{"la tensión 152 98 esta mañana", "provider"},
	{"compré 150 con 100 pesos de descuento", "none"},
	{"my pressure 120 80 today, fine", "none"},
	// round 7: a temperature with its unit glued on
	{"39c since noon", "provider"},
	{"101.5f and chills", "provider"},
	{"my bp is 118/76, all good", "none"},
	{"my back pain is a 9/10", "provider"},
	{"she was born 12/10 and my hips still ache", "none"},
	// pad counts and durations
	{"4 pads since lunch and it's only 3pm", "provider"},
	{"3 toallas en 2 horas", "provider"},
	{"pt c/o HA x3 days", "provider"},
	{"it's been 4 months and my hips still hurt", "provider"},
	{"36yo G2P2 3mo pp, R hip pain unchanged since delivery", "provider"},
	{"i'm 12 weeks pregnant, can i still do hot yoga", "none"},
	{"estoy de 36 semanas y ya me duelen las caderas", "none"},
	{"38.5 weeks when she came, now 8 weeks old. hips ache a bit", "none"},
	// oxygen saturation under 90% (round 4; under 92% since round 22): a bare number after an oxygen word
	{"spo2 87", "emergency"},
	{"sat 86", "emergency"},
	{"SatO2 88%", "emergency"},
	{"o2 sat: 84", "emergency"},
	{"my oxygen is at 85", "emergency"},
	{"saturación 87%", "emergency"},
	{"oxímetro marca 86", "emergency"},
	{"spo2 96 and my knees ache", "none"},
	{"sat 92 at the clinic, fine", "none"},
	{"sat down 85 times today to feed, my back is sore", "none"},
	{"i sat 80 minutes with her on the couch and my neck hurts", "none"},
	{"sat at 85 rpm on the exercise bike, knees ok?", "none"},
	{"sats are 87 on the home monitor", "emergency"},
	{"la saturación bajó a 86", "emergency"},
	{"we sat at 88 degrees in the car", "none"},
	// round 22 (s66): under 92%, and the sensor's place between the oxygen
	// word and a link word
	{"pulse ox on my finger says 86%", "emergency"},
	{"el oxímetro en el dedo marca 88", "emergency"},
	{"saturación en el reloj: 87", "emergency"},
	{"sats 91% on room air", "emergency"},
	{"pulse ox on my finger says 97", "none"},
	{"i sat on my hand for 85 minutes watching tv", "none"},
	{"it was 87 outside so we sat inside", "none"},
	{"my finger thing says 87 for oxygen", "emergency"},
	{"86 on the oximeter", "emergency"},
	{"our house is 38 degrees inside", "none"},
	// a severe reading with a head or eye complaint is an emergency
	{"170/112 and my head is pounding", "emergency"},
	{"presión 168/112 y veo borroso", "emergency"},
	{"bp 122/78 and a mild headache from no sleep", "none"},
	{"it's 101 degrees out, too hot to walk", "none"},
}

// TestNumbers checks temperatures, blood pressures, pad counts and
// durations in both languages, and the numbers that are none of them.
func TestNumbers(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, c := range numberCases {
		r := m.Match(c.text, "")
		if r.Level.String() != c.level {
			t.Errorf("%q: level %s, want %s (signs %v)", c.text, r.Level, c.level, signIDs(r.Signs))
		}
	}
}
