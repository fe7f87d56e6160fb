package slack

import (
	"context"
	"sync/atomic"

	"github.com/carebot/carebot/bot/store/memory"
)

// memStore is the in-memory store of the tests, counting MarkProcessed
// calls.
type memStore struct {
	*memory.Store
	marks atomic.Int64
}

func newMemStore() *memStore { return &memStore{Store: memory.New()} }

func (s *memStore) MarkProcessed(ctx context.Context, source, id string) (bool, error) {
	s.marks.Add(1)
	return s.Store.MarkProcessed(ctx, source, id)
}

// markCount is how many MarkProcessed calls the store had.
func (s *memStore) markCount() int { return int(s.marks.Load()) }
