package nudge

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
	"github.com/carebot/carebot/bot/store/storetest"
	"github.com/carebot/carebot/knowledge"
)

// The SQL stores are what New and Migrate run River on.
var (
	_ SQLStore = (*sqlite.DB)(nil)
	_ PGXStore = (*postgres.DB)(nil)
)

// testKB is a small knowledge base: three exercises with prompts for
// different body areas, and two tips.
func testKB() *knowledge.Base {
	ex := func(id string, areas []string, en, es []string) *knowledge.Entry {
		return &knowledge.Entry{ID: id, Kind: knowledge.KindExercise, Areas: areas,
			Title:    knowledge.Text{"en": id, "es": id + " (es)"},
			Exercise: &knowledge.Exercise{Prompts: knowledge.List{"en": en, "es": es}}}
	}
	return &knowledge.Base{
		Entries: []*knowledge.Entry{
			ex("exercise.bridge", []string{"back", "hip_pelvis"},
				[]string{"Bridge while baby naps.", "Five bridges after the feed.", "Bridge during tummy time."},
				[]string{"Puente mientras duerme.", "Cinco puentes tras la toma.", "Puente en tummy time."}),
			ex("exercise.wrist", []string{"wrist_hand"},
				[]string{"Wrist circles while the bottle warms.", "Shake out your hands after burping."},
				[]string{"Círculos de muñeca mientras se calienta el biberón.", "Sacude las manos."}),
			ex("exercise.squat", []string{"knee"}, []string{"Five mini squats at the changing table."}, nil),
			{ID: "tip.heat", Kind: knowledge.KindTip, Title: knowledge.Text{"en": "Heat"},
				Answer: knowledge.Text{"en": "A warm pack helps.", "es": "El calor ayuda."}},
			{ID: "tip.rest", Kind: knowledge.KindTip, Title: knowledge.Text{"en": "Rest"},
				Answer: knowledge.Text{"en": "Rest when you can."}},
		},
		Messages: map[string]knowledge.Text{},
	}
}

// noRescue is the RescueAfter of tests that crash no worker. River's
// rescuer (v0.51) takes a running job for stuck when its attempted_at,
// written on the test clock, is more than RescueAfter before the wall
// clock, and test clocks are in 2025: with the default 2 minutes, every job
// being worked when the rescuer runs (it runs when a replica becomes
// leader, which a jump of the test clock can cause, and every 30 seconds)
// would be "rescued" to retryable, due 10 seconds later on a test clock
// that does not move. Under load, that left jobs live forever.
const noRescue = 100 * 365 * 24 * time.Hour

// delivery is one message a fakeSender accepted.
type delivery struct {
	key   bot.PersonKey
	reply bot.Reply
}

// fakeSender records deliveries. fail, when set, decides per attempt
// whether to fail it (n counts attempts for the key, from 1).
type fakeSender struct {
	mu        sync.Mutex
	delivered []delivery
	attempts  map[bot.PersonKey]int
	fail      func(key bot.PersonKey, n int) error
	ch        chan delivery
}

func newFakeSender() *fakeSender {
	return &fakeSender{attempts: map[bot.PersonKey]int{}, ch: make(chan delivery, 100_000)}
}

func (f *fakeSender) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	f.mu.Lock()
	f.attempts[key]++
	n, fail := f.attempts[key], f.fail
	f.mu.Unlock()
	if fail != nil {
		if err := fail(key, n); err != nil {
			return err
		}
	}
	f.mu.Lock()
	f.delivered = append(f.delivered, delivery{key, r})
	f.mu.Unlock()
	f.ch <- delivery{key, r}
	return nil
}

func (f *fakeSender) count(key bot.PersonKey) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, d := range f.delivered {
		if d.key == key {
			n++
		}
	}
	return n
}

// wait returns the next delivery, failing the test after timeout.
func (f *fakeSender) wait(t *testing.T, timeout time.Duration) delivery {
	t.Helper()
	select {
	case d := <-f.ch:
		return d
	case <-time.After(timeout):
		t.Fatalf("no delivery within %s", timeout)
		return delivery{}
	}
}

// none checks that nothing is delivered within d.
func (f *fakeSender) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case got := <-f.ch:
		t.Fatalf("unexpected delivery %+v", got)
	case <-time.After(d):
	}
}

// store opens a fresh store: SQLite, or PostgreSQL in a schema of its own.
type storeKind string

const (
	kindSQLite   storeKind = "sqlite"
	kindPostgres storeKind = "postgres"
)

func openStore(t *testing.T, kind storeKind, now func() time.Time) Database {
	t.Helper()
	switch kind {
	case kindSQLite:
		return sqlitetest.Open(t, sqlite.WithNow(now))
	default:
		return pgtest.Open(t, postgres.WithNow(now), postgres.WithMaxConns(16))
	}
}

