package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/store/storetest"
)

func open(t *testing.T, now func() time.Time) *postgres.DB {
	t.Helper()
	return pgtest.Open(t, postgres.WithNow(now), postgres.WithMaxConns(4))
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.DatabaseURL(t)
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T, now func() time.Time) storetest.Store { return open(t, now) },
		InTx: func(ctx context.Context, s storetest.Store, fn func(storetest.TxStore) error) error {
			// The transaction bot/nudge shares with River.
			return s.(*postgres.DB).InPGXTx(ctx, func(_ pgx.Tx, tx bot.TxStore) error { return fn(tx.(storetest.TxStore)) })
		},
	})
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url, schema := storetest.DatabaseURL(t), storetest.Schema(t)
	if _, err := postgres.Open(ctx, url, postgres.WithSchema(schema), postgres.WithoutMigrate()); !errors.Is(err, postgres.ErrSchema) {
		t.Fatalf("Open(empty schema) WithoutMigrate = %v, want ErrSchema", err)
	}
	// Replicas starting together: concurrent migrations apply each version once.
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := postgres.Migrate(ctx, url, postgres.WithSchema(schema))
			errs <- err
		}()
	}
	for range 3 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("concurrent migrations did not finish")
		}
	}
	db, err := postgres.Open(ctx, url, postgres.WithSchema(schema), postgres.WithoutMigrate())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(ctx); err != nil || v < 1 {
		t.Fatalf("Version = %d, %v", v, err)
	}
}
