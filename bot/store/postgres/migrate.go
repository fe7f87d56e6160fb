package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/carebot/carebot/bot/store/internal/schema"
)

// migrationLock is the advisory lock key that serializes migrations across
// replicas ("carebot" in ASCII).
const migrationLock = 0x63617265626f74

// Migrate applies pending migrations to the database at url and returns the
// resulting schema version. Open does this too; `carebot migrate` calls it
// to migrate without starting anything.
func Migrate(ctx context.Context, url string, opts ...Option) (int, error) {
	db, err := Open(ctx, url, opts...)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return db.Version(ctx)
}

// Version returns the schema version of the database.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	if err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM carebot_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// migrate applies the pending migrations in one transaction holding an
// advisory lock, so that replicas starting together apply each once.
func (db *DB) migrate(ctx context.Context, apply bool) error {
	migs, err := schema.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer rollback(ctx, tx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS carebot_migrations (
		version    integer     PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var v int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM carebot_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if v > len(migs) {
		return fmt.Errorf("database schema version %d is newer than this program's %d: %w", v, len(migs), ErrSchema)
	}
	for _, m := range migs[v:] {
		if !apply {
			return fmt.Errorf("migration %04d_%s pending: %w", m.Version, m.Name, ErrSchema)
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO carebot_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, time.Now()); err != nil {
			return fmt.Errorf("migrate %04d: %w", m.Version, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
