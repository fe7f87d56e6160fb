package bot

import (
	"context"
	"time"
)

// Thread links a parent to the care-team thread (a Slack message thread)
// opened by an escalation alert. While a thread is open, care-team replies
// in it are relayed to the parent and the parent's messages go to it.
type Thread struct {
	// Person is the parent the thread is about.
	Person PersonKey
	// Channel is the care-team channel id.
	Channel string
	// TS is the thread's root message timestamp (Slack's thread_ts).
	TS string
	// Level is the escalation level that opened the thread.
	Level Level
	// ClaimedBy is the care-team member who claimed it (a Slack user id);
	// empty until claimed.
	ClaimedBy string
	// Resolved is true once the care team marked it resolved.
	Resolved bool
	// CreatedAt and UpdatedAt are set by the Store.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ThreadStore keeps care-team threads. The SQL stores implement it along
// with Store.
type ThreadStore interface {
	// SaveThread creates or replaces the thread with the same Channel and
	// TS.
	SaveThread(ctx context.Context, t *Thread) error
	// ThreadByTS returns the thread with the channel and root timestamp,
	// or ErrNotFound.
	ThreadByTS(ctx context.Context, channel, ts string) (*Thread, error)
	// OpenThread returns the person's newest unresolved thread, or
	// ErrNotFound.
	OpenThread(ctx context.Context, key PersonKey) (*Thread, error)
}

// ThreadEventKind is what happened in a care-team thread.
type ThreadEventKind string

// The kinds of thread event.
const (
	// ThreadPosted: carebot posted a message holding the parent's words
	// (an alert, a forwarded message) at MessageTS; /forget takes the
	// words back out of it.
	ThreadPosted ThreadEventKind = "posted"
	// ThreadClaimed: Actor claimed the alert.
	ThreadClaimed ThreadEventKind = "claimed"
	// ThreadResolved: Actor marked the alert resolved.
	ThreadResolved ThreadEventKind = "resolved"
	// ThreadReplied: Actor's reply (Text) was relayed to the parent.
	ThreadReplied ThreadEventKind = "replied"
	// ThreadParentLeft: the parent used /forget; the thread no longer
	// reaches them.
	ThreadParentLeft ThreadEventKind = "parent_left"
)

// ThreadEvent is one line of a care-team thread's audit trail. It holds
// no parent words: a posted message is recorded by its timestamp only.
type ThreadEvent struct {
	// Channel and TS name the thread (its root message).
	Channel, TS string
	// Kind is what happened.
	Kind ThreadEventKind
	// Actor is the care-team member (a Slack user id); empty for carebot
	// and the parent.
	Actor string
	// MessageTS is the Slack message the event is about, when any.
	MessageTS string
	// Text is what the care team told the parent (ThreadReplied).
	Text string
	// At is when it happened; the Store sets it when zero.
	At time.Time
}

// ThreadAudit records what happened in care-team threads, and outlives the
// link to the parent: /forget deletes the person's threads, not the trail
// (which holds no parent words). The SQL stores and the in-memory store
// implement it along with ThreadStore.
type ThreadAudit interface {
	// AddThreadEvent appends e to its thread's trail, setting e.At when
	// zero.
	AddThreadEvent(ctx context.Context, e *ThreadEvent) error
	// ThreadEvents returns the trail of the thread with the channel and
	// root timestamp, oldest first; empty when there is none.
	ThreadEvents(ctx context.Context, channel, ts string) ([]ThreadEvent, error)
	// PersonThreads returns every thread of the person, resolved or not,
	// oldest first; empty when there is none.
	PersonThreads(ctx context.Context, key PersonKey) ([]*Thread, error)
	// ClaimThread sets the thread's ClaimedBy to user unless someone
	// claimed it or it is resolved; ResolveThread marks it resolved unless
	// it is. Each reports whether it changed the thread, atomically, so
	// that two presses on two replicas cannot both win; ErrNotFound for an
	// unknown thread.
	ClaimThread(ctx context.Context, channel, ts, user string) (bool, error)
	ResolveThread(ctx context.Context, channel, ts string) (bool, error)
}

// TeamReply is a care-team member's reply in an alert thread, on its way to
// the parent.
type TeamReply struct {
	// Person is the parent.
	Person PersonKey
	// Reply is what the parent gets ("Message from your care team: ...").
	Reply Reply
	// Channel and TS name the alert thread; MessageTS is the reply's own
	// message; Actor is the care-team member (a Slack user id).
	Channel, TS, MessageTS, Actor string
	// Text is the reply as the care team wrote it, for the audit trail.
	Text string
}

// RelayQueue delivers care-team replies to parents durably (the nudge
// scheduler): Relay stores the reply and returns; the queue delivers it
// through the parent's platform, retrying across outages, 429s and
// restarts, then tells the RelayReceipt.
type RelayQueue interface {
	Relay(ctx context.Context, r TeamReply) error
}

// RelayReceipt hears how a queued care-team reply ended (the Slack adapter:
// a check mark and the audit trail on delivery, a note in the thread when
// it could not be delivered). err is nil when the reply was delivered.
type RelayReceipt interface {
	Relayed(ctx context.Context, r TeamReply, err error) error
}
