package chart

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image/png"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/golden"
)

func sample() bot.ProgressChart {
	days := make([]int, 28)
	for i := range days {
		days[i] = (i * 7 % 5) % 4
	}
	return bot.ProgressChart{Days: days, First: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), Streak: 6, Week: 12, Sent: 18}
}

// TestProgress checks the chart's size, bytes and alt text in both
// languages and in a language it does not speak (English).
func TestProgress(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{
		"en": "Exercises done, last 4 weeks. 6 days in a row; 12 done, last 7 days.",
		"es": "Ejercicios hechos, últimas 4 semanas. 6 días seguidos; 12 hechos, últimos 7 días.",
		"fr": "6 days in a row; 12 done, last 7 days",
	} {
		m, err := Progress(sample(), lang, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != DefaultWidth || img.Bounds().Dy() != DefaultHeight || m.Width != DefaultWidth || m.Height != DefaultHeight {
			t.Errorf("%s: %v, media %dx%d", lang, img.Bounds(), m.Width, m.Height)
		}
		if len(m.Data) > 100<<10 {
			t.Errorf("%s: %d bytes, want under 100 KB", lang, len(m.Data))
		}
		if m.Type != "image/png" || m.Name != "progress.png" {
			t.Errorf("%s: %q %q", lang, m.Name, m.Type)
		}
		if !strings.Contains(m.Alt, want) {
			t.Errorf("%s: alt %q, want %q in it", lang, m.Alt, want)
		}
	}
}

// TestDeterministic draws the same chart concurrently: every copy has the
// same bytes, and the bytes are the golden ones.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, lang := range []string{"en", "es"} {
		const n = 4
		var (
			wg   sync.WaitGroup
			sums [n][32]byte
			errs [n]error
		)
		for i := range n {
			wg.Go(func() {
				m, err := Progress(sample(), lang, 0, 0)
				sums[i], errs[i] = sha256.Sum256(m.Data), err
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if sums[i] != sums[0] {
				t.Errorf("%s: copy %d differs", lang, i)
			}
		}
		fmt.Fprintf(&b, "%x  %s/progress.png\n", sums[0], lang)
	}
	golden.Check(t, filepath.Join("testdata", "golden.sha256"), []byte(b.String()), "go run ./docs/gen")
}

// TestEdges draws charts with no days, one day, many nudges a day and
// another size without failing.
func TestEdges(t *testing.T) {
	t.Parallel()
	for _, p := range []bot.ProgressChart{
		{},
		{Days: []int{1}, First: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Streak: 1, Week: 1},
		{Days: []int{0, 12, 0, 3, 9, 0, 0, 1, 2, 3, 4, 5, 6, 7}, First: time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), Streak: 7, Week: 28},
	} {
		m, err := Progress(p, "es", 320, 240)
		if err != nil {
			t.Fatal(err)
		}
		if m.Width != 320 || m.Height != 240 || len(m.Data) == 0 {
			t.Errorf("%v: %dx%d, %d bytes", p.Days, m.Width, m.Height, len(m.Data))
		}
	}
}

// TestFonts checks the chart's text is set in the Go fonts.
func TestFonts(t *testing.T) {
	t.Parallel()
	c := goFonts()
	for _, w := range []bool{false, true} {
		f := style(12, w)
		if !c.Has(f) {
			t.Errorf("no Go font for %v", f)
		}
	}
}

// BenchmarkProgress draws and encodes the /progress chart.
func BenchmarkProgress(b *testing.B) {
	size := 0
	for b.Loop() {
		m, err := Progress(sample(), "en", 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		size = len(m.Data)
	}
	b.ReportMetric(float64(size), "bytes")
}
