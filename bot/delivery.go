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
