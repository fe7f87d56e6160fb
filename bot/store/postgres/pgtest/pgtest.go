// Package pgtest opens PostgreSQL stores for tests, each test on a schema
// of its own in the database of CAREBOT_TEST_DATABASE_URL (a test without
// it is skipped; storetest.DatabaseURL), dropped when the test ends.
package pgtest

import (
	"context"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/storetest"
)

// Open opens a store with opts on a new schema; the schema is dropped and
// the store closed when the test ends.
func Open(t testing.TB, opts ...postgres.Option) *postgres.DB {
	t.Helper()
	return Replicas(t, 1, opts...)[0]
}

// Replicas opens n stores with opts on one new schema, each with its own
// connection pool, as n `carebot serve` replicas sharing a database have;
// the stores are closed and the schema dropped when the test ends.
func Replicas(t testing.TB, n int, opts ...postgres.Option) []*postgres.DB {
	t.Helper()
	url, schema := storetest.DatabaseURL(t), storetest.Schema(t)
	opts = append([]postgres.Option{postgres.WithSchema(schema)}, opts...)
	dbs := make([]*postgres.DB, 0, n)
	t.Cleanup(func() {
		if len(dbs) > 0 {
			dbs[0].Pool().Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		}
		for _, db := range dbs {
			db.Close()
		}
	})
	for range n {
		db, err := postgres.Open(context.Background(), url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, db)
	}
	return dbs
}

// Now is the database's clock (clock_timestamp()), for tests that measure
// what the database recorded rather than how long the test took.
func Now(t testing.TB, db *postgres.DB) time.Time {
	t.Helper()
	var now time.Time
	if err := db.Pool().QueryRow(context.Background(), `SELECT clock_timestamp()`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}

// BucketTAT is the time the send limiter's bucket reaches next
// (send_slots.tat): each slot taken moves it on by the bucket's interval.
func BucketTAT(t testing.TB, db *postgres.DB, bucket string) time.Time {
	t.Helper()
	var tat time.Time
	if err := db.Pool().QueryRow(context.Background(), `SELECT tat FROM send_slots WHERE bucket = $1`, bucket).Scan(&tat); err != nil {
		t.Fatal(err)
	}
	return tat
}
