// Package sendertest is the conformance suite of the sender contract
// (bot.Sender): every adapter's Send, run against its platform's fake
// (bot/telegram/telegramtest, bot/slack/slacktest), returns the domain's
// errors, so that the nudge scheduler and the care-team relay can act on
// them whatever the platform:
//
//   - nil once the platform accepted the message;
//   - an error wrapping bot.ErrBlocked when the platform refuses the
//     person or channel for good (Telegram's 403, an archived Slack
//     channel), nothing delivered;
//   - a *bot.RateLimitError carrying the platform's wait when it answers
//     429, nothing delivered and nothing waited for: the caller decides;
//   - for a key of another platform, an error that is neither.
//
// An adapter's tests call Run with a Harness:
//
//	func TestSenderContract(t *testing.T) {
//		sendertest.Run(t, sendertest.Harness{New: ...})
//	}
package sendertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

// Fake controls the platform's fake behind a Sender under test.
type Fake interface {
	// Key is a person (or channel) of the platform the Sender can reach.
	Key() bot.PersonKey
	// RateLimit makes the platform answer the next send 429 with the wait
	// (whole seconds).
	RateLimit(retryAfter time.Duration)
	// Block makes the platform refuse every later send to Key for good.
	Block()
	// Delivered returns how many messages reached Key.
	Delivered() int
}

// Harness builds the Sender under test.
type Harness struct {
	// New returns a Sender connected to a new fake, ready to send, and the
	// fake's controls; both go away when the test ends. Required.
	New func(t *testing.T) (bot.Sender, Fake)
}

var reply = bot.Reply{Lang: "en", Text: "Time for five mini squats while the bottle warms."}

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	t.Run("Delivers", func(t *testing.T) {
		t.Parallel()
		s, f := h.New(t)
		if err := s.Send(ctx(t), f.Key(), reply); err != nil {
			t.Fatalf("Send = %v", err)
		}
		wantDelivered(t, f, 1, "")
	})

	t.Run("RateLimited", func(t *testing.T) {
		t.Parallel()
		s, f := h.New(t)
		f.RateLimit(7 * time.Second)
		start := time.Now()
		err := s.Send(ctx(t), f.Key(), reply)
		var rl *bot.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("Send after a 429 = %v, want a *bot.RateLimitError", err)
		}
		if rl.RetryAfter != 7*time.Second {
			t.Errorf("RetryAfter = %v, want the platform's 7s", rl.RetryAfter)
		}
		if errors.Is(err, bot.ErrBlocked) {
			t.Errorf("a 429 is not a block: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Send waited %v itself; the caller waits", d)
		}
		wantDelivered(t, f, 0, " after a 429")
		// The next send goes through: a 429 is not a failure of the person.
		if err := s.Send(ctx(t), f.Key(), reply); err != nil {
			t.Fatalf("Send after the wait = %v", err)
		}
		wantDelivered(t, f, 1, "")
	})

	t.Run("Blocked", func(t *testing.T) {
		t.Parallel()
		s, f := h.New(t)
		f.Block()
		err := s.Send(ctx(t), f.Key(), reply)
		if !errors.Is(err, bot.ErrBlocked) {
			t.Fatalf("Send when blocked = %v, want bot.ErrBlocked", err)
		}
		var rl *bot.RateLimitError
		if errors.As(err, &rl) {
			t.Errorf("a block is not a rate limit: %v", err)
		}
		wantDelivered(t, f, 0, " when blocked")
	})

	t.Run("OtherPlatform", func(t *testing.T) {
		t.Parallel()
		s, f := h.New(t)
		other := bot.PersonKey{Platform: bot.PlatformConsole, ChatID: f.Key().ChatID}
		err := s.Send(ctx(t), other, reply)
		var rl *bot.RateLimitError
		if err == nil || errors.Is(err, bot.ErrBlocked) || errors.As(err, &rl) {
			t.Errorf("Send to another platform = %v, want an error that is neither blocked nor rate limited", err)
		}
		wantDelivered(t, f, 0, "")
	})
}

// wantDelivered fails t unless the fake has want messages delivered;
// when (" after a 429") says after what.
func wantDelivered(t *testing.T, f Fake, want int, when string) {
	t.Helper()
	if n := f.Delivered(); n != want {
		t.Errorf("%d messages delivered%s, want %d", n, when, want)
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
