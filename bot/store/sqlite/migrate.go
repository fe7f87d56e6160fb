package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/carebot/carebot/bot/store/internal/schema"
)

// Migrate applies pending migrations to the database at path and returns
// the resulting schema version. Open does this too; `carebot migrate`
// calls it to migrate without starting anything.
func Migrate(ctx context.Context, path string) (int, error) {
	db, err := Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return db.Version(ctx)
}

// Version returns the schema version of the database.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.writer.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(version), 0) FROM carebot_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// migrate applies the pending migrations, each in its own transaction; the
// writer's BEGIN IMMEDIATE keeps two processes from applying the same one.
func (db *DB) migrate(ctx context.Context, apply bool) error {
	migs, err := schema.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	if _, err := db.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS carebot_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range migs {
		tx, err := db.writer.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM carebot_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
			rollback(tx)
			return fmt.Errorf("migrate %04d: %w", m.Version, err)
		}
		if n > 0 {
			rollback(tx)
			continue
		}
		if !apply {
			rollback(tx)
			return fmt.Errorf("migration %04d_%s pending: %w", m.Version, m.Name, ErrSchema)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			rollback(tx)
			return fmt.Errorf("migrate %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO carebot_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, micros(time.Now())); err != nil {
			rollback(tx)
			return fmt.Errorf("migrate %04d: %w", m.Version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %04d: %w", m.Version, err)
		}
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	if v > len(migs) {
		return fmt.Errorf("database schema version %d is newer than this program's %d: %w", v, len(migs), ErrSchema)
	}
	return nil
}
