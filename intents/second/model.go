// Package second is carebot's learned second opinion on the warning-sign
// screen: a small multinomial logistic regression over hashed word uni- and
// bigrams and character 4-grams of the normalised message, with three
// classes (none, provider, emergency). The rules decide first; the model may
// only raise a message, to check when it is fairly sure that something is
// wrong and to provider or emergency when it is very sure (see
// Model.Level). Weights are quantised to int8 and embedded; inference does
// not allocate.
//
// Train it with the command in ./train (see README.md).
package second

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/carebot/carebot/knowledge"
)

// Classes are the labels the model predicts, in the order of Probs.
var Classes = [NumClasses]string{"none", "provider", "emergency"}

// NumClasses is the number of classes.
const NumClasses = 3

// Class indexes of Probs.
const (
	None      = 0
	Provider  = 1
	Emergency = 2
)

// Probs are the probabilities of none, provider and emergency; they sum to 1.
type Probs [NumClasses]float32

// Escalation is the probability of provider or emergency.
func (p Probs) Escalation() float32 { return p[Provider] + p[Emergency] }

// Thresholds decide the level a prediction raises a message to.
type Thresholds struct {
	// Check is the probability of provider-or-higher from which the bot
	// asks its safety question.
	Check float32
	// Provider is the probability of provider-or-higher from which the
	// message escalates to the provider.
	Provider float32
	// Emergency is the probability of emergency from which the message
	// escalates to an emergency.
	Emergency float32
}

// Model is a trained classifier. It is immutable and safe for concurrent
// use.
type Model struct {
	bits   uint8 // log2 of the number of hashed buckets
	bias   [NumClasses]float32
	scale  [NumClasses]float32 // weight = scale * int8
	w      []byte              // int8 weights, bucket-major: w[b*NumClasses+k]
	thresh Thresholds
}

// magic starts a model file; the digit is the format version.
var magic = []byte("CBSECOND1\n")

// ErrFormat is wrapped by Load for data that is not a model file.
var ErrFormat = errors.New("not a second-opinion model")

// Load decodes a model written by MarshalBinary. The model keeps using
// data, which must not change.
func Load(data []byte) (*Model, error) {
	if !bytes.HasPrefix(data, magic) {
		return nil, fmt.Errorf("load model: %w: bad magic", ErrFormat)
	}
	r := bytes.NewReader(data[len(magic):])
	var hdr struct {
		Bits   uint8
		Bias   [NumClasses]float32
		Scale  [NumClasses]float32
		Thresh Thresholds
	}
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("load model: header: %w", err)
	}
	if hdr.Bits < 8 || hdr.Bits > 24 {
		return nil, fmt.Errorf("load model: %w: %d hash bits", ErrFormat, hdr.Bits)
	}
	n := NumClasses << hdr.Bits
	if r.Len() != n {
		return nil, fmt.Errorf("load model: %w: %d weight bytes, want %d", ErrFormat, r.Len(), n)
	}
	// The weights are used in place: the embedded model costs no heap.
	return &Model{bits: hdr.Bits, bias: hdr.Bias, scale: hdr.Scale, thresh: hdr.Thresh, w: data[len(data)-n:]}, nil
}

// MarshalBinary encodes the model for Load.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.Write(magic)
	hdr := struct {
		Bits   uint8
		Bias   [NumClasses]float32
		Scale  [NumClasses]float32
		Thresh Thresholds
	}{m.bits, m.bias, m.scale, m.thresh}
	if err := binary.Write(&b, binary.LittleEndian, hdr); err != nil {
		return nil, fmt.Errorf("marshal model: %w", err)
	}
	b.Write(m.w)
	return b.Bytes(), nil
}

// Thresholds returns the model's thresholds.
func (m *Model) Thresholds() Thresholds { return m.thresh }

// WithThresholds returns a copy of the model that uses t; the weights are
// shared.
func (m *Model) WithThresholds(t Thresholds) *Model {
	c := *m
	c.thresh = t
	return &c
}

// Buckets is the number of hashed feature buckets.
func (m *Model) Buckets() int { return 1 << m.bits }

//go:embed model.bin
var embedded []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary (model.bin).
func Default() (*Model, error) {
	defaultOnce.Do(func() { defaultModel, defaultErr = Load(embedded) })
	return defaultModel, defaultErr
}

