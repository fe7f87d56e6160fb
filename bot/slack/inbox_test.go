package slack

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
)

// runAdapter runs another adapter on the bundle's fake and returns a stop
// that waits until Run returned; the test's end stops it too.
func runAdapter(t *testing.T, b *testBundle, h bot.Handler, opts ...Option) (stop func()) {
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
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := recv(t, done); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(stop)
	<-a.started
	return stop
}

// An event acknowledged and not answered when the process died is
// answered by the next start, once.
func TestInboxEventAfterCrash(t *testing.T) {
	t.Parallel()
	db := sqlitetest.Open(t)
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

// While the store cannot take an event it is answered 503 (Slack sends it
// again); a retried event is answered once.
func TestInboxStoreDownAnswers503(t *testing.T) {
	t.Parallel()
	fi := &sqlitetest.FailingInbox{DB: sqlitetest.Open(t)}
	fi.Fail.Store(true)
	b := setup(t, nil, WithStore(fi))
	ev := mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300")
	if resp := b.send(t, PathEvents, "application/json", eventBody(t, "EvDown", ev), nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d while the store is down, want 503", resp.StatusCode)
	}
	fi.Fail.Store(false)
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

// With an inbox an alert is recorded in the outbox and Alert returns; it is
// posted through 5xx-like errors and 429s, and its thread linked.
func TestAlertThroughOutbox(t *testing.T) {
	t.Parallel()
	db := sqlitetest.Open(t)
	ctx := context.Background()
	p := parent(bot.ConsentGranted, "en")
	if err := db.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	var logs testlog.Buffer
	b := setup(t, nil, WithStore(db), WithInstance("node-1"), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	b.fake.Fail("chat.postMessage", "internal_error")
	b.fake.RateLimit("chat.postMessage", 120)
	b.fake.Fail("chat.postMessage", "service_unavailable")
	alert := b.alert(t, p, "chest pain", emergencyReply())
	if alert.Channel != careChannel || !hasText(alert, "chest pain") {
		t.Errorf("alert %+v", alert)
	}
	var waits []time.Duration
	for range 3 {
		waits = append(waits, recv(t, b.sleeps))
	}
	if waits[1] != 120*time.Second {
		t.Errorf("waits %v, want the 429's 120s (however long) between two backoffs", waits)
	}
	b.stop(t)
	if n := len(b.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d alerts posted, want 1", n)
	}
	th, err := db.ThreadByTS(ctx, careChannel, alert.TS)
	if err != nil || th.Person != parentKey || th.Level != bot.LevelEmergency {
		t.Errorf("thread %+v, %v", th, err)
	}
	if left, _ := db.ClaimOutbox(ctx, "slack", "x", time.Minute, 10); len(left) != 0 {
		t.Errorf("outbox after the post: %+v", left)
	}
}

// An alert recorded by a process that died before posting it is posted by
// the next start.
func TestAlertAfterCrash(t *testing.T) {
	t.Parallel()
	db := sqlitetest.Open(t)
	ctx := context.Background()
	p := parent(bot.ConsentGranted, "en")
	if err := db.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	b := setup(t, nil, WithStore(db), WithInstance("node-1"))
	// A process that recorded the alert and died before its sender ran.
	dead, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(b.fake.APIURL()), WithStore(db),
		WithInstance("node-2"), WithCareChannel(careChannel), WithLease(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if err := dead.Alert(ctx, p, parentMessage("chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	runAdapter(t, b, echoHandler(), WithStore(db), WithInstance("node-2"), WithCareChannel(careChannel))
	if alert := b.wait(t, "chat.postMessage", 1)[0]; !hasText(alert, "chest pain") {
		t.Errorf("alert %+v", alert)
	}
}

// An answer that meets a transient Slack error is posted on a retry.
func TestAnswerRetriedAfterTransientError(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.fake.Fail("chat.postMessage", "internal_error")
	b.event(t, "EvTransient", mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300"), nil)
	if d := recv(t, b.sleeps); d != 500*time.Millisecond {
		t.Errorf("waited %v before the retry, want 500ms", d)
	}
	b.wait(t, "chat.postMessage", 1)
}
