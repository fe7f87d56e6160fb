package nudge

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

func TestLimiterPauseAndChats(t *testing.T) {
	t.Parallel()
	l := newLimiter(Limit{PerSecond: 1000, PerChat: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.wait(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	// A second message to the same chat must wait for the per-chat limit:
	// with a context that ends first, wait gives up.
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if err := l.wait(short, "a"); err == nil {
		t.Error("second message to a chat within a second was allowed")
	}
	// A pause (after a 429) holds every chat.
	l.pause(time.Hour)
	short2, cancelShort2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort2()
	if err := l.wait(short2, "b"); err == nil {
		t.Error("message allowed during a pause")
	}
	// Idle chat limiters are dropped once there are many.
	l2 := newLimiter(Limit{PerChat: 1})
	for i := range 2000 {
		l2.chat(fmt.Sprint(i))
	}
	l2.mu.Lock()
	for _, c := range l2.chats {
		c.used = c.used.Add(-time.Minute)
	}
	l2.swept = time.Time{}
	l2.mu.Unlock()
	l2.chat("new")
	if n := len(l2.chats); n != 1 {
		t.Errorf("%d chat limiters after sweeping idle ones, want 1", n)
	}
	var nilLimiter *limiter
	if err := nilLimiter.wait(ctx, "x"); err != nil {
		t.Errorf("nil limiter: %v", err)
	}
}

// TestLimiterDropsTokensAcrossPause checks that a worker whose token was
// reserved before a 429 pause takes a new one after it, rather than sending
// on the old one: otherwise every worker whose token fell inside the pause
// would send at once when it ends, and the burst brings more 429s. The
// check is a lower bound on time, which load can only lengthen.
func TestLimiterDropsTokensAcrossPause(t *testing.T) {
	t.Parallel()
	l := newLimiter(Limit{PerSecond: 2, Burst: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.wait(ctx, "a"); err != nil { // the only token
		t.Fatal(err)
	}
	done := make(chan time.Duration, 1)
	start := time.Now()
	go func() {
		// The next token is half a second away; a pause begins while this
		// worker waits for it.
		if err := l.wait(ctx, "b"); err != nil {
			t.Error(err)
		}
		done <- time.Since(start)
	}()
	// The worker has reserved its token when the bucket goes below zero.
	for l.global.Tokens() > -0.5 {
		if ctx.Err() != nil {
			t.Fatal("the worker never reserved a token")
		}
		runtime.Gosched()
	}
	l.pause(10 * time.Millisecond)
	select {
	case took := <-done:
		// The old token came at 0.5 s; a new one is another 0.5 s away.
		if took < 900*time.Millisecond {
			t.Errorf("wait returned after %v: it sent on a token reserved before the pause", took)
		}
	case <-ctx.Done():
		t.Fatal("wait did not return")
	}
}
