package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// Durable care-team alerts, with a store that is a bot.Inbox: Alert
// records the alert in the outbox and returns; a sender in Run posts the
// outbox's alerts in order, retrying network errors, 5xx and Slack's
// transient errors with a backoff (0.5 s to 30 s) and a 429 after its
// Retry-After however long (never counted as a failure), and deletes each
// once posted (and its thread linked). Only a permanent refusal (the
// channel archived or gone, the app removed from it) drops one. What a
// stop or a crash left is posted by the next start or another replica
// (the leases of inbox.go); a crash between the post and the deletion
// posts that alert once more.

// alertQueue holds the outbox's alerts this process posts, in order.
type alertQueue struct {
	mu      sync.Mutex
	entries []bot.OutboxEntry
	wake    chan struct{}
	// posting is held while an alert is posted and its thread linked: a
	// reply in a thread not yet linked waits for it (alertThread).
	posting sync.Mutex
}

func (q *alertQueue) push(es ...bot.OutboxEntry) {
	q.mu.Lock()
	q.entries = append(q.entries, es...)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// waitPosting returns once no alert is being posted.
func (q *alertQueue) waitPosting() {
	q.posting.Lock()
	defer q.posting.Unlock()
}

func (q *alertQueue) pop() (bot.OutboxEntry, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.entries) == 0 {
		return bot.OutboxEntry{}, false
	}
	e := q.entries[0]
	q.entries = q.entries[1:]
	return e, true
}

// queueAlert records the alert in the outbox for the sender.
func (a *Adapter) queueAlert(ctx context.Context, sa storedAlert) error {
	body, err := json.Marshal(sa)
	if err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	out := []bot.OutboxEntry{{Source: inboxSource, Chat: sa.Channel, Body: body}}
	if err := a.inbox.Done(ctx, inboxSource, nil, out, a.owner, a.lease); err != nil {
		return fmt.Errorf("alert: outbox: %w", err)
	}
	a.alerts.push(out[0])
	return nil
}

// claimAlerts queues the outbox's alerts whose lease ran out and returns
// how many.
func (a *Adapter) claimAlerts(ctx context.Context) int {
	total := 0
	for {
		es, err := a.inbox.ClaimOutbox(ctx, inboxSource, a.owner, a.lease, 200)
		if err != nil {
			if ctx.Err() == nil {
				a.log.Warn("slack: outbox claim", "err", err)
			}
			return total
		}
		for _, e := range es {
			var ob outboxBody
			if json.Unmarshal(e.Body, &ob) == nil && ob.Post != nil {
				a.answers.push(e)
			} else {
				a.alerts.push(e)
			}
		}
		total += len(es)
		if len(es) < 200 {
			return total
		}
	}
}

// sendAlerts posts the entries of q (the alerts, or the answers of
// postbox.go) until ctx is done; what is left stays in the outbox.
func (a *Adapter) sendAlerts(ctx context.Context, q *alertQueue) {
	for {
		e, ok := q.pop()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
				continue
			}
		}
		if !a.sendAlert(ctx, e) {
			return
		}
	}
}

// sendAlert posts one alert from the outbox until Slack takes it or
// refuses it for good, and deletes it; false when ctx ended first. A post
// in flight when ctx ends is finished (within Config.DrainTimeout), so
// that a stop does not post it twice; no retry starts after.
func (a *Adapter) sendAlert(ctx context.Context, e bot.OutboxEntry) bool {
	var ob outboxBody
	if json.Unmarshal(e.Body, &ob) == nil && ob.Post != nil {
		return a.sendPost(ctx, e, *ob.Post)
	}
	var sa storedAlert
	if err := json.Unmarshal(e.Body, &sa); err != nil {
		a.log.Error("slack: outbox alert unreadable: dropped", "seq", e.Seq, "err", err)
		a.alertSent(e.Seq)
		return true
	}
	return a.postOutbox(ctx, e.Seq, "alert", func(pctx context.Context) (bool, error) {
		a.alerts.posting.Lock()
		posted, err := a.postAlert(pctx, sa, true)
		a.alerts.posting.Unlock()
		if posted && err != nil {
			a.log.Error("slack: alert posted but its thread not linked", "person", sa.Handle, "err", err)
		}
		return posted, err
	}, "person", sa.Handle)
}

// postOutbox calls post until it posts the outbox entry seq or Slack
// refuses the entry for good, and then deletes the entry; false when ctx
// ended first (the entry stays for the next start). post runs in a
// drainContext of ctx; between tries it waits as retryWait says. what
// ("alert", "answer") and attrs name the entry in the log lines of a
// failed try; post returns the error to log.
func (a *Adapter) postOutbox(ctx context.Context, seq int64, what string, post func(pctx context.Context) (posted bool, err error), attrs ...any) bool {
	pctx, done := a.drainContext(ctx)
	defer done()
	backoff := 500 * time.Millisecond
	for {
		posted, err := post(pctx)
		if posted {
			a.alertSent(seq)
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		wait, again := retryWait(err, &backoff)
		if !again {
			a.log.Error("slack: "+what+" refused: dropped", append(attrs, "err", err)...)
			a.alertSent(seq)
			return true
		}
		if !isRateLimited(err) {
			a.log.Warn("slack: "+what+" failed: retrying", append(attrs, "err", err)...)
		}
		if a.sleep(ctx, wait) != nil {
			return false
		}
	}
}

// alertSent deletes a posted alert from the outbox.
func (a *Adapter) alertSent(seq int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.inbox.Sent(ctx, seq); err != nil {
		a.log.Warn("slack: outbox sent", "err", err) // posted again after a restart
	}
}

// transientErrors are the Web API errors worth trying again.
var transientErrors = map[string]bool{
	"internal_error": true, "fatal_error": true, "service_unavailable": true,
	"request_timeout": true, "ratelimited": true,
}

// transientSlack reports whether a failed call may succeed later: a
// network error, a 5xx, or one of transientErrors.
func transientSlack(err error) bool {
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) {
		return transientErrors[se.Err]
	}
	var sc slackapi.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 500 || sc.Code == 408
	}
	// Anything else is the network, or a body that was not Slack's answer.
	return true
}
