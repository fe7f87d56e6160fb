package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/carebot/carebot/bot"
)

var (
	_ bot.Inbox = (*DB)(nil)
	_ bot.Inbox = (*Tx)(nil)
)

// Receive records e unless its id was received before, and reports whether
// it was the first time, in one transaction.
func (db *DB) Receive(ctx context.Context, e bot.InboxEntry, owner string, lease time.Duration) (first bool, err error) {
	err = db.WithTx(ctx, func(tx *Tx) error {
		first, err = tx.Receive(ctx, e, owner, lease)
		return err
	})
	return first, err
}

// Receive records e unless its id was received before, and reports whether
// it was the first time.
func (tx *Tx) Receive(ctx context.Context, e bot.InboxEntry, owner string, lease time.Duration) (bool, error) {
	first, err := tx.MarkProcessed(ctx, e.Source, e.ID)
	if err != nil || !first {
		return false, err
	}
	now := tx.stamp()
	if _, err := tx.tx.Exec(ctx, `INSERT INTO inbox (source, id, chat, body, owner, lease_until, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.Source, e.ID, e.Chat, e.Body, owner, now.Add(lease), now); err != nil {
		return false, fmt.Errorf("receive: %w", err)
	}
	return true, nil
}

// ClaimInbox leases to owner up to limit entries of source whose lease ran
// out, in the order they were received. Rows another transaction is
// claiming are skipped.
func (q queries) ClaimInbox(ctx context.Context, source, owner string, lease time.Duration, limit int) ([]bot.InboxEntry, error) {
	now := q.stamp()
	rows, err := q.w.Query(ctx, `WITH c AS (
			SELECT seq FROM inbox WHERE source = $3 AND lease_until <= $4 ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED)
		UPDATE inbox i SET owner = $1, lease_until = $2 FROM c WHERE i.seq = c.seq
		RETURNING i.seq, i.source, i.id, i.chat, i.body, i.received_at`,
		owner, now.Add(lease), source, now, limit)
	if err != nil {
		return nil, fmt.Errorf("claim inbox: %w", err)
	}
	type seqEntry struct {
		seq int64
		e   bot.InboxEntry
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (seqEntry, error) {
		var s seqEntry
		err := r.Scan(&s.seq, &s.e.Source, &s.e.ID, &s.e.Chat, &s.e.Body, &s.e.ReceivedAt)
		s.e.ReceivedAt = s.e.ReceivedAt.UTC()
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim inbox: %w", err)
	}
	slices.SortFunc(got, func(a, b seqEntry) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]bot.InboxEntry, len(got))
	for i, s := range got {
		out[i] = s.e
	}
	return out, nil
}

// Done deletes the entries leased to owner and records out, in one
// transaction.
func (db *DB) Done(ctx context.Context, source string, ids []string, out []bot.OutboxEntry, owner string, lease time.Duration) error {
	return db.WithTx(ctx, func(tx *Tx) error { return tx.Done(ctx, source, ids, out, owner, lease) })
}

// Done deletes the entries leased to owner and records out.
func (tx *Tx) Done(ctx context.Context, source string, ids []string, out []bot.OutboxEntry, owner string, lease time.Duration) error {
	if len(ids) > 0 {
		tag, err := tx.tx.Exec(ctx, `DELETE FROM inbox WHERE source = $1 AND owner = $2 AND id = ANY($3)`, source, owner, ids)
		if err != nil {
			return fmt.Errorf("inbox done: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return bot.ErrLeaseLost
		}
	}
	now := tx.stamp()
	for i := range out {
		o := &out[i]
		if err := tx.tx.QueryRow(ctx, `INSERT INTO outbox (source, chat, body, owner, lease_until, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq`, o.Source, o.Chat, o.Body, owner, now.Add(lease), now).Scan(&o.Seq); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		o.CreatedAt = now
	}
	return nil
}

// ClaimOutbox leases to owner up to limit outbox entries of source whose
// lease ran out, in Seq order.
func (q queries) ClaimOutbox(ctx context.Context, source, owner string, lease time.Duration, limit int) ([]bot.OutboxEntry, error) {
	now := q.stamp()
	rows, err := q.w.Query(ctx, `WITH c AS (
			SELECT seq FROM outbox WHERE source = $3 AND lease_until <= $4 ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED)
		UPDATE outbox o SET owner = $1, lease_until = $2 FROM c WHERE o.seq = c.seq
		RETURNING o.seq, o.source, o.chat, o.body, o.created_at`,
		owner, now.Add(lease), source, now, limit)
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.OutboxEntry, error) {
		var o bot.OutboxEntry
		err := r.Scan(&o.Seq, &o.Source, &o.Chat, &o.Body, &o.CreatedAt)
		o.CreatedAt = o.CreatedAt.UTC()
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b bot.OutboxEntry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Sent deletes the outbox entry with the sequence number.
func (q queries) Sent(ctx context.Context, seq int64) error {
	if _, err := q.w.Exec(ctx, `DELETE FROM outbox WHERE seq = $1`, seq); err != nil {
		return fmt.Errorf("outbox sent: %w", err)
	}
	return nil
}

// Renew extends the lease of every entry leased to owner.
func (q queries) Renew(ctx context.Context, owner string, lease time.Duration) error {
	return q.setLease(ctx, owner, q.stamp().Add(lease), "renew")
}

// Release ends the lease of every entry leased to owner.
func (q queries) Release(ctx context.Context, owner string) error {
	return q.setLease(ctx, owner, time.UnixMicro(0).UTC(), "release")
}

func (q queries) setLease(ctx context.Context, owner string, until time.Time, what string) error {
	for _, table := range []string{"inbox", "outbox"} {
		if _, err := q.w.Exec(ctx, `UPDATE `+table+` SET lease_until = $1 WHERE owner = $2`, until, owner); err != nil {
			return fmt.Errorf("%s %s: %w", what, table, err)
		}
	}
	return nil
}
