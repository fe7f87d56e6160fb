package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func testThread(t *testing.T, h Harness) {
	parent := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "7"}

	t.Run("NotFound", func(t *testing.T) {
		b := setup(t, h)
		if _, err := b.store.ThreadByTS(b.ctx, "C1", "1.1"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("ThreadByTS(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := b.store.OpenThread(b.ctx, parent); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("OpenThread(unknown) = %v, want ErrNotFound", err)
		}
	})

	t.Run("SaveAndReplace", func(t *testing.T) {
		b := setup(t, h)
		th := &bot.Thread{Person: parent, Channel: "C1", TS: "1700000000.000100", Level: bot.LevelEmergency}
		if err := b.store.SaveThread(b.ctx, th); err != nil {
			t.Fatal(err)
		}
		created := th.CreatedAt
		if created.IsZero() || !th.UpdatedAt.Equal(created) {
			t.Errorf("SaveThread set CreatedAt %v UpdatedAt %v", th.CreatedAt, th.UpdatedAt)
		}
		b.clock.Add(time.Minute)
		th.ClaimedBy, th.Resolved = "U123", true
		if err := b.store.SaveThread(b.ctx, th); err != nil {
			t.Fatal(err)
		}
		got, err := b.store.ThreadByTS(b.ctx, "C1", th.TS)
		if err != nil {
			t.Fatal(err)
		}
		want := *th
		want.CreatedAt = created
		if got.Person != want.Person || got.Channel != want.Channel || got.TS != want.TS ||
			got.Level != want.Level || got.ClaimedBy != want.ClaimedBy || got.Resolved != want.Resolved ||
			!got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(created.Add(time.Minute)) {
			t.Errorf("ThreadByTS = %+v, want %+v", got, want)
		}
	})

	t.Run("OpenThreadNewestUnresolved", func(t *testing.T) {
		b := setup(t, h)
		other := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "8"}
		threads := []*bot.Thread{
			{Person: parent, Channel: "C1", TS: "1.0", Level: bot.LevelProvider},
			{Person: parent, Channel: "C1", TS: "2.0", Level: bot.LevelEmergency},
			{Person: parent, Channel: "C1", TS: "3.0", Resolved: true},
			{Person: other, Channel: "C1", TS: "4.0"},
		}
		for _, th := range threads {
			if err := b.store.SaveThread(b.ctx, th); err != nil {
				t.Fatal(err)
			}
			b.clock.Add(time.Second)
		}
		got, err := b.store.OpenThread(b.ctx, parent)
		if err != nil {
			t.Fatal(err)
		}
		if got.TS != "2.0" {
			t.Errorf("OpenThread = %s, want 2.0 (newest unresolved)", got.TS)
		}
		threads[1].Resolved = true
		if err := b.store.SaveThread(b.ctx, threads[1]); err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.OpenThread(b.ctx, parent); err != nil || got.TS != "1.0" {
			t.Errorf("OpenThread after resolving 2.0 = %v, %v; want 1.0", got, err)
		}
	})
	t.Run("AuditTrail", func(t *testing.T) {
		b := setup(t, h)
		th := &bot.Thread{Person: parent, Channel: "C1", TS: "1.0", Level: bot.LevelEmergency}
		if err := b.store.SaveThread(b.ctx, th); err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.ThreadEvents(b.ctx, "C1", "1.0"); err != nil || len(got) != 0 {
			t.Fatalf("ThreadEvents of a new thread = %v, %v; want none", got, err)
		}
		events := []*bot.ThreadEvent{
			{Channel: "C1", TS: "1.0", Kind: bot.ThreadPosted, MessageTS: "1.0"},
			{Channel: "C1", TS: "1.0", Kind: bot.ThreadClaimed, Actor: "UANA"},
			{Channel: "C1", TS: "1.0", Kind: bot.ThreadReplied, Actor: "UANA", Text: "We'll call you in 5 minutes ñ"},
			{Channel: "C1", TS: "1.0", Kind: bot.ThreadResolved, Actor: "UBEA"},
			{Channel: "C2", TS: "1.0", Kind: bot.ThreadClaimed, Actor: "UOTHER"},
		}
		for _, e := range events {
			if err := b.store.AddThreadEvent(b.ctx, e); err != nil {
				t.Fatal(err)
			}
			if !e.At.Equal(b.clock.Now()) {
				t.Errorf("AddThreadEvent set At %v, want the store's clock %v", e.At, b.clock.Now())
			}
			b.clock.Add(time.Second)
		}
		got, err := b.store.ThreadEvents(b.ctx, "C1", "1.0")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("ThreadEvents = %d events, want 4: %+v", len(got), got)
		}
		for i, e := range got {
			w := events[i]
			if e.Channel != w.Channel || e.TS != w.TS || e.Kind != w.Kind || e.Actor != w.Actor ||
				e.MessageTS != w.MessageTS || e.Text != w.Text || !e.At.Equal(w.At) {
				t.Errorf("event %d = %+v, want %+v", i, e, *w)
			}
		}
		// Forget deletes the link to the parent, not the trail.
		if err := b.store.Forget(b.ctx, parent); err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.ThreadEvents(b.ctx, "C1", "1.0"); err != nil || len(got) != 4 {
			t.Errorf("trail after Forget: %d events, %v; want 4", len(got), err)
		}
	})

	t.Run("PersonThreads", func(t *testing.T) {
		b := setup(t, h)
		other := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "8"}
		if got, err := b.store.PersonThreads(b.ctx, parent); err != nil || len(got) != 0 {
			t.Fatalf("PersonThreads(unknown) = %v, %v; want none", got, err)
		}
		for _, th := range []*bot.Thread{
			{Person: parent, Channel: "C1", TS: "1.0", Resolved: true},
			{Person: other, Channel: "C1", TS: "2.0"},
			{Person: parent, Channel: "C1", TS: "3.0"},
		} {
			if err := b.store.SaveThread(b.ctx, th); err != nil {
				t.Fatal(err)
			}
			b.clock.Add(time.Second)
		}
		got, err := b.store.PersonThreads(b.ctx, parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].TS != "1.0" || !got[0].Resolved || got[1].TS != "3.0" || got[1].Person != parent {
			t.Errorf("PersonThreads = %+v, want 1.0 (resolved) then 3.0", got)
		}
		if err := b.store.Forget(b.ctx, parent); err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.PersonThreads(b.ctx, parent); err != nil || len(got) != 0 {
			t.Errorf("PersonThreads after Forget = %v, %v; want none", got, err)
		}
	})
	t.Run("ClaimAndResolveOnce", func(t *testing.T) {
		b := setup(t, h)
		if _, err := b.store.ClaimThread(b.ctx, "C1", "9.0", "U1"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("ClaimThread(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := b.store.ResolveThread(b.ctx, "C1", "9.0"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("ResolveThread(unknown) = %v, want ErrNotFound", err)
		}
		th := &bot.Thread{Person: parent, Channel: "C1", TS: "9.0", Level: bot.LevelProvider}
		if err := b.store.SaveThread(b.ctx, th); err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			ok, err := b.store.ClaimThread(b.ctx, "C1", "9.0", []string{"UANA", "UBEA"}[i])
			if err != nil || ok != want {
				t.Errorf("claim %d = %v, %v; want %v", i+1, ok, err, want)
			}
		}
		if got, _ := b.store.ThreadByTS(b.ctx, "C1", "9.0"); got.ClaimedBy != "UANA" {
			t.Errorf("claimed by %q, want the first", got.ClaimedBy)
		}
		for i, want := range []bool{true, false} {
			if ok, err := b.store.ResolveThread(b.ctx, "C1", "9.0"); err != nil || ok != want {
				t.Errorf("resolve %d = %v, %v; want %v", i+1, ok, err, want)
			}
		}
		if got, _ := b.store.ThreadByTS(b.ctx, "C1", "9.0"); !got.Resolved {
			t.Error("not resolved")
		}
		// A resolved thread takes no claim.
		th2 := &bot.Thread{Person: parent, Channel: "C1", TS: "9.1", Resolved: true}
		if err := b.store.SaveThread(b.ctx, th2); err != nil {
			t.Fatal(err)
		}
		if ok, err := b.store.ClaimThread(b.ctx, "C1", "9.1", "UANA"); ok || err != nil {
			t.Errorf("claim of a resolved thread = %v, %v", ok, err)
		}
	})
}
