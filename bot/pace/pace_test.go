package pace_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/pace"
)

// fakeShared says busy times that no slot is free for wait, then gives
// one; a forced take gets a slot in wait. It counts the calls.
type fakeShared struct {
	busy    int // how many times a slot is not free yet
	wait    time.Duration
	err     error
	calls   int
	buckets []string
}

func (f *fakeShared) TakeSend(ctx context.Context, bucket string, interval time.Duration, burst int, force bool) (time.Duration, error) {
	f.calls++
	f.buckets = append(f.buckets, bucket)
	if f.busy > 0 && !force {
		f.busy--
		return f.wait, f.err
	}
	if force {
		return f.wait, f.err
	}
	return 0, f.err
}

func TestSharedWait(t *testing.T) {
	f := &fakeShared{busy: 2, wait: 250 * time.Millisecond}
	var slept []time.Duration
	l := pace.New(f, "telegram", 30, 1, pace.WithSleep(func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	}))
	if !l.Shared() {
		t.Fatal("Shared() = false with a shared limiter")
	}
	if err := l.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Asked three times: twice busy (a wait each), then a slot.
	if f.calls != 3 || len(slept) != 2 || slept[0] != 250*time.Millisecond {
		t.Errorf("calls %d, slept %v; want 3 calls and two sleeps of 250ms", f.calls, slept)
	}
	// Urgent: takes the next slot at once and waits for it.
	if err := l.Urgent(t.Context()); err != nil {
		t.Fatal(err)
	}
	if f.calls != 4 || len(slept) != 3 {
		t.Errorf("urgent: calls %d, slept %v; want 4 calls and three sleeps", f.calls, slept)
	}
	if f.buckets[0] != "telegram" {
		t.Errorf("bucket %q, want telegram", f.buckets[0])
	}
}

func TestSharedErrorPacesInMemory(t *testing.T) {
	f := &fakeShared{err: errors.New("connection refused")}
	var errs int
	l := pace.New(f, "slack:channel:C1", 1000, 5, pace.OnSharedError(func(error) { errs++ }))
	for range 5 { // the in-memory burst: no wait
		if err := l.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if errs != 5 {
		t.Errorf("OnSharedError called %d times, want 5", errs)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a done context = %v, want context.Canceled", err)
	}
}

func TestUnlimitedAsksNobody(t *testing.T) {
	f := &fakeShared{}
	for _, rate := range []float64{0, pace.Unlimited()} {
		l := pace.New(f, "telegram", rate, 1)
		for range 100 {
			if err := l.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Urgent(t.Context()); err != nil {
			t.Fatal(err)
		}
		if l.Shared() || !l.Idle() {
			t.Errorf("rate %v: Shared() = %v, Idle() = %v; want false, true", rate, l.Shared(), l.Idle())
		}
	}
	if f.calls != 0 {
		t.Errorf("%d reservations without a limit, want 0", f.calls)
	}
}

// hangingShared never answers until its context ends: a database that is
// unreachable without refusing connections.
type hangingShared struct{}

func (hangingShared) TakeSend(ctx context.Context, bucket string, interval time.Duration, burst int, force bool) (time.Duration, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

// A shared limiter that does not answer holds a send for a bounded time,
// then the send paces in memory.
func TestSharedHangPacesInMemory(t *testing.T) {
	var errs int
	l := pace.New(hangingShared{}, "telegram", 30, 1, pace.OnSharedError(func(error) { errs++ }))
	if err := l.Wait(t.Context()); err != nil {
		t.Fatalf("Wait = %v, want nil (paced in memory)", err)
	}
	if err := l.Urgent(t.Context()); err != nil {
		t.Fatalf("Urgent = %v, want nil (a token in memory)", err)
	}
	if errs != 2 {
		t.Errorf("OnSharedError called %d times, want 2", errs)
	}
}
