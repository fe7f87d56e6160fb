// Package memory is an in-memory bot.Store and bot.ThreadStore for the
// console and tests. It keeps everything in maps guarded by a mutex and
// loses it when the process exits.
package memory

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/carebot/carebot/bot"
)

// Store is an in-memory bot.Store, bot.ThreadStore and bot.ThreadAudit, safe for concurrent
// use. The zero value is not usable; call New.
type Store struct {
	now func() time.Time

	mu        sync.Mutex
	people    map[bot.PersonKey]*bot.Person
	processed map[processedKey]struct{}
	threads   map[threadKey]*bot.Thread
	gaps      []bot.Gap
	events    map[threadKey][]bot.ThreadEvent
	invites   map[string]*bot.Invite // by code hash
}

var (
	_ bot.Store       = (*Store)(nil)
	_ bot.ThreadStore = (*Store)(nil)
	_ bot.GapLog      = (*Store)(nil)
	_ bot.ThreadAudit = (*Store)(nil)
	_ bot.InviteStore = (*Store)(nil)
)

type processedKey struct{ source, id string }

// threadKey identifies a thread: its channel and root timestamp.
type threadKey struct{ channel, ts string }

// Option configures a Store.
type Option func(*Store)

// WithNow sets the clock used for CreatedAt and UpdatedAt. Default
// time.Now.
func WithNow(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// New returns an empty Store.
func New(opts ...Option) *Store {
	s := &Store{
		now:       time.Now,
		people:    map[bot.PersonKey]*bot.Person{},
		processed: map[processedKey]struct{}{},
		threads:   map[threadKey]*bot.Thread{},
		events:    map[threadKey][]bot.ThreadEvent{},
		invites:   map[string]*bot.Invite{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Person returns a copy of the person with the key, or bot.ErrNotFound.
func (s *Store) Person(_ context.Context, key bot.PersonKey) (*bot.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.people[key]
	if !ok {
		return nil, bot.ErrNotFound
	}
	return clone(p), nil
}

// SavePerson stores a copy of p, setting CreatedAt on first save and
// UpdatedAt on every save (on p too).
func (s *Store) SavePerson(_ context.Context, p *bot.Person) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.people[p.Key]; ok {
		p.CreatedAt = old.CreatedAt
	} else {
		p.CreatedAt = now
	}
	p.UpdatedAt = now
	s.people[p.Key] = clone(p)
	return nil
}

// Forget deletes the person with the key, their care-team threads and the
// invites they redeemed; forgetting someone unknown is not an error.
func (s *Store) Forget(_ context.Context, key bot.PersonKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.people, key)
	for k, t := range s.threads {
		if t.Person == key {
			delete(s.threads, k)
		}
	}
	s.gaps = slices.DeleteFunc(s.gaps, func(g bot.Gap) bool { return g.Person == key })
	for k, inv := range s.invites {
		if inv.Person == key {
			delete(s.invites, k)
		}
	}
	return nil
}

// MarkProcessed records the update id and reports whether it was new.
func (s *Store) MarkProcessed(_ context.Context, source, id string) (bool, error) {
	k := processedKey{source, id}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.processed[k]; ok {
		return false, nil
	}
	s.processed[k] = struct{}{}
	return true, nil
}

// Len returns how many people are stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.people)
}

// clone copies p so that callers never share slices with the store.
func clone(p *bot.Person) *bot.Person {
	c := *p
	c.Nudge.Times = slices.Clone(p.Nudge.Times)
	c.Nudge.Areas = slices.Clone(p.Nudge.Areas)
	return &c
}
