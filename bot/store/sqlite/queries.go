package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries holds the statements shared by DB and Tx: reads go to r, writes
// to w (the reader pool and the writer on a DB, the transaction on a Tx).
type queries struct {
	r, w querier
	now  func() time.Time
}

// micros encodes t for the database: microseconds since the epoch, or NULL
// for the zero time.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// fromMicros decodes a time stored by micros.
func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

func (q queries) stamp() time.Time { return q.now().UTC().Truncate(time.Microsecond) }

const personColumns = `platform, chat_id, lang, time_zone, consent, active, nudge_enabled,
	nudge_times, nudge_areas, nudge_quiet, context_intent, context_pending, context_updated_at,
	created_at, updated_at, context_more`

// Person returns the person with the key, or bot.ErrNotFound.
func (q queries) Person(ctx context.Context, key bot.PersonKey) (*bot.Person, error) {
	row := q.r.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE platform = ? AND chat_id = ?`,
		string(key.Platform), key.ChatID)
	var (
		p                   bot.Person
		platform            string
		times, areas        string
		ctxAt, created, upd sql.NullInt64
	)
	err := row.Scan(&platform, &p.Key.ChatID, &p.Lang, &p.TimeZone, &p.Consent, &p.Active, &p.Nudge.Enabled,
		&times, &areas, &p.Nudge.Quiet, &p.Context.LastIntent, &p.Context.Pending, &ctxAt, &created, &upd, &p.Context.MoreShown)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("person: %w", err)
	}
	p.Key.Platform = bot.Platform(platform)
	if err := unmarshalList(times, &p.Nudge.Times); err != nil {
		return nil, fmt.Errorf("person nudge times: %w", err)
	}
	if err := unmarshalList(areas, &p.Nudge.Areas); err != nil {
		return nil, fmt.Errorf("person nudge areas: %w", err)
	}
	p.Context.UpdatedAt = fromMicros(ctxAt)
	p.CreatedAt = fromMicros(created)
	p.UpdatedAt = fromMicros(upd)
	return &p, nil
}

func marshalList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // a []string always marshals
	return string(b)
}

func unmarshalList(s string, l *[]string) error {
	if s == "" || s == "[]" {
		*l = nil
		return nil
	}
	return json.Unmarshal([]byte(s), l)
}

// SavePerson creates or replaces a person; it sets CreatedAt (on creation)
// and UpdatedAt.
func (q queries) SavePerson(ctx context.Context, p *bot.Person) error {
	now := q.stamp()
	row := q.w.QueryRowContext(ctx, `INSERT INTO people (`+personColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, chat_id) DO UPDATE SET
			lang = excluded.lang, time_zone = excluded.time_zone, consent = excluded.consent,
			active = excluded.active, nudge_enabled = excluded.nudge_enabled,
			nudge_times = excluded.nudge_times, nudge_areas = excluded.nudge_areas,
			nudge_quiet = excluded.nudge_quiet, context_intent = excluded.context_intent,
			context_pending = excluded.context_pending, context_more = excluded.context_more,
			context_updated_at = excluded.context_updated_at, updated_at = excluded.updated_at
		RETURNING created_at`,
		string(p.Key.Platform), p.Key.ChatID, p.Lang, p.TimeZone, p.Consent, p.Active, p.Nudge.Enabled,
		marshalList(p.Nudge.Times), marshalList(p.Nudge.Areas), p.Nudge.Quiet,
		p.Context.LastIntent, p.Context.Pending, micros(p.Context.UpdatedAt), micros(now), micros(now),
		p.Context.MoreShown)
	var created sql.NullInt64
	if err := row.Scan(&created); err != nil {
		return fmt.Errorf("save person: %w", err)
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), now
	return nil
}

// MarkProcessed records that the update with id from source was processed
// and reports whether this was the first time.
func (q queries) MarkProcessed(ctx context.Context, source, id string) (bool, error) {
	res, err := q.w.ExecContext(ctx, `INSERT INTO processed_updates (source, id, processed_at)
		VALUES (?, ?, ?) ON CONFLICT (source, id) DO NOTHING`, source, id, micros(q.stamp()))
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return n == 1, nil
}

// PruneProcessed deletes the processed-update ids recorded before before and
// returns how many it deleted. Platforms do not resend an update after a
// few minutes (Slack) or 24 hours (Telegram), so a week is plenty.
func (q queries) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.w.ExecContext(ctx, `DELETE FROM processed_updates WHERE processed_at < ?`, before.UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return res.RowsAffected()
}

const threadColumns = `channel, ts, platform, chat_id, level, claimed_by, resolved, created_at, updated_at`

