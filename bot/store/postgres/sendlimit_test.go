package postgres_test

import (
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
)

// TestTakeSendTwoReplicas takes send slots of one bucket through two
// connection pools on one schema, as two replicas would: together they
// move the bucket on by one interval a slot, so 60 slots at 30 a second
// span at least two seconds of the database's clock, whichever replica
// took them. The assertion is on the database's record of the slots, not
// on how long anything took.
func TestTakeSendTwoReplicas(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dbs := pgtest.Replicas(t, 2, postgres.WithMaxConns(8))
	const (
		slots    = 60
		interval = time.Second / 30
	)
	// A bucket never used, or idle, lets the first send through at once.
	if d, err := dbs[0].TakeSend(ctx, "other", interval, 1, false); err != nil || d != 0 {
		t.Fatalf("first TakeSend of a bucket = %v, %v; want 0", d, err)
	}
	start := pgtest.Now(t, dbs[0])
	var wg sync.WaitGroup
	for i := range slots {
		wg.Go(func() {
			if _, err := dbs[i%2].TakeSend(ctx, "telegram", interval, 1, true); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got, want := pgtest.BucketTAT(t, dbs[1], "telegram").Sub(start), slots*interval; got < want-time.Millisecond {
		t.Errorf("%d slots at %s moved the bucket on by %s, want at least %s", slots, interval, got, want)
	}
	// Another bucket (another chat or channel) is not held up.
	if d, err := dbs[1].TakeSend(ctx, "telegram:chat:x", interval, 3, false); err != nil || d != 0 {
		t.Errorf("TakeSend of another bucket = %v, %v; want 0", d, err)
	}
	// No interval: no limit, nothing recorded.
	if d, err := dbs[1].TakeSend(ctx, "unlimited", 0, 1, false); err != nil || d != 0 {
		t.Errorf("TakeSend without an interval = %v, %v; want 0", d, err)
	}
}

// TestTakeSendFreeOrForced checks the two ways of asking, with an
// interval of an hour so that the clock cannot free a slot meanwhile: a
// caller asking for a free slot gets one while the burst lasts, then is
// told how long to wait and takes nothing; a forced take (a warning-sign
// reply) always takes the next slot.
func TestTakeSendFreeOrForced(t *testing.T) {
	t.Parallel()
	db := open(t, time.Now)
	ctx := t.Context()
	const hour = time.Hour
	tat := func() time.Time {
		var v time.Time
		if err := db.Pool().QueryRow(ctx, `SELECT tat FROM send_slots WHERE bucket = 'b'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i := range 3 { // the burst
		if d, err := db.TakeSend(ctx, "b", hour, 3, false); err != nil || d != 0 {
			t.Fatalf("take %d of a burst of 3 = %v, %v; want 0", i+1, d, err)
		}
	}
	before := tat()
	d, err := db.TakeSend(ctx, "b", hour, 3, false)
	if err != nil || d < 59*time.Minute || d > hour {
		t.Fatalf("take past the burst = %v, %v; want a wait of about an hour", d, err)
	}
	if got := tat(); !got.Equal(before) {
		t.Errorf("a take that had to wait moved the bucket from %v to %v", before, got)
	}
	d, err = db.TakeSend(ctx, "b", hour, 3, true)
	if err != nil || d < 59*time.Minute || d > hour {
		t.Fatalf("forced take = %v, %v; want the next slot, about an hour away", d, err)
	}
	if got := tat().Sub(before); got != hour {
		t.Errorf("a forced take moved the bucket by %v, want %v", got, hour)
	}
}
