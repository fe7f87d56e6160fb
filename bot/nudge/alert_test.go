package nudge

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/carebot/carebot/bot"
)

// fakeAlerter posts alerts, failing attempts as fail decides (n counts
// attempts from 1).
type fakeAlerter struct {
	mu     sync.Mutex
	n      int
	posted []bot.Reply
	texts  []string
	fail   func(n int) error
}

func (a *fakeAlerter) Alert(_ context.Context, p *bot.Person, m bot.Message, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	if a.fail != nil {
		if err := a.fail(a.n); err != nil {
			return err
		}
	}
	a.posted = append(a.posted, r)
	a.texts = append(a.texts, m.Text)
	return nil
}

func (a *fakeAlerter) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.posted)
}

// careMetrics records CareDelivery calls as "alert:posted".
type careMetrics struct {
	bot.NopMetrics
	mu     sync.Mutex
	events []string
}

func (m *careMetrics) CareDelivery(what bot.CareItem, result bot.DeliveryResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, string(what)+":"+string(result))
}

func (m *careMetrics) got() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events)
}

func consenting(t *testing.T, b *bundle, chat string) *bot.Person {
	t.Helper()
	p := b.person(t, chat, "es")
	p.Consent = bot.ConsentGranted
	if err := b.db.SavePerson(b.ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

var emergency = bot.Reply{Lang: "es", Level: bot.LevelEmergency, Signs: []string{"sign.self_harm"}, Alert: "Llama al 911."}

// TestAlertRetriedUntilPosted: an alert survives an outage and a 429
// (snoozed for its Retry-After), is posted once, and is counted.
func TestAlertRetriedUntilPosted(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		m := &careMetrics{}
		b := setup(t, kind, monday0759, func(c *Config) { c.Metrics = m })
		fa := &fakeAlerter{fail: func(n int) error {
			switch n {
			case 1:
				return errors.New("slack: 503")
			case 2:
				return &bot.RateLimitError{RetryAfter: 30 * time.Second}
			}
			return nil
		}}
		b.s.SetAlerter(fa)
		p := consenting(t, b, "42")
		if err := b.s.Alert(b.ctx, p, bot.Message{Platform: bot.PlatformTelegram, ChatID: "42", Text: "he pensado en hacerme daño"}, emergency); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobFailed {
			t.Fatalf("first attempt: %s, want failed (retryable)", ev.Kind)
		}
		b.clock.Add(time.Minute)
		ev := b.waitJob(t, "carebot_alert", wait)
		if ev.Kind != river.EventKindJobSnoozed {
			t.Fatalf("second attempt: %s, want snoozed", ev.Kind)
		}
		if d := ev.Job.ScheduledAt.Sub(b.clock.Now()); d < 29*time.Second || d > 31*time.Second {
			t.Errorf("snoozed for %s, want the Retry-After (30s)", d)
		}
		b.clock.Add(time.Minute)
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("third attempt: %s, want completed", ev.Kind)
		}
		if fa.count() != 1 || fa.texts[0] != "he pensado en hacerme daño" || fa.posted[0].Level != bot.LevelEmergency ||
			!slices.Equal(fa.posted[0].Signs, emergency.Signs) || fa.posted[0].Alert != emergency.Alert {
			t.Errorf("posted %+v %q", fa.posted, fa.texts)
		}
		if got, want := m.got(), []string{"alert:retried", "alert:retried", "alert:posted"}; !slices.Equal(got, want) {
			t.Errorf("metrics %v, want %v", got, want)
		}
	})
}

