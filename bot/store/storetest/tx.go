package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func testTx(t *testing.T, h Harness) {
	t.Run("Commit", func(t *testing.T) {
		b := setup(t, h)
		p := samplePerson("1")
		err := b.h.InTx(b.ctx, b.store, func(tx TxStore) error {
			if err := tx.SavePerson(b.ctx, p); err != nil {
				return err
			}
			if _, err := tx.AddNudge(b.ctx, sampleNudge(p.Key, t0, bot.NudgeScheduled)); err != nil {
				return err
			}
			// Reads inside the transaction see its writes.
			got, err := tx.LockPerson(b.ctx, p.Key)
			if err != nil {
				return err
			}
			return samePerson(got, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.Person(b.ctx, p.Key); err != nil {
			t.Errorf("Person after commit: %v", err)
		}
		if _, err := b.store.Nudge(b.ctx, p.Key, t0.UTC().Truncate(time.Minute)); err != nil {
			t.Errorf("Nudge after commit: %v", err)
		}
	})

	t.Run("Rollback", func(t *testing.T) {
		b := setup(t, h)
		p := samplePerson("1")
		boom := errors.New("boom")
		err := b.h.InTx(b.ctx, b.store, func(tx TxStore) error {
			if err := tx.SavePerson(b.ctx, p); err != nil {
				return err
			}
			if _, err := tx.MarkProcessed(b.ctx, "telegram", "5"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		if _, err := b.store.Person(b.ctx, p.Key); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Person after rollback: %v, want ErrNotFound", err)
		}
		if first, err := b.store.MarkProcessed(b.ctx, "telegram", "5"); err != nil || !first {
			t.Errorf("MarkProcessed after rollback: first = %v, %v; want true", first, err)
		}
	})

	t.Run("ForgetInTx", func(t *testing.T) {
		b := setup(t, h)
		p := samplePerson("1")
		if err := b.store.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		err := b.h.InTx(b.ctx, b.store, func(tx TxStore) error { return tx.Forget(b.ctx, p.Key) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.Person(b.ctx, p.Key); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Person after Forget in tx: %v, want ErrNotFound", err)
		}
	})
}
