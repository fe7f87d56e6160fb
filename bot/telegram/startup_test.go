package telegram_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/internal/retrytest"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// TestStartRetriesWithBackoff makes getMe fail with 500 three times and
// deleteWebhook once: Run does not return, waits 1 s, 2 s, 4 s (injected
// sleeps, no real waiting) between the getMe attempts and 1 s before the
// second deleteWebhook, is not ready while it waits, and then starts.
func TestStartRetriesWithBackoff(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	for range 3 {
		srv.FailNext("getMe", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	}
	srv.FailNext("deleteWebhook", telegramtest.Failure{Code: 502, Description: "Bad Gateway"})
	logs := &testlog.Buffer{}
	sleeps := retrytest.New()
	a, err := telegram.New(srv.Token, newRecorder(), append(noLimits(),
		telegram.WithAPIURL(srv.URL),
		telegram.WithStore(newMemStore()),
		telegram.WithPollTimeout(5*time.Second),
		telegram.WithLogger(slog.New(slog.NewJSONHandler(logs, nil))),
		telegram.WithShutdownTimeout(5*time.Second),
		telegram.WithSleep(sleeps.Sleep),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	done, stop := retrytest.Start(t, a.Run, 10*time.Second)
	sleeps.Expect(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, time.Second}, done, a.Ready, 10*time.Second, logs.String)
	srv.WaitCalls(t, "getUpdates", 1)
	if !a.Ready() {
		t.Error("not ready after start-up succeeded")
	}
	if n := len(srv.Calls("getMe")); n != 4 {
		t.Errorf("%d getMe calls, want 4", n)
	}
	l := logs.String()
	if got := strings.Count(l, "telegram start-up call failed"); got != 4 {
		t.Errorf("%d failures logged, want 4; logs:\n%s", got, l)
	}
	if strings.Contains(l, srv.Token) {
		t.Error("the token is in the logs")
	}
	stop()
}

// TestStartStopsWhileRetrying cancels Run while getMe keeps failing: Run
// returns nil at once, never having been ready.
func TestStartStopsWhileRetrying(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	srv.FailNext("getMe", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	sleeping := make(chan struct{})
	a, err := telegram.New(srv.Token, newRecorder(), append(noLimits(),
		telegram.WithAPIURL(srv.URL),
		telegram.WithStore(newMemStore()),
		telegram.WithLogger(slog.New(slog.DiscardHandler)),
		telegram.WithSleep(func(ctx context.Context, _ time.Duration) error {
			close(sleeping)
			<-ctx.Done()
			return ctx.Err()
		}),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	_, stop := retrytest.Start(t, a.Run, 10*time.Second)
	<-sleeping
	stop()
	if a.Ready() {
		t.Error("ready without having started")
	}
}

// firstAttempt runs an adapter with token and opts until its first start-up
// call fails (Run then waits to retry, which the injected sleep turns into
// a stop), and returns its JSON logs. Run must return nil.
func firstAttempt(t *testing.T, token string, opts ...telegram.Option) string {
	t.Helper()
	logs := &testlog.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := telegram.New(token, newRecorder(), append(opts,
		telegram.WithLogger(slog.New(slog.NewJSONHandler(logs, nil))),
		telegram.WithSleep(func(ctx context.Context, _ time.Duration) error {
			cancel()
			return ctx.Err()
		}),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Run(ctx); err != nil {
		t.Errorf("Run: %v, want nil", err)
	}
	if a.Ready() {
		t.Error("ready after a failed start-up call")
	}
	out := logs.String()
	if !strings.Contains(out, "telegram start-up call failed") {
		t.Errorf("the failure was not logged:\n%s", out)
	}
	return out
}
