package picture

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image/gif"
	"image/png"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/golden"
	"github.com/carebot/carebot/knowledge"
)

func content(t testing.TB) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

// TestExercise renders every exercise in both languages and checks what
// adapters rely on: 2 to 4 PNG frames of the right size, under 100 KB,
// with alt text and captions.
func TestExercise(t *testing.T) {
	t.Parallel()
	kb := content(t)
	r := New()
	for _, e := range kb.OfKind(knowledge.KindExercise) {
		for _, lang := range knowledge.Languages() {
			media, err := r.Exercise(kb, e.ID, lang)
			if err != nil {
				t.Fatalf("%s %s: %v", e.ID, lang, err)
			}
			if n := len(media); n < knowledge.MinFrames || n > knowledge.MaxFrames {
				t.Errorf("%s %s: %d frames", e.ID, lang, n)
			}
			for i, m := range media {
				img, err := png.Decode(bytes.NewReader(m.Data))
				if err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
				if b := img.Bounds(); b.Dx() != DefaultWidth || b.Dy() != DefaultHeight || m.Width != b.Dx() || m.Height != b.Dy() {
					t.Errorf("%s: %v, Width %d Height %d", m.Name, b, m.Width, m.Height)
				}
				if len(m.Data) > 100<<10 {
					t.Errorf("%s: %d bytes, over 100 KB", m.Name, len(m.Data))
				}
				if m.Type != "image/png" || m.Name != fmt.Sprintf("%s-%d.png", e.ID, i+1) {
					t.Errorf("%s: type %s", m.Name, m.Type)
				}
				if !strings.Contains(m.Alt, e.Title.Get(lang)) || !strings.Contains(m.Alt, m.Caption) || m.Caption == "" {
					t.Errorf("%s %s: alt %q, caption %q", m.Name, lang, m.Alt, m.Caption)
				}
			}
		}
	}
	if m, err := r.Exercise(kb, "tip.lifting", "en"); m != nil || err != nil {
		t.Errorf("tip.lifting: %d pictures, %v; want none", len(m), err)
	}
}

// TestCache checks that a sequence is drawn once per content: the same
// pose gives the cached pictures, a changed one new pictures.
func TestCache(t *testing.T) {
	t.Parallel()
	kb := content(t)
	r := New()
	a, _ := r.Exercise(kb, "exercise.bridge", "en")
	b, _ := r.Exercise(kb, "exercise.bridge", "en")
	if &a[0] != &b[0] {
		t.Error("second call drew the sequence again")
	}
	p := *kb.Pose("exercise.bridge")
	p.Frames = append([]knowledge.Frame(nil), p.Frames...)
	p.Frames[1].Torso -= 2
	c, _ := r.Sequence(&p, "Bridge", "en")
	if bytes.Equal(a[1].Data, c[1].Data) {
		t.Error("a changed pose gave the cached picture")
	}
	if !bytes.Equal(a[0].Data, c[0].Data) {
		t.Error("an unchanged frame drew differently")
	}
}

// TestGolden holds the pictures to the hashes in testdata/golden.sha256:
// output is deterministic, and a change of drawing shows up in review
// (look at docs/exercises.png, then run go test -run TestGolden -update).
func TestGolden(t *testing.T) {
	t.Parallel()
	kb := content(t)
	var b strings.Builder
	for _, lang := range knowledge.Languages() {
		r := New()
		for _, p := range kb.Poses {
			media, err := r.Exercise(kb, p.ID, lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range media {
				fmt.Fprintf(&b, "%x  %s/%s\n", sha256.Sum256(m.Data), lang, m.Name)
			}
		}
	}
	golden.Check(t, filepath.Join("testdata", "golden.sha256"), []byte(b.String()), "go run ./docs/gen")
}

// TestFigure checks the forward kinematics: every limb keeps its length in
// every frame and starts where the previous one ends (nothing detached).
func TestFigure(t *testing.T) {
	t.Parallel()
	kb := content(t)
	lengths := map[float64]bool{upperArmLen: true, forearmLen: true, handLen: true, thighLen: true, shankLen: true, footLen: true}
	for _, p := range kb.Poses {
		if p.View == knowledge.ViewHand {
			continue
		}
		for i := range p.Frames {
			s := pose(&p.Frames[i])
			for j, l := range s.limbs {
				if l.round || l.part == "upper_back" || l.part == "lower_back" || l.part == "neck" {
					continue
				}
				d := math.Hypot(l.b.X-l.a.X, l.b.Y-l.a.Y)
				if !lengths[math.Round(d*1000)/1000] {
					t.Errorf("%s frame %d limb %d (%s): length %.3f", p.ID, i+1, j, l.part, d)
				}
				if l.part == "calves" && s.limbs[j-1].b != l.a || l.part == "arms" && j > 0 && s.limbs[j-1].part == "arms" && s.limbs[j-1].b != l.a {
					t.Errorf("%s frame %d limb %d (%s): detached", p.ID, i+1, j, l.part)
				}
			}
		}
	}
}

// TestProgress checks the Renderer hands the chart to bot/chart (which
// tests its bytes) at its own size, with alt text in both languages.
func TestProgress(t *testing.T) {
	t.Parallel()
	r := New()
	for lang, want := range map[string]string{"en": "6 days in a row; 12 done, last 7 days", "es": "6 días seguidos; 12 hechos, últimos 7 días"} {
		m, err := r.Progress(sampleChart(), lang)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != DefaultWidth || img.Bounds().Dy() != DefaultHeight || len(m.Data) > 100<<10 {
			t.Errorf("%s: %v, %d bytes", lang, img.Bounds(), len(m.Data))
		}
		if !strings.Contains(m.Alt, want) {
			t.Errorf("%s: alt %q, want %q in it", lang, m.Alt, want)
		}
	}
}

func sampleChart() bot.ProgressChart {
	days := make([]int, 28)
	for i := range days {
		days[i] = (i * 7 % 5) % 4
	}
	return bot.ProgressChart{Days: days, First: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), Streak: 6, Week: 12, Sent: 18}
}

// BenchmarkSequence draws and encodes one exercise's frames, uncached: the
// budget is 50 ms a sequence.
func BenchmarkSequence(b *testing.B) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range []string{"exercise.mini_squat", "exercise.tendon_glides"} {
		p := kb.Pose(id)
		b.Run(strings.TrimPrefix(id, "exercise."), func(b *testing.B) {
			r := New()
			size := 0
			for b.Loop() {
				clear(r.cache)
				media, err := r.Sequence(p, id, "en")
				if err != nil {
					b.Fatal(err)
				}
				size = 0
				for _, m := range media {
					size += len(m.Data)
				}
			}
			b.ReportMetric(float64(size)/float64(len(p.Frames)), "bytes/frame")
		})
	}
}

// TestAnimation checks the animated GIF: one frame per pose frame, the
// delay, and a size that fits a message.
func TestAnimation(t *testing.T) {
	t.Parallel()
	kb := content(t)
	p := kb.Pose("exercise.mini_squat")
	m, err := New().Animation(p, "Mini squat", "es")
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != len(p.Frames) || g.Delay[0] != FrameDelay || len(m.Data) > 200<<10 {
		t.Errorf("%d frames, delay %d, %d bytes", len(g.Image), g.Delay[0], len(m.Data))
	}
	if !strings.Contains(m.Alt, "1. De pie") {
		t.Errorf("alt %q", m.Alt)
	}
}
