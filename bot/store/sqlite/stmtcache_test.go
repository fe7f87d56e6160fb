package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// cacheSetup opens a one-connection database through the caching connector
// and returns that connection and a function that reports how many
// statements it keeps.
func cacheSetup(t *testing.T) (*sql.Conn, func() int) {
	t.Helper()
	c, err := newConnector(dsn(filepath.Join(t.TempDir(), "cache.db"), time.Second, false))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(t.Context(), `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	cached := func() int {
		n := -1
		if err := conn.Raw(func(dc any) error {
			cc := dc.(*cachingConn)
			cc.mu.Lock()
			defer cc.mu.Unlock()
			n = len(cc.stmts)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	return conn, cached
}

func TestStmtCacheReuses(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, cached := cacheSetup(t)
	before := cached()
	for i := range 50 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
		var v string
		if err := conn.QueryRowContext(ctx, `SELECT v FROM t WHERE k = ?`, i).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("row %d = %q, %v", i, v, err)
		}
	}
	if got := cached() - before; got != 2 {
		t.Errorf("%d statements cached for 2 distinct queries run 50 times each", got)
	}
	// A failed step (a duplicate key) leaves the statement usable.
	if _, err := conn.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, 1, "dup"); err == nil {
		t.Fatal("duplicate key inserted")
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, 100, "after"); err != nil {
		t.Fatalf("insert after a failed one: %v", err)
	}
}

// TestStmtCacheBusy runs a query again while the rows of its first run are
// still open: the second run must not disturb the first.
func TestStmtCacheBusy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, _ := cacheSetup(t)
	for i := range 5 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT k FROM t WHERE k >= ? ORDER BY k`
	outer, err := conn.QueryContext(ctx, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for outer.Next() {
		var k int
		if err := outer.Scan(&k); err != nil {
			t.Fatal(err)
		}
		got = append(got, k)
		if k == 1 {
			// The same SQL again on the same connection, while outer is
			// open: it runs on a statement of its own.
			if err := conn.Raw(func(dc any) error {
				rows, err := dc.(*cachingConn).QueryContext(ctx, q, []driver.NamedValue{{Ordinal: 1, Value: int64(3)}})
				if err != nil {
					return err
				}
				defer rows.Close()
				var inner []int64
				dest := make([]driver.Value, 1)
				for rows.Next(dest) == nil {
					inner = append(inner, dest[0].(int64))
				}
				if fmt.Sprint(inner) != "[3 4]" {
					return fmt.Errorf("inner rows = %v, want [3 4]", inner)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := outer.Close(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[0 1 2 3 4]" {
		t.Fatalf("outer rows = %v, want [0 1 2 3 4]", got)
	}
}

func TestStmtCacheEvicts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, cached := cacheSetup(t)
	for i := range maxCachedStmts + 50 {
		var n int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + count(*) FROM t`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d = %d, %v", i, n, err)
		}
	}
	if n := cached(); n > maxCachedStmts || n == 0 {
		t.Errorf("%d statements cached, want 1..%d", n, maxCachedStmts)
	}
}

// TestStmtCacheSchemaChange checks that a cached statement sees a column
// added after it was compiled (SQLite recompiles it).
func TestStmtCacheSchemaChange(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	conn, _ := cacheSetup(t)
	cols := func() int {
		rows, err := conn.QueryContext(ctx, `SELECT * FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return len(c)
	}
	if n := cols(); n != 2 {
		t.Fatalf("%d columns, want 2", n)
	}
	if _, err := conn.ExecContext(ctx, `ALTER TABLE t ADD COLUMN w TEXT`); err != nil {
		t.Fatal(err)
	}
	if n := cols(); n != 3 {
		t.Fatalf("%d columns after ALTER TABLE, want 3", n)
	}
}

// TestStmtCacheConcurrent runs the same queries from many goroutines over
// a small pool, under -race.
func TestStmtCacheConcurrent(t *testing.T) {
	t.Parallel()
	c, err := newConnector(dsn(filepath.Join(t.TempDir(), "cache.db"), 5*time.Second, false))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxOpenConns(3)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 100 {
				k := g*1000 + i
				if _, err := db.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, k, "x"); err != nil {
					errs <- err
					return
				}
				var v string
				if err := db.QueryRowContext(ctx, `SELECT v FROM t WHERE k = ?`, k).Scan(&v); err != nil || v != "x" {
					errs <- fmt.Errorf("row %d = %q, %v", k, v, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(time.Minute):
			t.Fatal("timed out")
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 800 {
		t.Fatalf("count = %d, %v; want 800", n, err)
	}
}