// SaveThread creates or replaces the thread with the same Channel and TS.
func (q queries) SaveThread(ctx context.Context, t *bot.Thread) error {
	now := q.stamp()
	row := q.w.QueryRowContext(ctx, `INSERT INTO threads (`+threadColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, ts) DO UPDATE SET
			platform = excluded.platform, chat_id = excluded.chat_id, level = excluded.level,
			claimed_by = excluded.claimed_by, resolved = excluded.resolved, updated_at = excluded.updated_at
		RETURNING created_at`,
		t.Channel, t.TS, string(t.Person.Platform), t.Person.ChatID, int(t.Level), t.ClaimedBy, t.Resolved,
		micros(now), micros(now))
	var created sql.NullInt64
	if err := row.Scan(&created); err != nil {
		return fmt.Errorf("save thread: %w", err)
	}
	t.CreatedAt, t.UpdatedAt = fromMicros(created), now
	return nil
}

func scanThread(row *sql.Row) (*bot.Thread, error) {
	t, err := scanThreadRow(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("thread: %w", err)
	}
	return t, nil
}

// scanThreadRow reads the threadColumns of one row.
func scanThreadRow(row scanner) (*bot.Thread, error) {
	var (
		t          bot.Thread
		platform   string
		level      int
		created, u sql.NullInt64
	)
	if err := row.Scan(&t.Channel, &t.TS, &platform, &t.Person.ChatID, &level, &t.ClaimedBy, &t.Resolved, &created, &u); err != nil {
		return nil, err
	}
	t.Person.Platform = bot.Platform(platform)
	t.Level = bot.Level(level)
	t.CreatedAt, t.UpdatedAt = fromMicros(created), fromMicros(u)
	return &t, nil
}

// ThreadByTS returns the thread with the channel and root timestamp, or
// bot.ErrNotFound.
func (q queries) ThreadByTS(ctx context.Context, channel, ts string) (*bot.Thread, error) {
	return scanThread(q.r.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM threads WHERE channel = ? AND ts = ?`, channel, ts))
}

