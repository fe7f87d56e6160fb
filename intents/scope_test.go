package intents_test

import "testing"

// TestOutOfScope holds the classes of out-of-scope messages of issue 13:
// someone else's body, another domain, a message mostly unexplained.
func TestOutOfScope(t *testing.T) {
	m := embeddedMatcher(t)
	for _, text := range []string{
		"my dog's hips are bad, she limps after walks, what can i give her",
		"my grandma's arthritis is flaring in her hands, any tips for her",
		"pediatrician heard a click in the baby's hip at the checkup, what does that mean",
		"husband threw his back out moving the couch, how long till he's ok",
		"is it gonna rain this afternoon? want to take the stroller out",
		"should i buy bitcoin now",
		"good shows to binge during night feeds?",
		"how do i swaddle properly",
		"mi perro tiene displasia de cadera, qué le puedo dar?",
		"a mi abuela le duelen las manos por la artritis, qué le recomiendas?",
		"el pediatra dijo que la cadera del bebé hace clic, es grave?",
		"mi esposo se lastimó la espalda moviendo el sofá, qué hace?",
		"can u set a timer for 5 minutes",
		"what is the apr on my chase card",
	} {
		if r := m.Match(text, ""); r.Intent != "fallback" {
			t.Errorf("Match(%q) = %s, want fallback", text, r.Intent)
		}
	}
	// in scope, though they name someone else or another domain
	for text, want := range map[string]string{
		"my wife's wrists have been sore since the baby came, anything she can do?":      "pain.wrist_hand",
		"lifting my toddler hurts my back":                                               "pain.back",
		"mi suegra dice que me voy a romper la cadera cargándolo siempre del mismo lado": "tip.carrying",
		"lol laughing at my husband trying to swaddle 😂 anyway what helps knee pain":     "pain.knee",
	} {
		if r := m.Match(text, ""); r.Intent != want {
			t.Errorf("Match(%q) = %s, want %s", text, r.Intent, want)
		}
	}
}

// TestLangHolds: function words alone ("ok", "yes", "lol") keep the
// language a person chose or last wrote in.
func TestLangHolds(t *testing.T) {
	m := embeddedMatcher(t)
	for _, text := range []string{"ok", "yes", "lol", "ok lol"} {
		if r := m.Match(text, "es"); r.Lang != "es" {
			t.Errorf("Match(%q, es).Lang = %s, want es", text, r.Lang)
		}
	}
	if r := m.Match("my wrist hurts when i lift her", "es"); r.Lang != "en" {
		t.Errorf("an English question with hint es: Lang = %s, want en", r.Lang)
	}
	if r := m.Match("gracias", "en"); r.Lang != "es" {
		t.Errorf("gracias with hint en: Lang = %s, want es", r.Lang)
	}
}