// Predict returns the class probabilities of a normalised message (as
// intents.Normalize returns it: words separated by single spaces). It does
// not allocate.
func (m *Model) Predict(norm []byte) Probs { return predict(m, norm) }

// PredictString is Predict for a string.
func (m *Model) PredictString(norm string) Probs { return predict(m, norm) }

func predict[T string | []byte](m *Model, norm T) Probs {
	s := m.Scorer()
	start := 0
	for i := 0; i <= len(norm); i++ {
		if i == len(norm) || norm[i] == ' ' {
			word(&s, norm[start:i])
			start = i + 1
		}
	}
	return s.Probs()
}

// Scorer scores one message given word by word, as Predict would score the
// words joined by single spaces, without building that text. Get one from
// Model.Scorer, call Word for every word in order, then Probs once. It
// does not allocate.
type Scorer struct {
	m        *Model
	acc      [NumClasses]int32
	n        int    // features seen
	code     uint32 // the last four bytes of " " + text so far
	rolled   int    // bytes of " " + text so far
	prev     uint32 // hash of the last word, for bigrams
	havePrev bool
	started  bool // a word was given: the next one follows a space
}

// Scorer returns a Scorer for one message.
func (m *Model) Scorer() Scorer { return Scorer{m: m, code: ' ', rolled: 1} }

// Word adds the next word of the message. (It is not inlined: inlined, the
// generic call behind it would move the caller's Scorer to the heap.)
//
//go:noinline
func (s *Scorer) Word(w string) { word(s, w) }

// Probs returns the class probabilities of the words given so far. Call it
// once, after the last word.
func (s *Scorer) Probs() Probs {
	s.roll(' ')
	var z [NumClasses]float64
	x := 1.0
	if s.n > 0 {
		x = 1 / math.Sqrt(float64(s.n))
	}
	for k := range z {
		z[k] = float64(s.m.bias[k]) + float64(s.m.scale[k])*float64(s.acc[k])*x
	}
	return softmax(z)
}

// add counts the weights of bucket b.
func (s *Scorer) add(b uint32) {
	o := int(b) * NumClasses
	w := s.m.w[o : o+NumClasses : o+NumClasses]
	s.acc[0] += int32(int8(w[0]))
	s.acc[1] += int32(int8(w[1]))
	s.acc[2] += int32(int8(w[2]))
	s.n++
}

// roll adds byte c to the character 4-grams.
func (s *Scorer) roll(c byte) {
	s.code = s.code<<8 | uint32(c)
	s.rolled++
	if s.rolled >= gram {
		s.add((s.code ^ seedChar) * fib >> (32 - s.m.bits))
	}
}

// word adds the features of the next word w (and of the space before it),
// the features appendFeatures gives the same text.
func word[T string | []byte](s *Scorer, w T) {
	if s.started {
		s.roll(' ')
	}
	s.started = true
	if len(w) == 0 {
		return // two spaces in a row: only the 4-grams see it
	}
	h := uint32(seedWord)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * fnvPrime
		s.roll(w[i])
	}
	shift := 32 - s.m.bits
	s.add(h * fib >> shift)
	if s.havePrev {
		s.add(((s.prev * fnvPrime) ^ h ^ seedBigram) * fib >> shift)
	}
	s.prev, s.havePrev = h, true
}

// softmax turns scores into probabilities.
func softmax(z [NumClasses]float64) Probs {
	mx := max(z[0], z[1], z[2])
	var sum float64
	for k := range z {
		z[k] = math.Exp(z[k] - mx)
		sum += z[k]
	}
	var p Probs
	for k := range z {
		p[k] = float32(z[k] / sum)
	}
	return p
}

// Level is the level a prediction raises a message to: emergency or
// provider when very sure, check when fairly sure, else none.
func (m *Model) Level(p Probs) knowledge.Level {
	t := m.thresh
	switch esc := p.Escalation(); {
	case t.Emergency > 0 && p[Emergency] >= t.Emergency:
		return knowledge.LevelEmergency
	case t.Provider > 0 && esc >= t.Provider:
		return knowledge.LevelProvider
	case t.Check > 0 && esc >= t.Check:
		return knowledge.LevelCheck
	}
	return knowledge.LevelNone
}
