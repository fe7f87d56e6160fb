// Package storetest is the conformance suite every carebot store passes,
// in the manner of River's riverdrivertest: the SQLite and PostgreSQL
// stores call Run from their tests with a Harness that opens a fresh,
// empty store.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Harness{Open: ..., InTx: ...})
//	}
//
// Every test runs in parallel with the others and opens its own store.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testclock"
)

// base is what a carebot SQL store provides on the database and inside a
// transaction.
type base interface {
	bot.Store
	bot.ThreadStore
	bot.ThreadAudit
	bot.InviteStore
	bot.NudgeLog
	bot.GapLog
	// PruneProcessed deletes processed-update ids recorded before before.
	PruneProcessed(ctx context.Context, before time.Time) (int64, error)
}

// Store is what a carebot SQL store provides on the database.
type Store interface {
	base
	bot.Inbox
}

// TxStore is what a carebot SQL store provides inside a transaction.
type TxStore interface {
	base
	// LockPerson returns the person like Person and keeps other
	// transactions from changing the row until this one ends.
	LockPerson(ctx context.Context, key bot.PersonKey) (*bot.Person, error)
}

// Harness opens the store under test.
type Harness struct {
	// Open returns a new, empty store whose clock is now, closed when the
	// test ends. Required.
	Open func(t *testing.T, now func() time.Time) Store
	// InTx runs fn in a transaction on s, committing when fn returns nil
	// and rolling back otherwise. Required.
	InTx func(ctx context.Context, s Store, fn func(tx TxStore) error) error
}

// bundle is what each test gets from setup.
type bundle struct {
	ctx   context.Context
	store Store
	clock *testclock.Clock
	h     Harness
}

// t0 is the suite's starting time: with microseconds and a zone other
// than UTC, to check both survive the round trip.
var t0 = time.Date(2025, 3, 9, 6, 59, 30, 123456000, time.FixedZone("EST", -5*3600))

func setup(t *testing.T, h Harness) *bundle {
	t.Helper()
	t.Parallel()
	clock := testclock.New(t0)
	return &bundle{ctx: t.Context(), store: h.Open(t, clock.Now), clock: clock, h: h}
}

// Run runs the conformance suite against the stores h opens.
func Run(t *testing.T, h Harness) {
	t.Run("Person", func(t *testing.T) { t.Parallel(); testPerson(t, h) })
	t.Run("Forget", func(t *testing.T) { t.Parallel(); testForget(t, h) })
	t.Run("Processed", func(t *testing.T) { t.Parallel(); testProcessed(t, h) })
	t.Run("Thread", func(t *testing.T) { t.Parallel(); testThread(t, h) })
	t.Run("Invite", func(t *testing.T) { t.Parallel(); testInvite(t, h) })
	t.Run("Nudge", func(t *testing.T) { t.Parallel(); testNudge(t, h) })
	t.Run("Tx", func(t *testing.T) { t.Parallel(); testTx(t, h) })
	t.Run("Gaps", func(t *testing.T) { t.Parallel(); testGaps(t, h) })
	t.Run("Inbox", func(t *testing.T) { t.Parallel(); testInbox(t, h) })
}