// eachStore runs f as a subtest on SQLite and, when CAREBOT_TEST_DATABASE_URL
// is set, on PostgreSQL.
func eachStore(t *testing.T, f func(t *testing.T, kind storeKind)) {
	for _, k := range []storeKind{kindSQLite, kindPostgres} {
		t.Run(string(k), func(t *testing.T) {
			t.Parallel()
			if k == kindPostgres {
				storetest.DatabaseURL(t)
			}
			f(t, k)
		})
	}
}

// bundle is what a test gets from setup.
type bundle struct {
	ctx    context.Context
	db     Database
	s      *Scheduler
	clock  *testclock.Clock
	sender *fakeSender
	events <-chan *river.Event
}

type setupOpt func(*Config)

// setup opens a store and a Scheduler on it with a test clock at t0 and a
// fake Telegram sender, starts it, and stops it when the test ends.
func setup(t *testing.T, kind storeKind, t0 time.Time, opts ...setupOpt) *bundle {
	t.Helper()
	clock := testclock.New(t0)
	db := openStore(t, kind, clock.Now)
	snd := newFakeSender()
	cfg := Config{
		KB:              testKB,
		Senders:         map[bot.Platform]bot.Sender{bot.PlatformTelegram: snd, bot.PlatformSlack: snd},
		Limits:          map[bot.Platform]Limit{},
		DefaultTimeZone: "America/New_York",
		RescueAfter:     noRescue,
		PollInterval:    20 * time.Millisecond,
		FetchCooldown:   5 * time.Millisecond,
		Logger:          testLogger(),
		Now:             clock.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(t.Context(), db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := s.eng.subscribe(river.EventKindJobCompleted, river.EventKindJobFailed,
		river.EventKindJobSnoozed, river.EventKindJobCancelled)
	t.Cleanup(cancel)
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("shutdown: %v", err)
		}
	})
	return &bundle{ctx: t.Context(), db: db, s: s, clock: clock, sender: snd, events: events}
}

func testLogger() *slog.Logger {
	if os.Getenv("CAREBOT_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// waitJob waits for a River event on a job of the kind, failing after
// timeout.
func (b *bundle) waitJob(t *testing.T, kind string, timeout time.Duration) *river.Event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev := <-b.events:
			if ev.Job.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s job event within %s", kind, timeout)
			return nil
		}
	}
}

// person saves and returns a person on Telegram.
func (b *bundle) person(t *testing.T, chat, lang string) *bot.Person {
	t.Helper()
	p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: chat}, Lang: lang,
		TimeZone: "America/New_York", Active: true}
	if err := b.db.SavePerson(b.ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// morningPerson saves an English-speaking person with the chat id and
// subscribes them to the morning() nudges.
func (b *bundle) morningPerson(t *testing.T, chat string) *bot.Person {
	t.Helper()
	p := b.person(t, chat, "en")
	if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
		t.Fatal(err)
	}
	return p
}

// records returns the person's nudge records, newest first.
func (b *bundle) records(t *testing.T, key bot.PersonKey, states ...bot.NudgeState) []bot.NudgeRecord {
	t.Helper()
	rs, err := b.db.Nudges(b.ctx, key, bot.NudgeQuery{States: states})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// jobs lists the River jobs of a kind in the given states.
func (b *bundle) jobs(t *testing.T, kind string, states ...rivertype.JobState) []*rivertype.JobRow {
	t.Helper()
	p := river.NewJobListParams().Kinds(kind).First(10_000)
	if len(states) > 0 {
		p = p.States(states...)
	}
	rows, err := b.s.eng.list(b.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

type riverEventKind = river.EventKind

const (
	eventCompleted = river.EventKindJobCompleted
	eventFailed    = river.EventKindJobFailed
	eventSnoozed   = river.EventKindJobSnoozed
	eventCancelled = river.EventKindJobCancelled
)

// riverListLive lists nudge jobs that are due or being worked.
func riverListLive() *river.JobListParams {
	return riverListKind(nudgeArgs{}.Kind(), rivertype.JobStateAvailable, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStatePending)
}

func riverListKind(kind string, states ...rivertype.JobState) *river.JobListParams {
	return river.NewJobListParams().Kinds(kind).States(states...).First(10_000)
}

// runningClock is frozen at a time, or runs at real speed from one.
type runningClock struct {
	mu     sync.Mutex
	offset time.Duration
	frozen bool
	at     time.Time
}

func (c *runningClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return time.Now().Add(c.offset)
}

// freeze stops the clock where it is.
func (c *runningClock) freeze() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.frozen = time.Now().Add(c.offset), true
}

// run starts the clock at t.
func (c *runningClock) run(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.frozen = time.Until(t), false
}

// waitIdle waits until no nudge job is due, running or waiting for a retry.
func (b *bundle) waitIdle(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		rows, err := b.s.eng.list(b.ctx, riverListLive())
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("%d nudge jobs still live after %s", len(rows), timeout)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
