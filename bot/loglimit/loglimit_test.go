package loglimit_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/loglimit"
)

func newLogger(opts ...loglimit.Option) (*slog.Logger, *loglimit.Handler, *testlog.Buffer, *testclock.Clock) {
	buf := &testlog.Buffer{}
	c := testclock.New(time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC))
	h := loglimit.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
		append([]loglimit.Option{loglimit.WithClock(c.Now), loglimit.WithBurst(3), loglimit.WithInterval(time.Minute)}, opts...)...)
	return slog.New(h), h, buf, c
}

// count counts the lines with msg.
func count(lines []map[string]any, msg string) int {
	n := 0
	for _, l := range lines {
		if l["msg"] == msg {
			n++
		}
	}
	return n
}

func TestBurstThenSummary(t *testing.T) {
	t.Parallel()
	log, _, buf, c := newLogger()
	for i := range 1000 {
		log.Error("database down", "err", "connection refused", "attempt", i)
	}
	lines := buf.Lines(t)
	if len(lines) != 3 || count(lines, "database down") != 3 {
		t.Fatalf("%d lines in the first interval, want the first 3: %v", len(lines), lines)
	}
	c.Add(time.Minute)
	log.Error("database down", "err", "connection refused")
	lines = buf.Lines(t)[3:]
	if len(lines) != 2 {
		t.Fatalf("after the interval: %v, want a summary and the line", lines)
	}
	s := lines[0]
	if s["msg"] != loglimit.SummaryMessage || s["cause"] != "database down" || s["suppressed"] != float64(997) || s["level"] != "ERROR" {
		t.Errorf("summary %v", s)
	}
	if lines[1]["msg"] != "database down" {
		t.Errorf("after the summary: %v", lines[1])
	}
}

func TestCausesAreSeparate(t *testing.T) {
	t.Parallel()
	log, _, buf, _ := newLogger()
	for range 10 {
		log.Error("database down")
		log.Warn("database down") // another level, another cause
		log.Error("knowledge base problem")
		log.With("adapter", "slack").Error("database down") // same cause as the first
		log.WithGroup("g").Error("database down")           // a group is another cause
	}
	lines := buf.Lines(t)
	if n := len(lines); n != 12 {
		t.Errorf("%d lines, want 3 of each of 4 causes: %v", n, lines)
	}
}

func TestSummaryWrittenByOtherCauses(t *testing.T) {
	t.Parallel()
	log, _, buf, c := newLogger()
	for range 5 {
		log.Error("reload failed")
	}
	c.Add(2 * time.Minute)
	log.Info("listening") // any record after the interval writes the summary
	lines := buf.Lines(t)
	if len(lines) != 5 || lines[3]["msg"] != loglimit.SummaryMessage || lines[3]["suppressed"] != float64(2) || lines[4]["msg"] != "listening" {
		t.Errorf("lines %v", lines)
	}
}

func TestFlush(t *testing.T) {
	t.Parallel()
	log, h, buf, _ := newLogger()
	for range 7 {
		log.Warn("slack: rejected request")
	}
	log.Warn("once")
	h.Flush(context.Background())
	lines := buf.Lines(t)
	if len(lines) != 5 || lines[4]["msg"] != loglimit.SummaryMessage || lines[4]["suppressed"] != float64(4) {
		t.Errorf("lines %v", lines)
	}
	h.Flush(context.Background()) // nothing more to say
	if n := len(buf.Lines(t)); n != 5 {
		t.Errorf("a second Flush wrote %d lines", n-5)
	}
}

// TestBelowWarnNotLimited checks that debug and info lines, one per
// message in normal traffic, all pass by default, and that WithMinLevel
// moves the bound.
func TestBelowWarnNotLimited(t *testing.T) {
	t.Parallel()
	log, _, buf, _ := newLogger()
	for range 50 {
		log.Debug("poll")
		log.Info("message")
	}
	if n := len(buf.Lines(t)); n != 100 {
		t.Errorf("%d debug and info lines, want all 100", n)
	}
	log, _, buf, _ = newLogger(loglimit.WithMinLevel(slog.LevelInfo))
	for range 50 {
		log.Debug("poll")
		log.Info("message")
	}
	if n := len(buf.Lines(t)); n != 53 {
		t.Errorf("%d lines with info limited, want 50 debug and 3 info", n)
	}
}

func TestMaxCauses(t *testing.T) {
	t.Parallel()
	log, _, buf, _ := newLogger(loglimit.WithMaxCauses(2))
	for i := range 100 {
		log.Error("cause " + string(rune('a'+i%26)))
	}
	// two causes tracked (3 lines each) and the rest as one (3 lines)
	if n := len(buf.Lines(t)); n != 9 {
		t.Errorf("%d lines, want 9", n)
	}
}

func TestConcurrent(t *testing.T) {
	t.Parallel()
	log, h, buf, _ := newLogger()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 500 {
				log.Error("database down")
			}
		})
	}
	wg.Wait()
	if n := len(buf.Lines(t)); n != 3 {
		t.Fatalf("%d lines from 4,000 records, want 3", n)
	}
	h.Flush(context.Background())
	lines := buf.Lines(t)
	if len(lines) != 4 || lines[3]["suppressed"] != float64(3997) {
		t.Fatalf("after Flush: %v", lines[3:])
	}
	log.Error("database down") // Flush started the interval again
	if n := count(buf.Lines(t), "database down"); n != 4 {
		t.Errorf("%d lines of the cause, want 4", n)
	}
}
