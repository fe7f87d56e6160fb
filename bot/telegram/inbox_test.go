package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
	"github.com/carebot/carebot/bot/store/storetest"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// durable is an adapter on a SQLite store (or, made by newDurablePG, a
// PostgreSQL schema), in webhook or polling mode, that a test can start
// again on the same database as after a crash.
type durable struct {
	t    *testing.T
	srv  *telegramtest.Server
	path string
	logs *testlog.Buffer

	pgURL, schema string // PostgreSQL instead of the SQLite file at path
}

// newDurablePG is newDurable on a PostgreSQL schema of its own; it skips
// the test without CAREBOT_TEST_DATABASE_URL.
func newDurablePG(t *testing.T) *durable {
	d := newDurable(t)
	d.pgURL, d.schema = storetest.DatabaseURL(t), storetest.Schema(t)
	t.Cleanup(func() {
		db, err := postgres.Open(context.Background(), d.pgURL, postgres.WithSchema(d.schema), postgres.WithoutMigrate())
		if err == nil {
			db.Pool().Exec(context.Background(), `DROP SCHEMA `+d.schema+` CASCADE`)
			db.Close()
		}
	})
	return d
}

// open opens the durable's database.
func (d *durable) open() (bot.Store, func() error) {
	t := d.t
	if d.pgURL != "" {
		db, err := postgres.Open(t.Context(), d.pgURL, postgres.WithSchema(d.schema), postgres.WithMaxConns(4))
		if err != nil {
			t.Fatal(err)
		}
		return db, db.Close
	}
	db, err := sqlite.Open(t.Context(), d.path)
	if err != nil {
		t.Fatal(err)
	}
	return db, db.Close
}

func newDurable(t *testing.T) *durable {
	d := &durable{t: t, srv: telegramtest.New(t), path: filepath.Join(t.TempDir(), "carebot.db"), logs: &testlog.Buffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("adapter logs:\n%s", d.logs)
		}
	})
	return d
}

// run is one adapter process: its store, its adapter and how to stop it.
type run struct {
	db   bot.Store
	a    *telegram.Adapter
	stop context.CancelFunc
	done chan error
}

// start opens the database and runs an adapter named instance with h.
func (d *durable) start(instance string, h bot.Handler, webhook bool, opts ...telegram.Option) *run {
	t := d.t
	db, closeDB := d.open()
	base := []telegram.Option{
		telegram.WithAPIURL(d.srv.URL),
		telegram.WithStore(db),
		telegram.WithInstance(instance),
		telegram.WithPollTimeout(5 * time.Second),
		telegram.WithLogger(slog.New(slog.NewTextHandler(d.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		telegram.WithShutdownTimeout(5 * time.Second),
	}
	base = append(base, noLimits()...)
	var mux *http.ServeMux
	if webhook {
		mux = http.NewServeMux()
		hook := httptest.NewServer(mux)
		t.Cleanup(hook.Close)
		base = append(base, telegram.WithWebhook(hook.URL+"/telegram/webhook", "s3cret_Token-1"))
	}
	a, err := telegram.New(d.srv.Token, h, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	if webhook {
		mux.Handle(a.WebhookPath(), a.WebhookHandler())
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &run{db: db, a: a, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- a.Run(ctx) }()
	t.Cleanup(func() { r.shutdown(t); closeDB() })
	// Run accepts updates from just before setWebhook (and polls after).
	if webhook {
		d.srv.WaitWebhook(t)
	} else {
		d.srv.WaitCalls(t, "getUpdates", len(d.srv.Calls("getUpdates"))+1)
	}
	return r
}

func (r *run) shutdown(t *testing.T) {
	if r.stop == nil {
		return
	}
	r.stop()
	r.stop = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Run did not return")
	}
}

// blocking is a handler that answers "echo: text" once release is closed
// (or at once when it is nil), after telling started.
type blocking struct {
	started chan string
	release chan struct{}
	calls   atomic.Int32
}

func newBlocking() *blocking {
	return &blocking{started: make(chan string, 100), release: make(chan struct{})}
}

func (b *blocking) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	b.calls.Add(1)
	b.started <- m.Text
	select {
	case <-b.release:
	case <-ctx.Done():
		return bot.Reply{}, ctx.Err()
	}
	return bot.Reply{Lang: "en", Text: "echo: " + m.Text}, nil
}

func echo() bot.Handler {
	return bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Lang: "en", Text: "echo: " + m.Text}, nil
	})
}

