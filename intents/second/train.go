package second

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// Example is one labelled message for Train.
type Example struct {
	// Norm is the normalised text (intents.Normalize).
	Norm string
	// Class is None, Provider or Emergency.
	Class int
}

// TrainOptions tune Train. The zero value uses the defaults.
type TrainOptions struct {
	// Bits is log2 of the number of hashed buckets. Default 16.
	Bits int
	// Epochs is the number of passes over the data. Default 12.
	Epochs int
	// Rate is Adagrad's learning rate. Default 0.4.
	Rate float64
	// L2 is the weight decay, applied to the weights a message touches.
	// Default 1e-4.
	L2 float64
	// Seed seeds the shuffle of every epoch. Zero means DefaultSeed.
	Seed uint64
	// ClassWeight scales the loss of each class (none, provider,
	// emergency); zero entries default to 1.
	ClassWeight [NumClasses]float64
}

func (o TrainOptions) withDefaults() TrainOptions {
	o.Bits = cmp.Or(o.Bits, 16)
	o.Epochs = cmp.Or(o.Epochs, 12)
	o.Rate = cmp.Or(o.Rate, 0.4)
	o.L2 = cmp.Or(o.L2, 1e-4)
	o.Seed = cmp.Or(o.Seed, DefaultSeed)
	for k, w := range o.ClassWeight {
		if w == 0 {
			o.ClassWeight[k] = 1
		}
	}
	return o
}

// ErrNoData is returned by Train without examples.
var ErrNoData = errors.New("no training examples")

// Train fits a model to the examples with Adagrad and L2 and quantises its
// weights to int8. It is deterministic: the examples are sorted first and
// shuffled with a fixed seed, so the same data and options give the same
// bytes. The model has no thresholds (it never raises anything) until
// WithThresholds sets them.
func Train(examples []Example, opts TrainOptions) (*Model, error) {
	opts = opts.withDefaults()
	if len(examples) == 0 {
		return nil, fmt.Errorf("train: %w", ErrNoData)
	}
	if opts.Bits < 8 || opts.Bits > 24 {
		return nil, fmt.Errorf("train: %d hash bits: want 8 to 24", opts.Bits)
	}
	data := slices.Clone(examples)
	for _, e := range data {
		if e.Class < 0 || e.Class >= NumClasses {
			return nil, fmt.Errorf("train: class %d of %q", e.Class, e.Norm)
		}
	}
	sort.SliceStable(data, func(i, j int) bool {
		if c := strings.Compare(data[i].Norm, data[j].Norm); c != 0 {
			return c < 0
		}
		return data[i].Class < data[j].Class
	})
	// Features of every example: bucket indexes, repeats kept.
	feats := make([][]int32, len(data))
	for i, e := range data {
		feats[i] = appendFeatures(nil, e.Norm, uint8(opts.Bits))
	}
	nb := 1 << opts.Bits
	w := make([]float64, nb*NumClasses)
	g2 := make([]float64, nb*NumClasses)
	var bias, bg2 [NumClasses]float64
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5ec0d))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	const eps = 1e-8
	for range opts.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			f := feats[i]
			x := 1.0
			if len(f) > 0 {
				x = 1 / math.Sqrt(float64(len(f)))
			}
			var z [NumClasses]float64
			for k := range z {
				z[k] = bias[k]
			}
			for _, b := range f {
				o := int(b) * NumClasses
				for k := range z {
					z[k] += w[o+k] * x
				}
			}
			p := softmax(z)
			y := data[i].Class
			cw := opts.ClassWeight[y]
			var d [NumClasses]float64
			for k := range d {
				d[k] = float64(p[k]) * cw
				if k == y {
					d[k] -= cw
				}
				bg2[k] += d[k] * d[k]
				bias[k] -= opts.Rate * d[k] / (math.Sqrt(bg2[k]) + eps)
			}
			for _, b := range f {
				o := int(b) * NumClasses
				for k := range d {
					g := d[k]*x + opts.L2*w[o+k]
					g2[o+k] += g * g
					w[o+k] -= opts.Rate * g / (math.Sqrt(g2[o+k]) + eps)
				}
			}
		}
	}
	return quantise(uint8(opts.Bits), bias, w), nil
}

// quantise rounds the weights to int8 with one scale per class.
func quantise(bits uint8, bias [NumClasses]float64, w []float64) *Model {
	m := &Model{bits: bits, w: make([]byte, len(w))}
	var maxAbs [NumClasses]float64
	for i, v := range w {
		maxAbs[i%NumClasses] = max(maxAbs[i%NumClasses], math.Abs(v))
	}
	for k := range NumClasses {
		m.bias[k] = float32(bias[k])
		m.scale[k] = float32(maxAbs[k] / 127)
		if maxAbs[k] == 0 {
			m.scale[k] = 1
		}
	}
	for i, v := range w {
		m.w[i] = byte(int8(math.Round(v / float64(m.scale[i%NumClasses]))))
	}
	return m
}
