package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/carebot/carebot/bot"
)

// The durable path of Events API events, with a store that is a
// bot.Inbox: an event carebot acts on is written to the inbox
// (deduplicated by event_id in the same transaction) before Slack gets its
// 200 or its Socket Mode acknowledgement; a write that fails is answered
// 503 (not acknowledged), so Slack sends it again. The entry is deleted
// once the event's work is done (its reply posted, or the care-team reply
// relayed). Entries are leased to this process and renewed while it runs;
// at start, what this instance left is queued again, and another replica's
// once its lease ran out. A crash between a reply posted and the entry's
// deletion answers the event once more after the restart. Slash commands
// and button taps take the same path (requests.go).

// WithInstance names this process in the inbox's leases (see
// telegram.WithInstance): started again under the same name it takes over
// at once what it left. Default: the host name.
func WithInstance(name string) Option { return func(a *Adapter) { a.owner = name } }

// WithLease sets how long inbox entries stay leased to this process
// without being renewed: how long a dead replica's events wait before
// another takes them over. Default 30 seconds.
func WithLease(d time.Duration) Option { return func(a *Adapter) { a.lease = d } }

const inboxSource = string(bot.PlatformSlack)

// setupInbox picks the store's inbox and fills the lease defaults.
func (a *Adapter) setupInbox() {
	if in, ok := a.store.(bot.Inbox); ok {
		a.inbox = in
	}
	a.owner, a.lease = bot.InboxLease(a.owner, a.lease, inboxSource)
}

// receive writes the event to the inbox and reports whether it was the
// first time.
func (a *Adapter) receive(eventID, channel string, raw []byte) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	first, err := a.inbox.Receive(ctx, bot.InboxEntry{Source: inboxSource, ID: eventID, Chat: channel, Body: raw}, a.owner, a.lease)
	if err != nil {
		return false, fmt.Errorf("inbox: %w", err)
	}
	return first, nil
}

// done deletes the event from the inbox once its work is done; a job cut
// short by the shutdown leaves it for the next start.
func (a *Adapter) done(ctx context.Context, eventID string) {
	if ctx.Err() != nil {
		return
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := a.inbox.Done(dctx, inboxSource, []string{eventID}, nil, a.owner, a.lease)
	if err != nil && !errors.Is(err, bot.ErrLeaseLost) {
		// It stays in the inbox and is done again after a restart.
		a.log.Warn("slack: inbox done", "err", err)
	}
}

// queueEvent queues an event's job; when the queue is full it keeps
// trying in the background (the event is in the inbox, acknowledged)
// until it is queued or the adapter closes (then the next start takes it).
func (a *Adapter) queueEvent(channel string, j job) {
	if err := a.enqueue(channel, j); !errors.Is(err, ErrQueueFull) {
		return
	}
	go func() {
		for {
			time.Sleep(50 * time.Millisecond)
			if err := a.enqueue(channel, j); !errors.Is(err, ErrQueueFull) {
				return
			}
		}
	}()
}

// recoverInbox queues again what this instance left in the inbox.
func (a *Adapter) recoverInbox(ctx context.Context) {
	if err := a.inbox.Release(ctx, a.owner); err != nil {
		a.log.Warn("slack: inbox release", "err", err)
		return
	}
	if n := a.claimAlerts(ctx) + a.claimInbox(ctx); n > 0 {
		a.log.Info("slack: inbox recovered", "entries", n)
	}
}

// claimInbox queues the inbox entries whose lease ran out and returns how many.
func (a *Adapter) claimInbox(ctx context.Context) int {
	total := 0
	for {
		es, err := a.inbox.ClaimInbox(ctx, inboxSource, a.owner, a.lease, 200)
		if err != nil {
			if ctx.Err() == nil {
				a.log.Warn("slack: inbox claim", "err", err)
			}
			return total
		}
		for _, e := range es {
			if j, channel, ok, err := a.storedRequestJob(e.ID, e.Body); ok {
				if err != nil {
					a.log.Error("slack: inbox entry unreadable: dropped", "err", err)
					a.done(ctx, e.ID)
				} else {
					a.queueEvent(channel, j)
				}
				continue
			}
			ev, err := slackevents.ParseEvent(e.Body, slackevents.OptionNoVerifyToken())
			if err != nil {
				a.log.Error("slack: inbox entry unreadable: dropped", "err", err)
				a.done(ctx, e.ID)
				continue
			}
			if j, channel, ok := a.eventJob(ev, true); ok {
				a.queueEvent(channel, j)
			} else {
				a.done(ctx, e.ID)
			}
		}
		total += len(es)
		if len(es) < 200 {
			return total
		}
	}
}

// keepLeases renews this instance's leases and takes over the entries of
// instances whose leases ran out, until ctx is done.
func (a *Adapter) keepLeases(ctx context.Context) {
	bot.KeepLeases(ctx, a.inbox, a.owner, a.lease, func(err error) {
		a.log.Warn("slack: inbox renew", "err", err)
	}, func(ctx context.Context) bool {
		if n := a.claimAlerts(ctx) + a.claimInbox(ctx); n > 0 {
			a.log.Info("slack: inbox taken over", "entries", n)
		}
		return true
	})
}

// releaseInbox ends this instance's leases once it stopped.
func (a *Adapter) releaseInbox() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.inbox.Release(ctx, a.owner); err != nil {
		a.log.Warn("slack: inbox release", "err", err)
	}
}
