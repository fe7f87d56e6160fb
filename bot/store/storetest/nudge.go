package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func sampleNudge(key bot.PersonKey, slot time.Time, state bot.NudgeState) *bot.NudgeRecord {
	return &bot.NudgeRecord{Person: key, Slot: slot.UTC().Truncate(time.Minute), Kind: bot.NudgeKindSlot,
		State: state, Job: 17}
}

func sameNudge(t *testing.T, got, want *bot.NudgeRecord) {
	t.Helper()
	if got.Person != want.Person || !got.Slot.Equal(want.Slot) || got.Kind != want.Kind ||
		got.State != want.State || got.Job != want.Job || got.Prompt != want.Prompt || got.Cycle != want.Cycle ||
		!got.SentAt.Equal(want.SentAt) || !got.DoneAt.Equal(want.DoneAt) {
		t.Errorf("nudge = %+v\nwant %+v", got, want)
	}
	if got.Slot.Location() != time.UTC {
		t.Errorf("Slot in %v, want UTC", got.Slot.Location())
	}
}

func testNudge(t *testing.T, h Harness) {
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "9"}

	t.Run("AddOnce", func(t *testing.T) {
		b := setup(t, h)
		r := sampleNudge(key, t0, bot.NudgeScheduled)
		added, err := b.store.AddNudge(b.ctx, r)
		if err != nil || !added {
			t.Fatalf("AddNudge = %v, %v; want true", added, err)
		}
		dup := sampleNudge(key, t0, bot.NudgeSent)
		dup.Job = 99
		added, err = b.store.AddNudge(b.ctx, dup)
		if err != nil || added {
			t.Fatalf("AddNudge(same slot) = %v, %v; want false", added, err)
		}
		got, err := b.store.Nudge(b.ctx, key, r.Slot)
		if err != nil {
			t.Fatal(err)
		}
		sameNudge(t, got, r)
	})

	t.Run("NotFound", func(t *testing.T) {
		b := setup(t, h)
		if _, err := b.store.Nudge(b.ctx, key, t0); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Nudge(unknown) = %v, want ErrNotFound", err)
		}
		if err := b.store.UpdateNudge(b.ctx, sampleNudge(key, t0, bot.NudgeSent)); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("UpdateNudge(unknown) = %v, want ErrNotFound", err)
		}
	})

	t.Run("Update", func(t *testing.T) {
		b := setup(t, h)
		r := sampleNudge(key, t0, bot.NudgeScheduled)
		if _, err := b.store.AddNudge(b.ctx, r); err != nil {
			t.Fatal(err)
		}
		b.clock.Add(time.Minute)
		r.State, r.Prompt, r.Cycle = bot.NudgeSent, "exercise.bridge#2", 3
		r.SentAt = b.clock.Now().Truncate(time.Microsecond)
		r.DoneAt = r.SentAt.Add(10 * time.Minute)
		if err := b.store.UpdateNudge(b.ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := b.store.Nudge(b.ctx, key, r.Slot)
		if err != nil {
			t.Fatal(err)
		}
		sameNudge(t, got, r)
		if !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
		}
		r.DoneAt = time.Time{}
		if err := b.store.UpdateNudge(b.ctx, r); err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.Nudge(b.ctx, key, r.Slot); err != nil || !got.DoneAt.IsZero() {
			t.Errorf("DoneAt after clearing = %v, %v; want zero", got.DoneAt, err)
		}
	})

	t.Run("UpdateIf", func(t *testing.T) {
		b := setup(t, h)
		r := sampleNudge(key, t0, bot.NudgeScheduled)
		if _, err := b.store.AddNudge(b.ctx, r); err != nil {
			t.Fatal(err)
		}
		claim := *r
		claim.State, claim.Prompt, claim.Cycle = bot.NudgeSending, "exercise.bridge#1", 2
		for _, c := range []struct {
			state bot.NudgeState
			job   int64
		}{{bot.NudgeSent, r.Job}, {bot.NudgeScheduled, r.Job + 1}, {bot.NudgeScheduled, 0}} {
			ok, err := b.store.UpdateNudgeIf(b.ctx, &claim, c.state, c.job)
			if err != nil || ok {
				t.Fatalf("UpdateNudgeIf(%s, job %d) on a record scheduled for job %d = %v, %v; want false", c.state, c.job, r.Job, ok, err)
			}
		}
		if got, err := b.store.Nudge(b.ctx, key, r.Slot); err != nil {
			t.Fatal(err)
		} else {
			sameNudge(t, got, r) // untouched
		}
		ok, err := b.store.UpdateNudgeIf(b.ctx, &claim, bot.NudgeScheduled, r.Job)
		if err != nil || !ok {
			t.Fatalf("UpdateNudgeIf(scheduled, job %d) = %v, %v; want true", r.Job, ok, err)
		}
		got, err := b.store.Nudge(b.ctx, key, r.Slot)
		if err != nil {
			t.Fatal(err)
		}
		sameNudge(t, got, &claim)
		// A second claim of the same record finds it changed.
		if ok, err := b.store.UpdateNudgeIf(b.ctx, &claim, bot.NudgeScheduled, r.Job); err != nil || ok {
			t.Errorf("second UpdateNudgeIf = %v, %v; want false", ok, err)
		}
		gone := sampleNudge(key, t0.Add(time.Hour), bot.NudgeSending)
		if ok, err := b.store.UpdateNudgeIf(b.ctx, gone, bot.NudgeScheduled, gone.Job); err != nil || ok {
			t.Errorf("UpdateNudgeIf(unknown) = %v, %v; want false", ok, err)
		}
	})

	t.Run("Query", func(t *testing.T) {
		b := setup(t, h)
		other := bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "9"}
		states := []bot.NudgeState{bot.NudgeSent, bot.NudgeDoubt, bot.NudgeSent, bot.NudgeScheduled}
		for i, s := range states {
			if _, err := b.store.AddNudge(b.ctx, sampleNudge(key, t0.Add(time.Duration(i)*24*time.Hour), s)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.store.AddNudge(b.ctx, sampleNudge(other, t0, bot.NudgeSent)); err != nil {
			t.Fatal(err)
		}
		slots := func(rs []bot.NudgeRecord) []int {
			var out []int
			for _, r := range rs {
				out = append(out, int(r.Slot.Sub(t0.UTC().Truncate(time.Minute))/(24*time.Hour)))
			}
			return out
		}
		for _, tc := range []struct {
			name string
			q    bot.NudgeQuery
			want []int
		}{
			{"All", bot.NudgeQuery{}, []int{3, 2, 1, 0}},
			{"States", bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeSent, bot.NudgeDoubt}}, []int{2, 1, 0}},
			{"OneState", bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeScheduled}}, []int{3}},
			{"Since", bot.NudgeQuery{Since: t0.Add(24 * time.Hour).Truncate(time.Minute)}, []int{3, 2, 1}},
			{"Limit", bot.NudgeQuery{Limit: 2}, []int{3, 2}},
			{"Combined", bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeSent}, Since: t0.Add(time.Hour), Limit: 5}, []int{2}},
		} {
			rs, err := b.store.Nudges(b.ctx, key, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := slots(rs); !equalInts(got, tc.want) {
				t.Errorf("%s: slots %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
