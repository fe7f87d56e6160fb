package second_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/intents/second"
	"github.com/carebot/carebot/knowledge"
)

var update = flag.Bool("update", false, "rewrite testdata/tiny.golden")

// tiny is a fixture small enough to train in a test.
var tiny = []struct {
	text  string
	class int
}{
	{"my knees hurt on the stairs", second.None},
	{"how do i do a bridge", second.None},
	{"me duelen las muñecas al cargarlo", second.None},
	{"dying for a nap lol", second.None},
	{"is walking good for joint pain", second.None},
	{"my calf is red, hot and swollen", second.Provider},
	{"fever of 38.5 since last night", second.Provider},
	{"tengo fiebre de 39", second.Provider},
	{"the bleeding won't stop", second.Emergency},
	{"i can't breathe", second.Emergency},
	{"no puedo respirar", second.Emergency},
	{"i want to be dead", second.Emergency},
}

func tinyExamples() []second.Example {
	ex := make([]second.Example, len(tiny))
	for i, e := range tiny {
		ex[i] = second.Example{Norm: intents.Normalize(e.text), Class: e.class}
	}
	return ex
}

func trainTiny(t testing.TB) *second.Model {
	t.Helper()
	m, err := second.Train(tinyExamples(), second.TrainOptions{Bits: 10, Epochs: 30})
	if err != nil {
		t.Fatal(err)
	}
	return m.WithThresholds(second.Thresholds{Check: 0.5, Provider: 0.8, Emergency: 0.8})
}

// TestTrainGolden checks that training is deterministic: the tiny
// fixture, in any order, gives the bytes recorded in testdata/tiny.golden.
func TestTrainGolden(t *testing.T) {
	t.Parallel()
	data, err := trainTiny(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	ex := tinyExamples()
	for i, j := 0, len(ex)-1; i < j; i, j = i+1, j-1 {
		ex[i], ex[j] = ex[j], ex[i]
	}
	rev, err := second.Train(ex, second.TrainOptions{Bits: 10, Epochs: 30})
	if err != nil {
		t.Fatal(err)
	}
	revData, _ := rev.WithThresholds(second.Thresholds{Check: 0.5, Provider: 0.8, Emergency: 0.8}).MarshalBinary()
	if string(revData) != string(data) {
		t.Error("training on the same examples in another order gave another model")
	}
	sum := sha256.Sum256(data)
	got := hex.EncodeToString(sum[:])
	const golden = "testdata/tiny.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Errorf("tiny model sha256 %s, want %s (go test -update after a deliberate change)", got, want)
	}
}

// TestTrainFits checks that the tiny model learned its own examples.
func TestTrainFits(t *testing.T) {
	t.Parallel()
	m := trainTiny(t)
	for _, e := range tiny {
		p := m.PredictString(intents.Normalize(e.text))
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		if best != e.class {
			t.Errorf("%q: %v, want class %s", e.text, p, second.Classes[e.class])
		}
	}
}

func TestTrainErrors(t *testing.T) {
	t.Parallel()
	if _, err := second.Train(nil, second.TrainOptions{}); !errors.Is(err, second.ErrNoData) {
		t.Errorf("no data: %v, want ErrNoData", err)
	}
	if _, err := second.Train([]second.Example{{Norm: "x", Class: 3}}, second.TrainOptions{}); err == nil {
		t.Error("class 3 accepted")
	}
	if _, err := second.Train([]second.Example{{Norm: "x"}}, second.TrainOptions{Bits: 30}); err == nil {
		t.Error("30 bits accepted")
	}
}

