// Package nudge sends the exercise nudges parents ask for and the posts
// care teams schedule, on River (riverqueue/river). It is the only importer
// of River: riversqlite on a SQLStore (the SQLite store), riverpgxv5 on a
// PGXStore (PostgreSQL); it imports no store package.
//
// A nudge is a River job and a row in the store's nudge table (the schedule
// and the history in one), written in the same transaction as the settings
// change that causes it. Each (person, slot) has one row, so a slot is
// sent at most once; the job is unique by person and slot as well. A nudge
// goes through three transactions:
//
//  1. claim: the row goes from scheduled to sending, with the prompt
//     chosen: in the common case read outside any transaction and claimed
//     with one conditional update (UpdateNudgeIf, which fails if the row
//     changed meanwhile), else in a transaction with the person locked;
//  2. send, outside any transaction: wait for the rate limiter (right
//     before the send, so the platform sees the limiter's pace even when
//     the database kept workers waiting), then the Sender talks to the
//     platform;
//  3. record: the row goes to sent and the person's next slot is inserted
//     (InsertTx), together. River then completes the job, in a batch with
//     others: a job that runs again finds its row handled and only
//     completes.
//
// A crash (SIGKILL, power loss) between 1 and 3 leaves the row sending. When
// River retries the job (after RescueAfter), the row says the message may
// have gone out; it is marked doubt and not sent again, so a crash can lose
// at most one nudge per busy worker, and never sends one twice. Platforms
// offer no way to ask whether a message went out, so no scheme can do
// better than choosing one of the two; carebot chooses at most once. Errors
// the Sender returns are not crashes: a 429 (bot.RateLimitError) snoozes
// the job for RetryAfter, a 403 (bot.ErrBlocked) makes the person inactive
// and cancels their nudges, and other errors are retried with backoff until
// MaxAttempts or MaxLate, then the slot is given up as failed and the next
// one scheduled.
//
// On SQLite the store and River share one writer connection. Everything in
// a transaction goes through it (InsertTx, JobCompleteTx, JobCancelTx with
// the transaction); calling a non-transactional River or store method that
// writes while holding a transaction would wait for the connection forever.
package nudge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// Queue names.
const (
	queueNudge = "nudge"
	queuePost  = "post"
	queueMaint = "maintenance"
)

// Config configures a Scheduler. The zero value of every field but KB and
// Senders is a working default.
type Config struct {
	// KB returns the current knowledge base, where the prompts come from.
	// A function, so that a reloaded base is picked up. Required.
	KB func() *knowledge.Base
	// Senders deliver nudges and posts, by platform. A nudge for a person
	// on a platform without a Sender fails.
	Senders map[bot.Platform]bot.Sender
	// Limits pace sends per platform. Defaults to DefaultLimits() for the
	// platforms it lists and no limit for others.
	Limits map[bot.Platform]Limit
	// DefaultTimeZone is the IANA name of the time zone for people who did
	// not give theirs. Defaults to "UTC".
	DefaultTimeZone string
	// DefaultQuiet are the quiet hours ("HH:MM-HH:MM" local time, or
	// QuietOff) of people who chose none. Defaults to DefaultQuiet.
	DefaultQuiet string
	// Workers is how many nudges and posts may be in flight at once.
	// Defaults to 50.
	Workers int
	// JobTimeout bounds one delivery attempt, waiting for the rate limiter
	// included. Defaults to 30 seconds.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River takes it
	// for crashed and retries it; it must exceed JobTimeout. Defaults to 2
	// minutes.
	RescueAfter time.Duration
	// MaxAttempts bounds the attempts to deliver one nudge after errors
	// other than 429. Defaults to 6.
	MaxAttempts int
	// MaxLate is how late a nudge may go out; a later one is skipped and
	// the next slot scheduled. Defaults to 2 hours.
	MaxLate time.Duration
	// ProcessedRetention is how long processed update ids are kept for
	// deduplication. Defaults to 7 days.
	ProcessedRetention time.Duration
	// PollInterval is how often River looks for due jobs when it has no
	// notification of new ones. Defaults to 1 second.
	PollInterval time.Duration
	// FetchCooldown is the least time between two fetches of due jobs.
	// Defaults to 20 milliseconds.
	FetchCooldown time.Duration
	// ID names this replica for River; empty means a generated one.
	ID string
	// PseudonymKey is the secret for the person handles in logs.
	PseudonymKey []byte
	// Metrics counts nudges and posts sent, retried and failed, by
	// platform. Defaults to bot.NopMetrics.
	Metrics bot.Metrics
	// Logger receives the scheduler's logs. Defaults to slog.Default().
	Logger *slog.Logger
	// Now is the clock, River's included. Defaults to time.Now. Tests set
	// it to move time without waiting. River's job rescuer and cleaner
	// read the wall clock instead (River v0.51): with Now set, finished
	// jobs are kept for good rather than deleted at once, and a job
	// running when the rescuer runs looks stuck if Now is more than
	// RescueAfter behind the wall clock.
	Now func() time.Time
}

