package slack

import (
	"context"
	"errors"
	"math"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
)

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "carebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// runAdapter runs another adapter on the bundle's fake; it stops when the
// test ends.
func runAdapter(t *testing.T, b *testBundle, h bot.Handler, opts ...Option) *Adapter {
	t.Helper()
	base := []Option{WithAPIURL(b.fake.APIURL()), WithPseudonymKey(testPseudoKey),
		WithConfig(Config{ChannelRate: math.Inf(1), DrainTimeout: 100 * time.Millisecond})}
	a, err := New(testBotToken, testSecret, h, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := recv(t, done); err != nil {
			t.Error(err)
		}
	})
	<-a.started
	return a
}

// An event acknowledged and not answered when the process died is
// answered by the next start, once.
func TestInboxEventAfterCrash(t *testing.T) {
	t.Parallel()
	db := openSQLite(t)
	started := make(chan struct{}, 1)
	stuck := bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- struct{}{}
		<-ctx.Done() // "dies": never answers
		return bot.Reply{}, ctx.Err()
	})
	b := setup(t, stuck, WithStore(db), WithInstance("node-1"),
		WithConfig(Config{ChannelRate: math.Inf(1), DrainTimeout: 100 * time.Millisecond}))
	b.event(t, "EvCrash", mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300"), nil)
	<-started
	b.stop(t) // cut short: the apology cannot be posted, the event stays in the inbox
	if n := len(b.fake.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("%d posts by the first process", n)
	}
	runAdapter(t, b, echoHandler(), WithStore(db), WithInstance("node-1"))
	calls := b.wait(t, "chat.postMessage", 1)
	if calls[0].Channel != "CGEN" {
		t.Errorf("posted to %s", calls[0].Channel)
	}
}

// failingInbox fails Receive while fail is set.
type failingInbox struct {
	*sqlite.DB
	fail atomic.Bool
}

func (f *failingInbox) Receive(ctx context.Context, e bot.InboxEntry, owner string, lease time.Duration) (bool, error) {
	if f.fail.Load() {
		return false, errors.New("database is down")
	}
	return f.DB.Receive(ctx, e, owner, lease)
}

// While the store cannot take an event it is answered 503 (Slack sends it
// again); a retried event is answered once.
func TestInboxStoreDownAnswers503(t *testing.T) {
	t.Parallel()
	fi := &failingInbox{DB: openSQLite(t)}
	fi.fail.Store(true)
	b := setup(t, nil, WithStore(fi))
	ev := mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300")
	if resp := b.send(t, PathEvents, "application/json", eventBody(t, "EvDown", ev), nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d while the store is down, want 503", resp.StatusCode)
	}
	fi.fail.Store(false)
	b.event(t, "EvDown", ev, http.Header{"X-Slack-Retry-Num": {"1"}})
	b.event(t, "EvDown", ev, http.Header{"X-Slack-Retry-Num": {"2"}})
	b.stop(t)
	if n := len(b.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d replies, want 1: %+v", n, b.fake.Calls("chat.postMessage"))
	}
	// Done: nothing left for a next start.
	left, err := fi.ClaimInbox(t.Context(), "slack", "x", time.Minute, 10)
	if err != nil || len(left) != 0 {
		t.Errorf("inbox after the answer: %v, %v", left, err)
	}
}
