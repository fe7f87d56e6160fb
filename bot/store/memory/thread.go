package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/carebot/carebot/bot"
)

// SaveThread stores a copy of t, creating or replacing the thread with the
// same Channel and TS. Like the SQL stores it sets CreatedAt on first save
// (a replacement keeps the stored one) and UpdatedAt on every save, on t
// too.
func (s *Store) SaveThread(_ context.Context, t *bot.Thread) error {
	now := s.now()
	k := threadKey{t.Channel, t.TS}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.threads[k]; ok {
		t.CreatedAt = old.CreatedAt
	} else {
		t.CreatedAt = now
	}
	t.UpdatedAt = now
	c := *t
	s.threads[k] = &c
	return nil
}

// ThreadByTS returns a copy of the thread with the channel and root
// timestamp, or bot.ErrNotFound.
func (s *Store) ThreadByTS(_ context.Context, channel, ts string) (*bot.Thread, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.threads[threadKey{channel, ts}]
	if !ok {
		return nil, bot.ErrNotFound
	}
	c := *t
	return &c, nil
}

// OpenThread returns a copy of the person's newest unresolved thread, or
// bot.ErrNotFound. Newest is the latest CreatedAt; between threads created
// at the same instant, the greater TS (as the SQL stores order them).
func (s *Store) OpenThread(_ context.Context, key bot.PersonKey) (*bot.Thread, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *bot.Thread
	for _, t := range s.threads {
		if t.Person != key || t.Resolved {
			continue
		}
		if best == nil || t.CreatedAt.After(best.CreatedAt) ||
			(t.CreatedAt.Equal(best.CreatedAt) && t.TS > best.TS) {
			best = t
		}
	}
	if best == nil {
		return nil, bot.ErrNotFound
	}
	c := *best
	return &c, nil
}

// AddThreadEvent appends a copy of e to its thread's trail, setting e.At
// when zero.
func (s *Store) AddThreadEvent(_ context.Context, e *bot.ThreadEvent) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	k := threadKey{e.Channel, e.TS}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events[k] = append(s.events[k], *e)
	return nil
}

// ThreadEvents returns a copy of a thread's trail, oldest first.
func (s *Store) ThreadEvents(_ context.Context, channel, ts string) ([]bot.ThreadEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events[threadKey{channel, ts}]), nil
}

// PersonThreads returns copies of every thread of the person, oldest
// first (by CreatedAt, then TS, as the SQL stores order them).
func (s *Store) PersonThreads(_ context.Context, key bot.PersonKey) ([]*bot.Thread, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*bot.Thread
	for _, t := range s.threads {
		if t.Person == key {
			c := *t
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *bot.Thread) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.TS, b.TS)
	})
	return out, nil
}

// ClaimThread claims an unclaimed, unresolved thread for user.
func (s *Store) ClaimThread(_ context.Context, channel, ts, user string) (bool, error) {
	return s.changeThread(channel, ts, func(t *bot.Thread) bool {
		if t.ClaimedBy != "" || t.Resolved {
			return false
		}
		t.ClaimedBy = user
		return true
	})
}

// ResolveThread marks an unresolved thread resolved.
func (s *Store) ResolveThread(_ context.Context, channel, ts string) (bool, error) {
	return s.changeThread(channel, ts, func(t *bot.Thread) bool {
		if t.Resolved {
			return false
		}
		t.Resolved = true
		return true
	})
}

// changeThread applies change to the stored thread, under the lock, and
// stamps UpdatedAt: false when change found the thread in no state for it
// (and left it as it was), bot.ErrNotFound when there is no such thread.
func (s *Store) changeThread(channel, ts string, change func(t *bot.Thread) bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.threads[threadKey{channel, ts}]
	if !ok {
		return false, bot.ErrNotFound
	}
	if !change(t) {
		return false, nil
	}
	t.UpdatedAt = s.now()
	return true, nil
}
