// Package picture draws carebot's pictures: each exercise as a short
// illustrated sequence (2 to 4 frames of a simple figure posed by the joint
// angles in the knowledge base's poses), drawn with fogleman/gg and the Go
// fonts built into the binary; nothing is read or fetched at run time. It
// is the only importer of gg.
//
// The /progress chart is not drawn here: Renderer.Progress hands it to
// package bot/chart, which draws it on gonum.org/v1/plot's vg canvas (also
// in the Go fonts), so that a Renderer stays the one bot.Illustrator the Router uses.
//
// Output is deterministic: the same pose, title and language give the same
// bytes. A Renderer caches each sequence by its content, so a sequence is
// drawn once per content version.
package picture

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"sync"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// Default picture sizes, in pixels: phone-sized, 4:3.
const (
	DefaultWidth  = 480
	DefaultHeight = 360
	// MaxCached is how many sequences a Renderer keeps; past it the cache
	// starts over (old content versions age out after a reload).
	MaxCached = 64
)

// Renderer draws exercise sequences and, through bot/chart, progress
// charts. It implements bot.Illustrator and is safe for concurrent use.
type Renderer struct {
	size  image.Point
	fonts *fonts

	mu    sync.Mutex
	cache map[[32]byte][]bot.Media
}

var _ bot.Illustrator = (*Renderer)(nil)

// Option configures a Renderer.
type Option func(*Renderer)

// WithSize sets the size of each picture in pixels (default 480x360).
func WithSize(w, h int) Option {
	return func(r *Renderer) {
		if w > 0 && h > 0 {
			r.size = image.Pt(w, h)
		}
	}
}

// New returns a Renderer.
func New(opts ...Option) *Renderer {
	r := &Renderer{size: image.Pt(DefaultWidth, DefaultHeight), fonts: goFonts(), cache: map[[32]byte][]bot.Media{}}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Exercise returns the illustrated sequence of the exercise with the id in
// lang, as PNG pictures with alt text and captions; nil when kb has no pose
// for it.
func (r *Renderer) Exercise(kb *knowledge.Base, id, lang string) ([]bot.Media, error) {
	p := kb.Pose(id)
	if p == nil {
		return nil, nil
	}
	title := id
	if e := kb.Entry(id); e != nil {
		title = e.Title.Get(lang)
	}
	return r.Sequence(p, title, lang)
}

// Sequence draws p in lang; title names the exercise in the alt texts. The
// result is cached by content: do not modify it.
func (r *Renderer) Sequence(p *knowledge.Pose, title, lang string) ([]bot.Media, error) {
	key, err := cacheKey(p, title, lang, r.size)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	m, ok := r.cache[key]
	r.mu.Unlock()
	if ok {
		return m, nil
	}
	imgs := r.drawSequence(p, lang)
	m = make([]bot.Media, len(imgs))
	for i, img := range imgs {
		data, err := encodePNG(img)
		if err != nil {
			return nil, fmt.Errorf("picture %s frame %d: %w", p.ID, i+1, err)
		}
		caption := p.Frames[i].Caption.Get(lang)
		m[i] = bot.Media{
			Name:    fmt.Sprintf("%s-%d.png", p.ID, i+1),
			Type:    "image/png",
			Data:    data,
			Width:   r.size.X,
			Height:  r.size.Y,
			Alt:     altText(title, i+1, len(imgs), caption, lang),
			Caption: caption,
		}
	}
	r.mu.Lock()
	if len(r.cache) >= MaxCached {
		clear(r.cache)
	}
	r.cache[key] = m
	r.mu.Unlock()
	return m, nil
}

// Frames draws p in lang without encoding or caching: for contact sheets
// and tests.
func (r *Renderer) Frames(p *knowledge.Pose, lang string) []*image.RGBA {
	return r.drawSequence(p, lang)
}

// cacheKey is a hash of everything a sequence's pixels depend on.
func cacheKey(p *knowledge.Pose, title, lang string, size image.Point) ([32]byte, error) {
	data, err := json.Marshal(struct {
		View, Anchor string
		Frames       []knowledge.Frame
		Title, Lang  string
		Size         image.Point
	}{p.View, p.Anchor, p.Frames, title, lang, size})
	if err != nil {
		return [32]byte{}, fmt.Errorf("picture %s: %w", p.ID, err)
	}
	return sha256.Sum256(append([]byte(p.ID+"\x00"), data...)), nil
}

// altText describes frame n of total for screen readers.
func altText(title string, n, total int, caption, lang string) string {
	if lang == "es" {
		return fmt.Sprintf("%s, dibujo %d de %d: %s", title, n, total, caption)
	}
	return fmt.Sprintf("%s, drawing %d of %d: %s", title, n, total, caption)
}

// encodePNG encodes img as a PNG, as a palette image when it has at most
// 256 colours (flat drawings usually do not, because of anti-aliasing, so
// colours are first snapped to a fixed palette).
func encodePNG(img *image.RGBA) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, quantize(img)); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}
