package nudge

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/store/storetest"
)

// The SIGKILL test runs the test binary again as a child process (with
// CAREBOT_CRASH_CHILD set) that works due nudges and writes each delivery
// to a log file, kills it with SIGKILL in the middle of delivering, starts
// another child on the same database, and checks the log: every slot
// delivered exactly once (or, for nudges caught mid-send, recorded as in
// doubt and not sent twice).

const crashEnv = "CAREBOT_CRASH_CHILD"

// crashParams is what the parent tells a child.
type crashParams struct {
	Kind    storeKind
	DB      string // SQLite path or PostgreSQL URL
	Schema  string
	Log     string
	Offset  time.Duration // the child's clock is time.Now()+Offset
	Workers int
	BlockAt int // block (until killed) right after the BlockAt-th delivery; 0: never
	People  int
	Slot    int64
}

func (p crashParams) env() []string {
	return append(os.Environ(), crashEnv+"=1",
		"CRASH_KIND="+string(p.Kind), "CRASH_DB="+p.DB, "CRASH_SCHEMA="+p.Schema, "CRASH_LOG="+p.Log,
		"CRASH_OFFSET="+strconv.FormatInt(int64(p.Offset), 10), "CRASH_WORKERS="+strconv.Itoa(p.Workers),
		"CRASH_BLOCK_AT="+strconv.Itoa(p.BlockAt), "CRASH_PEOPLE="+strconv.Itoa(p.People),
		"CRASH_SLOT="+strconv.FormatInt(p.Slot, 10))
}

func crashParamsFromEnv() crashParams {
	atoi := func(k string) int { n, _ := strconv.Atoi(os.Getenv(k)); return n }
	off, _ := strconv.ParseInt(os.Getenv("CRASH_OFFSET"), 10, 64)
	slot, _ := strconv.ParseInt(os.Getenv("CRASH_SLOT"), 10, 64)
	return crashParams{Kind: storeKind(os.Getenv("CRASH_KIND")), DB: os.Getenv("CRASH_DB"),
		Schema: os.Getenv("CRASH_SCHEMA"), Log: os.Getenv("CRASH_LOG"), Offset: time.Duration(off),
		Workers: atoi("CRASH_WORKERS"), BlockAt: atoi("CRASH_BLOCK_AT"), People: atoi("CRASH_PEOPLE"), Slot: slot}
}

func crashKey(i int) bot.PersonKey {
	return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprintf("c%03d", i)}
}

func openCrashStore(ctx context.Context, p crashParams, now func() time.Time) (Database, func() error, error) {
	if p.Kind == kindPostgres {
		db, err := postgres.Open(ctx, p.DB, postgres.WithSchema(p.Schema), postgres.WithNow(now), postgres.WithMaxConns(8))
		if err != nil {
			return nil, nil, err
		}
		return db, db.Close, nil
	}
	db, err := sqlite.Open(ctx, p.DB, sqlite.WithNow(now))
	if err != nil {
		return nil, nil, err
	}
	return db, db.Close, nil
}

// logSender appends "<chat> <slot>" to a file for each delivery and tells
// the parent on stdout; after the BlockAt-th it blocks until killed.
type logSender struct {
	mu      sync.Mutex
	f       *os.File
	n       int
	blockAt int
}

func (s *logSender) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	slot := ""
	for _, b := range r.Buttons {
		if strings.HasPrefix(b.Payload, PayloadPrefix+string(ActionDone)+":") {
			slot = strings.TrimPrefix(b.Payload, PayloadPrefix+string(ActionDone)+":")
		}
	}
	s.mu.Lock()
	if _, err := fmt.Fprintf(s.f, "%s %s\n", key.ChatID, slot); err != nil {
		s.mu.Unlock()
		return err
	}
	s.n++
	n := s.n
	s.mu.Unlock()
	fmt.Fprintf(os.Stdout, "\nDELIVERED %d\n", n)
	if n == s.blockAt {
		fmt.Fprintf(os.Stdout, "\nBLOCKED\n")
		select {} // the parent kills the process now
	}
	return nil
}

// TestCrashChild is the child process; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("runs only as the child of TestSIGKILL")
	}
	p := crashParamsFromEnv()
	ctx := context.Background()
	now := func() time.Time { return time.Now().Add(p.Offset) }
	db, closeDB, err := openCrashStore(ctx, p, now)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	f, err := os.OpenFile(p.Log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	snd := &logSender{f: f, blockAt: p.BlockAt}
	s, err := New(ctx, db, Config{
		KB:              testKB,
		Senders:         map[bot.Platform]bot.Sender{bot.PlatformTelegram: snd},
		Limits:          map[bot.Platform]Limit{},
		DefaultTimeZone: "America/New_York",
		Workers:         p.Workers,
		// A killed worker's job stays running until RescueAfter; the
		// restarted child's rescuer then retries it.
		JobTimeout:    5 * time.Second,
		RescueAfter:   6 * time.Second,
		PollInterval:  50 * time.Millisecond,
		FetchCooldown: 5 * time.Millisecond,
		Logger:        testLogger(),
		Now:           now,
	})
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := s.eng.subscribe(riverEventsDone()...)
	defer cancel()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	slot := time.Unix(p.Slot, 0).UTC()
	for {
		pending := 0
		for i := range p.People {
			rec, err := db.Nudge(ctx, crashKey(i), slot)
			if err != nil {
				t.Fatal(err)
			}
			if rec.State == bot.NudgeScheduled || rec.State == bot.NudgeSending {
				pending++
			}
		}
		if pending == 0 {
			break
		}
		select {
		case <-events:
		case <-time.After(time.Second):
		}
	}
	sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
	defer scancel()
	s.Shutdown(sctx)
	fmt.Fprintf(os.Stdout, "\nDONE\n")
}

func TestSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes and waits for River's rescuer (about a minute)")
	}
	t.Parallel()
	for _, tc := range []struct {
		name    string
		workers int
		blockAt int
		killAt  int
	}{
		// One worker, killed while its Send has delivered and not returned:
		// the worst moment. That nudge is in doubt and must not be resent;
		// every other is delivered exactly once.
		{"MidSend", 1, 7, 0},
		// Eight workers, killed at an arbitrary moment.
		{"Busy", 8, 0, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachStore(t, func(t *testing.T, kind storeKind) {
				testSIGKILL(t, kind, tc.workers, tc.blockAt, tc.killAt)
			})
		})
	}
}

func testSIGKILL(t *testing.T, kind storeKind, workers, blockAt, killAt int) {
	const people = 40
	dir := t.TempDir()
	// Nudges are due at 08:00 New York time; the children's clock starts
	// at 08:00:30 and runs at real speed.
	base := time.Date(2025, 6, 2, 8, 0, 30, 0, newYork)
	slot := at0800
	p := crashParams{Kind: kind, Log: filepath.Join(dir, "deliveries.log"), Workers: workers,
		BlockAt: blockAt, People: people, Slot: slot.Unix()}
	if kind == kindPostgres {
		p.DB, p.Schema = storetest.DatabaseURL(t), storetest.Schema(t)
	} else {
		p.DB = filepath.Join(dir, "carebot.db")
	}

	// Set up: people who asked for 08:00, scheduled at 07:59.
	clock := testclock.New(monday0759)
	ctx := t.Context()
	db, closeDB, err := openCrashStore(ctx, p, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if kind == kindPostgres {
		t.Cleanup(func() {
			db2, close2, err := openCrashStore(context.Background(), p, time.Now)
			if err == nil {
				db2.(*postgres.DB).Pool().Exec(context.Background(), `DROP SCHEMA `+p.Schema+` CASCADE`)
				close2()
			}
		})
	}
	s, err := New(ctx, db, Config{KB: testKB, DefaultTimeZone: "America/New_York", Now: clock.Now, Logger: testLogger(),
		Senders: map[bot.Platform]bot.Sender{bot.PlatformTelegram: newFakeSender()}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range people {
		pp := &bot.Person{Key: crashKey(i), Lang: "en", TimeZone: "America/New_York", Active: true}
		if err := s.SetNudges(ctx, pp, morning()); err != nil {
			t.Fatal(err)
		}
	}
	closeDB()
	p.Offset = time.Until(base)

	// First child: killed with SIGKILL.
	child := startChild(t, p)
	want := "BLOCKED"
	if blockAt == 0 {
		want = fmt.Sprintf("DELIVERED %d", killAt)
	}
	child.waitLine(t, want, 60*time.Second)
	if err := child.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.wait(t)

	// Second child: same database, runs until every slot is handled.
	p.BlockAt = 0
	child = startChild(t, p)
	child.waitLine(t, "DONE", 3*time.Minute)
	child.wait(t)

	// Check the deliveries against the records.
	data, err := os.ReadFile(p.Log)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || f[1] != strconv.FormatInt(slot.Unix(), 10) {
			t.Fatalf("bad delivery line %q", line)
		}
		count[f[0]]++
	}
	db, closeDB, err = openCrashStore(context.Background(), p, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	doubts, missing := 0, 0
	for i := range people {
		key := crashKey(i)
		rec, err := db.Nudge(context.Background(), key, slot)
		if err != nil {
			t.Fatal(err)
		}
		n := count[key.ChatID]
		switch {
		case n > 1:
			t.Errorf("%s: delivered %d times", key.ChatID, n)
		case rec.State == bot.NudgeSent && n != 1:
			t.Errorf("%s: recorded sent, delivered %d times", key.ChatID, n)
		case rec.State == bot.NudgeDoubt:
			doubts++
			if n == 0 {
				missing++ // killed after the claim, before the send
			}
		case rec.State != bot.NudgeSent:
			t.Errorf("%s: record %s", key.ChatID, rec.State)
		}
		next, err := db.Nudges(context.Background(), key, bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeScheduled}})
		if err != nil || len(next) != 1 || !next[0].Slot.Equal(slot.Add(24*time.Hour)) {
			t.Errorf("%s: next slots %+v, %v; want tomorrow's, once", key.ChatID, next, err)
		}
	}
	if doubts > workers {
		t.Errorf("%d nudges in doubt, more than the %d workers that could be mid-send", doubts, workers)
	}
	if blockAt > 0 && (doubts != 1 || missing != 0) {
		t.Errorf("killed mid-send: %d in doubt (%d not delivered), want exactly the blocked one, delivered", doubts, missing)
	}
	t.Logf("%d people: %d delivered once, %d in doubt (%d of them lost to the crash)", people, len(count), doubts, missing)
}

// riverEventsDone are the events after which a child re-checks its work.
func riverEventsDone() []riverEventKind {
	return []riverEventKind{eventCompleted, eventFailed, eventSnoozed, eventCancelled}
}

type childProc struct {
	cmd   *exec.Cmd
	lines chan string
	done  chan error
}

func startChild(t *testing.T, p crashParams) *childProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = p.env()
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &childProc{cmd: cmd, lines: make(chan string, 1024), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
		c.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return c
}

func (c *childProc) waitLine(t *testing.T, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				t.Fatalf("child exited before %q", want)
			}
			if strings.TrimSpace(line) == want {
				return
			}
		case <-deadline:
			t.Fatalf("child did not say %q within %s", want, timeout)
		}
	}
}

func (c *childProc) wait(t *testing.T) {
	t.Helper()
	go func() {
		for range c.lines {
		}
	}()
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		t.Fatal("child did not exit")
	}
}
