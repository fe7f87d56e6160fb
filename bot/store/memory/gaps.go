package memory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/carebot/carebot/bot"
)

// AddGap records g at g.At, or now when that is zero.
func (s *Store) AddGap(_ context.Context, g bot.Gap) error {
	if g.At.IsZero() {
		g.At = s.now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gaps = append(s.gaps, g)
	return nil
}

// TopGaps returns the gaps since since grouped by language and text, most
// frequent first, then most recent, then by text.
func (s *Store) TopGaps(_ context.Context, since time.Time, limit int) ([]bot.GapCount, error) {
	type key struct{ lang, text string }
	s.mu.Lock()
	counts := map[key]*bot.GapCount{}
	for _, g := range s.gaps {
		if g.At.Before(since) {
			continue
		}
		k := key{g.Lang, g.Text}
		c, ok := counts[k]
		if !ok {
			c = &bot.GapCount{Lang: g.Lang, Text: g.Text}
			counts[k] = c
		}
		c.Count++
		if g.At.After(c.Last) {
			c.Last = g.At
		}
	}
	s.mu.Unlock()
	out := make([]bot.GapCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b bot.GapCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last),
			cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Text, b.Text))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// PruneGaps deletes the gaps recorded before before.
func (s *Store) PruneGaps(_ context.Context, before time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.gaps)
	s.gaps = slices.DeleteFunc(s.gaps, func(g bot.Gap) bool { return g.At.Before(before) })
	return int64(n - len(s.gaps)), nil
}
