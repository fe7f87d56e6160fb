package intents

import "testing"

// TestEarVariant: Spanish spelled by ear is read as the known word, with
// the fewest rewrites, and a word no rewrite makes known stays unknown.
func TestEarVariant(t *testing.T) {
	t.Parallel()
	known := map[string]wordInfo{}
	for _, w := range []string{"articulaciones", "sirven", "hago", "hasta", "hace", "huesos", "doy", "bebe", "ejercicios"} {
		known[w] = wordInfo{}
	}
	for word, want := range map[string]string{
		"articulasiones": "articulaciones", // seseo
		"sirben":         "sirven",         // b for v
		"ago":            "hago",           // a silent h dropped
		"asta":           "hasta",
		"ase":            "hace", // both at once
		"guesos":         "huesos",
		"doi":            "doy",
		"vebe":           "bebe",
		"ejersisios":     "ejercicios",
		"zzz":            "",
		"qwerty":         "",
	} {
		got, ok := earVariant(word, known)
		if want == "" && ok || want != "" && got != want {
			t.Errorf("earVariant(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
}
