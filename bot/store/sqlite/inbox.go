package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

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
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO inbox (source, id, chat, body, owner, lease_until, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.Source, e.ID, e.Chat, e.Body, owner, now.Add(lease).UnixMicro(), now.UnixMicro()); err != nil {
		return false, fmt.Errorf("receive: %w", err)
	}
	return true, nil
}

// ClaimInbox leases to owner up to limit entries of source whose lease ran
// out, in the order they were received.
func (q queries) ClaimInbox(ctx context.Context, source, owner string, lease time.Duration, limit int) ([]bot.InboxEntry, error) {
	now := q.stamp()
	rows, err := q.w.QueryContext(ctx, `UPDATE inbox SET owner = ?, lease_until = ?
		WHERE seq IN (SELECT seq FROM inbox WHERE source = ? AND lease_until <= ? ORDER BY seq LIMIT ?)
		RETURNING seq, source, id, chat, body, received_at`,
		owner, now.Add(lease).UnixMicro(), source, now.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim inbox: %w", err)
	}
	defer rows.Close()
	type seqEntry struct {
		seq int64
		e   bot.InboxEntry
	}
	var got []seqEntry
	for rows.Next() {
		var (
			s  seqEntry
			at sql.NullInt64
		)
		if err := rows.Scan(&s.seq, &s.e.Source, &s.e.ID, &s.e.Chat, &s.e.Body, &at); err != nil {
			return nil, fmt.Errorf("claim inbox: %w", err)
		}
		s.e.ReceivedAt = fromMicros(at)
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
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
		args := []any{source, owner}
		for _, id := range ids {
			args = append(args, id)
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM inbox WHERE source = ? AND owner = ? AND id IN (?`+
			strings.Repeat(`, ?`, len(ids)-1)+`)`, args...)
		if err != nil {
			return fmt.Errorf("inbox done: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("inbox done: %w", err)
		} else if n == 0 {
			return bot.ErrLeaseLost
		}
	}
	now := tx.stamp()
	for i := range out {
		o := &out[i]
		if err := tx.tx.QueryRowContext(ctx, `INSERT INTO outbox (source, chat, body, owner, lease_until, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`, o.Source, o.Chat, o.Body, owner, now.Add(lease).UnixMicro(), now.UnixMicro()).Scan(&o.Seq); err != nil {
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
	rows, err := q.w.QueryContext(ctx, `UPDATE outbox SET owner = ?, lease_until = ?
		WHERE seq IN (SELECT seq FROM outbox WHERE source = ? AND lease_until <= ? ORDER BY seq LIMIT ?)
		RETURNING seq, source, chat, body, created_at`,
		owner, now.Add(lease).UnixMicro(), source, now.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	defer rows.Close()
	var out []bot.OutboxEntry
	for rows.Next() {
		var (
			o  bot.OutboxEntry
			at sql.NullInt64
		)
		if err := rows.Scan(&o.Seq, &o.Source, &o.Chat, &o.Body, &at); err != nil {
			return nil, fmt.Errorf("claim outbox: %w", err)
		}
		o.CreatedAt = fromMicros(at)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b bot.OutboxEntry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Sent deletes the outbox entry with the sequence number.
func (q queries) Sent(ctx context.Context, seq int64) error {
	if _, err := q.w.ExecContext(ctx, `DELETE FROM outbox WHERE seq = ?`, seq); err != nil {
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
	return q.setLease(ctx, owner, time.UnixMicro(0), "release")
}

func (q queries) setLease(ctx context.Context, owner string, until time.Time, what string) error {
	for _, table := range []string{"inbox", "outbox"} {
		if _, err := q.w.ExecContext(ctx, `UPDATE `+table+` SET lease_until = ? WHERE owner = ?`, until.UnixMicro(), owner); err != nil {
			return fmt.Errorf("%s %s: %w", what, table, err)
		}
	}
	return nil
}
