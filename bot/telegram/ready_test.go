package telegram_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/telegram"
)

// startedHandler is a slog.Handler that closes started when the adapter
// logs that it started.
type startedHandler struct {
	started chan struct{}
	once    *sync.Once
}

func (h startedHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h startedHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h startedHandler) WithGroup(string) slog.Handler            { return h }

func (h startedHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "telegram started" {
		h.once.Do(func() { close(h.started) })
	}
	return nil
}

// TestReadyWebhook checks Ready in webhook mode: true once the webhook is
// set, false after Run returned.
func TestReadyWebhook(t *testing.T) {
	t.Parallel()
	h := startedHandler{started: make(chan struct{}), once: &sync.Once{}}
	f := setup(t, true, telegram.WithLogger(slog.New(h)))
	select {
	case <-h.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the adapter did not start")
	}
	if !f.a.Ready() {
		t.Error("not ready with the webhook set")
	}
	f.shutdown(t)
	if f.a.Ready() {
		t.Error("still ready after Run returned")
	}
}
