package nudge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

// nudgeArgs is the River job of one nudge: a person and a slot.
type nudgeArgs struct {
	Platform string `json:"p" river:"unique"`
	Chat     string `json:"c" river:"unique"`
	Slot     int64  `json:"s" river:"unique"` // Unix seconds
}

func (nudgeArgs) Kind() string { return "carebot_nudge" }

// InsertOpts makes nudge jobs unique by person and slot among live jobs.
// Completed jobs are left out: the nudge table remembers handled slots for
// good (River deletes completed jobs after a day), and a slot cancelled
// and then asked for again needs a new job.
func (nudgeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueNudge, UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
			rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled},
	}}
}

func (a nudgeArgs) key() bot.PersonKey {
	return bot.PersonKey{Platform: bot.Platform(a.Platform), ChatID: a.Chat}
}

func (a nudgeArgs) slot() time.Time { return time.Unix(a.Slot, 0).UTC() }

// personTag tags a person's jobs without naming them.
func personTag(k bot.PersonKey) string {
	h := sha256.Sum256([]byte(string(k.Platform) + "\x00" + k.ChatID))
	return "p_" + hex.EncodeToString(h[:8])
}

type nudgeWorker struct {
	river.WorkerDefaults[nudgeArgs]
	s *Scheduler
}

// NextRetry backs off 10s, 20s, 40s... up to 5 minutes: a failed send is
// worth retrying soon, and MaxLate bounds the total.
func (w *nudgeWorker) NextRetry(job *river.Job[nudgeArgs]) time.Time {
	d := 10 * time.Second << min(job.Attempt-1, 5)
	return w.s.now().Add(min(d, 5*time.Minute))
}

func (w *nudgeWorker) Timeout(*river.Job[nudgeArgs]) time.Duration { return w.s.cfg.JobTimeout }

