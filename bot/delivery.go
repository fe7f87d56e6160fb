package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrBlocked is returned by a Sender when the platform refuses to deliver
// to the person for good: they blocked the bot or deleted the chat
// (Telegram's 403). The nudge scheduler then marks the person inactive and
// cancels their pending nudges. Adapters wrap it:
// fmt.Errorf("send: %w", bot.ErrBlocked).
var ErrBlocked = errors.New("blocked by the person")

// RateLimitError is returned by a Sender when the platform asked to slow
// down (HTTP 429, Telegram's retry_after, Slack's Retry-After). Nothing was
// delivered; the caller waits RetryAfter before trying again.
type RateLimitError struct {
	// RetryAfter is how long the platform asked to wait; zero when it did
	// not say (callers then pick a default, such as one second).
	RetryAfter time.Duration
}

// Error implements error.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited: retry after %s", e.RetryAfter)
}

// callerRetriesKey marks a context whose caller retries on its own.
type callerRetriesKey struct{}

// WithCallerRetries marks ctx as coming from a caller that retries on its
// own (a durable queue): an adapter that sees it answers a platform's 429
// with a RateLimitError at once instead of waiting and retrying
// in-process, so that the caller can wait exactly the Retry-After without
// holding a worker.
func WithCallerRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, callerRetriesKey{}, true)
}

// CallerRetries reports whether ctx was marked by WithCallerRetries.
func CallerRetries(ctx context.Context) bool {
	v, _ := ctx.Value(callerRetriesKey{}).(bool)
	return v
}

// deliveryKey carries the id of a durable delivery.
type deliveryKey struct{}

// Delivery identifies one durable delivery (an alert job) to an adapter,
// so that a delivery run again after a crash can find out whether the
// platform already has it.
type Delivery struct {
	// ID is unique to the delivery and stays the same across its runs.
	ID string
	// Again is true when an earlier run may have delivered it: the
	// adapter looks before delivering.
	Again bool
	// Since is when the first run started; an adapter looks no further
	// back.
	Since time.Time
}

// WithDelivery attaches d to ctx.
func WithDelivery(ctx context.Context, d Delivery) context.Context {
	return context.WithValue(ctx, deliveryKey{}, d)
}

// DeliveryFrom returns the Delivery attached to ctx, if any.
func DeliveryFrom(ctx context.Context) (Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(Delivery)
	return d, ok
}

// SendLimiter holds a platform's send limits across every process that
// shares it: two replicas on one PostgreSQL database send 30 messages a
// second to Telegram in total, not 30 each. The PostgreSQL store
// implements it; with SQLite (one process) adapters pace in process.
//
// A bucket lets one send through every interval, with bursts of up to
// burst after a pause (a generic cell rate algorithm: the store keeps the
// bucket's theoretical arrival time, and its own clock decides, so the
// replicas' clocks need not agree).
type SendLimiter interface {
	// TakeSend takes a slot of bucket when one is free now and returns 0.
	// Otherwise, without force, it takes nothing and returns how long
	// until one is free (the caller waits and asks again); with force
	// (a warning-sign reply, which goes ahead of everything waiting) it
	// takes the next slot and returns how long to wait for it. A slot
	// taken is used up, also when the caller does not send.
	TakeSend(ctx context.Context, bucket string, interval time.Duration, burst int, force bool) (time.Duration, error)
}
