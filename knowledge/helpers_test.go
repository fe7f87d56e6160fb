package knowledge

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// validKB is a small, valid knowledge base in one file. Line numbers
// matter: tests check the positions of its values.
const validKB = `entries:
  - id: greeting
    kind: small_talk
    title: {en: Hello, es: Hola}
    keywords:
      en: [hello, {hi there: 2}]
      es: [hola]
    answer: {en: "Hi! Ask me about joint pain.", es: "¡Hola! Pregúntame sobre el dolor articular."}
    follow_up: [exercise.bridge]
  - id: exercise.bridge
    kind: exercise
    title: {en: Bridge, es: Puente}
    areas: [back, hip_pelvis]
    keywords:
      en:
        - bridge: 3
      es:
        - puente: 3
    examples:
      en: [how do i do a bridge]
      es: [como se hace el puente]
    answer: {en: The bridge strengthens your glutes., es: El puente fortalece los glúteos.}
    exercise:
      steps: {en: [Lie on your back., Lift your hips.], es: [Acuéstate boca arriba., Sube la cadera.]}
      dose: {en: 8 lifts., es: 8 elevaciones.}
      feel: {en: Your glutes working., es: Los glúteos trabajando.}
      stop: {en: Stop if it hurts., es: Detente si duele.}
      prompts:
        en: [Five bridges before you get up., Five bridges during tummy time., Five bridges after the night feed.]
        es: [Cinco puentes antes de levantarte., Cinco puentes durante el tiempo boca abajo., Cinco puentes tras la toma.]
    references: [ref.ruchat2025]
  - id: fallback
    kind: small_talk
    title: {en: Not sure, es: No estoy segura}
    answer: {en: "I did not get that.", es: "No lo entendí."}
signs:
  - id: sign.chest_pain
    level: emergency
    patterns:
      en: [chest + pain|hurt*]
      es: [pecho + dolor|duele]
    unless:
      en: [heartburn]
    reply: {en: "Call {emergency} now.", es: "Llama ya al {emergency}."}
references:
  - id: ref.ruchat2025
    authors: Ruchat S-M et al.
    year: 2025
    title: Impact of exercise on musculoskeletal pain in the postpartum period
    doi: 10.1136/bjsports-2024-108488
synonyms:
  en:
    - [baby, infant, newborn]
  es:
    - [bebé, nene]
messages:
  menu: {en: "What would you like to know?", es: "¿Qué quieres saber?"}
`

// load loads files (name to content) and returns the problems as strings,
// or nil when the base is valid.
func load(t *testing.T, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	b, err := Load(fsys)
	var ps Problems
	switch {
	case err == nil:
		if b == nil {
			t.Fatal("Load returned neither a Base nor an error")
		}
		return nil
	case errors.As(err, &ps):
		if b != nil {
			t.Error("Load returned a Base and problems")
		}
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.String()
		}
		return out
	default:
		t.Fatalf("Load: %v", err)
		return nil
	}
}

// diffLines fails the test when got and want differ, showing both.
func diffLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
