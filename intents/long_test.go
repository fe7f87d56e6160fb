package intents_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// longText builds a message of at least n bytes from the dev set's texts,
// so that it holds the synonyms, signs and negations of real messages.
func longText(t testing.TB, n int) string {
	t.Helper()
	dev := readDev(t)
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(dev[i%len(dev)].Text)
		b.WriteString(". ")
	}
	return b.String()
}

// BenchmarkMatchLong measures one long message through the whole matcher:
// the time per byte stays flat from 4 KiB to 1 MiB (README, Figures).
func BenchmarkMatchLong(b *testing.B) {
	m := embeddedMatcher(b)
	for _, size := range []int{4 << 10, 64 << 10, 1 << 20} {
		text := longText(b, size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				m.Match(text, "")
			}
		})
	}
}

// TestMatchLinear checks that matching stays linear in the text's length:
// sixteen times the text takes well under 16² times as long. The bound is
// loose (a quadratic matcher took 8x per doubling) so that a loaded machine
// does not fail it.
func TestMatchLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times long messages")
	}
	m := embeddedMatcher(t)
	small, big := longText(t, 16<<10), longText(t, 256<<10)
	measure := func(text string) time.Duration {
		best := time.Duration(1<<63 - 1)
		for range 3 {
			start := time.Now()
			m.Match(text, "")
			best = min(best, time.Since(start))
		}
		return best
	}
	m.Match(small, "") // warm up
	ts, tb := measure(small), measure(big)
	ratio := float64(tb) / float64(ts) * float64(len(small)) / float64(len(big))
	t.Logf("16 KiB: %v, 256 KiB: %v, per-byte ratio %.2f", ts, tb, ratio)
	if ratio > 4 {
		t.Errorf("256 KiB took %v against %v for 16 KiB: %.1fx per byte, want linear", tb, ts, ratio)
	}
}
