package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
	"github.com/carebot/carebot/bot/store/storetest"
)

func open(t *testing.T, now func() time.Time) *sqlite.DB {
	t.Helper()
	return sqlitetest.Open(t, sqlite.WithNow(now))
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T, now func() time.Time) storetest.Store { return open(t, now) },
		InTx: func(ctx context.Context, s storetest.Store, fn func(storetest.TxStore) error) error {
			// The transaction bot/nudge shares with River.
			return s.(*sqlite.DB).InSQLTx(ctx, func(_ *sql.Tx, tx bot.TxStore) error { return fn(tx.(storetest.TxStore)) })
		},
	})
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "carebot.db")
	if _, err := sqlite.Open(ctx, path, sqlite.WithoutMigrate()); !errors.Is(err, sqlite.ErrSchema) {
		t.Fatalf("Open(new file) WithoutMigrate = %v, want ErrSchema", err)
	}
	v, err := sqlite.Migrate(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if v < 1 {
		t.Fatalf("version after Migrate = %d", v)
	}
	// Migrating again is a no-op; opening without migrating now works.
	if v2, err := sqlite.Migrate(ctx, path); err != nil || v2 != v {
		t.Fatalf("second Migrate = %d, %v; want %d", v2, err, v)
	}
	db, err := sqlite.Open(ctx, path, sqlite.WithoutMigrate())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.Writer().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestOpenRejectsMemory(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"", ":memory:", "a.db?mode=ro"} {
		if _, err := sqlite.Open(t.Context(), p); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", p)
		}
	}
}

// TestOpenPrivate: a new database file is readable by its owner only, and
// an open that fails names the path.
func TestOpenPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "carebot.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("database file mode %v, want no access for group and others", perm)
	}
	bad := filepath.Join(t.TempDir(), "missing", "carebot.db")
	if _, err := sqlite.Open(t.Context(), bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("Open(%s) error %v, want one naming the path", bad, err)
	}
}