func (c Config) withDefaults() (Config, error) {
	if c.KB == nil {
		return c, errors.New("nudge: Config.KB is required")
	}
	if c.Limits == nil {
		c.Limits = DefaultLimits()
	}
	if c.DefaultTimeZone == "" {
		c.DefaultTimeZone = "UTC"
	}
	if c.DefaultQuiet == "" {
		c.DefaultQuiet = DefaultQuiet
	}
	if err := CheckQuietHours(c.DefaultQuiet); err != nil {
		return c, fmt.Errorf("nudge: default quiet hours: %w", err)
	}
	if c.Workers <= 0 {
		c.Workers = 50
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 30 * time.Second
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = 2 * time.Minute
	}
	if c.RescueAfter <= c.JobTimeout {
		return c, errors.New("nudge: RescueAfter must exceed JobTimeout")
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 6
	}
	if c.MaxLate <= 0 {
		c.MaxLate = 2 * time.Hour
	}
	if c.ProcessedRetention <= 0 {
		c.ProcessedRetention = 7 * 24 * time.Hour
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.FetchCooldown <= 0 {
		c.FetchCooldown = 20 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Metrics == nil {
		c.Metrics = bot.NopMetrics{}
	}
	return c, nil
}

// Database is a carebot SQL store. River runs on it, so it must also be a
// SQLStore (SQLite: *sqlite.DB) or a PGXStore (PostgreSQL: *postgres.DB).
type Database interface {
	bot.Store
	bot.NudgeLog
	PruneProcessed(ctx context.Context, before time.Time) (int64, error)
}

// SQLStore is a Database on database/sql whose one writing connection River
// shares (SQLite).
type SQLStore interface {
	Database
	// Writer is the pool every write goes through.
	Writer() *sql.DB
	// InSQLTx runs fn in a transaction of the writer and commits it when
	// fn returns nil: tx is for River, st the store inside it.
	InSQLTx(ctx context.Context, fn func(tx *sql.Tx, st bot.TxStore) error) error
}

// PGXStore is a Database on a pgx pool that River shares (PostgreSQL).
type PGXStore interface {
	Database
	// Pool is the store's connection pool.
	Pool() *pgxpool.Pool
	// Schema is the schema the store's tables, and River's, are in.
	Schema() string
	// InPGXTx runs fn in a transaction and commits it when fn returns nil:
	// tx is for River, st the store inside it.
	InPGXTx(ctx context.Context, fn func(tx pgx.Tx, st bot.TxStore) error) error
}

// ErrUnsupportedStore is returned by New and Migrate for a store that is
// neither a SQLStore nor a PGXStore.
var ErrUnsupportedStore = errors.New("nudge: unsupported store")

// Scheduler schedules and sends nudges and care-team posts. Create it with
// New, Start it, and Stop it before closing the store.
type Scheduler struct {
	cfg      Config
	db       Database
	eng      engine
	loc      *time.Location
	limiters map[bot.Platform]*limiter
	log      *slog.Logger
	now      func() time.Time
	alerter  bot.Alerter      // posts queued care-team alerts; see SetAlerter
	receipt  bot.RelayReceipt // hears how queued care-team replies ended
}

// New returns a Scheduler on db, applying River's migrations to it first.
func New(ctx context.Context, db Database, cfg Config) (*Scheduler, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	loc, err := bot.LoadTimeZone(cfg.DefaultTimeZone)
	if err != nil {
		return nil, fmt.Errorf("nudge: default time zone: %w", err)
	}
	if err := Migrate(ctx, db); err != nil {
		return nil, err
	}
	s := &Scheduler{cfg: cfg, db: db, loc: loc, limiters: map[bot.Platform]*limiter{}, log: cfg.Logger, now: cfg.Now}
	if s.now == nil {
		s.now = time.Now
	}
	for p, l := range cfg.Limits {
		s.limiters[p] = newLimiter(l)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &nudgeWorker{s: s})
	river.AddWorker(workers, &postWorker{s: s})
	river.AddWorker(workers, &pruneWorker{s: s})
	river.AddWorker(workers, &alertWorker{careWorker[alertArgs]{s: s}})
	river.AddWorker(workers, &relayWorker{careWorker[relayArgs]{s: s}})
	rc := &river.Config{
		ID:                          cfg.ID,
		Logger:                      cfg.Logger,
		Workers:                     workers,
		JobTimeout:                  cfg.JobTimeout,
		RescueStuckJobsAfter:        cfg.RescueAfter,
		MaxAttempts:                 cfg.MaxAttempts,
		FetchCooldown:               cfg.FetchCooldown,
		FetchPollInterval:           cfg.PollInterval,
		CompletedJobRetentionPeriod: 24 * time.Hour,
		Queues: map[string]river.QueueConfig{
			queueNudge: {MaxWorkers: cfg.Workers},
			queuePost:  {MaxWorkers: 2},
			queueMaint: {MaxWorkers: 1},
			queueAlert: {MaxWorkers: 4},
		},
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return pruneArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "carebot_prune"}),
		},
	}
	if cfg.Now != nil {
		rc.Test.Time = timeGen{now: cfg.Now}
		// River's cleaner compares finalized_at, written on Now, with
		// the wall clock: with a clock in the past it would delete each
		// finished job as soon as it finished, sometimes before the
		// completer reports it (no event). Keep them.
		rc.CompletedJobRetentionPeriod = -1
		rc.CancelledJobRetentionPeriod = -1
		rc.DiscardedJobRetentionPeriod = -1
	}
	switch db := db.(type) {
	case SQLStore:
		client, err := river.NewClient(riversqlite.New(db.Writer()), rc)
		if err != nil {
			return nil, fmt.Errorf("nudge: %w", err)
		}
		s.eng = &rivEngine[*sql.Tx, *riversqlite.Driver]{client: client, withTx: db.InSQLTx}
	case PGXStore:
		rc.Schema = db.Schema()
		client, err := river.NewClient(riverpgxv5.New(db.Pool()), rc)
		if err != nil {
			return nil, fmt.Errorf("nudge: %w", err)
		}
		s.eng = &rivEngine[pgx.Tx, *riverpgxv5.Driver]{client: client, withTx: db.InPGXTx}
	default:
		return nil, ErrUnsupportedStore
	}
	return s, nil
}

