package nudge

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
)

// TestTwoReplicas runs two schedulers, each with its own connection pool
// and River client, on one PostgreSQL schema, as two `carebot serve`
// replicas would. People are scheduled through both; while the nudges go
// out, some change their settings through the other replica. Every slot
// is delivered exactly once, each person ends with exactly one pending
// nudge, and both replicas delivered some.
//
// The test clock stands still at 08:00:30 once the nudges are due: no job
// may fail or be snoozed (either would be due again at a time that never
// comes, so the test stops at the first such event and says why), and the
// waits are on River's events, bounded generously, never on a deadline
// that a loaded machine could miss.
func TestTwoReplicas(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	clock := testclock.New(monday0759)
	snd := newFakeSender()

	var (
		replicas []*Scheduler
		senders  []*replicaSender
	)
	for i, db := range pgtest.Replicas(t, 2, postgres.WithNow(clock.Now), postgres.WithMaxConns(12)) {
		rs := &replicaSender{Sender: snd}
		s, err := New(ctx, db, Config{
			KB:              testKB,
			Senders:         map[bot.Platform]bot.Sender{bot.PlatformTelegram: rs},
			Limits:          map[bot.Platform]Limit{},
			DefaultTimeZone: "America/New_York",
			Workers:         10,
			RescueAfter:     noRescue, // no crash here; see noRescue
			PollInterval:    20 * time.Millisecond,
			FetchCooldown:   5 * time.Millisecond,
			ID:              fmt.Sprintf("replica-%d", i),
			Logger:          testLogger(),
			Now:             clock.Now,
		})
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, s)
		senders = append(senders, rs)
	}
	const people = 200
	key := func(i int) bot.PersonKey {
		return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprintf("r%03d", i)}
	}
	person := func(i int) *bot.Person {
		return &bot.Person{Key: key(i), Lang: "en", TimeZone: "America/New_York", Active: true}
	}
	for i := range people {
		if err := replicas[i%2].SetNudges(ctx, person(i), morning()); err != nil {
			t.Fatal(err)
		}
	}
	// Every job that stops running, on either replica, is an event here
	// (River buffers 1,000 a subscription; this test makes about 250).
	var events []<-chan *river.Event
	for _, s := range replicas {
		ch, cancel := s.eng.subscribe(eventCompleted, eventCancelled, eventFailed, eventSnoozed)
		t.Cleanup(cancel)
		events = append(events, ch)
		if err := s.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s.Shutdown(sctx)
		})
	}
	clock.Set(at0800.Add(30 * time.Second))

	// While deliveries run, the first 50 people add a 13:00 nudge through
	// the replica that did not schedule them. Whoever's 08:00 nudge was
	// not claimed yet loses it (new settings replace pending nudges).
	for range 20 {
		snd.wait(t, wait)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for j := range 50 {
		wg.Go(func() {
			errs <- replicas[(j+1)%2].SetNudges(ctx, person(j),
				bot.NudgeSettings{Enabled: true, Times: []string{"08:00", "13:00"}})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// Wait until every 08:00 nudge is handled: no nudge job due or running,
	// and every 08:00 record sent or cancelled. Each job that finishes
	// after this point ends with an event; jobs cancelled before they ran
	// were cancelled inside SetNudges, which has returned.
	db := replicas[0].db
	handled := func() bool {
		rows, err := replicas[0].eng.list(ctx, riverListLive())
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) > 0 {
			return false
		}
		for i := range people {
			rec, err := db.Nudge(ctx, key(i), at0800)
			if err != nil {
				t.Fatal(err)
			}
			if rec.State == bot.NudgeScheduled || rec.State == bot.NudgeSending {
				return false
			}
		}
		return true
	}
	check := func(ev *river.Event) {
		if ev.Kind == eventFailed || ev.Kind == eventSnoozed {
			t.Fatalf("job %d (%s) %s on %v: %+v", ev.Job.ID, ev.Job.Kind, ev.Kind, ev.Job.AttemptedBy, ev.Job.Errors)
		}
	}
	const patience = 3 * time.Minute
	timeout := time.After(patience)
	for !handled() {
		select {
		case ev := <-events[0]:
			check(ev)
		case ev := <-events[1]:
			check(ev)
		case <-timeout:
			rows, _ := replicas[0].eng.list(ctx, riverListLive())
			t.Fatalf("08:00 nudges not all handled within %s; %d nudge jobs live", patience, len(rows))
		}
		// Take whatever else came in before checking again.
		for drained := false; !drained; {
			select {
			case ev := <-events[0]:
				check(ev)
			case ev := <-events[1]:
				check(ev)
			default:
				drained = true
			}
		}
	}

	cancelled := 0
	for i := range people {
		rec, err := db.Nudge(ctx, key(i), at0800)
		if err != nil {
			t.Fatal(err)
		}
		n := snd.count(key(i))
		switch {
		case rec.State == bot.NudgeSent && n == 1:
		case rec.State == bot.NudgeCancelled && n == 0 && i < 50:
			cancelled++
		default:
			t.Errorf("%s: 08:00 record %s, delivered %d times", key(i).ChatID, rec.State, n)
		}
		pending, err := db.Nudges(ctx, key(i), bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeScheduled}})
		if err != nil {
			t.Fatal(err)
		}
		want := at0800.Add(24 * time.Hour)
		if i < 50 {
			want = at0800.Add(5 * time.Hour) // 13:00 today
		}
		if len(pending) != 1 || !pending[0].Slot.Equal(want) {
			t.Errorf("%s: pending %+v, want one at %v", key(i).ChatID, pending, want)
		}
	}
	// Both replicas delivered some.
	for i, rs := range senders {
		n := rs.n.Load()
		if n == 0 {
			t.Errorf("replica %d delivered no nudge", i)
		}
		t.Logf("replica %d delivered %d nudges", i, n)
	}
	t.Logf("%d people, %d deliveries, %d 08:00 nudges replaced by new settings before they went out",
		people, people-cancelled, cancelled)
	live, err := replicas[1].eng.list(ctx, riverListKind(nudgeArgs{}.Kind(), rivertype.JobStateScheduled))
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != people {
		t.Errorf("%d scheduled nudge jobs, want %d", len(live), people)
	}
}

// replicaSender counts what one replica delivered through the shared
// fake.
type replicaSender struct {
	bot.Sender
	n atomic.Int64
}

func (r *replicaSender) Send(ctx context.Context, key bot.PersonKey, reply bot.Reply) error {
	err := r.Sender.Send(ctx, key, reply)
	if err == nil {
		r.n.Add(1)
	}
	return err
}