// OpenThread returns the person's newest unresolved thread, or
// bot.ErrNotFound.
func (q queries) OpenThread(ctx context.Context, key bot.PersonKey) (*bot.Thread, error) {
	return scanThread(q.r.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM threads
		WHERE platform = ? AND chat_id = ? AND resolved = 0
		ORDER BY created_at DESC, ts DESC LIMIT 1`, string(key.Platform), key.ChatID))
}

const nudgeColumns = `platform, chat_id, slot, kind, state, job, prompt, cycle, sent_at, done_at, created_at, updated_at`

// AddNudge inserts r unless a record with its Person and Slot exists, and
// reports whether it did.
func (q queries) AddNudge(ctx context.Context, r *bot.NudgeRecord) (bool, error) {
	now := q.stamp()
	res, err := q.w.ExecContext(ctx, `INSERT INTO nudges (`+nudgeColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, chat_id, slot) DO NOTHING`,
		string(r.Person.Platform), r.Person.ChatID, r.Slot.UnixMicro(), r.Kind, string(r.State), r.Job,
		r.Prompt, r.Cycle, micros(r.SentAt), micros(r.DoneAt), micros(now), micros(now))
	if err != nil {
		return false, fmt.Errorf("add nudge: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("add nudge: %w", err)
	}
	if n == 1 {
		r.CreatedAt, r.UpdatedAt = now, now
	}
	return n == 1, nil
}

// UpdateNudge replaces the record with r's Person and Slot, or returns
// bot.ErrNotFound.
func (q queries) UpdateNudge(ctx context.Context, r *bot.NudgeRecord) error {
	n, err := q.updateNudge(ctx, r, "")
	if err != nil {
		return fmt.Errorf("update nudge: %w", err)
	}
	if n == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// UpdateNudgeIf replaces the record with r's Person and Slot if it is still
// in state and belongs to job, and reports whether it did.
func (q queries) UpdateNudgeIf(ctx context.Context, r *bot.NudgeRecord, state bot.NudgeState, job int64) (bool, error) {
	n, err := q.updateNudge(ctx, r, ` AND state = ? AND job = ?`, string(state), job)
	if err != nil {
		return false, fmt.Errorf("update nudge if: %w", err)
	}
	return n > 0, nil
}

// updateNudge writes r over its record where cond (more WHERE terms, with
// their arguments) holds, sets r.UpdatedAt when it did, and returns how
// many rows it wrote.
func (q queries) updateNudge(ctx context.Context, r *bot.NudgeRecord, cond string, condArgs ...any) (int64, error) {
	now := q.stamp()
	args := append([]any{r.Kind, string(r.State), r.Job, r.Prompt, r.Cycle, micros(r.SentAt), micros(r.DoneAt), micros(now),
		string(r.Person.Platform), r.Person.ChatID, r.Slot.UnixMicro()}, condArgs...)
	res, err := q.w.ExecContext(ctx, `UPDATE nudges SET kind = ?, state = ?, job = ?, prompt = ?, cycle = ?,
		sent_at = ?, done_at = ?, updated_at = ? WHERE platform = ? AND chat_id = ? AND slot = ?`+cond, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n > 0 {
		r.UpdatedAt = now
	}
	return n, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanNudge(s scanner) (*bot.NudgeRecord, error) {
	var (
		r                        bot.NudgeRecord
		platform, state          string
		slot                     int64
		sent, done, created, upd sql.NullInt64
	)
	if err := s.Scan(&platform, &r.Person.ChatID, &slot, &r.Kind, &state, &r.Job, &r.Prompt, &r.Cycle,
		&sent, &done, &created, &upd); err != nil {
		return nil, err
	}
	r.Person.Platform = bot.Platform(platform)
	r.Slot = time.UnixMicro(slot).UTC()
	r.State = bot.NudgeState(state)
	r.SentAt, r.DoneAt = fromMicros(sent), fromMicros(done)
	r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(upd)
	return &r, nil
}

// Nudge returns the record for the person and slot, or bot.ErrNotFound.
func (q queries) Nudge(ctx context.Context, key bot.PersonKey, slot time.Time) (*bot.NudgeRecord, error) {
	r, err := scanNudge(q.r.QueryRowContext(ctx, `SELECT `+nudgeColumns+` FROM nudges
		WHERE platform = ? AND chat_id = ? AND slot = ?`, string(key.Platform), key.ChatID, slot.UnixMicro()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("nudge: %w", err)
	}
	return r, nil
}

// Nudges returns the person's records matching q, newest slot first.
func (q queries) Nudges(ctx context.Context, key bot.PersonKey, nq bot.NudgeQuery) ([]bot.NudgeRecord, error) {
	var sb strings.Builder
	sb.WriteString(`SELECT ` + nudgeColumns + ` FROM nudges WHERE platform = ? AND chat_id = ?`)
	args := []any{string(key.Platform), key.ChatID}
	if !nq.Since.IsZero() {
		sb.WriteString(` AND slot >= ?`)
		args = append(args, nq.Since.UnixMicro())
	}
	if len(nq.States) > 0 {
		sb.WriteString(` AND state IN (?` + strings.Repeat(`, ?`, len(nq.States)-1) + `)`)
		for _, s := range nq.States {
			args = append(args, string(s))
		}
	}
	sb.WriteString(` ORDER BY slot DESC`)
	if nq.Limit > 0 {
		sb.WriteString(` LIMIT ?`)
		args = append(args, nq.Limit)
	}
	rows, err := q.r.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("nudges: %w", err)
	}
	defer rows.Close()
	var out []bot.NudgeRecord
	for rows.Next() {
		r, err := scanNudge(rows)
		if err != nil {
			return nil, fmt.Errorf("nudges: %w", err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("nudges: %w", err)
	}
	return out, nil
}

// AddThreadEvent appends e to its thread's audit trail, setting e.At when
// zero.
func (q queries) AddThreadEvent(ctx context.Context, e *bot.ThreadEvent) error {
	if e.At.IsZero() {
		e.At = q.stamp()
	}
	_, err := q.w.ExecContext(ctx, `INSERT INTO thread_events (channel, ts, kind, actor, message_ts, text, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.Channel, e.TS, string(e.Kind), e.Actor, e.MessageTS, e.Text, micros(e.At))
	if err != nil {
		return fmt.Errorf("add thread event: %w", err)
	}
	return nil
}

// ThreadEvents returns the audit trail of a thread, oldest first.
func (q queries) ThreadEvents(ctx context.Context, channel, ts string) ([]bot.ThreadEvent, error) {
	rows, err := q.r.QueryContext(ctx, `SELECT channel, ts, kind, actor, message_ts, text, at
		FROM thread_events WHERE channel = ? AND ts = ? ORDER BY id`, channel, ts)
	if err != nil {
		return nil, fmt.Errorf("thread events: %w", err)
	}
	defer rows.Close()
	var out []bot.ThreadEvent
	for rows.Next() {
		var (
			e    bot.ThreadEvent
			kind string
			at   sql.NullInt64
		)
		if err := rows.Scan(&e.Channel, &e.TS, &kind, &e.Actor, &e.MessageTS, &e.Text, &at); err != nil {
			return nil, fmt.Errorf("thread events: %w", err)
		}
		e.Kind, e.At = bot.ThreadEventKind(kind), fromMicros(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("thread events: %w", err)
	}
	return out, nil
}

// PersonThreads returns every thread of the person, oldest first.
func (q queries) PersonThreads(ctx context.Context, key bot.PersonKey) ([]*bot.Thread, error) {
	rows, err := q.r.QueryContext(ctx, `SELECT `+threadColumns+` FROM threads
		WHERE platform = ? AND chat_id = ? ORDER BY created_at, ts`, string(key.Platform), key.ChatID)
	if err != nil {
		return nil, fmt.Errorf("person threads: %w", err)
	}
	defer rows.Close()
	var out []*bot.Thread
	for rows.Next() {
		t, err := scanThreadRow(rows)
		if err != nil {
			return nil, fmt.Errorf("person threads: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("person threads: %w", err)
	}
	return out, nil
}

// AddInvite stores a new invite.
func (q queries) AddInvite(ctx context.Context, inv *bot.Invite) error {
	now := q.stamp()
	_, err := q.w.ExecContext(ctx, `INSERT INTO invites (code_hash, label, created_by, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?)`, inv.CodeHash, inv.Label, inv.CreatedBy, micros(inv.ExpiresAt), micros(now))
	if err != nil {
		return fmt.Errorf("add invite: %w", err)
	}
	inv.CreatedAt = now
	return nil
}

// RedeemInvite links the invite to key once, if it has not expired at now.
func (q queries) RedeemInvite(ctx context.Context, codeHash string, key bot.PersonKey, now time.Time) (*bot.Invite, error) {
	res, err := q.w.ExecContext(ctx, `UPDATE invites SET used_at = ?, platform = ?, chat_id = ?
		WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
		micros(now), string(key.Platform), key.ChatID, codeHash, micros(now))
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	var (
		inv                    bot.Invite
		platform               string
		expires, used, created sql.NullInt64
	)
	err = q.w.QueryRowContext(ctx, `SELECT code_hash, label, created_by, expires_at, used_at, platform, chat_id, created_at
		FROM invites WHERE code_hash = ?`, codeHash).Scan(&inv.CodeHash, &inv.Label, &inv.CreatedBy, &expires, &used,
		&platform, &inv.Person.ChatID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	inv.Person.Platform = bot.Platform(platform)
	inv.ExpiresAt, inv.UsedAt, inv.CreatedAt = fromMicros(expires), fromMicros(used), fromMicros(created)
	switch {
	case n == 1:
		return &inv, nil
	case !inv.UsedAt.IsZero():
		return nil, bot.ErrInviteUsed
	default:
		return nil, bot.ErrInviteExpired
	}
}

// PersonLabel returns the label of the person's newest redeemed invite.
func (q queries) PersonLabel(ctx context.Context, key bot.PersonKey) (string, error) {
	var label string
	err := q.r.QueryRowContext(ctx, `SELECT label FROM invites WHERE platform = ? AND chat_id = ? AND used_at IS NOT NULL
		ORDER BY used_at DESC LIMIT 1`, string(key.Platform), key.ChatID).Scan(&label)
	if errors.Is(err, sql.ErrNoRows) {
		return "", bot.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("person label: %w", err)
	}
	return label, nil
}

// ClaimThread claims an unclaimed, unresolved thread for user.
func (q queries) ClaimThread(ctx context.Context, channel, ts, user string) (bool, error) {
	return q.updateThreadIf(ctx, "claim thread", `claimed_by = ?`, `claimed_by = '' AND resolved = 0`, channel, ts, user)
}

// ResolveThread marks an unresolved thread resolved.
func (q queries) ResolveThread(ctx context.Context, channel, ts string) (bool, error) {
	return q.updateThreadIf(ctx, "resolve thread", `resolved = 1`, `resolved = 0`, channel, ts)
}

// updateThreadIf sets set (with setArgs) on the thread where cond holds and
// reports whether it did; ErrNotFound when there is no such thread.
func (q queries) updateThreadIf(ctx context.Context, what, set, cond, channel, ts string, setArgs ...any) (bool, error) {
	args := append(append(setArgs, micros(q.stamp())), channel, ts)
	res, err := q.w.ExecContext(ctx, `UPDATE threads SET `+set+`, updated_at = ? WHERE channel = ? AND ts = ? AND `+cond, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	if n == 1 {
		return true, nil
	}
	if _, err := q.ThreadByTS(ctx, channel, ts); err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return false, nil
}