// riverMigrationLock is the advisory lock key that serializes River's
// migrations across replicas on PostgreSQL.
const riverMigrationLock = 0x7269766572 // "river"

// Migrate applies River's migrations (its job tables) to db. New does it;
// `carebot migrate` calls it after opening the store.
func Migrate(ctx context.Context, db Database) error {
	switch db := db.(type) {
	case SQLStore:
		m, err := rivermigrate.New(riversqlite.New(db.Writer()), nil)
		if err != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		return nil
	case PGXStore:
		m, err := rivermigrate.New(riverpgxv5.New(db.Pool()), &rivermigrate.Config{Schema: db.Schema()})
		if err != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		// Hold a session advisory lock on one connection while migrating
		// through the pool, so that replicas starting together migrate one
		// after the other.
		conn, err := db.Pool().Acquire(ctx)
		if err != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		defer conn.Release()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(riverMigrationLock)); err != nil {
			return fmt.Errorf("migrate river: lock: %w", err)
		}
		defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(riverMigrationLock))
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("migrate river: %w", err)
		}
		return nil
	default:
		return ErrUnsupportedStore
	}
}

// Run works due nudges and posts until ctx is done, then waits up to
// JobTimeout for those in flight and returns. It is Start, then Shutdown.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.JobTimeout)
	defer cancel()
	return s.Shutdown(sctx)
}

// Start starts working due nudges and posts in the background. Shut it
// down before closing the store.
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.eng.start(ctx); err != nil {
		return fmt.Errorf("nudge: start: %w", err)
	}
	return nil
}

// Shutdown waits for nudges in flight to finish (until ctx is done) and
// stops working.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	if err := s.eng.stop(ctx); err != nil {
		return fmt.Errorf("nudge: shutdown: %w", err)
	}
	return nil
}

func (s *Scheduler) handle(k bot.PersonKey) string { return bot.Pseudonym(k, s.cfg.PseudonymKey) }

func (s *Scheduler) sender(p bot.Platform) (bot.Sender, *limiter, error) {
	snd := s.cfg.Senders[p]
	if snd == nil {
		return nil, nil, fmt.Errorf("no sender for platform %q", p)
	}
	return snd, s.limiters[p], nil
}

// pruneArgs is the periodic job that prunes old processed update ids.
type pruneArgs struct{}

func (pruneArgs) Kind() string { return "carebot_prune" }

func (pruneArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMaint, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

type pruneWorker struct {
	river.WorkerDefaults[pruneArgs]
	s *Scheduler
}

func (w *pruneWorker) Work(ctx context.Context, job *river.Job[pruneArgs]) error {
	n, err := w.s.db.PruneProcessed(ctx, w.s.now().Add(-w.s.cfg.ProcessedRetention))
	if err != nil {
		return err
	}
	w.s.log.InfoContext(ctx, "pruned processed update ids", slog.Int64("count", n))
	return nil
}

var _ bot.Nudger = (*Scheduler)(nil)

// Name is "nudge": with Run, a Scheduler runs beside the adapters as a
// bot.Adapter does.
func (s *Scheduler) Name() string { return "nudge" }