// Work delivers one nudge: claim, send, record (see the package comment).
// The job is not completed inside those transactions (JobCompleteTx): the
// nudge row says whether the slot was handled, so a job that runs again
// after a crash only completes, and River's completer marks many jobs
// completed in one statement instead of one statement a nudge.
func (w *nudgeWorker) Work(ctx context.Context, job *river.Job[nudgeArgs]) error {
	s := w.s
	key, slot := job.Args.key(), job.Args.slot()
	log := s.log.With(slog.String("person", s.handle(key)), slog.Int64("job_id", job.ID), slog.Time("slot", slot))

	snd, lim, err := s.sender(key.Platform)
	if err != nil {
		// No Sender for the platform (its adapter is not configured):
		// give this slot up and keep the schedule, so nudges resume when
		// the adapter is back.
		log.ErrorContext(ctx, "nudge not sent", slog.Any("err", err))
		s.cfg.Metrics.NudgeFailed(key.Platform)
		return s.eng.inTx(ctx, func(tx txn) error {
			st := tx.store()
			p, err := st.LockPerson(ctx, key)
			if err != nil {
				return nil
			}
			rec, err := st.Nudge(ctx, key, slot)
			if err != nil || rec.State != bot.NudgeScheduled {
				return nil
			}
			return w.finish(ctx, tx, p, rec, bot.NudgeFailed)
		})
	}
	// 1. Claim: on the fast path when the nudge is as expected, else with
	// the person locked.
	rec, reply, send, err := w.fastClaim(ctx, job)
	if err != nil {
		log.InfoContext(ctx, "fast claim failed; claiming with the person locked", slog.Any("err", err))
	}
	if !send {
		err = s.eng.inTx(ctx, func(tx txn) error {
			st := tx.store()
			p, err := st.LockPerson(ctx, key)
			if errors.Is(err, bot.ErrNotFound) {
				return nil // forgotten
			}
			if err != nil {
				return err
			}
			rec, err = st.Nudge(ctx, key, slot)
			if errors.Is(err, bot.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			switch w.claimCaseOf(p, rec, job.ID) {
			case claimDoubt:
				// A previous attempt crashed between claim and record: the
				// message may have gone out. At most once: do not resend.
				log.WarnContext(ctx, "nudge in doubt after a crash; not resending")
				return w.finish(ctx, tx, p, rec, bot.NudgeDoubt)
			case claimNone:
				return nil // handled already, or a stray job
			case claimCancel:
				rec.State = bot.NudgeCancelled
				return st.UpdateNudge(ctx, rec)
			case claimLate:
				log.WarnContext(ctx, "nudge too late; skipped", slog.Duration("late", s.now().Sub(slot)))
				return w.finish(ctx, tx, p, rec, bot.NudgeSkipped)
			}
			r, ok, err := w.prompt(ctx, st, p, rec)
			if err != nil {
				return err
			}
			if !ok {
				log.WarnContext(ctx, "no prompts in the knowledge base; nudge skipped")
				return w.finish(ctx, tx, p, rec, bot.NudgeSkipped)
			}
			rec.State, reply, send = bot.NudgeSending, r, true
			return st.UpdateNudge(ctx, rec)
		})
	}
	if err != nil || !send {
		return err
	}

	// 2. Send, when the platform's limits allow. The limiter is waited on
	// here, right before the send and after the claim, so that the pace
	// the platform sees is the limiter's even when the database made
	// workers wait; a worker that cannot wait for it puts the nudge back.
	sendErr := lim.wait(ctx, key.ChatID)
	if sendErr == nil {
		sendErr = snd.Send(ctx, key, reply)
	} else {
		sendErr = errNotSent{sendErr}
	}

	// 3. Record, even if the job's context ran out while sending.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var (
		rateErr *bot.RateLimitError
		result  error
		count   func(bot.Platform) // the metric of the outcome, once committed
	)
	err = s.eng.inTx(rctx, func(tx txn) error {
		count = nil
		st := tx.store()
		p, err := st.LockPerson(rctx, key)
		if errors.Is(err, bot.ErrNotFound) {
			return nil // forgotten while sending
		}
		if err != nil {
			return err
		}
		switch {
		case sendErr == nil:
			rec.SentAt = s.now()
			count = s.cfg.Metrics.NudgeSent
			return w.finish(rctx, tx, p, rec, bot.NudgeSent)
		case errors.As(sendErr, new(errNotSent)):
			rec.State = bot.NudgeScheduled
			result = sendErr
			return st.UpdateNudge(rctx, rec)
		case errors.As(sendErr, &rateErr):
			// Not delivered: back to scheduled, and try again later.
			rec.State = bot.NudgeScheduled
			retry := rateErr.RetryAfter
			if retry <= 0 {
				retry = time.Second
			}
			lim.pause(retry)
			log.InfoContext(ctx, "rate limited; snoozing nudge", slog.Duration("retry_after", retry))
			count = s.cfg.Metrics.NudgeRetried
			result = river.JobSnooze(retry)
			return st.UpdateNudge(rctx, rec)
		case errors.Is(sendErr, bot.ErrBlocked):
			log.InfoContext(ctx, "person blocked the bot; nudges stopped")
			p.Active = false
			if err := st.SavePerson(rctx, p); err != nil {
				return err
			}
			if err := s.cancelPending(rctx, tx, key); err != nil {
				return err
			}
			rec.State = bot.NudgeFailed
			if err := st.UpdateNudge(rctx, rec); err != nil {
				return err
			}
			count = s.cfg.Metrics.NudgeFailed
			return nil
		case job.Attempt >= job.MaxAttempts || s.now().Sub(slot) > s.cfg.MaxLate:
			log.WarnContext(ctx, "nudge failed; giving up", slog.Int("attempt", job.Attempt), slog.Any("err", sendErr))
			count = s.cfg.Metrics.NudgeFailed
			return w.finish(rctx, tx, p, rec, bot.NudgeFailed)
		default:
			// Not delivered, as far as we know: retry with backoff.
			rec.State = bot.NudgeScheduled
			count = s.cfg.Metrics.NudgeRetried
			result = fmt.Errorf("send nudge: %w", sendErr)
			return st.UpdateNudge(rctx, rec)
		}
	})
	if err != nil {
		return fmt.Errorf("record nudge: %w", err)
	}
	if count != nil {
		count(key.Platform)
	}
	return result
}

// claimCase is what claiming does with a nudge.
type claimCase int

const (
	claimSend   claimCase = iota // scheduled for this job: choose the prompt, send
	claimDoubt                   // sending: an attempt crashed between claim and record
	claimNone                    // handled already, or a stray job: nothing to do
	claimCancel                  // the person is inactive or turned nudges off
	claimLate                    // later than MaxLate: skipped
)

