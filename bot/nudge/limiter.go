package nudge

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/carebot/carebot/bot"
)

// Limit is how fast a platform accepts messages from the bot.
type Limit struct {
	// PerSecond is the most messages a second across all chats; 0 means
	// no limit.
	PerSecond float64
	// Burst is how many messages may go out at once after a pause.
	// Defaults to 1: a steady stream, which is what platforms count.
	Burst int
	// PerChat is the most messages a second to one chat; 0 means no
	// limit.
	PerChat float64
}

// DefaultLimits returns the platforms' published limits, a new map each
// call: Telegram about 30 messages a second per bot and 1 a second per
// chat, Slack about 1 a second per channel.
func DefaultLimits() map[bot.Platform]Limit {
	return map[bot.Platform]Limit{
		bot.PlatformTelegram: {PerSecond: 30, PerChat: 1},
		bot.PlatformSlack:    {PerSecond: 20, PerChat: 1},
	}
}

// limiter paces sends to one platform: a global token bucket, one per chat,
// and a pause after the platform answered 429, so that every worker waits
// out retry_after instead of hitting the limit again.
type limiter struct {
	global  *rate.Limiter
	perChat rate.Limit

	mu         sync.Mutex
	chats      map[string]*chatLimiter
	swept      time.Time
	pauseUntil time.Time
	pauses     int // how many pauses began, to tell one came during a wait
}

type chatLimiter struct {
	lim  *rate.Limiter
	used time.Time
}

func newLimiter(l Limit) *limiter {
	lim := &limiter{perChat: rate.Limit(l.PerChat), chats: map[string]*chatLimiter{}}
	if l.PerSecond > 0 {
		lim.global = rate.NewLimiter(rate.Limit(l.PerSecond), max(l.Burst, 1))
	}
	return lim
}

// wait blocks until a message to chat may go out, or ctx is done.
//
// When a 429 pauses the platform while a worker waits for its token, the
// token is dropped: the worker waits the pause out and takes a new one.
// Sending on the old tokens would let every worker whose token fell inside
// the pause go at once when it ends, beyond the platform's burst, and each
// 429 that brings would pause again: delivery collapses (bot/nudge/README.md,
// "429s feed themselves").
func (l *limiter) wait(ctx context.Context, chat string) error {
	if l == nil {
		return nil
	}
	for {
		before, err := l.waitPause(ctx)
		if err != nil {
			return err
		}
		if l.perChat > 0 {
			if err := l.chat(chat).Wait(ctx); err != nil {
				return err
			}
		}
		if l.global != nil {
			if err := l.global.Wait(ctx); err != nil {
				return err
			}
		}
		l.mu.Lock()
		paused := l.pauses != before
		l.mu.Unlock()
		if !paused {
			return nil
		}
	}
}

// waitPause waits until no pause is on and returns how many pauses began
// so far.
func (l *limiter) waitPause(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		d, n := time.Until(l.pauseUntil), l.pauses
		l.mu.Unlock()
		if d <= 0 {
			return n, nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, ctx.Err()
		case <-t.C:
		}
	}
}

// pause stops all sends for d: the platform answered 429.
func (l *limiter) pause(d time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.pauseUntil) {
		l.pauseUntil = until
		l.pauses++
	}
}

// chat returns the chat's limiter. Once a second at most, when there are
// many, it drops those idle for long enough that a new one would allow the
// same.
func (l *limiter) chat(id string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if len(l.chats) > 1024 && now.Sub(l.swept) > time.Second {
		l.swept = now
		idle := max(time.Duration(float64(time.Second)/float64(l.perChat)), time.Second)
		for k, c := range l.chats {
			if now.Sub(c.used) > idle {
				delete(l.chats, k)
			}
		}
	}
	c := l.chats[id]
	if c == nil {
		c = &chatLimiter{lim: rate.NewLimiter(l.perChat, 1)}
		l.chats[id] = c
	}
	c.used = now
	return c.lim
}
