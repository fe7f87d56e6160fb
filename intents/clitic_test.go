package intents_test

import (
	"testing"
)

// TestSpanishClitics: Spanish stems drop an attached pronoun, so
// "lastimarme" (myself) and "lastimarla" (her, the baby) share a stem. A
// rule or a suppression that means one of them must name it as written
// ("lastimarla*"), or harm to oneself reads as harm to the baby and the
// baby's suppression cancels the person's own sign.
func TestSpanishClitics(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	for text, want := range map[string]string{
		"pienso en lastimarme":                  "sign.self_harm",
		"he pensado en hacerme daño":            "sign.self_harm",
		"quiero lastimarme":                     "sign.self_harm",
		"pienso en lastimarla":                  "sign.harm_baby",
		"tengo miedo de hacerle daño a mi bebe": "sign.harm_baby_fear",
	} {
		r := m.Match(text, "")
		if len(r.Signs) != 1 || r.Signs[0].ID != want {
			var got []string
			for _, s := range r.Signs {
				got = append(got, s.ID)
			}
			t.Errorf("%q: signs %v, want only %s", text, got, want)
		}
	}
}
