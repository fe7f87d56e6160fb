package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
)

// maxLimiters bounds the per-channel limiter map; idle limiters are
// dropped beyond it.
const maxLimiters = 1024

// limiter returns the rate limit of a channel: held across the replicas
// with a store that is a bot.SendLimiter (PostgreSQL), else in memory.
func (a *Adapter) limiter(channel string) *pace.Limit {
	a.limMu.Lock()
	defer a.limMu.Unlock()
	if l, ok := a.limiters[channel]; ok {
		return l
	}
	if len(a.limiters) >= maxLimiters {
		for ch, l := range a.limiters {
			if l.Idle() {
				delete(a.limiters, ch)
			}
		}
	}
	l := pace.New(a.shared, "slack:channel:"+channel, a.cfg.ChannelRate, a.cfg.ChannelBurst, pace.OnSharedError(func(err error) {
		a.log.Warn("slack: shared send limit unavailable: pacing in memory", "err", err)
	}))
	a.limiters[channel] = l
	return l
}

// call runs one Web API call: it first waits for the channel's rate
// limiter (when channel is not empty); when Slack answers 429 it waits the
// Retry-After and tries again, and after a network error, a 5xx or one of
// Slack's transient errors it tries again after a backoff (0.5 s, doubling),
// up to Config.MaxRetries times.
func (a *Adapter) call(ctx context.Context, method, channel string, fn func(ctx context.Context) error) error {
	return a.callN(ctx, method, channel, a.cfg.MaxRetries, fn)
}

// callN is call with at most retries retries. A caller that retries
// itself (bot.CallerRetries: the durable care queue) gets none: it backs
// off, or waits the Retry-After of a 429, which the error carries as a
// *bot.RateLimitError.
func (a *Adapter) callN(ctx context.Context, method, channel string, retries int, fn func(ctx context.Context) error) error {
	if channel != "" {
		if err := a.limiter(channel).Wait(ctx); err != nil {
			return fmt.Errorf("%s: rate limit wait: %w", method, err)
		}
	}
	if bot.CallerRetries(ctx) {
		retries = 0
	}
	for attempt := 0; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			if messageMethods[method] {
				a.metrics.MessageOut(bot.PlatformSlack)
			}
			return nil
		}
		rl, limited := errors.AsType[*slackapi.RateLimitedError](err)
		if limited {
			a.metrics.RateLimited(bot.PlatformSlack)
		}
		if attempt >= retries || ctx.Err() != nil || (!limited && !transientSlack(err)) {
			if limited {
				// Still limited: say how long to wait, for callers that
				// retry later (the outbox and the durable care queue).
				err = errors.Join(err, &bot.RateLimitError{RetryAfter: rl.RetryAfter})
			}
			return fmt.Errorf("%s: %w", method, err)
		}
		wait := (500 * time.Millisecond) << attempt
		if limited {
			wait = max(rl.RetryAfter, time.Second)
			a.log.Warn("slack: rate limited", "method", method, "retry_after", wait.String(), "attempt", attempt+1)
		} else {
			a.log.Warn("slack: call failed: retrying", "method", method, "err", err, "attempt", attempt+1)
		}
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
	}
}

// messageMethods are the calls that deliver a message, for Metrics.
var messageMethods = map[string]bool{"chat.postMessage": true, "chat.postEphemeral": true, "response_url": true}

// message is one message to post.
type message struct {
	channel   string
	threadTS  string
	broadcast bool
	blocks    []slackapi.Block
	text      string
	// urgent messages (escalation alerts) go ahead of the posts waiting
	// for the channel's rate limit (pace.Limit.Urgent), so that those
	// wait instead.
	urgent bool
	// once: a 429 is returned to the caller instead of retried (Send).
	once bool
	// metadata, when set, is attached to the message (an alert's delivery
	// id, so that a run again can find it in the channel's history).
	metadata *slackapi.SlackMetadata
}

func (m message) options() []slackapi.MsgOption {
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(m.text, false),
		slackapi.MsgOptionDisableLinkUnfurl(),
	}
	if len(m.blocks) > 0 {
		opts = append(opts, slackapi.MsgOptionBlocks(m.blocks...))
	}
	if m.metadata != nil {
		opts = append(opts, slackapi.MsgOptionMetadata(*m.metadata))
	}
	if m.threadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(m.threadTS))
		if m.broadcast {
			opts = append(opts, slackapi.MsgOptionBroadcast())
		}
	}
	return opts
}

