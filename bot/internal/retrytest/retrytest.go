// Package retrytest checks the waits of an adapter's start-up retries in
// tests without waiting them: the adapter gets Sleeps.Sleep as its sleep,
// and the test lets each wait go in turn.
package retrytest

import (
	"context"
	"testing"
	"time"
)

// Sleeps is an injected sleep that hands each wait to the test and returns
// once the test lets it go (or its context ends).
type Sleeps struct {
	waits   chan time.Duration
	release chan struct{}
}

// New returns a Sleeps with no wait let go yet.
func New() *Sleeps {
	return &Sleeps{waits: make(chan time.Duration), release: make(chan struct{})}
}

// Sleep is the adapter's sleep of d.
func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case s.waits <- d:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Expect lets the next waits go one at a time, checking that they are want
// and that ready is false during each. It fails t when Run returns first
// (done is Start's) or a wait does not come within timeout; logs, when not
// nil, says what the adapter logged.
func (s *Sleeps) Expect(t testing.TB, want []time.Duration, done <-chan error, ready func() bool, timeout time.Duration, logs func() string) {
	t.Helper()
	for i, w := range want {
		select {
		case d := <-s.waits:
			if d != w {
				t.Errorf("wait %d: %s, want %s", i+1, d, w)
			}
		case err := <-done:
			t.Fatalf("Run returned %v while retrying", err)
		case <-time.After(timeout):
			if logs != nil {
				t.Fatalf("no retry %d; logs:\n%s", i+1, logs())
			}
			t.Fatalf("no retry %d", i+1)
		}
		if ready() {
			t.Errorf("ready while retrying (wait %d)", i+1)
		}
		s.release <- struct{}{}
	}
}

// Start runs run (an adapter's Run) in a goroutine. stop cancels its
// context and fails t unless run then returns nil within timeout.
func Start(t testing.TB, run func(context.Context) error, timeout time.Duration) (done <-chan error, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- run(ctx) }()
	return ch, func() {
		t.Helper()
		cancel()
		select {
		case err := <-ch:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(timeout):
			t.Fatal("Run did not return")
		}
	}
}
