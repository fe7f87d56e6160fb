package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/carebot/carebot/bot"
)

var _ bot.SendLimiter = (*DB)(nil)

// sendSlotsIdle is how long a send bucket stays after its last slot before
// a sweep deletes it (a new row allows the same).
const sendSlotsIdle = time.Minute

// TakeSend takes a slot of bucket in one statement when one is free (or
// with force): the bucket's theoretical arrival time moves on by interval
// from the later of itself and the database's clock, and the caller waits
// until that time less burst intervals. Every replica's slots come from
// the same row, so the limit holds for all of them together. Once a
// minute at most it also deletes buckets idle for a minute.
func (db *DB) TakeSend(ctx context.Context, bucket string, interval time.Duration, burst int, force bool) (time.Duration, error) {
	if interval <= 0 {
		return 0, nil
	}
	burst = max(burst, 1)
	db.sweepSendSlots(ctx)
	secs, ahead := interval.Seconds(), float64(burst-1)*interval.Seconds()
	// A slot is free when the arrival time is at most burst-1 intervals
	// ahead of now; the wait is how far beyond that it is.
	var wait float64
	err := db.pool.QueryRow(ctx, `INSERT INTO send_slots AS s (bucket, tat)
			VALUES ($1, clock_timestamp() + make_interval(secs => $2))
		ON CONFLICT (bucket) DO UPDATE
			SET tat = greatest(s.tat + make_interval(secs => $2), excluded.tat)
			WHERE $4 OR s.tat <= clock_timestamp() + make_interval(secs => $3)
		RETURNING extract(epoch FROM s.tat - clock_timestamp())::float8 - $2 - $3`,
		bucket, secs, ahead, force).Scan(&wait)
	if errors.Is(err, pgx.ErrNoRows) {
		// Not free: nothing taken; how long until a slot is.
		err = db.pool.QueryRow(ctx, `SELECT extract(epoch FROM tat - clock_timestamp())::float8 - $2
			FROM send_slots WHERE bucket = $1`, bucket, ahead).Scan(&wait)
		if errors.Is(err, pgx.ErrNoRows) { // swept meanwhile: free now
			return time.Millisecond, nil
		}
		wait = max(wait, float64(time.Millisecond)/float64(time.Second))
	}
	if err != nil {
		return 0, fmt.Errorf("take send: %w", err)
	}
	if wait <= 0 {
		return 0, nil
	}
	return time.Duration(wait * float64(time.Second)), nil
}

// sweepSendSlots deletes send buckets idle for sendSlotsIdle, at most once
// a minute per process; an error is left for the next sweep.
func (db *DB) sweepSendSlots(ctx context.Context) {
	now := time.Now().UnixNano()
	last := db.swept.Load()
	if now-last < int64(sendSlotsIdle) || !db.swept.CompareAndSwap(last, now) {
		return
	}
	db.pool.Exec(ctx, `DELETE FROM send_slots WHERE tat < clock_timestamp() - make_interval(secs => $1)`, sendSlotsIdle.Seconds())
}
