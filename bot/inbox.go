package bot

import (
	"context"
	"errors"
	"os"
	"time"
)

// ErrLeaseLost is returned by Inbox.Done when none of the entries is still
// leased to the caller: another process took them over (its lease ran out)
// and answers them; the caller must not send its replies.
var ErrLeaseLost = errors.New("inbox lease lost")

// InboxEntry is an update a platform delivered and carebot acknowledged,
// kept until its replies are in the outbox.
type InboxEntry struct {
	// Source is the platform that sent it ("telegram", "slack").
	Source string
	// ID is the platform's id of the update (Telegram update_id, Slack
	// event_id); one id is received once per source.
	ID string
	// Chat is the platform's chat id: a chat's entries are answered in
	// order.
	Chat string
	// Body is the update as the adapter needs it to answer it again after
	// a restart (an adapter-defined encoding).
	Body []byte
	// ReceivedAt is when it was received (set by the store).
	ReceivedAt time.Time
}

// OutboxEntry is one message to send, recorded before it is sent and
// deleted once the platform accepted it.
type OutboxEntry struct {
	// Seq orders a chat's entries; set by the store.
	Seq int64
	// Source is the platform to send it on.
	Source string
	// Chat is the platform's chat id.
	Chat string
	// Body is the message in an adapter-defined encoding.
	Body []byte
	// CreatedAt is when it was recorded (set by the store).
	CreatedAt time.Time
}

// Inbox is the durable path of a message: an update is received (and
// deduplicated) before the platform gets its acknowledgement, answered,
// and done once its replies are recorded in the outbox in the same
// transaction; a reply is deleted from the outbox once sent. Entries are
// leased to the process (owner) handling them: a process that dies leaves
// them to whoever claims them after the lease runs out. The SQLite and
// PostgreSQL stores implement it.
type Inbox interface {
	// Receive records e, unless an update with its Source and ID was
	// received before (also one already done: the id is kept like
	// MarkProcessed's), leased to owner for lease; it reports whether
	// this was the first time. Deduplication and the write are one
	// transaction.
	Receive(ctx context.Context, e InboxEntry, owner string, lease time.Duration) (first bool, err error)
	// ClaimInbox leases to owner up to limit entries of source whose lease
	// ran out, and returns them in the order they were received.
	ClaimInbox(ctx context.Context, source, owner string, lease time.Duration, limit int) ([]InboxEntry, error)
	// Done deletes the entries of source with the ids that are leased to
	// owner and records out (Seq set on return) leased to owner, in one
	// transaction. It returns ErrLeaseLost, recording nothing, when none
	// of them is leased to owner any more. With no ids it only records out
	// (messages that answer no update, such as care-team alerts).
	Done(ctx context.Context, source string, ids []string, out []OutboxEntry, owner string, lease time.Duration) error
	// ClaimOutbox leases to owner up to limit outbox entries of source
	// whose lease ran out, and returns them in Seq order.
	ClaimOutbox(ctx context.Context, source, owner string, lease time.Duration, limit int) ([]OutboxEntry, error)
	// Sent deletes the outbox entry with the sequence number.
	Sent(ctx context.Context, seq int64) error
	// Renew extends the lease of every inbox and outbox entry leased to
	// owner to lease from now.
	Renew(ctx context.Context, owner string, lease time.Duration) error
	// Release ends the lease of every entry leased to owner, so that the
	// next ClaimInbox or ClaimOutbox takes them at once (a process that
	// stops, or starts again under the same owner name).
	Release(ctx context.Context, owner string) error
}

// InboxLease fills an adapter's lease settings: a lease under a second
// becomes 30 seconds, and the owner is instance (the host name when empty,
// "carebot" when that is unknown) followed by "/" and source, so that each
// adapter of a process leases under its own name and one stopping releases
// only its own entries.
func InboxLease(instance string, lease time.Duration, source string) (owner string, d time.Duration) {
	if lease < time.Second {
		lease = 30 * time.Second
	}
	if instance == "" {
		instance, _ = os.Hostname()
		if instance == "" {
			instance = "carebot"
		}
	}
	return instance + "/" + source, lease
}

// KeepLeases renews owner's leases in the inbox every third of lease and,
// after each renewal, calls takeOver, which claims the entries of owners
// whose leases ran out; until ctx is done or takeOver returns false. A
// renewal that fails while ctx runs is handed to renewFailed (to log).
func KeepLeases(ctx context.Context, in Inbox, owner string, lease time.Duration, renewFailed func(error), takeOver func(context.Context) bool) {
	t := time.NewTicker(lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := in.Renew(ctx, owner, lease); err != nil && ctx.Err() == nil {
			renewFailed(err)
		}
		if !takeOver(ctx) {
			return
		}
	}
}
