package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func testProcessed(t *testing.T, h Harness) {
	t.Run("FirstThenNot", func(t *testing.T) {
		b := setup(t, h)
		for i, want := range []bool{true, false, false} {
			first, err := b.store.MarkProcessed(b.ctx, "telegram", "1001")
			if err != nil {
				t.Fatal(err)
			}
			if first != want {
				t.Errorf("call %d: first = %v, want %v", i, first, want)
			}
		}
		first, err := b.store.MarkProcessed(b.ctx, "slack", "1001")
		if err != nil || !first {
			t.Errorf("same id from another source: first = %v, %v; want true", first, err)
		}
	})

	t.Run("ConcurrentOneFirst", func(t *testing.T) {
		b := setup(t, h)
		const n = 16
		var wg sync.WaitGroup
		results := make(chan error, n)
		firsts := make(chan bool, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				first, err := b.store.MarkProcessed(b.ctx, "slack", "Ev123")
				results <- err
				firsts <- first
			}()
		}
		wg.Wait()
		close(results)
		close(firsts)
		for err := range results {
			if err != nil {
				t.Fatal(err)
			}
		}
		count := 0
		for f := range firsts {
			if f {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d of %d concurrent calls were first, want 1", count, n)
		}
	})

	t.Run("Prune", func(t *testing.T) {
		b := setup(t, h)
		for i := range 3 {
			if _, err := b.store.MarkProcessed(b.ctx, "telegram", fmt.Sprint(i)); err != nil {
				t.Fatal(err)
			}
		}
		b.clock.Add(8 * 24 * time.Hour)
		if _, err := b.store.MarkProcessed(b.ctx, "telegram", "new"); err != nil {
			t.Fatal(err)
		}
		n, err := b.store.PruneProcessed(b.ctx, b.clock.Now().Add(-7*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("PruneProcessed deleted %d, want 3", n)
		}
		if first, err := b.store.MarkProcessed(b.ctx, "telegram", "new"); err != nil || first {
			t.Errorf("recent id after prune: first = %v, %v; want false", first, err)
		}
		if first, err := b.store.MarkProcessed(b.ctx, "telegram", "0"); err != nil || !first {
			t.Errorf("pruned id: first = %v, %v; want true", first, err)
		}
	})
}
