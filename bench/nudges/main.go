// Command nudges measures the nudge scheduler for the README: N subscribers
// due in the same minute. It reports the time to enqueue their nudges
// (SetNudges, one transaction each), the peak memory, and the delivery rate
// against a fake platform that refuses messages over its rate with 429s,
// with the scheduler's limiter set to the same rate; then it checks that
// every subscriber got exactly one nudge.
//
//	go run ./bench/nudges -n 100000 -rate 2000 -db sqlite
//	eval "$(scripts/pg env)"; go run ./bench/nudges -n 100000 -rate 2000 -db postgres
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/nudge/nudgetest"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/knowledge"
)

func main() {
	n := flag.Int("n", 100_000, "subscribers due in the same minute")
	rate := flag.Float64("rate", 2000, "messages a second the fake platform accepts (and the limiter is set to)")
	burst := flag.Float64("burst", 0, "the fake platform's burst: messages it takes at once (default rate/10, at least 5)")
	dbKind := flag.String("db", "sqlite", "sqlite or postgres")
	url := flag.String("url", os.Getenv("CAREBOT_TEST_DATABASE_URL"), "PostgreSQL URL (for -db postgres)")
	workers := flag.Int("workers", 200, "nudges in flight")
	enqueuers := flag.Int("enqueuers", 0, "goroutines calling SetNudges (default 1 on SQLite, 8 on PostgreSQL)")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the delivery to `FILE`")
	flag.Parse()
	profile = *cpuProfile
	if *burst == 0 {
		*burst = max(5, *rate/10)
	}
	if err := run(*n, *rate, *burst, *dbKind, *url, *workers, *enqueuers, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "nudges:", err)
		os.Exit(1)
	}
}

var profile string

// clock is the wall clock, except that it stands still while the nudges
// are enqueued, so that every subscriber's next 08:00-like slot is the
// same minute however long the enqueue takes. River is not started until
// the clock runs again, and from then on it is time.Now: River v0.51's
// job rescuer and cleaner read the wall clock whatever Config.Now says, so
// a clock far from it would make the rescuer take every job being worked
// for stuck (every 30 seconds) and skew the figures.
type clock struct {
	mu     sync.Mutex
	frozen bool
	at     time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return time.Now()
}

// run makes the clock the wall clock again.
func (c *clock) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = false
}

