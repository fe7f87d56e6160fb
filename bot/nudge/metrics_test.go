package nudge

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/carebot/carebot/bot"
)

// recMetrics records the scheduler's nudge counts as "sent:telegram".
type recMetrics struct {
	bot.NopMetrics
	mu     sync.Mutex
	events []string
}

func (m *recMetrics) add(what string, p bot.Platform) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, what+":"+string(p))
}

func (m *recMetrics) NudgeSent(p bot.Platform)    { m.add("sent", p) }
func (m *recMetrics) NudgeRetried(p bot.Platform) { m.add("retried", p) }
func (m *recMetrics) NudgeFailed(p bot.Platform)  { m.add("failed", p) }

func (m *recMetrics) got() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events)
}

func TestNudgeMetrics(t *testing.T) {
	t.Parallel()
	m := &recMetrics{}
	b := setup(t, kindSQLite, monday0759, func(c *Config) { c.Metrics, c.MaxAttempts = m, 2 })
	b.sender.fail = func(k bot.PersonKey, n int) error {
		switch {
		case k.ChatID == "20" && n == 1:
			return &bot.RateLimitError{RetryAfter: time.Second}
		case k.ChatID == "21":
			return errors.New("connection reset")
		}
		return nil
	}
	ok, flaky := b.person(t, "20", "en"), b.person(t, "21", "en")
	for _, p := range []*bot.Person{ok, flaky} {
		if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
			t.Fatal(err)
		}
	}
	b.clock.Set(at0800)
	// Each person's first attempt: one 429 (snoozed), one error (retried).
	for range 2 {
		b.waitJob(t, nudgeArgs{}.Kind(), 3*wait)
	}
	b.clock.Add(10 * time.Second) // past the snooze and the first backoff
	for range 2 {
		if ev := b.waitJob(t, nudgeArgs{}.Kind(), 3*wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("event %s, want completed", ev.Kind)
		}
	}
	got := m.got()
	slices.Sort(got)
	if want := []string{"failed:telegram", "retried:telegram", "retried:telegram", "sent:telegram"}; !slices.Equal(got, want) {
		t.Errorf("metrics %q, want %q", got, want)
	}
}

func TestDefaultQuiet(t *testing.T) {
	t.Parallel()
	night := bot.NudgeSettings{Enabled: true, Times: []string{"23:00"}}
	b := setup(t, kindSQLite, monday0759)
	var qe *QuietHoursError
	if err := b.s.ValidateSettings("", night); !errors.As(err, &qe) || qe.Quiet != DefaultQuiet {
		t.Errorf("23:00 with the default quiet hours: %v", err)
	}
	b = setup(t, kindSQLite, monday0759, func(c *Config) { c.DefaultQuiet = "23:30-06:00" })
	if err := b.s.ValidateSettings("", night); err != nil {
		t.Errorf("23:00 with quiet hours 23:30-06:00: %v", err)
	}
	night.Quiet = "22:00-07:00" // a person's own choice wins
	if err := b.s.ValidateSettings("", night); !errors.As(err, &qe) || qe.Quiet != "22:00-07:00" {
		t.Errorf("23:00 with the person's quiet hours: %v", err)
	}
	for _, bad := range []string{"25:00-08:00", "21:00", "night", ""} {
		if err := CheckQuietHours(bad); !errors.Is(err, ErrBadTime) {
			t.Errorf("CheckQuietHours(%q) = %v", bad, err)
		}
	}
	for _, good := range []string{"21:00-08:00", "off", "9:30-10:00"} {
		if err := CheckQuietHours(good); err != nil {
			t.Errorf("CheckQuietHours(%q) = %v", good, err)
		}
	}
	if _, err := New(b.ctx, b.db, Config{KB: testKB, DefaultQuiet: "late"}); !errors.Is(err, ErrBadTime) {
		t.Errorf("New with bad quiet hours: %v", err)
	}
}
