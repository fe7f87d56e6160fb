// Package postgres is carebot's store for more than one replica: PostgreSQL
// through pgx v5 and a pgxpool.Pool. It is the only importer of pgx, apart
// from the River driver's use of the same pool in bot/nudge.
//
// Migrations are embedded and applied by Open, serialized across replicas by
// an advisory lock. The schema means the same as the SQLite store's and both
// pass the conformance suite in bot/store/storetest.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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

// ErrSchema is returned by Open WithoutMigrate when the database schema is
// older or newer than this program's.
var ErrSchema = errors.New("database schema version mismatch")

// DB is a carebot store in a PostgreSQL database. It is safe for concurrent
// use.
type DB struct {
	queries
	pool   *pgxpool.Pool
	schema string
	swept  atomic.Int64 // when sweepSendSlots last ran, Unix nanoseconds
}

// Option configures Open.
type Option func(*options)

type options struct {
	now      func() time.Time
	schema   string
	maxConns int32
	migrate  bool
}

// WithNow sets the clock used for CreatedAt, UpdatedAt and processed-update
// times. Defaults to time.Now.
func WithNow(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSchema keeps carebot's tables (and River's, see DB.Schema) in the
// named schema, created when missing, instead of the search_path's first.
// Tests use it to give each test its own schema.
func WithSchema(name string) Option { return func(o *options) { o.schema = name } }

// WithMaxConns sets the pool size. Defaults to pgxpool's, the larger of 4
// and the number of CPUs, unless the URL sets pool_max_conns.
func WithMaxConns(n int32) Option { return func(o *options) { o.maxConns = n } }

// WithoutMigrate makes Open fail with ErrSchema instead of applying pending
// migrations.
func WithoutMigrate() Option { return func(o *options) { o.migrate = false } }

// Open connects to the database at url ("postgres://user@host/db?...") and
// applies pending migrations.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	o := options{now: time.Now, migrate: true}
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if o.maxConns > 0 {
		cfg.MaxConns = o.maxConns
	}
	if o.schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = o.schema
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if o.schema != "" {
		if _, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{o.schema}.Sanitize()); err != nil {
			pool.Close()
			return nil, fmt.Errorf("open postgres: create schema: %w", err)
		}
	}
	db := &DB{queries: queries{r: pool, w: pool, now: o.now}, pool: pool, schema: o.schema}
	if err := db.migrate(ctx, o.migrate); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the pool. Close it after everything that uses Pool (the
// nudge scheduler) has stopped.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that PostgreSQL answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Pool returns the connection pool, for the River driver in bot/nudge.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Schema returns the schema set WithSchema, or "" for the search_path's.
func (db *DB) Schema() string { return db.schema }

// Forget deletes the person, their nudge records, their care-team threads
// and their gaps in one transaction.
func (db *DB) Forget(ctx context.Context, key bot.PersonKey) error {
	return db.WithTx(ctx, func(tx *Tx) error { return tx.Forget(ctx, key) })
}

// WithTx runs fn in a transaction and commits it when fn returns nil;
// otherwise it rolls back and returns fn's error.
func (db *DB) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	ptx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{queries: queries{r: ptx, w: ptx, now: db.now}, tx: ptx}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback(ctx, ptx))
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func rollback(ctx context.Context, tx pgx.Tx) error {
	// Roll back even when ctx is done, so the connection goes back clean.
	if err := tx.Rollback(context.WithoutCancel(ctx)); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// Tx is a store bound to one transaction: every method runs inside it. It
// is not safe for concurrent use.
type Tx struct {
	queries
	tx pgx.Tx
}

// InPGXTx runs fn in a transaction, like WithTx, handing it the pgx
// transaction (for River's InsertTx in bot/nudge) and the store bound to
// it.
func (db *DB) InPGXTx(ctx context.Context, fn func(pgx.Tx, bot.TxStore) error) error {
	return db.WithTx(ctx, func(tx *Tx) error { return fn(tx.tx, tx) })
}

// LockPerson returns the person with the key, like Person, and locks the
// row until the transaction ends, so that concurrent changes to the same
// person's nudges are serialized.
func (tx *Tx) LockPerson(ctx context.Context, key bot.PersonKey) (*bot.Person, error) {
	return tx.person(ctx, key, " FOR UPDATE")
}

// Forget deletes the person, their nudge records, their care-team
// threads, their gaps and the invites they redeemed.
func (tx *Tx) Forget(ctx context.Context, key bot.PersonKey) error {
	for _, q := range []string{
		`DELETE FROM nudges WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM threads WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM gaps WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM invites WHERE platform = $1 AND chat_id = $2`,
		`DELETE FROM people WHERE platform = $1 AND chat_id = $2`,
	} {
		if _, err := tx.tx.Exec(ctx, q, string(key.Platform), key.ChatID); err != nil {
			return fmt.Errorf("forget: %w", err)
		}
	}
	return nil
}
