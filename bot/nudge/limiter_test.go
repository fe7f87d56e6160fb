package nudge

import (
	"context"
	"fmt"
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