// TestRoundTrip checks that a model reads back as it was written.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	m := trainTiny(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := second.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Thresholds() != m.Thresholds() || back.Buckets() != 1024 {
		t.Errorf("thresholds %+v buckets %d, want %+v 1024", back.Thresholds(), back.Buckets(), m.Thresholds())
	}
	for _, e := range tiny {
		n := intents.Normalize(e.text)
		if a, b := m.PredictString(n), back.Predict([]byte(n)); a != b {
			t.Errorf("%q: %v before, %v after", e.text, a, b)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	good, err := trainTiny(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("CBSECOND9\n"), good[10:]...),
		"truncated": good[:len(good)-1],
		"header":    good[:20],
		"long":      append(append([]byte(nil), good...), 0),
	} {
		if _, err := second.Load(data); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

// TestDefault checks the embedded model: it loads, is small, and its
// thresholds are ordered and strict enough to escalate only when very sure.
func TestDefault(t *testing.T) {
	t.Parallel()
	m, err := second.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := m.MarshalBinary()
	if len(data) > 1<<20 {
		t.Errorf("embedded model is %d bytes, want <= 1 MiB", len(data))
	}
	th := m.Thresholds()
	// The training command's -min-escalation (0.75 since round 8).
	if th.Check <= 0 || th.Check > th.Provider || th.Provider < 0.75 || th.Emergency < 0.75 {
		t.Errorf("thresholds %+v: want 0 < check <= provider, provider and emergency >= 0.75", th)
	}
}

func TestLevel(t *testing.T) {
	t.Parallel()
	m := trainTiny(t).WithThresholds(second.Thresholds{Check: 0.5, Provider: 0.9, Emergency: 0.95})
	tests := []struct {
		p    second.Probs
		want knowledge.Level
	}{
		{second.Probs{1, 0, 0}, knowledge.LevelNone},
		{second.Probs{0.51, 0.3, 0.19}, knowledge.LevelNone},
		{second.Probs{0.5, 0.25, 0.25}, knowledge.LevelCheck},
		{second.Probs{0.05, 0.05, 0.9}, knowledge.LevelProvider},
		{second.Probs{0.1, 0.9, 0}, knowledge.LevelProvider},
		{second.Probs{0, 0.04, 0.96}, knowledge.LevelEmergency},
	}
	for _, tc := range tests {
		if got := m.Level(tc.p); got != tc.want {
			t.Errorf("Level(%v) = %s, want %s", tc.p, got, tc.want)
		}
	}
	if got := m.WithThresholds(second.Thresholds{}).Level(second.Probs{0, 0, 1}); got != knowledge.LevelNone {
		t.Errorf("zero thresholds raise to %s, want none", got)
	}
}

func TestChooseThresholds(t *testing.T) {
	t.Parallel()
	var probs []second.Probs
	var classes []int
	// 100 ordinary messages with escalation 0.00 to 0.99, 10 emergencies.
	for i := range 100 {
		e := float32(i) / 100
		probs = append(probs, second.Probs{1 - e, e, 0})
		classes = append(classes, second.None)
	}
	for range 10 {
		probs = append(probs, second.Probs{0, 0, 1})
		classes = append(classes, second.Emergency)
	}
	th := second.ChooseThresholds(probs, classes, second.Targets{CheckRate: 0.05, EscalationRate: 0.01, Margin: 0.01})
	// 5 of 100 may reach check: 0.95..0.99, so above 0.94.
	if th.Check <= 0.94 || th.Check > 0.95 {
		t.Errorf("check %v, want just above 0.94", th.Check)
	}
	// 1 may escalate: above 0.98 plus the margin.
	if th.Provider < 0.99 || th.Provider > 0.991 {
		t.Errorf("provider %v, want 0.99", th.Provider)
	}
	// No MinEscalation given: the default floor.
	if th.Emergency < second.DefaultMinEscalation || th.Emergency > second.DefaultMinEscalation+1e-6 {
		t.Errorf("emergency %v, want the default floor %v", th.Emergency, second.DefaultMinEscalation)
	}
	// No CheckRate given: the default, 1.5%, lets 1 of 100 reach check.
	if th := second.ChooseThresholds(probs, classes, second.Targets{EscalationRate: 0.01}); th.Check <= 0.98 || th.Check > 0.981 {
		t.Errorf("default check rate: check %v, want just above 0.98", th.Check)
	}
	if th := second.ChooseThresholds(probs[100:], classes[100:], second.Targets{}); th.Check <= 1 || th.Provider <= 1 {
		t.Errorf("without ordinary messages: %+v, want thresholds that never fire", th)
	}
	strict := th.Max(second.Thresholds{Check: 0.999, Provider: 0.995, Emergency: 0.97})
	if strict != (second.Thresholds{Check: 0.995, Provider: 0.995, Emergency: 0.97}) {
		t.Errorf("Max: %+v", strict)
	}
}

// TestPredictAllocs checks that inference does not allocate.
func TestPredictAllocs(t *testing.T) {
	m, err := second.Default()
	if err != nil {
		t.Fatal(err)
	}
	norm := []byte(intents.Normalize("Se me duerme la mano izquierda y me duele el pecho desde anoche"))
	if n := testing.AllocsPerRun(100, func() { m.Predict(norm) }); n != 0 {
		t.Errorf("%v allocations a prediction, want 0", n)
	}
}

func BenchmarkPredict(b *testing.B) {
	m, err := second.Default()
	if err != nil {
		b.Fatal(err)
	}
	norm := []byte(intents.Normalize("hi, my wrists have hurt since the birth and now my left calf is swollen and warm, is that from carrying her?"))
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(norm)
	}
}

// Example trains a model on a few labelled messages and asks it about a new
// one. Real models come from the train command (see README.md).
func Example() {
	examples := []second.Example{
		{Norm: intents.Normalize("my knees hurt on the stairs"), Class: second.None},
		{Norm: intents.Normalize("how do i do a bridge"), Class: second.None},
		{Norm: intents.Normalize("I can't breathe"), Class: second.Emergency},
		{Norm: intents.Normalize("no puedo respirar"), Class: second.Emergency},
	}
	m, err := second.Train(examples, second.TrainOptions{Bits: 10, Epochs: 30})
	if err != nil {
		fmt.Println(err)
		return
	}
	m = m.WithThresholds(second.Thresholds{Check: 0.5, Provider: 0.9, Emergency: 0.9})
	p := m.PredictString(intents.Normalize("I CAN'T BREATHE!"))
	fmt.Println(m.Level(p))
	// Output: emergency
}

// FuzzPredict checks that any text gives probabilities that sum to 1, the
// same through Predict and word by word through a Scorer.
func FuzzPredict(f *testing.F) {
	m, err := second.Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", " ", "a", "my calf hurts", "  two  spaces ", "\xff\xfe", "38,5 😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := m.PredictString(s)
		if sum := p[0] + p[1] + p[2]; !(sum >= 0.999 && sum <= 1.001) { // NaN fails too
			t.Fatalf("%q: %v", s, p)
		}
		sc := m.Scorer()
		for _, w := range strings.Split(s, " ") {
			sc.Word(w)
		}
		if q := sc.Probs(); q != p {
			t.Fatalf("%q: scorer %v, predict %v", s, q, p)
		}
	})
}
