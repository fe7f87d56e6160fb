package second

import (
	"cmp"
	"math"
	"slices"
)

// The default targets: the training command's flag defaults
// (intents/second/train reads them from here) and what ChooseThresholds
// puts in place of a zero CheckRate, MinEscalation or Margin. The embedded
// model's thresholds were chosen with them.
const (
	// DefaultCheckRate: at most 1.5% of the ordinary messages asked the
	// safety question.
	DefaultCheckRate = 0.015
	// DefaultEscalationRate: at most 1% of the ordinary messages escalated.
	DefaultEscalationRate = 0.01
	// DefaultOrdinaryEscalationRate: at most 0.5% of each set of other
	// ordinary messages (the command's -val-ordinary) escalated.
	DefaultOrdinaryEscalationRate = 0.005
	// DefaultMinEscalation: the model escalates on its own from 0.75.
	DefaultMinEscalation = 0.75
	// DefaultMargin is added to a threshold set just above a message.
	DefaultMargin = 0.02
	// DefaultSeed seeds Train's epoch shuffle (TrainOptions.Seed, the
	// training command's -seed) when none is given; the embedded model was
	// trained with it.
	DefaultSeed = 1
)

// Targets are the rates ChooseThresholds aims for on validation data.
type Targets struct {
	// CheckRate is the largest share of ordinary (none) messages the model
	// may raise to check or above. Zero means DefaultCheckRate.
	CheckRate float64
	// EscalationRate is the largest share of ordinary messages the model
	// may raise to provider or above, and of messages below emergency it
	// may raise to emergency. Zero means none at all (not a default: the
	// training command passes DefaultEscalationRate or its flag).
	EscalationRate float64
	// MinEscalation is the lowest probability at which the model may
	// escalate on its own, whatever the validation data says. Zero means
	// DefaultMinEscalation.
	MinEscalation float64
	// Margin is added to a threshold set just above a validation message,
	// so that similar messages stay below it too. Zero means
	// DefaultMargin.
	Margin float64
}

func (t Targets) withDefaults() Targets {
	t.CheckRate = cmp.Or(t.CheckRate, DefaultCheckRate)
	t.MinEscalation = cmp.Or(t.MinEscalation, DefaultMinEscalation)
	t.Margin = cmp.Or(t.Margin, DefaultMargin)
	return t
}

// never is a threshold no probability reaches.
const never = 2

// ChooseThresholds picks thresholds from the model's predictions on
// labelled validation messages (probs[i] for class classes[i]):
//
//   - Check: the lowest probability of provider-or-higher that raises at
//     most CheckRate of the ordinary messages;
//   - Provider: above every ordinary message but EscalationRate of them
//     (plus Margin), and at least MinEscalation;
//   - Emergency: the same over every message that is not an emergency.
//
// A threshold the data cannot support (no ordinary messages) is set so that
// it never fires.
func ChooseThresholds(probs []Probs, classes []int, targets Targets) Thresholds {
	targets = targets.withDefaults()
	var noneEsc, belowEm []float64
	for i, p := range probs {
		if classes[i] == None {
			noneEsc = append(noneEsc, float64(p.Escalation()))
		}
		if classes[i] != Emergency {
			belowEm = append(belowEm, float64(p[Emergency]))
		}
	}
	t := Thresholds{Check: never, Provider: never, Emergency: never}
	if len(noneEsc) == 0 {
		return t
	}
	t.Check = up32(above(noneEsc, targets.CheckRate, 0))
	t.Provider = up32(min(never, max(targets.MinEscalation, above(noneEsc, targets.EscalationRate, targets.Margin))))
	t.Check = min(t.Check, t.Provider)
	if len(belowEm) > 0 {
		t.Emergency = up32(min(never, max(targets.MinEscalation, above(belowEm, targets.EscalationRate, targets.Margin))))
	}
	return t
}

// above returns the lowest threshold that at most rate of xs reach, plus
// margin when it has to sit just above one of them.
func above(xs []float64, rate, margin float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	allowed := int(math.Floor(rate * float64(len(s))))
	if allowed >= len(s) {
		return 0
	}
	// The allowed largest values may reach it; the next one must not.
	x := float32(s[len(s)-1-allowed]) // a probability, so a float32
	return float64(math.Nextafter32(x, 2)) + margin
}

// Max returns the stricter of t and u, threshold by threshold, with Check
// no higher than Provider.
func (t Thresholds) Max(u Thresholds) Thresholds {
	m := Thresholds{Check: max(t.Check, u.Check), Provider: max(t.Provider, u.Provider), Emergency: max(t.Emergency, u.Emergency)}
	m.Check = min(m.Check, m.Provider)
	return m
}

// up32 rounds x up to a float32, so that a threshold above a probability
// stays above it.
func up32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, 2)
	}
	return f
}
