package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// Durable answers, with a store that is a bot.Inbox: an answer to an
// event (a mention, a direct message), to a slash command or to a tapped
// button is recorded in the outbox, for an event in the same transaction
// that deletes the event from the inbox, and posted in order by a sender
// of its own, beside the alerts' one (alertbox.go), so that an answer
// waiting out a long Retry-After never holds up an alert. Network errors,
// 5xx and Slack's transient errors are retried with a backoff (0.5 s to
// 30 s), a 429 after its Retry-After however long (never counted as a
// failure); only a permanent refusal drops one (an expired response_url,
// a channel the app left). What a stop or a crash left is posted by the
// next start or another replica; a crash between the post and its
// deletion posts it once more. Without an inbox, or when the outbox
// cannot be written (the database is down), an answer is posted at once,
// with Config.MaxRetries retries.

// Kinds of stored answers.
const (
	postMessage   = "post"      // chat.postMessage, then its pictures
	postEphemeral = "ephemeral" // chat.postEphemeral to User
	postResponse  = "respond"   // the interaction's or command's response_url
	postUpdate    = "update"    // chat.update of the message at TS (an alert's status)
)

// storedPost is an answer as kept in the outbox.
type storedPost struct {
	Kind         string          `json:"kind"`
	Channel      string          `json:"channel,omitempty"`
	ThreadTS     string          `json:"thread_ts,omitempty"`
	TS           string          `json:"ts,omitempty"` // postUpdate: the message to update
	User         string          `json:"user,omitempty"`
	ResponseURL  string          `json:"response_url,omitempty"`
	ResponseType string          `json:"response_type,omitempty"`
	Replace      bool            `json:"replace,omitempty"`
	Remove       bool            `json:"remove,omitempty"`
	Blocks       slackapi.Blocks `json:"blocks"`
	Text         string          `json:"text"`
	Media        []bot.Media     `json:"media,omitempty"`
	// Fallback, for a post: the response_url to post in the channel
	// through when Slack refuses chat.postMessage for good (the app is not
	// a member of the channel).
	Fallback string `json:"fallback,omitempty"`
}

// outboxBody tells an answer from an alert in the outbox: an alert is a
// bare storedAlert (as written before answers were kept), an answer has
// Post set.
type outboxBody struct {
	Post *storedPost `json:"post,omitempty"`
}

// deliver sends the answers: through the outbox when there is one (with
// the event's inbox entry deleted in the same transaction when eventID is
// not empty), else, or when the outbox cannot be written, at once.
func (a *Adapter) deliver(ctx context.Context, eventID string, posts ...storedPost) error {
	if a.inbox != nil {
		if err := a.waitRecovered(ctx); err != nil {
			return fmt.Errorf("answer: %w", err)
		}
		out := make([]bot.OutboxEntry, len(posts))
		for i := range posts {
			body, err := json.Marshal(outboxBody{Post: &posts[i]})
			if err != nil {
				return fmt.Errorf("answer: %w", err)
			}
			out[i] = bot.OutboxEntry{Source: inboxSource, Chat: posts[i].Channel, Body: body}
		}
		var ids []string
		if eventID != "" {
			ids = []string{eventID}
		}
		err := a.inbox.Done(ctx, inboxSource, ids, out, a.owner, a.lease)
		switch {
		case err == nil:
			a.answers.push(out...)
			return nil
		case errors.Is(err, bot.ErrLeaseLost):
			return nil // another process took the event over and answers it
		case ctx.Err() != nil:
			return fmt.Errorf("answer: outbox: %w", err) // stopping: the event stays in the inbox
		}
		a.log.Warn("slack: outbox write failed: posting at once", "err", err)
	}
	for _, p := range posts {
		if err := a.postNow(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// waitRecovered returns once Run took over what the outbox held at start
// (recoverInbox): an entry recorded before that would be released and
// claimed by the recovery, queued twice and posted twice (a slash command
// can come before the recovery; events are refused until it is done).
func (a *Adapter) waitRecovered(ctx context.Context) error {
	select {
	case <-a.started:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// postNow makes the Web API call of a stored answer.
func (a *Adapter) postNow(ctx context.Context, p storedPost) error {
	blocks := p.Blocks.BlockSet
	switch p.Kind {
	case postEphemeral:
		return a.postEphemeral(ctx, p.User, message{channel: p.Channel, threadTS: p.ThreadTS, blocks: blocks, text: p.Text})
	case postResponse:
		return a.respond(ctx, p.ResponseURL, p.ResponseType, p.Replace, p.Remove, blocks, p.Text)
	case postUpdate:
		return a.update(ctx, p.Channel, p.TS, blocks, p.Text)
	}
	_, _, err := a.postWithMedia(ctx, message{channel: p.Channel, threadTS: p.ThreadTS, blocks: blocks, text: p.Text}, p.Media)
	if err != nil && p.Fallback != "" && !transientSlack(err) && !isRateLimited(err) {
		// Not a member of the channel: the response_url can still post.
		a.log.Warn("slack: share by chat.postMessage failed; using response_url", "err", err)
		err = a.respond(ctx, p.Fallback, slackapi.ResponseTypeInChannel, false, false, blocks, p.Text)
	}
	return err
}

// withoutURL drops the URL from a network error, for logs: a
// response_url is a credential for the answer it was given for.
func withoutURL(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// drainContext is the context of one post from the outbox: it outlives ctx
// by Config.DrainTimeout, so that a post in flight when the adapter stops
// is finished rather than posted again after the restart.
func (a *Adapter) drainContext(ctx context.Context) (context.Context, func()) {
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(a.cfg.DrainTimeout, cancel) })
	return pctx, func() { stop(); cancel() }
}

// retryWait is how long a post from the outbox that failed with err waits
// before its next try: a 429's Retry-After (at least a second; a 429 is
// never a failure), else *backoff, which doubles for the next time up to
// 30 s. It is false when Slack refused the post for good.
func retryWait(err error, backoff *time.Duration) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slackapi.RateLimitedError](err); ok {
		return max(rl.RetryAfter, time.Second), true
	}
	if !transientSlack(err) {
		return 0, false
	}
	wait := *backoff
	*backoff = min(2*wait, 30*time.Second)
	return wait, true
}

func isRateLimited(err error) bool {
	_, ok := errors.AsType[*slackapi.RateLimitedError](err)
	return ok
}

// sendPost posts one answer from the outbox until Slack takes it or
// refuses it for good, and deletes it; false when ctx ended first (see
// sendAlert).
func (a *Adapter) sendPost(ctx context.Context, e bot.OutboxEntry, p storedPost) bool {
	return a.postOutbox(ctx, e.Seq, "answer", func(pctx context.Context) (bool, error) {
		pctx = bot.WithCallerRetries(pctx) // a 429 comes back at once: waited out here
		if err := a.postNow(pctx, p); err != nil {
			return false, withoutURL(err) // the URL of a response_url is a credential
		}
		a.log.Info("slack: answer posted", "kind", p.Kind, "channel", a.handle(p.Channel))
		return true, nil
	}, "kind", p.Kind)
}
