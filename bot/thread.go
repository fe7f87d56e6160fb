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
