package nudge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

// careRun is one run of a care delivery's job (an alert to the care team,
// or a care-team reply relayed to a parent): what the alert and relay
// workers share around their one different step, the delivery itself.
type careRun struct {
	s      *Scheduler
	job    *rivertype.JobRow
	item   bot.CareItem // metrics
	source string       // bot.Store.MarkProcessed source of delivered ones
	id     string       // the delivery's id under source
	what   string       // how the log names it: "care alert"
	log    *slog.Logger
	// final, when set, hears how a delivery ended for good: nil when
	// delivered, else why it never will be.
	final func(error)
}

// newCareRun starts a run of job delivering what under source and id,
// logging as the parent with key.
func (s *Scheduler) newCareRun(job *rivertype.JobRow, item bot.CareItem, source, id, what string, key bot.PersonKey) *careRun {
	return &careRun{s: s, job: job, item: item, source: source, id: id, what: what,
		log: s.log.With(slog.String("person", s.handle(key)), slog.Int64("job_id", job.ID), slog.Int("attempt", job.Attempt))}
}

// delivered reports whether a run before this one delivered it (a retry,
// or a job rescued after a crash); if so the job is completed.
func (c *careRun) delivered(ctx context.Context) (bool, error) {
	if c.job.Attempt <= 1 {
		return false, nil
	}
	done, err := c.s.already(ctx, c.job, c.source, c.id)
	if done {
		c.log.InfoContext(ctx, c.what+" already delivered")
	}
	return done, err
}

// cancel ends the job for good without delivering: err says why.
func (c *careRun) cancel(err error) error {
	c.s.cfg.Metrics.CareDelivery(c.item, bot.DeliveryFailed)
	c.end(err)
	return river.JobCancel(err)
}

// retry counts a failed attempt that the next one may mend and returns
// err for River to retry.
func (c *careRun) retry(err error) error {
	c.s.cfg.Metrics.CareDelivery(c.item, bot.DeliveryRetried)
	return err
}

func (c *careRun) end(err error) {
	if c.final != nil {
		c.final(err)
	}
}

// outcome turns the delivery's error into the job's result: delivered
// (recorded with the job's completion), cancelled when permanent says the
// error can never be mended, snoozed for a 429's Retry-After, failed for
// good on the last attempt, else retried with backoff.
func (c *careRun) outcome(ctx context.Context, err error, permanent func(error) bool) error {
	var rateErr *bot.RateLimitError
	switch {
	case err == nil:
		c.s.cfg.Metrics.CareDelivery(c.item, bot.DeliveryPosted)
		c.log.InfoContext(ctx, c.what+" delivered")
		c.s.recordPosted(ctx, c.job, c.source, c.id, c.log)
		c.end(nil)
		return nil
	case permanent(err):
		c.log.WarnContext(ctx, c.what+" given up", slog.Any("err", err))
		return c.cancel(err)
	case errors.As(err, &rateErr):
		wait := max(rateErr.RetryAfter, time.Second)
		c.log.WarnContext(ctx, c.what+" rate limited", slog.Duration("retry_after", wait))
		return c.retry(river.JobSnooze(wait))
	case c.job.Attempt >= c.job.MaxAttempts:
		c.s.cfg.Metrics.CareDelivery(c.item, bot.DeliveryFailed)
		c.log.ErrorContext(ctx, c.what+" failed for good", slog.Any("err", err))
		c.end(err)
		return err
	default:
		c.log.WarnContext(ctx, c.what+" failed; will retry", slog.Any("err", err))
		return c.retry(err)
	}
}

// careWorker is what the alert and relay workers share: River's defaults,
// the Scheduler, careBackoff between attempts and the configured timeout.
type careWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	s *Scheduler
}

// NextRetry backs off as careBackoff says.
func (w *careWorker[T]) NextRetry(job *river.Job[T]) time.Time {
	return w.s.now().Add(careBackoff(job.Attempt))
}

// Timeout is the configured JobTimeout.
func (w *careWorker[T]) Timeout(*river.Job[T]) time.Duration { return w.s.cfg.JobTimeout }

// careBackoff is the wait before a care delivery's next attempt (alerts
// and relayed replies): 5s, 10s, 20s... up to 5 minutes.
func careBackoff(attempt int) time.Duration {
	return min(5*time.Second<<min(attempt-1, 6), 5*time.Minute)
}

// errNotPosted rolls back the check of a job run again: what it delivers
// was not delivered yet.
var errNotPosted = errors.New("not delivered yet")

// already reports whether the delivery with the id (from source) was
// recorded by an earlier run of job; if so it completes the job. The
// check marks and rolls back, so an unrecorded id stays unrecorded.
func (s *Scheduler) already(ctx context.Context, job *rivertype.JobRow, source, id string) (bool, error) {
	err := s.eng.inTx(ctx, func(tx txn) error {
		first, err := tx.store().MarkProcessed(ctx, source, id)
		if err != nil {
			return err
		}
		if first {
			return errNotPosted // roll the mark back
		}
		return tx.complete(ctx, job)
	})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errNotPosted):
		return false, nil
	default:
		return false, fmt.Errorf("check delivered: %w", err)
	}
}

// recordPosted records the delivery with the id and completes its job in
// one transaction, so that a run again finds it delivered. A failure is
// logged: the delivery happened, and River completes the job anyway; only
// a crash now could repeat it.
func (s *Scheduler) recordPosted(ctx context.Context, job *rivertype.JobRow, source, id string, log *slog.Logger) {
	err := s.eng.inTx(ctx, func(tx txn) error {
		if _, err := tx.store().MarkProcessed(ctx, source, id); err != nil {
			return err
		}
		return tx.complete(ctx, job)
	})
	if err != nil {
		log.ErrorContext(ctx, "record delivered", slog.Any("err", err))
	}
}
