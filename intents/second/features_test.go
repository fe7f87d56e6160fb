package second

import (
	"math"
	"strings"
	"testing"
)

// TestPredictMatchesFeatures checks that predict, which walks the features
// inline, sees exactly the buckets appendFeatures gives training.
func TestPredictMatchesFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, norm := range []string{"", "a", "ab", "abcd", "my calf hurts", "no puedo respirar , ayuda", "38.5 y dolor de cabeza 😀", "  double  spaces "} {
		var acc [NumClasses]int64
		f := appendFeatures(nil, norm, m.bits)
		for _, b := range f {
			for k := range acc {
				acc[k] += int64(int8(m.w[int(b)*NumClasses+k]))
			}
		}
		x := 1.0
		if len(f) > 0 {
			x = 1 / math.Sqrt(float64(len(f)))
		}
		var z [NumClasses]float64
		for k := range z {
			z[k] = float64(m.bias[k]) + float64(m.scale[k])*float64(acc[k])*x
		}
		if want, got := softmax(z), m.PredictString(norm); want != got {
			t.Errorf("%q: predict %v, features %v", norm, got, want)
		}
	}
}

// TestScorerMatchesPredict checks that feeding words one by one gives what
// Predict gives their text.
func TestScorerMatchesPredict(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, words := range [][]string{{"a"}, {"my", "calf", "hurts"}, {"no", "puedo", "respirar", ",", "ayuda"}, {"38.5", "😀"}} {
		s := m.Scorer()
		for _, w := range words {
			s.Word(w)
		}
		if got, want := s.Probs(), m.PredictString(strings.Join(words, " ")); got != want {
			t.Errorf("%q: scorer %v, predict %v", words, got, want)
		}
	}
}
