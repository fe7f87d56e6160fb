package intents_test

import (
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// screenCases are warning signs, one or more phrasings per sign and
// language, their negations and innocent look-alikes. None is copied from
// the dev set.
var screenCases = []struct {
	text string
	want string // none, provider, emergency
}{
	// chest pain
	{"my chest feels tight and heavy", "emergency"},
	{"sharp pain in my chest when i breathe in", "emergency"},
	{"tengo un dolor fuerte en el pecho", "emergency"},
	{"siento opresión en el pecho", "emergency"},
	{"no chest pain, just sore arms", "none"},
	// breathing
	{"i can't breathe properly", "emergency"},
	{"struggling to breathe since this morning", "emergency"},
	{"i get breathless just sitting", "emergency"},
	{"me cuesta respirar", "emergency"},
	{"siento que me ahogo", "emergency"},
	{"out of breath from laughing at the dog", "none"},
	{"no shortness of breath or chest pain, just a stiff back", "none"},
	// seizure
	{"she had a fit and was shaking all over", "emergency"},
	{"i think i had a seizure last night", "emergency"},
	{"mi pareja tuvo convulsiones", "emergency"},
	// self-harm and harm to the baby (crisis)
	{"i want to kill myself", "emergency"},
	{"i keep thinking everyone would be better without me", "emergency"},
	{"sometimes i want to hurt my baby", "emergency"},
	{"i wish i could go to sleep and never wake up", "emergency"},
	{"quiero morirme", "emergency"},
	{"pienso en quitarme la vida", "emergency"},
	{"tengo pensamientos de lastimar al bebé", "emergency"},
	{"no thoughts of harming myself, just exhausted", "none"},
	// severe headache with vision changes
	{"terrible headache and i'm seeing spots", "emergency"},
	{"my vision went blurry with a pounding headache", "emergency"},
	{"me duele mucho la cabeza y veo borroso", "emergency"},
	// fainting
	{"i passed out in the kitchen", "emergency"},
	{"i keep blacking out", "emergency"},
	{"me desmayé en el baño", "emergency"},
	{"perdí el conocimiento un momento", "emergency"},
	// fever
	{"temperature is 38.6", "provider"},
	{"running a fever of 102", "provider"},
	{"tengo 39 de fiebre", "provider"},
	{"no fever, knees just ache", "none"},
	{"sin fiebre, solo me duelen las rodillas", "none"},
	{"my baby is 38 days old", "none"},
	// leg clot
	{"my left calf is swollen and warm", "provider"},
	{"one leg is red and puffy and sore", "provider"},
	{"tengo la pierna hinchada y roja", "provider"},
	{"calves sore after a long walk, no swelling", "none"},
	// heavy bleeding
	{"i'm soaking a pad every hour", "provider"},
	{"passing clots the size of a golf ball", "provider"},
	{"sangrado muy abundante, empapo una toalla por hora", "provider"},
	// headache that won't go away
	{"a headache that won't go away for two days", "provider"},
	{"dolor de cabeza que no se quita", "provider"},
	// incision
	{"my c-section wound is oozing and smells", "provider"},
	{"la herida de la cesárea está roja y supura", "provider"},
	// joint: numbness and tingling
	{"pins and needles in my fingers", "provider"},
	{"my hands feel numb in the morning", "provider"},
	{"se me duermen las manos en la noche", "provider"},
	{"siento hormigueo en los pies", "provider"},
	{"no numbness or tingling, just sore wrists", "none"},
	{"no siento hormigueo, solo rigidez", "none"},
	// joint: abrupt, severe, worsening, red and swollen, daily activities
	{"the knee pain came on suddenly", "provider"},
	{"my hip pain is unbearable", "provider"},
	{"the pain is an 8/10", "provider"},
	{"it keeps getting worse even with the stretches", "provider"},
	{"mi dolor de espalda va empeorando", "provider"},
	{"my wrist is red, swollen and hot", "provider"},
	{"la rodilla está hinchada y roja", "provider"},
	{"i can't lift my baby because of my wrist", "provider"},
	{"no puedo caminar por el dolor de cadera", "provider"},
	{"it isn't sudden, mild ache", "none"},
	// ongoing pain
	{"it has been 4 months and my back still hurts", "provider"},
	{"llevo tres meses igual con el dolor", "provider"},
	// an exercise and a workout plan are not a crisis
	{"i keep thinking about the bridge exercise, is it good for my back?", "none"},
	{"i have a plan for my workouts this week", "none"},
	{"tengo un plan de ejercicios para la semana", "none"},
	{"i made a plan to end it, nobody knows", "emergency"},
	{"ya tengo todo planeado para esta noche, ya me despedí", "emergency"},
	// questions about signs are not signs
	{"what are the warning signs", "none"},
	{"cuáles son las señales de alarma", "none"},
	{"when should i call my doctor", "none"},
	{"how do i do a bridge", "none"},
}

func TestScreen(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, tc := range screenCases {
		r := m.Match(tc.text, "")
		if got := r.Level.String(); got != tc.want {
			ids := []string{}
			for _, s := range r.Signs {
				ids = append(ids, s.ID)
			}
			t.Errorf("%q: level %s %v, want %s", tc.text, got, ids, tc.want)
		}
	}
}

// TestScreenWins checks that a warning sign is never lost because the
// message is mostly about something else.
func TestScreenWins(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, text := range []string{
		"how many bridges should i do, also my chest hurts a lot today",
		"quería saber del puente para la espalda, y además me desmayé ayer",
		"tendon glides are great!! but i keep thinking the baby is better off without me",
	} {
		r := m.Match(text, "")
		if r.Level != knowledge.LevelEmergency || r.Intent != "see_doctor" {
			t.Errorf("%q: got %s/%s, want see_doctor/emergency", text, r.Intent, r.Level.String())
		}
		if r.Topic == "see_doctor" || r.Topic == intents.Fallback {
			t.Errorf("%q: topic %s, want the other question's entry", text, r.Topic)
		}
	}
}

// TestCrisis checks that thoughts of self-harm ask for the crisis line.
func TestCrisis(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for _, text := range []string{"i want to end my life", "quiero hacerme daño"} {
		if r := m.Match(text, ""); !r.Crisis {
			t.Errorf("%q: no crisis flag", text)
		}
	}
	if r := m.Match("my chest hurts", ""); r.Crisis {
		t.Errorf("chest pain: crisis flag set")
	}
}
