// Package loglimit is a slog.Handler that rate-limits log lines per cause,
// so that a fault that repeats (a database down, a broken knowledge-base
// file, a flood of bad requests) writes a few lines and a count instead of
// tens of thousands of lines.
//
// A cause is a record's level, message and group: carebot's log messages
// are constant strings, and the details (errors, ids) are attributes. The
// first Burst records of a cause in an Interval pass; the rest are counted,
// and when the interval is over one line says how many were suppressed:
//
//	{"level":"WARN","msg":"suppressed similar log lines","cause":"telegram mark processed","suppressed":443,"since":"...","interval":"1m0s"}
//
// That line is written with the next record (of any cause and level)
// after the interval, or by Flush. Records below the minimum level (warn, by
// default: info lines are the normal record of traffic, one per message,
// and a fault logs at warn or error) are never limited.
package loglimit

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Defaults of New's options.
const (
	DefaultBurst     = 10
	DefaultInterval  = time.Minute
	DefaultMaxCauses = 1000
)

// SummaryMessage is the message of the line that counts suppressed
// records.
const SummaryMessage = "suppressed similar log lines"

// Handler wraps a slog.Handler and limits its records per cause. Handlers
// derived with WithAttrs and WithGroup share the limits.
type Handler struct {
	inner slog.Handler
	st    *state
	group string // the groups of WithGroup, part of the cause
}

// cause identifies records that count together.
type cause struct {
	level slog.Level
	group string
	msg   string
}

// window counts the records of one cause in the current interval.
type window struct {
	start      time.Time
	n          int // records in the interval, passed or not
	suppressed int
}

type state struct {
	root      slog.Handler // writes the summaries
	burst     int
	interval  time.Duration
	minLevel  slog.Level
	maxCauses int
	now       func() time.Time

	mu        sync.Mutex
	causes    map[cause]*window
	nextSweep time.Time
}

// Option configures New.
type Option func(*state)

// WithBurst sets how many records of a cause pass in an interval. Default
// DefaultBurst; values below 1 are 1.
func WithBurst(n int) Option { return func(s *state) { s.burst = max(n, 1) } }

// WithInterval sets the interval. Default DefaultInterval.
func WithInterval(d time.Duration) Option {
	return func(s *state) {
		if d > 0 {
			s.interval = d
		}
	}
}

// WithMinLevel sets the least level that is limited; records below it
// always pass. Default slog.LevelWarn.
func WithMinLevel(l slog.Level) Option { return func(s *state) { s.minLevel = l } }

// WithMaxCauses bounds the causes tracked at once; records of further
// causes count together as one. Default DefaultMaxCauses.
func WithMaxCauses(n int) Option {
	return func(s *state) {
		if n > 0 {
			s.maxCauses = n
		}
	}
}

// WithClock sets the clock. Default time.Now.
func WithClock(now func() time.Time) Option { return func(s *state) { s.now = now } }

// New returns a Handler that writes to inner.
func New(inner slog.Handler, opts ...Option) *Handler {
	st := &state{
		root: inner, burst: DefaultBurst, interval: DefaultInterval, minLevel: slog.LevelWarn,
		maxCauses: DefaultMaxCauses, now: time.Now, causes: map[cause]*window{},
	}
	for _, o := range opts {
		o(st)
	}
	return &Handler{inner: inner, st: st}
}

// Enabled reports whether the wrapped handler handles level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// WithAttrs returns a Handler with the attributes, sharing h's limits.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{inner: h.inner.WithAttrs(attrs), st: h.st, group: h.group}
}

// WithGroup returns a Handler in the group, sharing h's limits.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{inner: h.inner.WithGroup(name), st: h.st, group: h.group + name + "."}
}

// Handle writes r unless its cause passed Burst records in the current
// interval, and first writes the summaries of intervals that are over.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	var pass bool
	var summaries []slog.Record
	if r.Level < h.st.minLevel {
		pass, summaries = true, h.st.due()
	} else {
		pass, summaries = h.st.count(cause{level: r.Level, group: h.group, msg: r.Message})
	}
	for _, s := range summaries {
		h.st.root.Handle(ctx, s) // a failed summary must not lose r
	}
	if !pass {
		return nil
	}
	return h.inner.Handle(ctx, r)
}

// Flush writes the summaries of every cause with suppressed records, over
// or not, and starts their intervals again. Call it before the program
// exits.
func (h *Handler) Flush(ctx context.Context) {
	st := h.st
	st.mu.Lock()
	now := st.now()
	var out []slog.Record
	for c, w := range st.causes {
		if w.suppressed > 0 {
			out = append(out, st.summary(now, c, w))
		}
		delete(st.causes, c)
	}
	st.mu.Unlock()
	for _, s := range out {
		st.root.Handle(ctx, s)
	}
}

// count counts a record of c and reports whether it passes, with the
// summaries of intervals that are over.
func (st *state) count(c cause) (pass bool, summaries []slog.Record) {
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	if !now.Before(st.nextSweep) {
		summaries = st.sweep(now)
		st.nextSweep = now.Add(st.interval)
	}
	w := st.causes[c]
	if w == nil {
		if len(st.causes) >= st.maxCauses {
			c = cause{level: c.level, msg: "(more causes)"}
			w = st.causes[c]
		}
		if w == nil {
			w = &window{start: now}
			st.causes[c] = w
		}
	}
	if now.Sub(w.start) >= st.interval {
		if w.suppressed > 0 {
			summaries = append(summaries, st.summary(now, c, w))
		}
		*w = window{start: now}
	}
	w.n++
	if w.n <= st.burst {
		return true, summaries
	}
	w.suppressed++
	return false, summaries
}

// due returns the summaries of the intervals that are over, at most once
// an interval.
func (st *state) due() []slog.Record {
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	if now.Before(st.nextSweep) {
		return nil
	}
	st.nextSweep = now.Add(st.interval)
	return st.sweep(now)
}

// sweep returns the summaries of the intervals that are over and forgets
// those causes.
func (st *state) sweep(now time.Time) []slog.Record {
	var out []slog.Record
	for c, w := range st.causes {
		if now.Sub(w.start) < st.interval {
			continue
		}
		if w.suppressed > 0 {
			out = append(out, st.summary(now, c, w))
		}
		delete(st.causes, c)
	}
	return out
}

// summary is the line that counts the suppressed records of c.
func (st *state) summary(now time.Time, c cause, w *window) slog.Record {
	r := slog.NewRecord(now, c.level, SummaryMessage, 0)
	msg := c.msg
	if c.group != "" {
		msg = c.group + msg
	}
	r.AddAttrs(slog.String("cause", msg), slog.Int("suppressed", w.suppressed),
		slog.Time("since", w.start), slog.String("interval", st.interval.String()))
	return r
}
