package telegram_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// memStore is the in-memory store with a channel that receives every
// person saved.
type memStore struct {
	*memory.Store
	saved  chan bot.Person
	marked chan string // update ids marked processed
}

func newMemStore() *memStore {
	return &memStore{Store: memory.New(), saved: make(chan bot.Person, 100), marked: make(chan string, 1000)}
}

func (s *memStore) MarkProcessed(ctx context.Context, source, id string) (bool, error) {
	first, err := s.Store.MarkProcessed(ctx, source, id)
	select {
	case s.marked <- id:
	default:
	}
	return first, err
}

func (s *memStore) SavePerson(ctx context.Context, p *bot.Person) error {
	err := s.Store.SavePerson(ctx, p)
	select {
	case s.saved <- *p:
	default:
	}
	return err
}

// recorder is a bot.Handler that records messages and answers with reply
// (by default "echo: " + text or payload).
type recorder struct {
	got   chan bot.Message
	reply func(context.Context, bot.Message) (bot.Reply, error)
}

func newRecorder() *recorder {
	return &recorder{got: make(chan bot.Message, 1000)}
}

func (r *recorder) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	r.got <- m
	if r.reply != nil {
		return r.reply(ctx, m)
	}
	s := m.Text
	if m.Payload != "" {
		s = "tapped " + m.Payload
	}
	return bot.Reply{Lang: "en", Text: "echo: " + s}, nil
}

// nextIn returns the next message from the chat the handler got, skipping
// others.
func (r *recorder) nextIn(t testing.TB, chatID string) bot.Message {
	t.Helper()
	for {
		if m := r.next(t); m.ChatID == chatID {
			return m
		}
	}
}

// next returns the next message the handler got, failing after 10 s.
func (r *recorder) next(t testing.TB) bot.Message {
	t.Helper()
	select {
	case m := <-r.got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for the handler to get a message")
		return bot.Message{}
	}
}

// fixture is a fake Bot API server, a store, a recording handler and an
// adapter between them.
type fixture struct {
	srv   *telegramtest.Server
	store *memStore
	h     *recorder
	a     *telegram.Adapter
	logs  *testlog.Buffer
	hook  *httptest.Server // webhook receiver, in webhook mode
	done  chan error
	stop  context.CancelFunc
}

// noLimits lifts rate and flood limits, which tests do not measure.
func noLimits() []telegram.Option {
	return []telegram.Option{
		telegram.WithRateLimits(telegram.RateLimits{PerChat: telegram.Unlimited(), Overall: telegram.Unlimited()}),
		telegram.WithFloodLimits(telegram.FloodLimits{Rate: telegram.Unlimited()}),
	}
}

// setup builds a fixture in polling mode (webhook mode with webhook true)
// and starts the adapter; it stops when the test ends.
func setup(t *testing.T, webhook bool, opts ...telegram.Option) *fixture {
	t.Helper()
	f := &fixture{srv: telegramtest.New(t), store: newMemStore(), h: newRecorder(), logs: &testlog.Buffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("adapter logs:\n%s", f.logs)
		}
	})
	f.start(t, webhook, opts...)
	return f
}

// start creates and runs a new adapter on the fixture's server and store.
func (f *fixture) start(t *testing.T, webhook bool, opts ...telegram.Option) {
	t.Helper()
	base := []telegram.Option{
		telegram.WithAPIURL(f.srv.URL),
		telegram.WithStore(f.store),
		telegram.WithPollTimeout(5 * time.Second),
		telegram.WithLogger(slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		telegram.WithPseudonymKey([]byte("test key")),
		telegram.WithShutdownTimeout(5 * time.Second),
	}
	base = append(base, noLimits()...)
	var mux *http.ServeMux
	if webhook {
		mux = http.NewServeMux()
		f.hook = httptest.NewServer(mux)
		t.Cleanup(f.hook.Close)
		base = append(base, telegram.WithWebhook(f.hook.URL+"/telegram/webhook", "s3cret_Token-1"))
	}
	a, err := telegram.New(f.srv.Token, f.h, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	f.a = a
	if webhook {
		mux.Handle(a.WebhookPath(), a.WebhookHandler())
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.stop = cancel
	f.done = make(chan error, 1)
	go func() { f.done <- a.Run(ctx) }()
	t.Cleanup(func() { f.shutdown(t) })
	if webhook {
		f.srv.WaitWebhook(t)
	} else {
		f.srv.WaitCalls(t, "getUpdates", 1)
	}
}

// shutdown stops the adapter and checks that Run returned nil.
func (f *fixture) shutdown(t *testing.T) {
	t.Helper()
	if f.stop == nil {
		return
	}
	f.stop()
	f.stop = nil
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Run did not return after its context was done")
	}
}

// deliver posts u to the webhook and checks the status.
func (f *fixture) deliver(t *testing.T, u telegramtest.Update, want int) {
	t.Helper()
	got, err := f.srv.Deliver(context.Background(), u)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("webhook answered %d, want %d", got, want)
	}
}
