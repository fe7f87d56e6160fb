package slack

import (
	"context"
	"sync"
	"time"

	"github.com/carebot/carebot/bot"
)

// memStore is an in-test bot.Store and bot.ThreadStore, until
// bot/store/memory lands in main.
type memStore struct {
	mu        sync.Mutex
	people    map[bot.PersonKey]bot.Person
	processed map[string]bool
	threads   map[[2]string]bot.Thread
	marks     int
}

var (
	_ bot.Store       = (*memStore)(nil)
	_ bot.ThreadStore = (*memStore)(nil)
)

func newMemStore() *memStore {
	return &memStore{
		people:    make(map[bot.PersonKey]bot.Person),
		processed: make(map[string]bool),
		threads:   make(map[[2]string]bot.Thread),
	}
}

func (s *memStore) Person(_ context.Context, key bot.PersonKey) (*bot.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.people[key]
	if !ok {
		return nil, bot.ErrNotFound
	}
	return &p, nil
}

func (s *memStore) SavePerson(_ context.Context, p *bot.Person) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.people[p.Key] = *p
	return nil
}

func (s *memStore) Forget(_ context.Context, key bot.PersonKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.people, key)
	for k, t := range s.threads {
		if t.Person == key {
			delete(s.threads, k)
		}
	}
	return nil
}

func (s *memStore) MarkProcessed(_ context.Context, source, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marks++
	k := source + "\x00" + id
	if s.processed[k] {
		return false, nil
	}
	s.processed[k] = true
	return true, nil
}

func (s *memStore) markCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.marks
}

func (s *memStore) SaveThread(_ context.Context, t *bot.Thread) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if old, ok := s.threads[[2]string{t.Channel, t.TS}]; ok {
		t.CreatedAt = old.CreatedAt
	} else {
		t.CreatedAt = now
	}
	t.UpdatedAt = now
	s.threads[[2]string{t.Channel, t.TS}] = *t
	return nil
}

func (s *memStore) ThreadByTS(_ context.Context, channel, ts string) (*bot.Thread, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.threads[[2]string{channel, ts}]
	if !ok {
		return nil, bot.ErrNotFound
	}
	return &t, nil
}

func (s *memStore) OpenThread(_ context.Context, key bot.PersonKey) (*bot.Thread, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *bot.Thread
	for _, t := range s.threads {
		if t.Person == key && !t.Resolved && (best == nil || t.CreatedAt.After(best.CreatedAt)) {
			t := t
			best = &t
		}
	}
	if best == nil {
		return nil, bot.ErrNotFound
	}
	return best, nil
}
