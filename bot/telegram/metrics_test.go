package telegram_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

func TestMetricsPolling(t *testing.T) {
	t.Parallel()
	m := &bottest.Metrics{}
	f := setup(t, false, telegram.WithMetrics(m), telegram.WithSleep(func(context.Context, time.Duration) error { return nil }))
	if !f.a.Ready() { // set before the first getUpdates, which setup waited for
		t.Error("not ready while polling")
	}
	if err := f.a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "61"}, bot.Reply{Text: "five mini squats"}); err != nil {
		t.Fatal(err)
	}
	f.srv.FailNext("sendMessage", telegramtest.TooManyRequests(1))
	f.srv.Push(telegramtest.PrivateText(62, "en", "hello"))
	f.srv.WaitSent(t, 62, 1)
	waitCount(t, m, "out:telegram", 2)
	if got := m.Counts(); got["in:telegram"] != 1 || got["429:telegram"] != 1 {
		t.Errorf("counts %v, want one in, two out, one 429", got)
	}
	f.shutdown(t)
	if f.a.Ready() {
		t.Error("still ready after Run returned")
	}
}

func TestMetricsWebhookInline(t *testing.T) {
	t.Parallel()
	m := &bottest.Metrics{}
	f := setup(t, true, telegram.WithMetrics(m))
	u := telegramtest.PrivateText(63, "en", "hello")
	u.UpdateID = f.srv.NextUpdateID()
	f.deliver(t, u, http.StatusOK)
	f.deliver(t, u, http.StatusOK) // a duplicate is not counted
	f.srv.WaitSent(t, 63, 1)
	waitCount(t, m, "out:telegram", 1)
	if got := m.Counts(); got["in:telegram"] != 1 || got["out:telegram"] != 1 {
		t.Errorf("counts %v, want one in, one out", got)
	}
}

// waitCount waits until m counted key n times.
func waitCount(t *testing.T, m *bottest.Metrics, key string, n int) {
	t.Helper()
	if !m.Wait(key, n, 10*time.Second) {
		t.Fatalf("%s counted %d times, want %d (all: %v)", key, m.Count(key), n, m.Counts())
	}
}
