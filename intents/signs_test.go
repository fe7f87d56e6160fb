package intents_test

import (
	"slices"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// signCases name, for every warning-sign rule, phrasings in both languages
// that must fire it (written for this test, not taken from any eval set).
var signCases = []struct {
	sign, lang, text string
}{
	{"sign.chest_pain", "en", "there's a crushing weight on my chest"},
	{"sign.chest_pain", "es", "me aprieta mucho el pecho desde hace rato"},
	{"sign.breathing", "en", "i'm struggling to breathe even sitting still"},
	{"sign.breathing", "es", "me cuesta mucho respirar"},
	{"sign.out_of_breath", "en", "i'm out of breath just sitting on the couch"},
	{"sign.out_of_breath", "es", "me quedo sin aire sentada en la cama"},
	{"sign.seizure", "en", "she had a seizure and was jerking all over"},
	{"sign.seizure", "es", "le dio una convulsión en la cocina"},
	{"sign.self_harm", "en", "i've been thinking about killing myself"},
	{"sign.self_harm", "es", "he pensado en quitarme la vida"},
	{"sign.harm_baby", "en", "i keep having thoughts of hurting my baby"},
	{"sign.harm_baby", "es", "tengo pensamientos de hacerle daño a mi bebé"},
	{"sign.harm_baby_fear", "en", "i'm scared i might hurt the baby when he screams"},
	{"sign.harm_baby_fear", "es", "tengo miedo de lastimar a mi bebé cuando llora"},
	{"sign.violence_threat", "en", "my boyfriend threatened to kill me if i leave, and he keeps a gun under the bed"},
	{"sign.violence_threat", "es", "mi pareja amenazó con matarnos a los dos y tiene una pistola en el cajón"},
	{"sign.headache_vision", "en", "awful headache and my vision is blurry"},
	{"sign.headache_vision", "es", "me duele muchísimo la cabeza y veo borroso"},
	{"sign.head_injury", "en", "hit my head on the shelf and now i keep vomiting and feel confused"},
	{"sign.head_injury", "es", "me di un golpe en la cabeza con la puerta y estoy vomitando y confundida"},
	{"sign.motion_dizzy", "en", "i got dizzy in the car and then i fainted"},
	{"sign.motion_dizzy", "es", "me maree en el coche y me falta el aire"},
	{"sign.fainting", "en", "i fainted while changing her"},
	{"sign.fainting", "es", "me desmayé en la ducha"},
	{"sign.stroke", "en", "her speech is slurred and her face is drooping"},
	{"sign.stroke", "es", "tiene la boca chueca y arrastra las palabras"},
	{"sign.sudden_onset", "en", "my wrist pain started suddenly today"},
	{"sign.sudden_onset", "es", "de repente me empezó a doler la rodilla"},
	{"sign.severe_pain", "en", "my back pain is a 9/10"},
	{"sign.severe_pain", "es", "el dolor de cadera es insoportable"},
	{"sign.worsening", "en", "my knee keeps getting worse every day"},
	{"sign.worsening", "es", "el dolor de muñeca va empeorando"},
	{"sign.ongoing", "en", "it's been 4 months and my hips still hurt"},
	{"sign.ongoing", "es", "llevo cinco meses y me sigue doliendo la espalda"},
	{"sign.numbness", "en", "my fingers are numb and tingly"},
	{"sign.numbness", "es", "siento hormigueo en los dedos"},
	{"sign.limb_asleep", "en", "my hands keep falling asleep at night"},
	{"sign.limb_asleep", "es", "se me duermen los brazos en la noche"},
	{"sign.red_swollen_joint", "en", "my ankle is red and swollen"},
	{"sign.red_swollen_joint", "es", "tengo el tobillo rojo e hinchado"},
	{"sign.daily_activities", "en", "i can't get dressed because my shoulder hurts so much"},
	{"sign.daily_activities", "es", "no puedo vestirme del dolor de hombro"},
	{"sign.fever", "en", "i have a fever of 101.5"},
	{"sign.fever", "es", "tengo fiebre de 39"},
	{"sign.leg_clot", "en", "my right calf is swollen and warm"},
	{"sign.leg_clot", "es", "tengo la pantorrilla hinchada y caliente"},
	{"sign.calf_pain", "en", "sharp pain in one calf only"},
	{"sign.calf_pain", "es", "me duele mucho una pantorrilla nada más"},
	{"sign.heavy_bleeding", "en", "i'm soaking through a pad every hour"},
	{"sign.heavy_bleeding", "es", "empapo una toalla cada hora"},
	{"sign.headache_persistent", "en", "i've had a headache for days that won't go away"},
	{"sign.headache_persistent", "es", "tengo un dolor de cabeza que no se me quita hace días"},
	{"sign.incision", "en", "my c-section incision is oozing pus"},
	{"sign.incision", "es", "la herida de la cesárea supura"},
	{"sign.foul_discharge", "en", "my bleeding smells really bad, like something rotten"},
	{"sign.foul_discharge", "es", "el flujo me huele feo, como a podrido"},
	{"sign.psychosis", "en", "i keep hearing voices telling me things about my son"},
	{"sign.psychosis", "es", "oigo voces que me hablan del bebé"},
	{"sign.low_mood", "en", "i've felt empty and miserable every day for weeks"},
	{"sign.low_mood", "es", "me siento vacía todos los días desde hace semanas"},
	{"sign.distress_check", "en", "honestly i can't take it anymore"},
	{"sign.distress_check", "es", "ya no puedo más con todo esto"},
	{"sign.self_harm_check", "en", "sometimes i think about ending things"},
	{"sign.self_harm_check", "es", "a veces pienso que mejor me muero"},
	{"sign.bleeding_faint", "en", "the bleeding is really heavy and i feel woozy and clammy"},
	{"sign.bleeding_faint", "es", "sangro muchísimo y estoy pálida y temblorosa"},
	{"sign.sepsis", "en", "she has a fever of 39 and she's confused, she keeps forgetting where she is"},
	{"sign.sepsis", "es", "tiene fiebre alta y está confundida, respira muy rápido"},
	{"sign.bp_severe", "en", "the cuff read 165/112 twice"},
	{"sign.bp_severe", "es", "el tensiómetro marcó 170/115"},
	{"sign.preeclampsia", "en", "home reading tonight was 146 over 94"},
	{"sign.preeclampsia", "es", "me tomé la presión y salió 150 sobre 95"},
	{"sign.baby_emergency", "en", "our newborn went floppy and won't wake up"},
	{"sign.baby_emergency", "es", "mi bebita está aguadita y no reacciona"},
	{"sign.baby_provider", "en", "my 6 week old baby is running a fever"},
	{"sign.baby_provider", "es", "el bebé tiene calentura desde la tarde"},
	{"sign.chest_breast_check", "en", "my chest hurts and feels tight since my milk came in"},
	{"sign.chest_breast_check", "es", "tengo presión en el pecho desde que me bajó la leche"},
	{"sign.leg_check", "en", "my calf aches after my walk today"},
	{"sign.leg_check", "es", "me duele la pantorrilla después de caminar"},
}

// TestEverySign checks that every warning-sign rule in the knowledge base
// fires, in both languages, on a phrasing of its own.
func TestEverySign(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string][]string{}
	for _, c := range signCases {
		r := m.Match(c.text, "")
		var ids []string
		for _, s := range r.Signs {
			ids = append(ids, s.ID)
		}
		if !slices.Contains(ids, c.sign) {
			t.Errorf("%s (%s) %q: fired %v", c.sign, c.lang, c.text, ids)
		}
		if r.Lang != c.lang {
			t.Errorf("%q: language %s, want %s", c.text, r.Lang, c.lang)
		}
		covered[c.sign] = append(covered[c.sign], c.lang)
	}
	for _, s := range kb.Signs {
		for _, lang := range knowledge.Languages() {
			if !slices.Contains(covered[s.ID], lang) {
				t.Errorf("%s has no test phrasing in %s", s.ID, lang)
			}
		}
	}
}
