package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/memory"
)

func TestPersonRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s := memory.New(memory.WithNow(func() time.Time { return now }))
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "42"}

	if _, err := s.Person(ctx, key); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("Person of nobody: err %v, want ErrNotFound", err)
	}
	p := &bot.Person{Key: key, Lang: "es", Nudge: bot.NudgeSettings{Times: []string{"09:00"}}}
	if err := s.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if !p.CreatedAt.Equal(now) || !p.UpdatedAt.Equal(now) {
		t.Errorf("timestamps %v %v, want %v", p.CreatedAt, p.UpdatedAt, now)
	}
	p.Nudge.Times[0] = "23:00" // the store keeps its own copy
	got, err := s.Person(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lang != "es" || got.Nudge.Times[0] != "09:00" {
		t.Errorf("got %+v", got)
	}
	got.Nudge.Times[0] = "22:00"
	if again, _ := s.Person(ctx, key); again.Nudge.Times[0] != "09:00" {
		t.Errorf("a returned person shares memory with the store")
	}

	if err := s.Forget(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Person(ctx, key); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("after Forget: err %v, want ErrNotFound", err)
	}
	if err := s.Forget(ctx, key); err != nil {
		t.Errorf("forgetting someone unknown: %v", err)
	}
}

func TestCreatedAtKept(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	s := memory.New(memory.WithNow(func() time.Time { return now }))
	key := bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "D1"}
	s.SavePerson(ctx, &bot.Person{Key: key})
	now = now.Add(time.Hour)
	p := &bot.Person{Key: key}
	s.SavePerson(ctx, p)
	if p.CreatedAt.Equal(p.UpdatedAt) || !p.UpdatedAt.Equal(now) {
		t.Errorf("created %v updated %v", p.CreatedAt, p.UpdatedAt)
	}
}

func TestMarkProcessed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := memory.New()
	for i, want := range []bool{true, false, false} {
		if first, err := s.MarkProcessed(ctx, "telegram", "1"); err != nil || first != want {
			t.Errorf("call %d: first %v err %v, want %v", i, first, err, want)
		}
	}
	if first, _ := s.MarkProcessed(ctx, "slack", "1"); !first {
		t.Errorf("the same id from another source is new")
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := memory.New()
	var wg sync.WaitGroup
	firsts := make(chan bool, 100)
	for i := range 100 {
		wg.Go(func() {
			key := bot.PersonKey{Platform: bot.PlatformConsole, ChatID: fmt.Sprint(i % 10)}
			s.SavePerson(ctx, &bot.Person{Key: key})
			s.Person(ctx, key)
			first, _ := s.MarkProcessed(ctx, "x", "same")
			firsts <- first
		})
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	if n != 1 || s.Len() != 10 {
		t.Errorf("%d first marks (want 1), %d people (want 10)", n, s.Len())
	}
}
