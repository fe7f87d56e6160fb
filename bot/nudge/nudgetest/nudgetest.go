// Package nudgetest has test doubles for code that sends nudges: a fake
// platform that enforces a rate limit the way Telegram does, answering
// 429 with retry_after when a bot sends too fast.
package nudgetest

import (
	"context"
	"sync"
	"time"

	"github.com/carebot/carebot/bot"
)

// RateLimited is a bot.Sender that accepts at most Rate messages a second
// (a token bucket holding Burst) and at most one a second per chat, like
// Telegram; a message over the limit is refused with a
// *bot.RateLimitError carrying RetryAfter, as Telegram's 429 carries
// retry_after. It counts what it accepted and refused. Safe for concurrent
// use.
type RateLimited struct {
	// Rate is the messages a second accepted across all chats.
	Rate float64
	// Burst is how many messages the bucket holds.
	Burst float64
	// PerChat is the messages a second accepted per chat; 0 means no limit.
	PerChat float64
	// RetryAfter is what a 429 asks for. Defaults to 1 second, Telegram's
	// smallest.
	RetryAfter time.Duration
	// OnDeliver, when set, is called after each accepted message.
	OnDeliver func(key bot.PersonKey, r bot.Reply)

	mu        sync.Mutex
	tokens    float64
	last      time.Time
	chats     map[bot.PersonKey]time.Time
	delivered map[bot.PersonKey]int
	total     int
	refused   int
	first     time.Time
	lastSent  time.Time
}

// Send implements bot.Sender.
func (f *RateLimited) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The time is read under the lock, so that it never goes backwards
	// from one message to the next: a sender preempted between reading
	// the clock and taking the lock would otherwise refill the bucket
	// with negative time and be refused although the rate was kept.
	f.mu.Lock()
	now := time.Now()
	if f.chats == nil {
		f.chats, f.delivered = map[bot.PersonKey]time.Time{}, map[bot.PersonKey]int{}
		f.tokens, f.last = f.Burst, now
	}
	f.tokens = min(f.Burst, f.tokens+now.Sub(f.last).Seconds()*f.Rate)
	f.last = now
	chatOK := f.PerChat <= 0 || now.Sub(f.chats[key]) >= time.Duration(float64(time.Second)/f.PerChat)
	if f.tokens < 1 || !chatOK {
		f.refused++
		f.mu.Unlock()
		retry := f.RetryAfter
		if retry <= 0 {
			retry = time.Second
		}
		return &bot.RateLimitError{RetryAfter: retry}
	}
	f.tokens--
	f.chats[key] = now
	f.delivered[key]++
	f.total++
	if f.first.IsZero() {
		f.first = now
	}
	f.lastSent = now
	f.mu.Unlock()
	if f.OnDeliver != nil {
		f.OnDeliver(key, r)
	}
	return nil
}

// Stats are what a RateLimited saw.
type Stats struct {
	// Delivered counts accepted messages; Refused, 429s.
	Delivered, Refused int
	// Duplicates counts chats that got more than one message.
	Duplicates int
	// First and Last are when the first and last accepted messages came.
	First, Last time.Time
}

// Stats returns the counts so far.
func (f *RateLimited) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := Stats{Delivered: f.total, Refused: f.refused, First: f.first, Last: f.lastSent}
	for _, n := range f.delivered {
		if n > 1 {
			s.Duplicates++
		}
	}
	return s
}

// Count returns how many messages the chat got.
func (f *RateLimited) Count(key bot.PersonKey) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.delivered[key]
}
