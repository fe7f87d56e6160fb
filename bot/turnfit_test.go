package bot

import "testing"

func TestDropYes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Yes, it can. Waking many times a night leaves you tired.", "Waking many times a night leaves you tired."},
		{"Sí, es común: un estudio reciente encontró", "Un estudio reciente encontró"},
		{"Sí, un fisioterapeuta puede ayudarte mucho.", "Un fisioterapeuta puede ayudarte mucho."},
		{"Carrying your baby on one hip strains it.", "Carrying your baby on one hip strains it."},
	} {
		if got := dropYes(c.in); got != c.want {
			t.Errorf("dropYes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIsQuestion(t *testing.T) {
	for text, want := range map[string]bool{
		"i'm so exhausted i cry every day": false,
		"can lack of sleep make it worse":  true,
		"does sleep matter?":               true,
		"estoy agotada y lloro":            false,
		"¿el cansancio empeora el dolor":   true,
		"es normal":                        true,
	} {
		if got := isQuestion(text); got != want {
			t.Errorf("isQuestion(%q) = %v, want %v", text, got, want)
		}
	}
}