// post sends a message with chat.postMessage and returns the channel id
// and timestamp Slack gave it.
func (a *Adapter) post(ctx context.Context, m message) (channel, ts string, err error) {
	limited := m.channel
	if m.urgent {
		if err := a.limiter(m.channel).Urgent(ctx); err != nil {
			return "", "", fmt.Errorf("chat.postMessage: rate limit wait: %w", err)
		}
		limited = ""
	}
	retries := a.cfg.MaxRetries
	if m.once {
		retries = 0
	}
	err = a.callN(ctx, "chat.postMessage", limited, retries, func(ctx context.Context) error {
		var err error
		channel, ts, err = a.api.PostMessageContext(ctx, m.channel, m.options()...)
		return err
	})
	return channel, ts, err
}

// postEphemeral shows a message to one user in a channel.
func (a *Adapter) postEphemeral(ctx context.Context, user string, m message) error {
	return a.call(ctx, "chat.postEphemeral", m.channel, func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, m.channel, user, m.options()...)
		return err
	})
}

// update replaces a message's content with chat.update.
func (a *Adapter) update(ctx context.Context, channel, ts string, blocks []slackapi.Block, text string) error {
	return a.call(ctx, "chat.update", channel, func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts,
			slackapi.MsgOptionText(text, false), slackapi.MsgOptionBlocks(blocks...))
		return err
	})
}

// respond posts to an interaction's or command's response_url: an
// ephemeral answer, a message in the channel, or (with replace) a
// replacement of the message the button was on.
func (a *Adapter) respond(ctx context.Context, responseURL, responseType string, replace, remove bool, blocks []slackapi.Block, text string) error {
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
	}
	switch {
	case remove:
		opts = append(opts, slackapi.MsgOptionDeleteOriginal(responseURL))
	case replace:
		opts = append(opts, slackapi.MsgOptionReplaceOriginal(responseURL))
	default:
		opts = append(opts, slackapi.MsgOptionResponseURL(responseURL, responseType))
	}
	return a.call(ctx, "response_url", "", func(ctx context.Context) error {
		_, _, _, err := a.api.SendMessageContext(ctx, "", opts...)
		return err
	})
}

// react adds an emoji reaction, best effort.
func (a *Adapter) react(ctx context.Context, channel, ts, name string) {
	err := a.call(ctx, "reactions.add", "", func(ctx context.Context) error {
		return a.api.AddReactionContext(ctx, name, slackapi.NewRefToMessage(channel, ts))
	})
	if err != nil {
		a.log.Warn("slack: reaction failed", "err", err)
	}
}

// Send posts a reply to a Slack channel (key.ChatID is the channel id):
// scheduled channel posts use it. It implements bot.Sender and returns the
// sender contract's errors: a *bot.RateLimitError with Slack's Retry-After
// on a 429 (Send does not retry it: the caller waits), and an error
// wrapping bot.ErrBlocked when Slack refuses the channel for good (it was
// archived or deleted, or the app was removed from it).
func (a *Adapter) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	if key.Platform != bot.PlatformSlack {
		return ErrNotSlack
	}
	blocks, text := renderReply(r)
	_, _, err := a.post(ctx, message{channel: key.ChatID, blocks: blocks, text: text, once: true})
	return contractErr(err)
}

// blockedErrors are the Web API errors after which a channel can never be
// posted to again (without someone changing it in Slack).
var blockedErrors = map[string]bool{
	"channel_not_found": true, "is_archived": true, "not_in_channel": true,
	"account_inactive": true, "user_not_found": true, "user_disabled": true,
}

// contractErr turns a Web API error into the sender contract's: a
// *bot.RateLimitError for a 429, bot.ErrBlocked for a channel gone for
// good.
func contractErr(err error) error {
	if err == nil {
		return nil
	}
	if rl, ok := errors.AsType[*slackapi.RateLimitedError](err); ok {
		return fmt.Errorf("slack send: %w", &bot.RateLimitError{RetryAfter: max(rl.RetryAfter, 0)})
	}
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) && blockedErrors[se.Err] {
		return fmt.Errorf("slack send: %w: %w", bot.ErrBlocked, err)
	}
	return err
}

// PostReply posts a reply to a channel as Block Kit, its pictures uploaded
// into the message's thread, and returns the message timestamp. It waits
// for the channel's rate limit.
func (a *Adapter) PostReply(ctx context.Context, channel string, r bot.Reply) (ts string, err error) {
	blocks, text := renderReply(r)
	_, ts, err = a.postWithMedia(ctx, message{channel: channel, blocks: blocks, text: text}, r.Media)
	return ts, err
}
