package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/carebot/carebot/bot"
)

// AddGap records g at g.At, or now when that is zero.
func (q queries) AddGap(ctx context.Context, g bot.Gap) error {
	at := g.At.UTC().Truncate(time.Microsecond)
	if g.At.IsZero() {
		at = q.stamp()
	}
	_, err := q.w.Exec(ctx, `INSERT INTO gaps (platform, chat_id, lang, text, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, string(g.Person.Platform), g.Person.ChatID, g.Lang, g.Text, g.Reason, at)
	if err != nil {
		return fmt.Errorf("add gap: %w", err)
	}
	return nil
}

// TopGaps returns the gaps recorded at or after since grouped by language
// and text, most frequent first, then most recent, then by text; at most
// limit (all when limit <= 0).
func (q queries) TopGaps(ctx context.Context, since time.Time, limit int) ([]bot.GapCount, error) {
	var lim any // NULL: no limit
	if limit > 0 {
		lim = limit
	}
	rows, err := q.r.Query(ctx, `SELECT lang, text, COUNT(*) AS n, MAX(created_at) AS last
		FROM gaps WHERE created_at >= $1
		GROUP BY lang, text
		ORDER BY n DESC, last DESC, lang COLLATE "C", text COLLATE "C"
		LIMIT $2`, since, lim)
	if err != nil {
		return nil, fmt.Errorf("top gaps: %w", err)
	}
	defer rows.Close()
	var out []bot.GapCount
	for rows.Next() {
		var (
			c bot.GapCount
			n int64
		)
		if err := rows.Scan(&c.Lang, &c.Text, &n, &c.Last); err != nil {
			return nil, fmt.Errorf("top gaps: %w", err)
		}
		c.Count, c.Last = int(n), c.Last.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("top gaps: %w", err)
	}
	return out, nil
}

// PruneGaps deletes the gaps recorded before before and returns how many
// it deleted.
func (q queries) PruneGaps(ctx context.Context, before time.Time) (int64, error) {
	tag, err := q.w.Exec(ctx, `DELETE FROM gaps WHERE created_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("prune gaps: %w", err)
	}
	return tag.RowsAffected(), nil
}
