package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/carebot/carebot/bot"
)

// querier is what *pgxpool.Pool and pgx.Tx have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// queries holds the statements shared by DB and Tx: reads go to r, writes
// to w (both the pool on a DB, the transaction on a Tx).
type queries struct {
	r, w querier
	now  func() time.Time
}

func (q queries) stamp() time.Time { return q.now().UTC().Truncate(time.Microsecond) }

// ts encodes t for the database: NULL for the zero time.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// fromTS decodes a nullable timestamptz, in UTC.
func fromTS(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func list(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func nilIfEmpty(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}

const personColumns = `platform, chat_id, lang, time_zone, consent, active, nudge_enabled,
	nudge_times, nudge_areas, nudge_quiet, context_intent, context_pending, context_updated_at,
	created_at, updated_at, context_more`

// Person returns the person with the key, or bot.ErrNotFound.
func (q queries) Person(ctx context.Context, key bot.PersonKey) (*bot.Person, error) {
	return q.person(ctx, key, "")
}

func (q queries) person(ctx context.Context, key bot.PersonKey, suffix string) (*bot.Person, error) {
	row := q.r.QueryRow(ctx, `SELECT `+personColumns+` FROM people WHERE platform = $1 AND chat_id = $2`+suffix,
		string(key.Platform), key.ChatID)
	var (
		p            bot.Person
		platform     string
		consent      int16
		ctxAt        *time.Time
		created, upd time.Time
	)
	err := row.Scan(&platform, &p.Key.ChatID, &p.Lang, &p.TimeZone, &consent, &p.Active, &p.Nudge.Enabled,
		&p.Nudge.Times, &p.Nudge.Areas, &p.Nudge.Quiet, &p.Context.LastIntent, &p.Context.Pending, &ctxAt,
		&created, &upd, &p.Context.MoreShown)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("person: %w", err)
	}
	p.Key.Platform = bot.Platform(platform)
	p.Consent = bot.Consent(consent)
	p.Nudge.Times, p.Nudge.Areas = nilIfEmpty(p.Nudge.Times), nilIfEmpty(p.Nudge.Areas)
	p.Context.UpdatedAt = fromTS(ctxAt)
	p.CreatedAt, p.UpdatedAt = created.UTC(), upd.UTC()
	return &p, nil
}

// SavePerson creates or replaces a person; it sets CreatedAt (on creation)
// and UpdatedAt.
func (q queries) SavePerson(ctx context.Context, p *bot.Person) error {
	now := q.stamp()
	var created time.Time
	err := q.w.QueryRow(ctx, `INSERT INTO people (`+personColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
		ON CONFLICT (platform, chat_id) DO UPDATE SET
			lang = excluded.lang, time_zone = excluded.time_zone, consent = excluded.consent,
			active = excluded.active, nudge_enabled = excluded.nudge_enabled,
			nudge_times = excluded.nudge_times, nudge_areas = excluded.nudge_areas,
			nudge_quiet = excluded.nudge_quiet, context_intent = excluded.context_intent,
			context_pending = excluded.context_pending, context_more = excluded.context_more,
			context_updated_at = excluded.context_updated_at, updated_at = excluded.updated_at
		RETURNING created_at`,
		string(p.Key.Platform), p.Key.ChatID, p.Lang, p.TimeZone, int16(p.Consent), p.Active, p.Nudge.Enabled,
		list(p.Nudge.Times), list(p.Nudge.Areas), p.Nudge.Quiet,
		p.Context.LastIntent, p.Context.Pending, ts(p.Context.UpdatedAt), now, p.Context.MoreShown).Scan(&created)
	if err != nil {
		return fmt.Errorf("save person: %w", err)
	}
	p.CreatedAt, p.UpdatedAt = created.UTC(), now
	return nil
}

// MarkProcessed records that the update with id from source was processed
// and reports whether this was the first time.
func (q queries) MarkProcessed(ctx context.Context, source, id string) (bool, error) {
	tag, err := q.w.Exec(ctx, `INSERT INTO processed_updates (source, id, processed_at)
		VALUES ($1, $2, $3) ON CONFLICT (source, id) DO NOTHING`, source, id, q.stamp())
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// PruneProcessed deletes the processed-update ids recorded before before and
// returns how many it deleted. Platforms do not resend an update after a
// few minutes (Slack) or 24 hours (Telegram), so a week is plenty.
func (q queries) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	tag, err := q.w.Exec(ctx, `DELETE FROM processed_updates WHERE processed_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return tag.RowsAffected(), nil
}

const threadColumns = `channel, ts, platform, chat_id, level, claimed_by, resolved, created_at, updated_at`

// SaveThread creates or replaces the thread with the same Channel and TS.
func (q queries) SaveThread(ctx context.Context, t *bot.Thread) error {
	now := q.stamp()
	var created time.Time
	err := q.w.QueryRow(ctx, `INSERT INTO threads (`+threadColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
		ON CONFLICT (channel, ts) DO UPDATE SET
			platform = excluded.platform, chat_id = excluded.chat_id, level = excluded.level,
			claimed_by = excluded.claimed_by, resolved = excluded.resolved, updated_at = excluded.updated_at
		RETURNING created_at`,
		t.Channel, t.TS, string(t.Person.Platform), t.Person.ChatID, int16(t.Level), t.ClaimedBy, t.Resolved,
		now).Scan(&created)
	if err != nil {
		return fmt.Errorf("save thread: %w", err)
	}
	t.CreatedAt, t.UpdatedAt = created.UTC(), now
	return nil
}

func scanThread(row pgx.Row) (*bot.Thread, error) {
	t, err := scanThreadRow(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("thread: %w", err)
	}
	return t, nil
}

// scanThreadRow reads the threadColumns of one row.
func scanThreadRow(row pgx.Row) (*bot.Thread, error) {
	var (
		t          bot.Thread
		platform   string
		level      int16
		created, u time.Time
	)
	if err := row.Scan(&t.Channel, &t.TS, &platform, &t.Person.ChatID, &level, &t.ClaimedBy, &t.Resolved, &created, &u); err != nil {
		return nil, err
	}
	t.Person.Platform = bot.Platform(platform)
	t.Level = bot.Level(level)
	t.CreatedAt, t.UpdatedAt = created.UTC(), u.UTC()
	return &t, nil
}

// ThreadByTS returns the thread with the channel and root timestamp, or
// bot.ErrNotFound.
func (q queries) ThreadByTS(ctx context.Context, channel, ts string) (*bot.Thread, error) {
	return scanThread(q.r.QueryRow(ctx, `SELECT `+threadColumns+` FROM threads WHERE channel = $1 AND ts = $2`, channel, ts))
}

// OpenThread returns the person's newest unresolved thread, or
// bot.ErrNotFound.
func (q queries) OpenThread(ctx context.Context, key bot.PersonKey) (*bot.Thread, error) {
	return scanThread(q.r.QueryRow(ctx, `SELECT `+threadColumns+` FROM threads
		WHERE platform = $1 AND chat_id = $2 AND NOT resolved
		ORDER BY created_at DESC, ts DESC LIMIT 1`, string(key.Platform), key.ChatID))
}

const nudgeColumns = `platform, chat_id, slot, kind, state, job, prompt, cycle, sent_at, done_at, created_at, updated_at`

// AddNudge inserts r unless a record with its Person and Slot exists, and
// reports whether it did.
func (q queries) AddNudge(ctx context.Context, r *bot.NudgeRecord) (bool, error) {
	now := q.stamp()
	tag, err := q.w.Exec(ctx, `INSERT INTO nudges (`+nudgeColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
		ON CONFLICT (platform, chat_id, slot) DO NOTHING`,
		string(r.Person.Platform), r.Person.ChatID, r.Slot, r.Kind, string(r.State), r.Job,
		r.Prompt, r.Cycle, ts(r.SentAt), ts(r.DoneAt), now)
	if err != nil {
		return false, fmt.Errorf("add nudge: %w", err)
	}
	if tag.RowsAffected() == 1 {
		r.CreatedAt, r.UpdatedAt = now, now
		return true, nil
	}
	return false, nil
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
	n, err := q.updateNudge(ctx, r, ` AND state = $12 AND job = $13`, string(state), job)
	if err != nil {
		return false, fmt.Errorf("update nudge if: %w", err)
	}
	return n > 0, nil
}

// updateNudge writes r over its record where cond (more WHERE terms, with
// their arguments from $12) holds, sets r.UpdatedAt when it did, and
// returns how many rows it wrote.
func (q queries) updateNudge(ctx context.Context, r *bot.NudgeRecord, cond string, condArgs ...any) (int64, error) {
	now := q.stamp()
	args := append([]any{r.Kind, string(r.State), r.Job, r.Prompt, r.Cycle, ts(r.SentAt), ts(r.DoneAt), now,
		string(r.Person.Platform), r.Person.ChatID, r.Slot}, condArgs...)
	tag, err := q.w.Exec(ctx, `UPDATE nudges SET kind = $1, state = $2, job = $3, prompt = $4, cycle = $5,
		sent_at = $6, done_at = $7, updated_at = $8 WHERE platform = $9 AND chat_id = $10 AND slot = $11`+cond, args...)
	if err != nil {
		return 0, err
	}
	n := tag.RowsAffected()
	if n > 0 {
		r.UpdatedAt = now
	}
	return n, nil
}

func scanNudge(row pgx.Row) (*bot.NudgeRecord, error) {
	var (
		r               bot.NudgeRecord
		platform, state string
		slot, c, u      time.Time
		sent, done      *time.Time
	)
	if err := row.Scan(&platform, &r.Person.ChatID, &slot, &r.Kind, &state, &r.Job, &r.Prompt, &r.Cycle,
		&sent, &done, &c, &u); err != nil {
		return nil, err
	}
	r.Person.Platform = bot.Platform(platform)
	r.Slot = slot.UTC()
	r.State = bot.NudgeState(state)
	r.SentAt, r.DoneAt = fromTS(sent), fromTS(done)
	r.CreatedAt, r.UpdatedAt = c.UTC(), u.UTC()
	return &r, nil
}

// Nudge returns the record for the person and slot, or bot.ErrNotFound.
func (q queries) Nudge(ctx context.Context, key bot.PersonKey, slot time.Time) (*bot.NudgeRecord, error) {
	r, err := scanNudge(q.r.QueryRow(ctx, `SELECT `+nudgeColumns+` FROM nudges
		WHERE platform = $1 AND chat_id = $2 AND slot = $3`, string(key.Platform), key.ChatID, slot))
	if errors.Is(err, pgx.ErrNoRows) {
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
	sb.WriteString(`SELECT ` + nudgeColumns + ` FROM nudges WHERE platform = $1 AND chat_id = $2`)
	args := []any{string(key.Platform), key.ChatID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if !nq.Since.IsZero() {
		sb.WriteString(` AND slot >= ` + arg(nq.Since))
	}
	if len(nq.States) > 0 {
		states := make([]string, len(nq.States))
		for i, s := range nq.States {
			states[i] = string(s)
		}
		sb.WriteString(` AND state = ANY(` + arg(states) + `)`)
	}
	sb.WriteString(` ORDER BY slot DESC`)
	if nq.Limit > 0 {
		sb.WriteString(` LIMIT ` + arg(nq.Limit))
	}
	rows, err := q.r.Query(ctx, sb.String(), args...)
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
	_, err := q.w.Exec(ctx, `INSERT INTO thread_events (channel, ts, kind, actor, message_ts, text, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.Channel, e.TS, string(e.Kind), e.Actor, e.MessageTS, e.Text, e.At)
	if err != nil {
		return fmt.Errorf("add thread event: %w", err)
	}
	return nil
}

// ThreadEvents returns the audit trail of a thread, oldest first.
func (q queries) ThreadEvents(ctx context.Context, channel, ts string) ([]bot.ThreadEvent, error) {
	rows, err := q.r.Query(ctx, `SELECT channel, ts, kind, actor, message_ts, text, at
		FROM thread_events WHERE channel = $1 AND ts = $2 ORDER BY id`, channel, ts)
	if err != nil {
		return nil, fmt.Errorf("thread events: %w", err)
	}
	defer rows.Close()
	var out []bot.ThreadEvent
	for rows.Next() {
		var (
			e    bot.ThreadEvent
			kind string
		)
		if err := rows.Scan(&e.Channel, &e.TS, &kind, &e.Actor, &e.MessageTS, &e.Text, &e.At); err != nil {
			return nil, fmt.Errorf("thread events: %w", err)
		}
		e.Kind, e.At = bot.ThreadEventKind(kind), e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("thread events: %w", err)
	}
	return out, nil
}

// PersonThreads returns every thread of the person, oldest first.
func (q queries) PersonThreads(ctx context.Context, key bot.PersonKey) ([]*bot.Thread, error) {
	rows, err := q.r.Query(ctx, `SELECT `+threadColumns+` FROM threads
		WHERE platform = $1 AND chat_id = $2 ORDER BY created_at, ts`, string(key.Platform), key.ChatID)
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
	_, err := q.w.Exec(ctx, `INSERT INTO invites (code_hash, label, created_by, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5)`, inv.CodeHash, inv.Label, inv.CreatedBy, inv.ExpiresAt, now)
	if err != nil {
		return fmt.Errorf("add invite: %w", err)
	}
	inv.CreatedAt = now
	return nil
}

// RedeemInvite links the invite to key once, if it has not expired at now.
func (q queries) RedeemInvite(ctx context.Context, codeHash string, key bot.PersonKey, now time.Time) (*bot.Invite, error) {
	tag, err := q.w.Exec(ctx, `UPDATE invites SET used_at = $1, platform = $2, chat_id = $3
		WHERE code_hash = $4 AND used_at IS NULL AND expires_at > $1`,
		now, string(key.Platform), key.ChatID, codeHash)
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	var (
		inv      bot.Invite
		platform string
		used     *time.Time
	)
	err = q.w.QueryRow(ctx, `SELECT code_hash, label, created_by, expires_at, used_at, platform, chat_id, created_at
		FROM invites WHERE code_hash = $1`, codeHash).Scan(&inv.CodeHash, &inv.Label, &inv.CreatedBy, &inv.ExpiresAt, &used,
		&platform, &inv.Person.ChatID, &inv.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	inv.Person.Platform = bot.Platform(platform)
	inv.ExpiresAt, inv.CreatedAt = inv.ExpiresAt.UTC(), inv.CreatedAt.UTC()
	if used != nil {
		inv.UsedAt = used.UTC()
	}
	switch {
	case tag.RowsAffected() == 1:
		return &inv, nil
	case used != nil:
		return nil, bot.ErrInviteUsed
	default:
		return nil, bot.ErrInviteExpired
	}
}

// PersonLabel returns the label of the person's newest redeemed invite.
func (q queries) PersonLabel(ctx context.Context, key bot.PersonKey) (string, error) {
	var label string
	err := q.r.QueryRow(ctx, `SELECT label FROM invites WHERE platform = $1 AND chat_id = $2 AND used_at IS NOT NULL
		ORDER BY used_at DESC LIMIT 1`, string(key.Platform), key.ChatID).Scan(&label)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", bot.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("person label: %w", err)
	}
	return label, nil
}

// ClaimThread claims an unclaimed, unresolved thread for user.
func (q queries) ClaimThread(ctx context.Context, channel, ts, user string) (bool, error) {
	return q.updateThreadIf(ctx, "claim thread", `claimed_by = $4`, `claimed_by = '' AND NOT resolved`, channel, ts, user)
}

// ResolveThread marks an unresolved thread resolved.
func (q queries) ResolveThread(ctx context.Context, channel, ts string) (bool, error) {
	return q.updateThreadIf(ctx, "resolve thread", `resolved = true`, `NOT resolved`, channel, ts)
}

// updateThreadIf sets set (its arguments from $4) on the thread where cond
// holds and reports whether it did; ErrNotFound when there is no such
// thread.
func (q queries) updateThreadIf(ctx context.Context, what, set, cond, channel, ts string, setArgs ...any) (bool, error) {
	args := append([]any{channel, ts, q.stamp()}, setArgs...)
	tag, err := q.w.Exec(ctx, `UPDATE threads SET `+set+`, updated_at = $3 WHERE channel = $1 AND ts = $2 AND `+cond, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 1 {
		return true, nil
	}
	if _, err := q.ThreadByTS(ctx, channel, ts); err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return false, nil
}
