package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func entry(id, chat string) bot.InboxEntry {
	return bot.InboxEntry{Source: "telegram", ID: id, Chat: chat, Body: []byte(`{"text":"` + id + `"}`)}
}

func ids(es []bot.InboxEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func testInbox(t *testing.T, h Harness) {
	const lease = time.Minute

	t.Run("ReceiveOnce", func(t *testing.T) {
		b := setup(t, h)
		for i, want := range []bool{true, false} {
			first, err := b.store.Receive(b.ctx, entry("7", "42"), "a", lease)
			if err != nil || first != want {
				t.Fatalf("Receive %d = %v, %v; want %v", i, first, err, want)
			}
		}
		// The id counts as processed for MarkProcessed too.
		if first, err := b.store.MarkProcessed(b.ctx, "telegram", "7"); err != nil || first {
			t.Errorf("MarkProcessed after Receive = %v, %v; want false", first, err)
		}
		// Still received once after it is done.
		if err := b.store.Done(b.ctx, "telegram", []string{"7"}, nil, "a", lease); err != nil {
			t.Fatal(err)
		}
		if first, err := b.store.Receive(b.ctx, entry("7", "42"), "a", lease); err != nil || first {
			t.Errorf("Receive after Done = %v, %v; want false", first, err)
		}
	})

	t.Run("ConcurrentReceiveOneFirst", func(t *testing.T) {
		b := setup(t, h)
		var wg sync.WaitGroup
		var mu sync.Mutex
		firsts := 0
		for i := range 8 {
			wg.Go(func() {
				first, err := b.store.Receive(b.ctx, entry("9", "42"), fmt.Sprint("owner", i), lease)
				if err != nil {
					t.Error(err)
				}
				if first {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if firsts != 1 {
			t.Errorf("%d concurrent Receives were first, want 1", firsts)
		}
	})

	t.Run("ClaimAfterLease", func(t *testing.T) {
		b := setup(t, h)
		for _, id := range []string{"3", "1", "2"} {
			if _, err := b.store.Receive(b.ctx, entry(id, "42"), "a", lease); err != nil {
				t.Fatal(err)
			}
		}
		got, err := b.store.ClaimInbox(b.ctx, "telegram", "b", lease, 10)
		if err != nil || len(got) != 0 {
			t.Fatalf("ClaimInbox under lease = %v, %v; want none", ids(got), err)
		}
		b.clock.Add(lease + time.Second)
		got, err = b.store.ClaimInbox(b.ctx, "telegram", "b", lease, 2)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"3", "1"}; !slices.Equal(ids(got), want) {
			t.Errorf("ClaimInbox = %v, want %v (received order, limit)", ids(got), want)
		}
		if got[0].Chat != "42" || string(got[0].Body) != `{"text":"3"}` || !got[0].ReceivedAt.Equal(t0.Truncate(time.Microsecond)) {
			t.Errorf("claimed entry = %+v", got[0])
		}
		if other, _ := b.store.ClaimInbox(b.ctx, "slack", "b", lease, 10); len(other) != 0 {
			t.Errorf("ClaimInbox of another source = %v", ids(other))
		}
		// The old owner lost them: its Done records nothing.
		out := []bot.OutboxEntry{{Source: "telegram", Chat: "42", Body: []byte("x")}}
		if err := b.store.Done(b.ctx, "telegram", []string{"3"}, out, "a", lease); !errors.Is(err, bot.ErrLeaseLost) {
			t.Errorf("Done by the old owner = %v, want ErrLeaseLost", err)
		}
		b.clock.Add(lease + time.Second)
		if o, _ := b.store.ClaimOutbox(b.ctx, "telegram", "c", lease, 10); len(o) != 0 {
			t.Errorf("outbox after a lost Done = %v", o)
		}
		// The new owner's Done works, and the other entry waits.
		if err := b.store.Done(b.ctx, "telegram", []string{"3", "1"}, out, "b", lease); err != nil {
			t.Fatal(err)
		}
		if out[0].Seq == 0 || !out[0].CreatedAt.Equal(b.clock.Now().UTC().Truncate(time.Microsecond)) {
			t.Errorf("Done did not set Seq and CreatedAt: %+v", out[0])
		}
		got, err = b.store.ClaimInbox(b.ctx, "telegram", "c", lease, 10)
		if err != nil || !slices.Equal(ids(got), []string{"2"}) {
			t.Errorf("ClaimInbox after Done = %v, %v; want [2]", ids(got), err)
		}
	})

	t.Run("RenewAndRelease", func(t *testing.T) {
		b := setup(t, h)
		if _, err := b.store.Receive(b.ctx, entry("1", "42"), "a", lease); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.Receive(b.ctx, entry("2", "43"), "z", lease); err != nil {
			t.Fatal(err)
		}
		b.clock.Add(lease / 2)
		if err := b.store.Renew(b.ctx, "a", lease); err != nil {
			t.Fatal(err)
		}
		b.clock.Add(lease/2 + time.Second)
		got, err := b.store.ClaimInbox(b.ctx, "telegram", "b", lease, 10)
		if err != nil || !slices.Equal(ids(got), []string{"2"}) {
			t.Fatalf("ClaimInbox after Renew = %v, %v; want [2] (1 renewed)", ids(got), err)
		}
		if err := b.store.Release(b.ctx, "a"); err != nil {
			t.Fatal(err)
		}
		got, err = b.store.ClaimInbox(b.ctx, "telegram", "b", lease, 10)
		if err != nil || !slices.Equal(ids(got), []string{"1"}) {
			t.Errorf("ClaimInbox after Release = %v, %v; want [1]", ids(got), err)
		}
	})

	t.Run("Outbox", func(t *testing.T) {
		b := setup(t, h)
		if _, err := b.store.Receive(b.ctx, entry("1", "42"), "a", lease); err != nil {
			t.Fatal(err)
		}
		out := []bot.OutboxEntry{
			{Source: "telegram", Chat: "42", Body: []byte("one")},
			{Source: "telegram", Chat: "42", Body: []byte("two")},
		}
		if err := b.store.Done(b.ctx, "telegram", []string{"1"}, out, "a", lease); err != nil {
			t.Fatal(err)
		}
		if out[0].Seq >= out[1].Seq {
			t.Errorf("seqs %d, %d not increasing", out[0].Seq, out[1].Seq)
		}
		if o, err := b.store.ClaimOutbox(b.ctx, "telegram", "b", lease, 10); err != nil || len(o) != 0 {
			t.Fatalf("ClaimOutbox under lease = %v, %v", o, err)
		}
		if err := b.store.Sent(b.ctx, out[0].Seq); err != nil {
			t.Fatal(err)
		}
		if err := b.store.Release(b.ctx, "a"); err != nil {
			t.Fatal(err)
		}
		o, err := b.store.ClaimOutbox(b.ctx, "telegram", "b", lease, 10)
		if err != nil || len(o) != 1 || o[0].Seq != out[1].Seq || string(o[0].Body) != "two" || o[0].Chat != "42" {
			t.Fatalf("ClaimOutbox after Sent and Release = %+v, %v; want the second", o, err)
		}
		if o2, _ := b.store.ClaimOutbox(b.ctx, "telegram", "c", lease, 10); len(o2) != 0 {
			t.Errorf("ClaimOutbox of a claimed entry = %+v", o2)
		}
		if err := b.store.Sent(b.ctx, o[0].Seq); err != nil {
			t.Fatal(err)
		}
		b.clock.Add(2 * lease)
		if o, _ := b.store.ClaimOutbox(b.ctx, "telegram", "c", lease, 10); len(o) != 0 {
			t.Errorf("ClaimOutbox after everything was sent = %+v", o)
		}
	})

	t.Run("OutboxWithoutInbox", func(t *testing.T) {
		b := setup(t, h)
		out := []bot.OutboxEntry{{Source: "slack", Chat: "CCARE", Body: []byte("alert")}}
		if err := b.store.Done(b.ctx, "slack", nil, out, "a", lease); err != nil {
			t.Fatal(err)
		}
		if out[0].Seq == 0 {
			t.Fatal("Seq not set")
		}
		b.clock.Add(lease + time.Second)
		o, err := b.store.ClaimOutbox(b.ctx, "slack", "b", lease, 10)
		if err != nil || len(o) != 1 || string(o[0].Body) != "alert" {
			t.Errorf("ClaimOutbox = %+v, %v; want the alert", o, err)
		}
	})

	t.Run("ConcurrentClaimsDisjoint", func(t *testing.T) {
		b := setup(t, h)
		const n = 40
		for i := range n {
			if _, err := b.store.Receive(b.ctx, entry(fmt.Sprint(i), "42"), "dead", lease); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.store.Release(b.ctx, "dead"); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for {
					got, err := b.store.ClaimInbox(b.ctx, "telegram", fmt.Sprint("w", w), lease, 3)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, e := range got {
						seen[e.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("%d entries claimed, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("entry %s claimed %d times", id, c)
			}
		}
	})
}