// claimCaseOf says what claiming does with rec, the record of job's slot,
// for person p. Both claims decide with it: fastClaim takes only claimSend.
func (w *nudgeWorker) claimCaseOf(p *bot.Person, rec *bot.NudgeRecord, jobID int64) claimCase {
	switch {
	case rec.State == bot.NudgeSending:
		return claimDoubt
	case rec.State != bot.NudgeScheduled || (rec.Job != 0 && rec.Job != jobID):
		return claimNone
	case !p.Active || !p.Nudge.Enabled:
		return claimCancel
	case w.s.now().Sub(rec.Slot) > w.s.cfg.MaxLate:
		return claimLate
	}
	return claimSend
}

// fastClaim claims a nudge without a transaction when it is the common
// case: the person active with nudges on, the record scheduled for this job
// and not too late. It reads on the store (on SQLite, the read-only
// connections, beside the one writer) and claims with one conditional
// update (UpdateNudgeIf), which fails if a settings change, /stop or
// /forget changed the record after it was read. send is false when the
// nudge is anything else, or changed: the caller then claims with the
// person locked, where every case is handled.
func (w *nudgeWorker) fastClaim(ctx context.Context, job *river.Job[nudgeArgs]) (rec *bot.NudgeRecord, reply bot.Reply, send bool, err error) {
	s := w.s
	key, slot := job.Args.key(), job.Args.slot()
	p, err := s.db.Person(ctx, key)
	if err != nil {
		return nil, reply, false, nil
	}
	rec, err = s.db.Nudge(ctx, key, slot)
	if err != nil || w.claimCaseOf(p, rec, job.ID) != claimSend {
		return nil, reply, false, nil
	}
	claimJob := rec.Job
	reply, ok, err := w.prompt(ctx, s.db, p, rec)
	if err != nil || !ok {
		return nil, reply, false, err
	}
	rec.State = bot.NudgeSending
	claimed, err := s.db.UpdateNudgeIf(ctx, rec, bot.NudgeScheduled, claimJob)
	if err != nil || !claimed {
		return nil, reply, false, err
	}
	return rec, reply, true, nil
}

// prompt sets rec's prompt and cycle and returns the nudge's message: the
// prompt rec has already (a snoozed nudge repeats its prompt), else the
// next in the person's rotation, read from their recent nudges in st. ok
// is false when the knowledge base has no prompts.
func (w *nudgeWorker) prompt(ctx context.Context, st bot.NudgeLog, p *bot.Person, rec *bot.NudgeRecord) (reply bot.Reply, ok bool, err error) {
	lang := langOf(p)
	kb := w.s.cfg.KB()
	var pr prompt
	if rec.Prompt != "" {
		pr, ok = findPrompt(kb, rec.Prompt, lang)
	}
	if !ok {
		part := ""
		if loc, err := bot.LoadTimeZone(p.TimeZone); err == nil {
			part = partOfDay(rec.Slot.In(loc))
		}
		all := prompts(kb, lang, p.Nudge.Areas, part)
		recent, err := st.Nudges(ctx, rec.Person, bot.NudgeQuery{
			States: []bot.NudgeState{bot.NudgeSent, bot.NudgeDoubt},
			Limit:  len(all) + 8,
		})
		if err != nil {
			return reply, false, err
		}
		if pr, rec.Cycle, ok = choose(all, recent, seed(rec.Person, rec.Slot.Unix())); !ok {
			return reply, false, nil
		}
	}
	rec.Prompt = pr.id
	return nudgeReply(kb, pr, lang, rec.Slot.Unix()), true, nil
}

// errNotSent wraps an error that happened before anything was sent.
type errNotSent struct{ err error }

func (e errNotSent) Error() string { return "not sent: " + e.err.Error() }
func (e errNotSent) Unwrap() error { return e.err }

// finish puts the record in its final state and schedules the person's
// next slot (after a regular slot), in tx. River completes the job once Work
// returns.
func (w *nudgeWorker) finish(ctx context.Context, tx txn, p *bot.Person, rec *bot.NudgeRecord, state bot.NudgeState) error {
	rec.State = state
	if err := tx.store().UpdateNudge(ctx, rec); err != nil {
		return err
	}
	if rec.Kind == bot.NudgeKindSlot {
		if err := w.s.scheduleNext(ctx, tx, p, rec.Slot); err != nil {
			return err
		}
	}
	return nil
}
