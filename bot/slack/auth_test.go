package slack

import (
	"runtime"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/internal/retrytest"
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
	sleeps := retrytest.New()
	a, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(fake.APIURL()), withAuthWait(sleeps.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	done, stop := retrytest.Start(t, a.Run, waitTimeout)
	sleeps.Expect(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, done, a.Ready, waitTimeout, nil)
	// Ready is set as soon as the fourth auth.test is answered (the fake
	// does not record auth.test): yield until then.
	deadline := time.Now().Add(waitTimeout)
	for !a.Ready() && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if !a.Ready() {
		t.Error("not ready after auth.test worked")
	}
	stop()
}
