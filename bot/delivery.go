package bot

import (
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