// TestAlertGivenUp: an alert for a parent who left, or one the Alerter
// refuses for good, is cancelled, not retried.
func TestAlertGivenUp(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		m := &careMetrics{}
		b := setup(t, kind, monday0759, func(c *Config) { c.Metrics = m })
		fa := &fakeAlerter{fail: func(int) error { return bot.ErrNoAlert }}
		b.s.SetAlerter(fa)
		p := consenting(t, b, "43")
		msg := bot.Message{Platform: bot.PlatformTelegram, ChatID: "43", Text: "x"}
		if err := b.s.Alert(b.ctx, p, msg, emergency); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobCancelled {
			t.Errorf("refused alert: %s, want cancelled", ev.Kind)
		}
		if err := b.s.Alert(b.ctx, p, msg, emergency); err != nil {
			t.Fatal(err)
		}
		// Gone before the worker ran: bundled with the insert's wake-up,
		// the forget may lose the race, so only the end state matters.
		if err := b.db.Forget(b.ctx, p.Key); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobCancelled {
			t.Errorf("alert after forget: %s, want cancelled", ev.Kind)
		}
		if got := m.got(); !slices.Equal(got, []string{"alert:failed", "alert:failed"}) {
			t.Errorf("metrics %v", got)
		}
		// Not even queued without consent or a warning sign.
		p.Consent = bot.ConsentDenied
		if err := b.s.Alert(b.ctx, p, msg, emergency); !errors.Is(err, bot.ErrNoAlert) {
			t.Errorf("Alert without consent = %v, want ErrNoAlert", err)
		}
		p.Consent = bot.ConsentGranted
		if err := b.s.Alert(b.ctx, p, msg, bot.Reply{Text: "tips"}); !errors.Is(err, bot.ErrNoAlert) {
			t.Errorf("Alert without a sign = %v, want ErrNoAlert", err)
		}
	})
}

// TestForgetDeletesCareJobs: /forget deletes the parent's alert jobs,
// posted or queued (their rows hold the parent's words), not others'.
func TestForgetDeletesCareJobs(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		fa := &fakeAlerter{fail: func(n int) error {
			if n == 1 {
				return nil // the first alert is posted
			}
			return errors.New("slack down") // the others wait
		}}
		b.s.SetAlerter(fa)
		mum, dad := consenting(t, b, "61"), consenting(t, b, "62")
		for _, p := range []*bot.Person{mum, mum, dad} {
			if err := b.s.Alert(b.ctx, p, bot.Message{Platform: p.Key.Platform, ChatID: p.Key.ChatID, Text: "words"}, emergency); err != nil {
				t.Fatal(err)
			}
			b.waitJob(t, "carebot_alert", wait)
		}
		if err := b.s.Forget(b.ctx, mum.Key); err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, row := range b.jobs(t, "carebot_alert") {
			var a alertArgs
			if err := decodeArgs(row, &a); err != nil {
				t.Fatal(err)
			}
			left = append(left, a.Chat)
		}
		if !slices.Equal(left, []string{"62"}) {
			t.Errorf("alert jobs left for %v, want only the other parent's", left)
		}
	})
}

// TestAlertSameMessageOnce: the same message handled twice (an update
// taken from the inbox again after a crash before it was done) queues one
// alert; another message of the same chat queues its own.
func TestAlertSameMessageOnce(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		fa := &fakeAlerter{}
		b.s.SetAlerter(fa)
		p := consenting(t, b, "43")
		sent := b.clock.Now().Add(-time.Minute)
		m := bot.Message{Platform: bot.PlatformTelegram, ChatID: "43", Text: "me duele el pecho", Time: sent}
		if err := b.s.Alert(b.ctx, p, m, emergency); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("first alert: %s", ev.Kind)
		}
		if err := b.s.Alert(b.ctx, p, m, emergency); err != nil {
			t.Fatal(err)
		}
		next := m
		next.Time = sent.Add(time.Second)
		next.Text = "y no puedo respirar"
		if err := b.s.Alert(b.ctx, p, next, emergency); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_alert", wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("second alert: %s", ev.Kind)
		}
		fa.mu.Lock()
		defer fa.mu.Unlock()
		if !slices.Equal(fa.texts, []string{m.Text, next.Text}) {
			t.Errorf("posted %q, want the first message once and then the next", fa.texts)
		}
	})
}
