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

// fakeReceipt records how relays ended.
type fakeReceipt struct {
	mu   sync.Mutex
	errs []error
}

func (r *fakeReceipt) Relayed(_ context.Context, _ bot.TeamReply, err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, err)
	return nil
}

func (r *fakeReceipt) got() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errs)
}

func teamReply(p *bot.Person) bot.TeamReply {
	return bot.TeamReply{Person: p.Key, Reply: bot.Reply{Lang: "es", Text: "Mensaje de tu equipo de atención:\nTe llamo ya."},
		Channel: "CCARE", TS: "1.0", MessageTS: "1.1", Actor: "UNURSE", Text: "Te llamo ya."}
}

// TestRelayRetriedUntilDelivered: a care-team reply survives a Telegram
// error and a 429, is delivered once, and the receipt hears it.
func TestRelayRetriedUntilDelivered(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		m := &careMetrics{}
		b := setup(t, kind, monday0759, func(c *Config) { c.Metrics = m })
		b.sender.fail = func(_ bot.PersonKey, n int) error {
			switch n {
			case 1:
				return errors.New("telegram: 502")
			case 2:
				return &bot.RateLimitError{RetryAfter: 3 * time.Second}
			}
			return nil
		}
		rc := &fakeReceipt{}
		b.s.SetRelayReceipt(rc)
		p := consenting(t, b, "51")
		if err := b.s.Relay(b.ctx, teamReply(p)); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_care_reply", wait); ev.Kind != river.EventKindJobFailed {
			t.Fatalf("first attempt: %s", ev.Kind)
		}
		b.clock.Add(time.Minute)
		if ev := b.waitJob(t, "carebot_care_reply", wait); ev.Kind != river.EventKindJobSnoozed {
			t.Fatalf("second attempt: %s", ev.Kind)
		}
		b.clock.Add(time.Minute)
		if ev := b.waitJob(t, "carebot_care_reply", wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("third attempt: %s", ev.Kind)
		}
		got := b.sender.wait(t, wait)
		if got.key != p.Key || got.reply.Text != "Mensaje de tu equipo de atención:\nTe llamo ya." {
			t.Errorf("delivered %+v", got)
		}
		if errs := rc.got(); len(errs) != 1 || errs[0] != nil {
			t.Errorf("receipt %v, want one delivery", errs)
		}
		if got, want := m.got(), []string{"reply:retried", "reply:retried", "reply:posted"}; !slices.Equal(got, want) {
			t.Errorf("metrics %v, want %v", got, want)
		}
	})
}

// TestRelayToParentWhoLeft: a reply to a parent who used /forget is not
// sent; the receipt hears why.
func TestRelayToParentWhoLeft(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		rc := &fakeReceipt{}
		b.s.SetRelayReceipt(rc)
		p := consenting(t, b, "52")
		if err := b.db.Forget(b.ctx, p.Key); err != nil {
			t.Fatal(err)
		}
		if err := b.s.Relay(b.ctx, teamReply(p)); err != nil {
			t.Fatal(err)
		}
		if ev := b.waitJob(t, "carebot_care_reply", wait); ev.Kind != river.EventKindJobCancelled {
			t.Fatalf("relay to a parent who left: %s", ev.Kind)
		}
		if errs := rc.got(); len(errs) != 1 || !errors.Is(errs[0], errGone) {
			t.Errorf("receipt %v", errs)
		}
		if b.sender.count(p.Key) != 0 {
			t.Error("sent to a parent who left")
		}
	})
}
