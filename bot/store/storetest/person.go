package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func samplePerson(chat string) *bot.Person {
	return &bot.Person{
		Key:      bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: chat},
		Lang:     "es",
		TimeZone: "America/Mexico_City",
		Consent:  bot.ConsentGranted,
		Active:   true,
		Nudge: bot.NudgeSettings{
			Enabled: true,
			Times:   []string{"08:30", "13:00"},
			Areas:   []string{"wrist_hand", "back"},
			Quiet:   "22:00-07:00",
		},
		Context: bot.Context{
			LastIntent: "exercise.bridge",
			MoreShown:  true,
			Pending:    "timezone",
			UpdatedAt:  t0.Add(-time.Minute),
		},
	}
}

// samePerson reports the first difference between two people, ignoring the
// zone of times (stores return UTC) and CreatedAt/UpdatedAt.
func samePerson(got, want *bot.Person) error {
	g, w := *got, *want
	if !g.Context.UpdatedAt.Equal(w.Context.UpdatedAt) {
		return fmt.Errorf("Context.UpdatedAt = %v, want %v", g.Context.UpdatedAt, w.Context.UpdatedAt)
	}
	g.Context.UpdatedAt, w.Context.UpdatedAt = time.Time{}, time.Time{}
	g.CreatedAt, w.CreatedAt, g.UpdatedAt, w.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		return fmt.Errorf("person = %+v\nwant %+v", g, w)
	}
	return nil
}

func testPerson(t *testing.T, h Harness) {
	t.Run("NotFound", func(t *testing.T) {
		b := setup(t, h)
		_, err := b.store.Person(b.ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "nobody"})
		if !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("Person(unknown) error = %v, want ErrNotFound", err)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		b := setup(t, h)
		p := samplePerson("100")
		if err := b.store.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		if !p.CreatedAt.Equal(t0.Truncate(time.Microsecond)) || !p.UpdatedAt.Equal(p.CreatedAt) {
			t.Errorf("SavePerson set CreatedAt %v UpdatedAt %v, want both %v", p.CreatedAt, p.UpdatedAt, t0)
		}
		got, err := b.store.Person(b.ctx, p.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := samePerson(got, p); err != nil {
			t.Error(err)
		}
		if got.CreatedAt.Location() != time.UTC || !got.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, p.CreatedAt)
		}
	})

	t.Run("Zero", func(t *testing.T) {
		b := setup(t, h)
		p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "D1"}}
		if err := b.store.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := b.store.Person(b.ctx, p.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := samePerson(got, p); err != nil {
			t.Error(err)
		}
		if got.Nudge.Times != nil || got.Nudge.Areas != nil {
			t.Errorf("empty lists read back as %#v %#v, want nil", got.Nudge.Times, got.Nudge.Areas)
		}
	})

	t.Run("Replace", func(t *testing.T) {
		b := setup(t, h)
		p := samplePerson("100")
		if err := b.store.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		created := p.CreatedAt
		b.clock.Add(time.Hour)
		p.Lang, p.Active, p.Consent = "en", false, bot.ConsentDenied
		p.Nudge = bot.NudgeSettings{Times: []string{"09:00"}}
		p.Context = bot.Context{}
		if err := b.store.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := b.store.Person(b.ctx, p.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := samePerson(got, p); err != nil {
			t.Error(err)
		}
		if !got.CreatedAt.Equal(created) {
			t.Errorf("CreatedAt changed on replace: %v, want %v", got.CreatedAt, created)
		}
		if want := created.Add(time.Hour); !got.UpdatedAt.Equal(want) || !p.UpdatedAt.Equal(want) {
			t.Errorf("UpdatedAt = %v (stored) %v (set), want %v", got.UpdatedAt, p.UpdatedAt, want)
		}
	})

	t.Run("KeyedByPlatformAndChat", func(t *testing.T) {
		b := setup(t, h)
		tg := samplePerson("42")
		sl := samplePerson("42")
		sl.Key.Platform, sl.Lang = bot.PlatformSlack, "en"
		for _, p := range []*bot.Person{tg, sl} {
			if err := b.store.SavePerson(b.ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []*bot.Person{tg, sl} {
			got, err := b.store.Person(b.ctx, p.Key)
			if err != nil {
				t.Fatal(err)
			}
			if got.Lang != p.Lang {
				t.Errorf("Person(%v).Lang = %q, want %q", p.Key, got.Lang, p.Lang)
			}
		}
	})

	t.Run("ConcurrentSaves", func(t *testing.T) {
		b := setup(t, h)
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- b.store.SavePerson(b.ctx, samplePerson(fmt.Sprint(i%2)))
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func testForget(t *testing.T, h Harness) {
	t.Run("Unknown", func(t *testing.T) {
		b := setup(t, h)
		if err := b.store.Forget(b.ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "nobody"}); err != nil {
			t.Fatalf("Forget(unknown) = %v, want nil", err)
		}
	})

	t.Run("Everything", func(t *testing.T) {
		b := setup(t, h)
		gone, kept := samplePerson("1"), samplePerson("2")
		for _, p := range []*bot.Person{gone, kept} {
			if err := b.store.SavePerson(b.ctx, p); err != nil {
				t.Fatal(err)
			}
			if _, err := b.store.AddNudge(b.ctx, sampleNudge(p.Key, t0, bot.NudgeSent)); err != nil {
				t.Fatal(err)
			}
			if err := b.store.SaveThread(b.ctx, &bot.Thread{Person: p.Key, Channel: "C1", TS: p.Key.ChatID + ".0"}); err != nil {
				t.Fatal(err)
			}
			if err := b.store.AddGap(b.ctx, bot.Gap{Person: p.Key, Lang: "en", Text: "gap of " + p.Key.ChatID, Reason: bot.GapFallback}); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.store.Forget(b.ctx, gone.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.Person(b.ctx, gone.Key); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Person after Forget: %v, want ErrNotFound", err)
		}
		if rs, err := b.store.Nudges(b.ctx, gone.Key, bot.NudgeQuery{}); err != nil || len(rs) != 0 {
			t.Errorf("Nudges after Forget = %d records, %v; want none", len(rs), err)
		}
		if _, err := b.store.OpenThread(b.ctx, gone.Key); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("OpenThread after Forget: %v, want ErrNotFound", err)
		}
		if _, err := b.store.ThreadByTS(b.ctx, "C1", "1.0"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("ThreadByTS after Forget: %v, want ErrNotFound", err)
		}
		if gs, err := b.store.TopGaps(b.ctx, time.Time{}, 0); err != nil || len(gs) != 1 || gs[0].Text != "gap of 2" {
			t.Errorf("TopGaps after Forget = %+v, %v; want only the other person's gap", gs, err)
		}
		if _, err := b.store.Person(b.ctx, kept.Key); err != nil {
			t.Errorf("other person after Forget: %v", err)
		}
		if rs, err := b.store.Nudges(b.ctx, kept.Key, bot.NudgeQuery{}); err != nil || len(rs) != 1 {
			t.Errorf("other person's Nudges after Forget = %d, %v; want 1", len(rs), err)
		}
		if _, err := b.store.OpenThread(b.ctx, kept.Key); err != nil {
			t.Errorf("other person's thread after Forget: %v", err)
		}
	})
}