// peak samples the Go heap.
type peak struct {
	heap atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startPeak() *peak {
	p := &peak{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > p.heap.Load() {
				p.heap.Store(ms.HeapAlloc)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peak) reset() { p.heap.Store(0) }

// rssPeak reads the process's peak resident set (VmHWM) on Linux.
func rssPeak() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "n/a"
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// kb returns the embedded knowledge base or, when it does not load (the
// content is being written), ten exercises with three prompts each.
func kb() *knowledge.Base {
	if b, err := knowledge.Load(knowledge.Embedded()); err == nil {
		return b
	}
	b := &knowledge.Base{}
	areas := knowledge.Areas()
	for i := range 10 {
		var en, es []string
		for j := range 3 {
			en = append(en, fmt.Sprintf("Exercise %d, prompt %d.", i, j))
			es = append(es, fmt.Sprintf("Ejercicio %d, mensaje %d.", i, j))
		}
		b.Entries = append(b.Entries, &knowledge.Entry{ID: fmt.Sprintf("exercise.e%d", i), Kind: knowledge.KindExercise,
			Title: knowledge.Text{"en": "Exercise", "es": "Ejercicio"}, Areas: []string{areas[i%len(areas)]},
			Exercise: &knowledge.Exercise{Prompts: knowledge.List{"en": en, "es": es}}})
	}
	return b
}

func run(n int, rate, burst float64, dbKind, url string, workers, enqueuers int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return err
	}
	// Every subscriber asks for the next whole minute, in New York, with
	// quiet hours off so that the bench runs at any hour. The enqueue takes
	// longer than that, so the nudges are due (a little late, well within
	// MaxLate) when the scheduler starts.
	t0 := time.Now()
	slot := t0.In(ny).Truncate(time.Minute).Add(time.Minute)
	at := slot.Format("15:04")
	clk := &clock{frozen: true, at: t0}

	var (
		db nudge.Database
		// reworked counts nudge jobs attempted more than once (rescued or
		// retried): none, when the run went as it should.
		reworked func(context.Context) (int, error)
		analyze  func(context.Context) error // PostgreSQL: gather planner statistics
	)
	const reworkedSQL = `SELECT count(*) FROM %sriver_job WHERE kind = 'carebot_nudge' AND attempt > 1`
	switch dbKind {
	case "sqlite":
		dir, err := os.MkdirTemp("", "carebot-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		s, err := sqlite.Open(ctx, filepath.Join(dir, "carebot.db"), sqlite.WithNow(clk.Now))
		if err != nil {
			return err
		}
		defer s.Close()
		db = s
		reworked = func(ctx context.Context) (c int, err error) {
			err = s.Writer().QueryRowContext(ctx, fmt.Sprintf(reworkedSQL, "")).Scan(&c)
			return c, err
		}
		enqueuers = max(enqueuers, 1)
	case "postgres":
		if url == "" {
			return fmt.Errorf(`-db postgres needs -url or CAREBOT_TEST_DATABASE_URL (eval "$(scripts/pg env)")`)
		}
		b := make([]byte, 4)
		rand.Read(b)
		schema := "bench_" + hex.EncodeToString(b)
		p, err := postgres.Open(ctx, url, postgres.WithSchema(schema), postgres.WithNow(clk.Now), postgres.WithMaxConns(40))
		if err != nil {
			return err
		}
		defer func() {
			p.Pool().Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			p.Close()
		}()
		db = p
		reworked = func(ctx context.Context) (c int, err error) {
			err = p.Pool().QueryRow(ctx, fmt.Sprintf(reworkedSQL, schema+".")).Scan(&c)
			return c, err
		}
		// The schema is new, so its tables have no planner statistics
		// until autovacuum gets to them (a minute or more); River's query
		// that makes due jobs available then sometimes takes a plan that
		// needs seconds a call for 100,000 jobs. A long-lived database
		// has statistics: analyse once the subscribers are in.
		analyze = func(ctx context.Context) error {
			_, err := p.Pool().Exec(ctx, `ANALYZE `+schema+`.river_job; ANALYZE `+schema+`.nudges; ANALYZE `+schema+`.people`)
			return err
		}
		if enqueuers == 0 {
			enqueuers = 8
		}
	default:
		return fmt.Errorf("unknown -db %q", dbKind)
	}

	fake := &nudgetest.RateLimited{Rate: rate, Burst: burst, PerChat: 1}
	base := kb()
	s, err := nudge.New(ctx, db, nudge.Config{
		KB:              func() *knowledge.Base { return base },
		Senders:         map[bot.Platform]bot.Sender{bot.PlatformTelegram: fake},
		Limits:          map[bot.Platform]nudge.Limit{bot.PlatformTelegram: {PerSecond: rate, PerChat: 1}},
		DefaultTimeZone: "America/New_York",
		Workers:         workers,
		JobTimeout:      time.Minute,
		RescueAfter:     5 * time.Minute,
		MaxLate:         time.Hour,
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:             clk.Now,
	})
	if err != nil {
		return err
	}
	key := func(i int) bot.PersonKey {
		return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprintf("%09d", i)}
	}
	fmt.Printf("%d subscribers due at %s New York time, %s store, fake platform %.0f/s (burst %.0f), limiter %.0f/s, %d workers, %d CPUs\n",
		n, at, dbKind, rate, burst, rate, workers, runtime.NumCPU())

	// Enqueue.
	pk := startPeak()
	runtime.GC()
	start := time.Now()
	var next atomic.Int64
	errs := make(chan error, enqueuers)
	for range enqueuers {
		go func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					errs <- nil
					return
				}
				p := &bot.Person{Key: key(i), Lang: []string{"en", "es"}[i%2], TimeZone: "America/New_York", Active: true}
				err := s.SetNudges(ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{at}, Quiet: nudge.QuietOff,
					Areas: [][]string{nil, {"wrist_hand"}, {"back"}}[i%3]})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range enqueuers {
		if err := <-errs; err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
	}
	enq := time.Since(start)
	if analyze != nil {
		if err := analyze(ctx); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
	}
	fmt.Printf("enqueue: %d nudges in %s (%.0f/s), peak Go heap %s\n", n, enq.Round(time.Millisecond),
		float64(n)/enq.Seconds(), mib(pk.heap.Load()))

	// Deliver.
	pk.reset()
	clk.run()
	if wait := time.Until(slot); wait > 0 {
		fmt.Printf("waiting %s for the slot\n", wait.Round(time.Second))
		time.Sleep(wait)
	}
	if err := s.Start(ctx); err != nil {
		return err
	}
	start = time.Now()
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for fake.Stats().Delivered < n {
		select {
		case <-ctx.Done():
			st := fake.Stats()
			return fmt.Errorf("timeout: %d of %d delivered, %d refused", st.Delivered, n, st.Refused)
		case <-t.C:
			st := fake.Stats()
			fmt.Fprintf(os.Stderr, "\r%d delivered, %d refused   ", st.Delivered, st.Refused)
		}
	}
	fmt.Fprintln(os.Stderr)
	wall := time.Since(start)
	sctx, scancel := context.WithTimeout(context.Background(), time.Minute)
	defer scancel()
	if err := s.Shutdown(sctx); err != nil {
		return err
	}
	close(pk.stop)
	<-pk.done
	st := fake.Stats()
	span := st.Last.Sub(st.First)
	achieved := float64(st.Delivered-1) / span.Seconds()
	fmt.Printf("deliver: %d in %s (first to last %s): %.0f/s = %.1f%% of the allowed %.0f/s; %d refused with 429; %d duplicates\n",
		st.Delivered, wall.Round(time.Millisecond), span.Round(time.Millisecond), achieved, 100*achieved/rate, rate,
		st.Refused, st.Duplicates)
	fmt.Printf("peak Go heap while delivering %s; peak RSS of the process %s\n", mib(pk.heap.Load()), rssPeak())

	// Check: every subscriber exactly once, recorded sent.
	lost, wrong := 0, 0
	for i := range n {
		if fake.Count(key(i)) != 1 {
			lost++
			continue
		}
		rec, err := db.Nudge(context.Background(), key(i), slot.UTC())
		if err != nil || rec.State != bot.NudgeSent {
			wrong++
		}
	}
	again, err := reworked(context.Background())
	if err != nil {
		return fmt.Errorf("count reworked jobs: %w", err)
	}
	fmt.Printf("check: %d lost or duplicated, %d records not marked sent, %d jobs worked more than once (rescued or retried)\n",
		lost, wrong, again)
	if lost > 0 || wrong > 0 || st.Duplicates > 0 {
		return fmt.Errorf("delivery was not exactly once")
	}
	return nil
}
