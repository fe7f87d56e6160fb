// Package sqlite is carebot's default store: one SQLite file through
// modernc.org/sqlite (pure Go, no cgo). It is the only importer of
// modernc.org/sqlite.
//
// The database runs in WAL mode with a busy timeout. Writes go through a
// single connection (SQLite allows one writer at a time; the River driver
// shares it, see DB.Writer), reads through a small pool of read-only
// connections, so the Router can look a person up while a transaction is
// open. Migrations are embedded and applied by Open.
//
// Never call a DB method that writes while holding a Tx on the same DB: the
// single writer connection is taken by the Tx and the call waits forever.
// Inside WithTx use the Tx.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var (
	_ bot.Store       = (*DB)(nil)
	_ bot.ThreadStore = (*DB)(nil)
	_ bot.NudgeLog    = (*DB)(nil)
	_ bot.Store       = (*Tx)(nil)
	_ bot.ThreadStore = (*Tx)(nil)
	_ bot.NudgeLog    = (*Tx)(nil)
)

// DB is a carebot store in one SQLite file. It is safe for concurrent use.
type DB struct {
	queries
	path   string
	writer *sql.DB
	reader *sql.DB
}

// Option configures Open.
type Option func(*options)

type options struct {
	now         func() time.Time
	busyTimeout time.Duration
	readers     int
	migrate     bool
}

// WithNow sets the clock used for CreatedAt, UpdatedAt and processed-update
// times. Defaults to time.Now.
func WithNow(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithBusyTimeout sets how long a statement waits for a lock held by another
// process before failing with SQLITE_BUSY. Defaults to 5 seconds.
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// WithReaders sets the number of read-only connections. Defaults to 4.
func WithReaders(n int) Option { return func(o *options) { o.readers = n } }

// WithoutMigrate makes Open fail with ErrSchema instead of applying pending
// migrations.
func WithoutMigrate() Option { return func(o *options) { o.migrate = false } }

// ErrSchema is returned by Open WithoutMigrate when the database schema is
// older or newer than this program's.
var ErrSchema = errors.New("database schema version mismatch")

// Open opens (creating it when missing) the SQLite database at path, a file
// path such as "./carebot.db", and applies pending migrations.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	o := options{now: time.Now, busyTimeout: 5 * time.Second, readers: 4, migrate: true}
	for _, opt := range opts {
		opt(&o)
	}
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite://"), "sqlite:")
	if path == "" || path == ":memory:" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open sqlite %q: need a file path without ? or #", path)
	}
	// The file holds people's settings and, for seconds, their messages:
	// created readable by its owner only (SQLite would use the umask,
	// usually world-readable). The -wal and -shm files SQLite creates take
	// the main file's permissions.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	wc, err := newConnector(dsn(path, o.busyTimeout, false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	writer := sql.OpenDB(wc)
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxIdleTime(0)
	writer.SetConnMaxLifetime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db := &DB{path: path, writer: writer}
	if err := db.migrate(ctx, o.migrate); err != nil {
		writer.Close()
		return nil, err
	}
	rc, err := newConnector(dsn(path, o.busyTimeout, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	reader := sql.OpenDB(rc)
	reader.SetMaxOpenConns(max(o.readers, 1))
	reader.SetMaxIdleConns(max(o.readers, 1))
	db.reader = reader
	db.queries = queries{r: reader, w: writer, now: o.now}
	return db, nil
}

// dsn builds the modernc.org/sqlite data source name for path.
func dsn(path string, busy time.Duration, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// Deleted rows are overwritten with zeros, in table and index
		// pages and in freed pages, so that /forget leaves no trace in the
		// file (see Forget).
		q.Add("_pragma", "secure_delete(1)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

// Close closes the database. Close it after everything that uses Writer
// (the nudge scheduler) has stopped.
func (db *DB) Close() error {
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// Ping checks that the database file can be read, on a reader connection
// (so that a busy writer does not make it wait), for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.reader.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Writer returns the single writer connection pool, for the River driver in
// bot/nudge. Do not set its pool size.
func (db *DB) Writer() *sql.DB { return db.writer }

// Path returns the database file path.
func (db *DB) Path() string { return db.path }

// Forget deletes the person, their nudge records, their care-team threads
// and their gaps in one transaction, and then leaves no trace of them in
// the file: secure_delete zeroes the deleted rows, and a checkpoint copies
// the zeroed pages into the database file and truncates the -wal file,
// which still held earlier versions of the rows (TestForgetLeavesNoTrace).
func (db *DB) Forget(ctx context.Context, key bot.PersonKey) error {
	return db.WithTx(ctx, func(tx *Tx) error { return tx.Forget(ctx, key) })
}

// ErrCheckpointBusy is returned by Checkpoint when readers kept it from
// truncating the -wal file within the busy timeout.
var ErrCheckpointBusy = errors.New("sqlite: checkpoint busy")

// Checkpoint copies every page of the -wal file into the database file
// and truncates the -wal file to zero bytes (PRAGMA
// wal_checkpoint(TRUNCATE)), waiting up to the busy timeout for readers.
func (db *DB) Checkpoint(ctx context.Context) error {
	var busy, frames, copied int
	err := db.writer.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return ErrCheckpointBusy
	}
	return nil
}

// WithTx runs fn in a transaction on the writer connection and commits it
// when fn returns nil; otherwise it rolls back and returns fn's error.
// When fn forgot someone (Tx.Forget), the commit is followed by a
// Checkpoint, whose error is returned: the person is gone from every
// query, but may still be in the -wal file.
func (db *DB) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{queries: queries{r: stx, w: stx, now: db.now}, tx: stx}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback(stx))
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if tx.forgot {
		if err := db.Checkpoint(ctx); err != nil {
			return fmt.Errorf("forget: %w", err)
		}
	}
	return nil
}

func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// Tx is a store bound to one transaction on the writer connection: every
// method runs inside it. It is not safe for concurrent use.
type Tx struct {
	queries
	tx *sql.Tx
	// forgot is set by Forget: WithTx checkpoints after the commit.
	forgot bool
}

// InSQLTx runs fn in a transaction of the writer, like WithTx, handing it
// the database/sql transaction (for River's InsertTx in bot/nudge) and the
// store bound to it.
func (db *DB) InSQLTx(ctx context.Context, fn func(*sql.Tx, bot.TxStore) error) error {
	return db.WithTx(ctx, func(tx *Tx) error { return fn(tx.tx, tx) })
}

// Forget deletes the person, their nudge records, their care-team
// threads, their gaps and the invites they redeemed.
func (tx *Tx) Forget(ctx context.Context, key bot.PersonKey) error {
	for _, q := range []string{
		`DELETE FROM nudges WHERE platform = ? AND chat_id = ?`,
		`DELETE FROM threads WHERE platform = ? AND chat_id = ?`,
		`DELETE FROM gaps WHERE platform = ? AND chat_id = ?`,
		`DELETE FROM invites WHERE platform = ? AND chat_id = ?`,
		`DELETE FROM people WHERE platform = ? AND chat_id = ?`,
	} {
		if _, err := tx.tx.ExecContext(ctx, q, string(key.Platform), key.ChatID); err != nil {
			return fmt.Errorf("forget: %w", err)
		}
	}
	tx.forgot = true
	return nil
}

// LockPerson returns the person with the key, like Person. SQLite has one
// writer, so the row cannot change under the transaction until it ends.
func (tx *Tx) LockPerson(ctx context.Context, key bot.PersonKey) (*bot.Person, error) {
	return tx.Person(ctx, key)
}
