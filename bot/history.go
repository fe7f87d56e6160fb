package bot

import (
	"context"
	"time"
)

// NudgeState is where one nudge is in its life.
type NudgeState string

// The nudge states. A nudge is scheduled, then sending while the message is
// on its way, then sent. A nudge found still sending after a crash is in
// doubt: it may or may not have reached the person, and it is not sent
// again (at most once). Skipped, failed and cancelled nudges were not sent.
const (
	NudgeScheduled NudgeState = "scheduled"
	NudgeSending   NudgeState = "sending"
	NudgeSent      NudgeState = "sent"
	NudgeDoubt     NudgeState = "doubt"
	NudgeSkipped   NudgeState = "skipped"
	NudgeFailed    NudgeState = "failed"
	NudgeCancelled NudgeState = "cancelled"
)

// NudgeKind says why a nudge was scheduled.
type NudgeKind string

// Nudge kinds.
const (
	// NudgeKindSlot is a nudge at one of the person's chosen times; after
	// it runs, the next slot is scheduled.
	NudgeKindSlot NudgeKind = "slot"
	// NudgeKindSnooze is a nudge the person snoozed; it repeats the
	// snoozed prompt once.
	NudgeKindSnooze NudgeKind = "snooze"
)

// PayloadNudge prefixes the payloads of a nudge's Done and Snooze buttons,
// "nudge:done:<slot>" and "nudge:snooze:<slot>"; the Router hands them to
// the Nudger (bot/nudge's Scheduler.Answer). A nudge's Stop button sends
// "cmd:/stop".
const PayloadNudge = "nudge:"

// NudgeRecord is one nudge for one person at one time slot: the schedule
// and the history in one row. (Person, Slot) is unique: a slot is sent at
// most once.
type NudgeRecord struct {
	// Person is who the nudge is for.
	Person PersonKey
	// Slot is when the nudge is due, truncated to the minute, in UTC.
	Slot time.Time
	// Kind is NudgeKindSlot or NudgeKindSnooze.
	Kind NudgeKind
	// State is where the nudge is.
	State NudgeState
	// Job is the scheduler's job id; 0 when none.
	Job int64
	// Prompt names the micro-prompt sent, "<entry id>#<index>"; empty
	// until chosen.
	Prompt string
	// Cycle counts the person's rotations through all prompts: a prompt
	// is not repeated within a cycle.
	Cycle int
	// SentAt is when the nudge was sent; zero if it was not.
	SentAt time.Time
	// DoneAt is when the person tapped Done; zero until then.
	DoneAt time.Time
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NudgeQuery selects a person's nudge records. Zero fields select all.
type NudgeQuery struct {
	// States keeps records in any of these states.
	States []NudgeState
	// Since keeps records with Slot at or after it.
	Since time.Time
	// Limit caps the number of records; 0 means no cap.
	Limit int
}

// TxStore is a SQL store inside one transaction: whatever is done through
// it commits or rolls back together. The SQLite and PostgreSQL stores hand
// one to a function they run in a transaction (their InSQLTx and InPGXTx,
// which the nudge scheduler shares with River).
type TxStore interface {
	Store
	NudgeLog
	// LockPerson returns the person like Person and keeps other
	// transactions from changing the row until this one ends.
	LockPerson(ctx context.Context, key PersonKey) (*Person, error)
}

// NudgeLog keeps nudge records. The SQL stores implement it along with
// Store, on the database and inside a transaction.
type NudgeLog interface {
	// AddNudge inserts r unless a record with its Person and Slot exists,
	// and reports whether it did.
	AddNudge(ctx context.Context, r *NudgeRecord) (added bool, err error)
	// UpdateNudge replaces the record with r's Person and Slot, or returns
	// ErrNotFound.
	UpdateNudge(ctx context.Context, r *NudgeRecord) error
	// UpdateNudgeIf replaces the record with r's Person and Slot only if it
	// is still in state and belongs to job, and reports whether it did (a
	// compare-and-set: false, not an error, when the record changed or is
	// gone).
	UpdateNudgeIf(ctx context.Context, r *NudgeRecord, state NudgeState, job int64) (bool, error)
	// Nudge returns the record for the person and slot, or ErrNotFound.
	Nudge(ctx context.Context, key PersonKey, slot time.Time) (*NudgeRecord, error)
	// Nudges returns the person's records matching q, newest slot first.
	Nudges(ctx context.Context, key PersonKey, q NudgeQuery) ([]NudgeRecord, error)
}
