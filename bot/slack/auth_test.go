package slack

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack/slacktest"
)

// TestAuthRetriesWithBackoff makes auth.test fail three times over the
// Events API: Run keeps running, not ready, waits 1 s, 2 s, 4 s (injected,
// no real waiting) between attempts, and is ready once auth.test works.
func TestAuthRetriesWithBackoff(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(testBotToken, "")
	t.Cleanup(fake.Close)
	for range 3 {
		fake.Fail("auth.test", "internal_error")
	}
	waits := make(chan time.Duration)
	release := make(chan struct{})
	a, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(fake.APIURL()),
		withAuthWait(func(ctx context.Context, d time.Duration) error {
			select {
			case waits <- d:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case <-release:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		select {
		case d := <-waits:
			if d != want {
				t.Errorf("wait %d: %s, want %s", i+1, d, want)
			}
		case err := <-done:
			t.Fatalf("Run returned %v while auth.test failed", err)
		case <-time.After(waitTimeout):
			t.Fatalf("no retry %d", i+1)
		}
		if a.Ready() {
			t.Errorf("ready while auth.test fails (wait %d)", i+1)
		}
		release <- struct{}{}
	}
	// Ready is set as soon as the fourth auth.test is answered (the fake
	// does not record auth.test): yield until then.
	deadline := time.Now().Add(waitTimeout)
	for !a.Ready() && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if !a.Ready() {
		t.Error("not ready after auth.test worked")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return")
	}
}