func waitFor(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("timed out")
		return ""
	}
}

// An update acknowledged with 200 and not answered when the process died
// is answered by the next start, once.
func TestInboxCrashBeforeAnswer(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	stuck := newBlocking()
	first := d.start("node-1", stuck, true)
	// The chat is idle, so the request's goroutine answers it: the
	// response waits for the reply. Telegram gives up on it (its timeout);
	// the update is in the inbox all the same.
	ctx, cancel := context.WithCancel(context.Background())
	go d.srv.Deliver(ctx, telegramtest.PrivateText(501, "en", "my wrist hurts"))
	waitFor(t, stuck.started)
	cancel()
	// A second update of another chat gets its 200 with the reply; the
	// first process then "dies": its handler never returns.
	_ = first

	// The next start under the same name takes the update over at once.
	second := d.start("node-1", echo(), false)
	sent := d.srv.WaitSent(t, 501, 1)
	if sent[0].Text != "echo: my wrist hurts" {
		t.Errorf("sent %+v", sent)
	}
	second.shutdown(t)
	// The first process wakes up: it lost the entry and sends nothing.
	close(stuck.release)
	first.shutdown(t)
	if n := len(d.srv.Sent(501)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// A reply recorded in the outbox and not yet sent when the process died
// is sent by the next start.
func TestOutboxCrashBeforeSend(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	var once sync.Once
	sleeping := make(chan struct{})
	// The first process's retry never wakes: it is as good as dead.
	hang := telegram.WithSleep(func(ctx context.Context, _ time.Duration) error {
		once.Do(func() { close(sleeping) })
		<-ctx.Done()
		return ctx.Err()
	})
	d.srv.FailNext("sendMessage", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	first := d.start("node-1", echo(), false, hang, telegram.WithShutdownTimeout(50*time.Millisecond))
	d.srv.Push(telegramtest.PrivateText(502, "en", "hello"))
	<-sleeping
	if n := len(d.srv.Sent(502)); n != 0 {
		t.Fatalf("%d sent before the restart", n)
	}
	second := d.start("node-1", echo(), false)
	if sent := d.srv.WaitSent(t, 502, 1); sent[0].Text != "echo: hello" {
		t.Errorf("sent %+v", sent)
	}
	second.shutdown(t)
	first.shutdown(t)
	if n := len(d.srv.Sent(502)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// An update the store could not take is refused: the webhook answers 503
// and polling asks for it again; nothing is lost.
func TestInboxStoreDown(t *testing.T) {
	t.Parallel()
	for _, webhook := range []bool{true, false} {
		t.Run(map[bool]string{true: "Webhook", false: "Polling"}[webhook], func(t *testing.T) {
			t.Parallel()
			d := newDurable(t)
			db, err := sqlite.Open(t.Context(), d.path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			fi := &sqlitetest.FailingInbox{DB: db}
			fi.Fail.Store(true)
			d.start("node-1", echo(), webhook, telegram.WithStore(fi),
				telegram.WithSleep(func(context.Context, time.Duration) error { return nil }))
			u := telegramtest.PrivateText(503, "en", "hello")
			if webhook {
				if code, err := d.srv.Deliver(context.Background(), u); err != nil || code != http.StatusServiceUnavailable {
					t.Fatalf("webhook answered %d, %v; want 503 while the store is down", code, err)
				}
				fi.Fail.Store(false)
				if code, err := d.srv.Deliver(context.Background(), u); err != nil || code != http.StatusOK {
					t.Fatalf("webhook answered %d, %v; want 200", code, err)
				}
			} else {
				d.srv.Push(u)
				d.srv.WaitCalls(t, "getUpdates", 3) // asked again
				if d.srv.Pending() != 1 {
					t.Fatalf("the update was confirmed (offset moved) while the store was down")
				}
				fi.Fail.Store(false)
			}
			if sent := d.srv.WaitSent(t, 503, 1); sent[0].Text != "echo: hello" {
				t.Errorf("sent %+v", sent)
			}
		})
	}
}

// Once Run's context is done the webhook answers 503 (Telegram sends the
// update again), and what was accepted but not answered stays in the
// inbox for the next start.
func TestStopAnswers503(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	h := newBlocking()
	r := d.start("node-1", h, true, telegram.WithInlineReplies(false))
	for _, text := range []string{"one", "two"} {
		if code, err := d.srv.Deliver(context.Background(), telegramtest.PrivateText(504, "en", text)); err != nil || code != http.StatusOK {
			t.Fatalf("webhook answered %d, %v", code, err)
		}
	}
	waitFor(t, h.started) // "one" in hand, "two" waiting
	r.stop()
	r.stop = nil
	// Run is draining: new updates are refused.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, err := d.srv.Deliver(context.Background(), telegramtest.PrivateText(505, "en", "three"))
		if err != nil {
			t.Fatal(err)
		}
		if code == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) { // the stop reaches Run asynchronously
			t.Fatalf("webhook answered %d after stop, want 503", code)
		}
	}
	close(h.release)
	if err := <-r.done; err != nil {
		t.Fatal(err)
	}
	if got := d.srv.Sent(504); len(got) != 1 || got[0].Text != "echo: one" {
		t.Fatalf("sent %+v before stopping, want the reply in hand only", got)
	}
	// "two" waited in the inbox.
	d.start("node-1", echo(), false)
	if sent := d.srv.WaitSent(t, 504, 2); sent[1].Text != "echo: two" {
		t.Errorf("sent %+v", sent)
	}
}

// Flood control never drops text: past MaxMerged the text waits as a
// message of its own; and a warning sign in the middle of a 1,000-message
// flood is answered before everything that waits.
func TestFloodKeepsEverythingAndUrgentFirst(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			d := newDurable
			if store == "postgres" {
				d = newDurablePG
			}
			floodUrgentFirst(t, d(t))
		})
	}
}

func floodUrgentFirst(t *testing.T, d *durable) {
	h := newBlocking()
	screen := telegram.WithScreen(func(text string) bot.Level {
		if strings.Contains(text, "chest pain") {
			return bot.LevelEmergency
		}
		return bot.LevelNone
	})
	flood := telegram.WithFloodLimits(telegram.FloodLimits{Rate: 0.001, Burst: 1, MaxMerged: 8192})
	d.start("node-1", h, false, screen, flood)
	// A thousand durable inserts take seconds on a loaded 2-core machine
	// (CI saw more than the default 10 s at a load average near 30); the
	// bound is for a hang, not for speed.
	d.srv.Timeout = 2 * time.Minute
	const chat, n = 506, 1000
	d.srv.Push(telegramtest.PrivateText(chat, "en", "first"))
	waitFor(t, h.started) // in hand; everything else waits behind it
	urgent := "I have crushing chest pain and I can't breathe"
	var want strings.Builder
	for i := range n {
		if i == n/2 {
			d.srv.Push(telegramtest.PrivateText(chat, "en", urgent))
		}
		text := fmt.Sprintf("%04d %s", i, strings.Repeat("x", 40))
		d.srv.Push(telegramtest.PrivateText(chat, "en", text))
		want.WriteString(text)
	}
	d.srv.WaitPending(t, 0)
	close(h.release)
	var got []string
	for total := 0; total < want.Len(); {
		m := waitFor(t, h.started)
		got = append(got, m)
		if m != urgent {
			total += len(strings.ReplaceAll(m, "\n", ""))
		}
	}
	if got[0] != urgent {
		t.Errorf("answered first after the message in hand: %.40q, want the warning sign", got[0])
	}
	all := strings.ReplaceAll(strings.Join(got[1:], ""), "\n", "")
	if all != want.String() {
		t.Errorf("merged text lost or reordered something: %d bytes, want %d", len(all), want.Len())
	}
	if len(got) < 6 {
		t.Errorf("%d messages answered, want the 45,000 bytes split under MaxMerged", len(got))
	}
	// Every reply goes out (the flood notice too).
	d.srv.WaitSent(t, chat, len(got)+2)
	t.Logf("a warning sign amid %d messages of one chat: answered 1st of %d after the one in hand, %d bytes kept whole", n, len(got), len(all))
}

// A warning-sign reply does not wait behind the bot's overall send limit:
// other chats' replies wait instead.
func TestUrgentReplySkipsTheBotsQueue(t *testing.T) {
	t.Parallel()
	screen := telegram.WithScreen(func(text string) bot.Level {
		if strings.Contains(text, "chest pain") {
			return bot.LevelEmergency
		}
		return bot.LevelNone
	})
	f := setup(t, false, screen,
		telegram.WithRateLimits(telegram.RateLimits{PerChat: telegram.Unlimited(), Overall: 0.001, OverallBurst: 1}),
		telegram.WithShutdownTimeout(100*time.Millisecond))
	f.srv.Push(telegramtest.PrivateText(601, "en", "hello"))
	f.srv.WaitSent(t, 601, 1) // the bot's one token
	f.srv.Push(telegramtest.PrivateText(602, "en", "and me"))
	f.h.nextIn(t, "602") // answered, its reply waits for a token (1,000 s)
	f.srv.Push(telegramtest.PrivateText(603, "en", "I have chest pain"))
	if sent := f.srv.WaitSent(t, 603, 1); sent[0].Text != "echo: I have chest pain" {
		t.Errorf("sent %+v", sent)
	}
	if n := len(f.srv.Sent(602)); n != 0 {
		t.Errorf("the ordinary reply went out too (%d): the limit did not hold", n)
	}
}

// deadInbox fails every inbox call once dead is set: the process holding
// it is as good as gone (it cannot renew its leases nor record anything).
type deadInbox struct {
	*sqlite.DB
	dead atomic.Bool
}

var errDead = errors.New("process is dead")

func (d *deadInbox) Receive(ctx context.Context, e bot.InboxEntry, owner string, lease time.Duration) (bool, error) {
	if d.dead.Load() {
		return false, errDead
	}
	return d.DB.Receive(ctx, e, owner, lease)
}

func (d *deadInbox) Done(ctx context.Context, source string, ids []string, out []bot.OutboxEntry, owner string, lease time.Duration) error {
	if d.dead.Load() {
		return errDead
	}
	return d.DB.Done(ctx, source, ids, out, owner, lease)
}

func (d *deadInbox) Renew(ctx context.Context, owner string, lease time.Duration) error {
	if d.dead.Load() {
		return errDead
	}
	return d.DB.Renew(ctx, owner, lease)
}

func (d *deadInbox) Release(ctx context.Context, owner string) error {
	if d.dead.Load() {
		return errDead
	}
	return d.DB.Release(ctx, owner)
}

// A replica's unanswered update is taken over by another replica once the
// dead one's lease ran out, and answered once.
func TestInboxTakeoverByAnotherReplica(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	db, err := sqlite.Open(t.Context(), d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dying := &deadInbox{DB: db}
	stuck := newBlocking()
	lease := telegram.WithLease(time.Second)
	replicaA := d.start("replica-a", stuck, true, telegram.WithStore(dying), lease, telegram.WithInlineReplies(false),
		telegram.WithShutdownTimeout(50*time.Millisecond))
	if code, err := d.srv.Deliver(context.Background(), telegramtest.PrivateText(507, "en", "my knee")); err != nil || code != http.StatusOK {
		t.Fatalf("webhook answered %d, %v", code, err)
	}
	waitFor(t, stuck.started)
	dying.dead.Store(true)
	// Replica B, on the same database, takes it over once A's lease ran out.
	d.start("replica-b", echo(), true, lease)
	if sent := d.srv.WaitSent(t, 507, 1); sent[0].Text != "echo: my knee" {
		t.Errorf("sent %+v", sent)
	}
	close(stuck.release) // A wakes up: it cannot record its reply, so sends nothing
	replicaA.shutdown(t)
	if n := len(d.srv.Sent(507)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// Through the inbox: a redelivered update is answered once, a sticker gets
// the non-text notice, a tap reaches the handler with its payload.
func TestInboxKinds(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	h := newRecorder()
	h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
		if m.Payload != "" {
			return bot.Reply{Lang: "en", Text: "tapped " + m.Payload}, nil
		}
		return bot.Reply{Lang: "en", Text: "echo: " + m.Text, Buttons: []bot.Button{{Label: "More", Payload: "kb:more"}}}, nil
	}
	d.start("node-1", h, true)
	u := telegramtest.PrivateText(508, "en", "hello")
	u.UpdateID = d.srv.NextUpdateID()
	for range 2 {
		if code, err := d.srv.Deliver(context.Background(), u); err != nil || code != http.StatusOK {
			t.Fatalf("webhook answered %d, %v", code, err)
		}
	}
	sent := d.srv.WaitSent(t, 508, 1)
	data, ok := sent[0].Button("More")
	if !ok {
		t.Fatalf("no button in %+v", sent[0])
	}
	sticker := telegramtest.PrivateText(508, "en", "")
	sticker.Message.Sticker = &telegramtest.Sticker{FileID: "f", Emoji: "👍"}
	d.srv.Deliver(context.Background(), sticker)
	d.srv.Deliver(context.Background(), telegramtest.Tap(sent[0], 508, data))
	sent = d.srv.WaitSent(t, 508, 3)
	if !strings.Contains(sent[1].Text, "text") || sent[2].Text != "tapped kb:more" {
		t.Errorf("sent %q, want the non-text notice, then the tap's answer", []string{sent[1].Text, sent[2].Text})
	}
	if n := len(d.srv.Sent(508)); n != 3 {
		t.Errorf("%d messages, want 3 (the redelivered update answered once)", n)
	}
}

// A stop does not wait for a reply that waits to retry (after a 5xx here):
// it stays in the outbox and the next start sends it.
func TestStopLeavesRetryingReplyInOutbox(t *testing.T) {
	t.Parallel()
	d := newDurable(t)
	waiting := make(chan struct{}, 10)
	sleep := telegram.WithSleep(func(ctx context.Context, _ time.Duration) error {
		waiting <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	d.srv.FailNext("sendMessage", telegramtest.Failure{Code: 502, Description: "Bad Gateway"})
	r := d.start("node-1", echo(), false, sleep, telegram.WithShutdownTimeout(time.Hour))
	d.srv.Push(telegramtest.PrivateText(509, "en", "hello"))
	<-waiting
	r.shutdown(t) // within the test's 10 s, not the hour
	if n := len(d.srv.Sent(509)); n != 0 {
		t.Fatalf("%d sent before the restart", n)
	}
	d.start("node-1", echo(), false)
	if sent := d.srv.WaitSent(t, 509, 1); sent[0].Text != "echo: hello" {
		t.Errorf("sent %+v", sent)
	}
}
