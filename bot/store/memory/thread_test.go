package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/store/memory"
)

// setup returns a context, an empty store and its clock.
func setup(t *testing.T) (context.Context, *memory.Store, *testclock.Clock) {
	t.Helper()
	t.Parallel()
	c := testclock.New(time.Date(2025, 3, 9, 6, 59, 30, 123456000, time.UTC))
	return t.Context(), memory.New(memory.WithNow(c.Now)), c
}

var (
	parent = bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "7"}
	other  = bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "8"}
)

func TestThreadNotFound(t *testing.T) {
	ctx, s, _ := setup(t)
	if _, err := s.ThreadByTS(ctx, "C1", "1.1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("ThreadByTS(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.OpenThread(ctx, parent); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("OpenThread(unknown) = %v, want ErrNotFound", err)
	}
}

func TestThreadSaveAndReplace(t *testing.T) {
	ctx, s, clk := setup(t)
	th := &bot.Thread{Person: parent, Channel: "C1", TS: "1700000000.000100", Level: bot.LevelEmergency}
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	created := th.CreatedAt
	if !created.Equal(clk.Now()) || !th.UpdatedAt.Equal(created) {
		t.Errorf("SaveThread set CreatedAt %v UpdatedAt %v, want both %v", th.CreatedAt, th.UpdatedAt, clk.Now())
	}
	clk.Add(time.Minute)
	th.ClaimedBy, th.Resolved = "U123", true
	th.CreatedAt = time.Time{} // the store keeps its own creation time
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	if !th.CreatedAt.Equal(created) || !th.UpdatedAt.Equal(created.Add(time.Minute)) {
		t.Errorf("replacing set CreatedAt %v UpdatedAt %v", th.CreatedAt, th.UpdatedAt)
	}
	got, err := s.ThreadByTS(ctx, "C1", th.TS)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *th {
		t.Errorf("ThreadByTS = %+v, want %+v", got, th)
	}
	if _, err := s.ThreadByTS(ctx, "C2", th.TS); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("the same ts in another channel: %v, want ErrNotFound", err)
	}

	// Neither the saved value nor a returned one shares memory with the
	// store.
	th.ClaimedBy = "U999"
	got.Resolved = false
	if again, _ := s.ThreadByTS(ctx, "C1", th.TS); again.ClaimedBy != "U123" || !again.Resolved {
		t.Errorf("the stored thread changed through a pointer: %+v", again)
	}
}

func TestOpenThreadNewestUnresolved(t *testing.T) {
	ctx, s, clk := setup(t)
	threads := []*bot.Thread{
		{Person: parent, Channel: "C1", TS: "1.0", Level: bot.LevelProvider},
		{Person: parent, Channel: "C1", TS: "2.0", Level: bot.LevelEmergency},
		{Person: parent, Channel: "C1", TS: "3.0", Resolved: true},
		{Person: other, Channel: "C1", TS: "4.0"},
	}
	for _, th := range threads {
		if err := s.SaveThread(ctx, th); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Second)
	}
	if got, err := s.OpenThread(ctx, parent); err != nil || got.TS != "2.0" {
		t.Fatalf("OpenThread = %+v, %v; want 2.0 (newest unresolved)", got, err)
	}
	threads[1].Resolved = true
	if err := s.SaveThread(ctx, threads[1]); err != nil {
		t.Fatal(err)
	}
	if got, err := s.OpenThread(ctx, parent); err != nil || got.TS != "1.0" {
		t.Errorf("OpenThread after resolving 2.0 = %+v, %v; want 1.0", got, err)
	}
	// Saving an older thread again does not make it newer.
	threads[0].ClaimedBy = "U1"
	clk.Add(time.Hour)
	if err := s.SaveThread(ctx, &bot.Thread{Person: parent, Channel: "C1", TS: "5.0"}); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)
	if err := s.SaveThread(ctx, threads[0]); err != nil {
		t.Fatal(err)
	}
	if got, err := s.OpenThread(ctx, parent); err != nil || got.TS != "5.0" {
		t.Errorf("OpenThread = %+v, %v; want 5.0 (created last, though 1.0 was updated last)", got, err)
	}
	if got, err := s.OpenThread(ctx, other); err != nil || got.TS != "4.0" {
		t.Errorf("OpenThread(other) = %+v, %v; want 4.0", got, err)
	}
}

func TestOpenThreadSameInstant(t *testing.T) {
	ctx, s, _ := setup(t)
	for _, ts := range []string{"1700000000.000200", "1700000000.000300", "1700000000.000100"} {
		if err := s.SaveThread(ctx, &bot.Thread{Person: parent, Channel: "C1", TS: ts}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.OpenThread(ctx, parent); err != nil || got.TS != "1700000000.000300" {
		t.Errorf("OpenThread = %+v, %v; want the greatest ts among threads created at once", got, err)
	}
}

func TestForgetDeletesThreads(t *testing.T) {
	ctx, s, _ := setup(t)
	for _, th := range []*bot.Thread{
		{Person: parent, Channel: "C1", TS: "1.0"},
		{Person: parent, Channel: "C2", TS: "2.0", Resolved: true},
		{Person: other, Channel: "C1", TS: "3.0"},
	} {
		if err := s.SaveThread(ctx, th); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SavePerson(ctx, &bot.Person{Key: parent}); err != nil {
		t.Fatal(err)
	}
	if err := s.Forget(ctx, parent); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenThread(ctx, parent); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("OpenThread after Forget: %v, want ErrNotFound", err)
	}
	for _, k := range [][2]string{{"C1", "1.0"}, {"C2", "2.0"}} {
		if _, err := s.ThreadByTS(ctx, k[0], k[1]); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("ThreadByTS(%s, %s) after Forget: %v, want ErrNotFound", k[0], k[1], err)
		}
	}
	if got, err := s.ThreadByTS(ctx, "C1", "3.0"); err != nil || got.Person != other {
		t.Errorf("someone else's thread after Forget: %+v, %v", got, err)
	}
	// Forgetting someone with threads but no person record works too.
	if err := s.Forget(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenThread(ctx, other); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("OpenThread(other) after Forget: %v, want ErrNotFound", err)
	}
}

func TestThreadConcurrentUse(t *testing.T) {
	ctx, s, _ := setup(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(i % 5)}
			ts := fmt.Sprintf("%d.0", i)
			s.SaveThread(ctx, &bot.Thread{Person: key, Channel: "C1", TS: ts})
			s.ThreadByTS(ctx, "C1", ts)
			s.OpenThread(ctx, key)
		})
	}
	wg.Wait()
	for i := range 50 {
		got, err := s.ThreadByTS(ctx, "C1", fmt.Sprintf("%d.0", i))
		if err != nil || got.Person.ChatID != fmt.Sprint(i%5) {
			t.Errorf("thread %d: %+v, %v", i, got, err)
		}
	}
	for c := range 5 {
		key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(c)}
		if got, err := s.OpenThread(ctx, key); err != nil || got.Person != key {
			t.Errorf("OpenThread(%d) = %+v, %v", c, got, err)
		}
	}
}
