// Package sqlitetest opens SQLite stores for tests, each in a file of its
// own in the test's temporary directory, closed when the test ends.
package sqlitetest

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
)

// Open opens a store with opts in a new file, closed when the test ends.
func Open(t testing.TB, opts ...sqlite.Option) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "carebot.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// FailingInbox is a store whose inbox fails Receive while Fail is set, as
// a database that is down does.
type FailingInbox struct {
	*sqlite.DB
	Fail atomic.Bool
}

// Receive is the store's Receive, or an error while Fail is set.
func (f *FailingInbox) Receive(ctx context.Context, e bot.InboxEntry, owner string, lease time.Duration) (bool, error) {
	if f.Fail.Load() {
		return false, errors.New("database is down")
	}
	return f.DB.Receive(ctx, e, owner, lease)
}
