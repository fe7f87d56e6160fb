package nudge

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

// SnoozeFor is how long the Snooze button puts a nudge off.
const SnoozeFor = time.Hour

// ErrNoSender is returned by SetNudges for a person on a platform the
// scheduler has no Sender for (the console, or an adapter that is not
// configured).
var ErrNoSender = errors.New("no sender for the platform")

// ErrUnknownNudge is returned by Answer for a payload that names no nudge
// sent to the person.
var ErrUnknownNudge = errors.New("unknown nudge")

// plan returns the person's nudge plan.
func (s *Scheduler) plan(p *bot.Person) (plan, error) {
	return newPlan(p.TimeZone, s.withQuiet(p.Nudge), s.loc)
}

// withQuiet fills in the default quiet hours when ns has none.
func (s *Scheduler) withQuiet(ns bot.NudgeSettings) bot.NudgeSettings {
	if ns.Quiet == "" {
		ns.Quiet = s.cfg.DefaultQuiet
	}
	return ns
}

// ValidateSettings checks nudge settings for a person in time zone tz
// without changing anything: a *QuietHoursError for a time in the quiet
// hours, ErrNoTimes, ErrTooManyTimes, ErrBadTime or
// bot.ErrUnknownTimeZone.
func (s *Scheduler) ValidateSettings(tz string, ns bot.NudgeSettings) error {
	_, err := newPlan(tz, s.withQuiet(ns), s.loc)
	return err
}

// SetNudges saves p with nudge settings ns (and Active set) and replaces
// their pending nudges with the next slot of the new settings, in one
// transaction. It implements bot.Nudger. p.TimeZone is the person's time
// zone (the default time zone when empty); after changing it, call
// SetNudges again to move the pending nudge. Settings with a time in the
// quiet hours return a *QuietHoursError and change nothing.
func (s *Scheduler) SetNudges(ctx context.Context, p *bot.Person, ns bot.NudgeSettings) error {
	q := *p
	q.Nudge, q.Active = ns, true
	if _, err := s.plan(&q); err != nil {
		return err
	}
	if ns.Enabled && s.cfg.Senders[p.Key.Platform] == nil {
		return fmt.Errorf("set nudges: %w: %q", ErrNoSender, p.Key.Platform)
	}
	err := s.eng.inTx(ctx, func(tx txn) error {
		st := tx.store()
		if _, err := st.LockPerson(ctx, q.Key); err != nil && !errors.Is(err, bot.ErrNotFound) {
			return err
		}
		if err := st.SavePerson(ctx, &q); err != nil {
			return err
		}
		if err := s.cancelPending(ctx, tx, q.Key); err != nil {
			return err
		}
		return s.scheduleNext(ctx, tx, &q, s.now())
	})
	if err != nil {
		return fmt.Errorf("set nudges: %w", err)
	}
	p.Nudge, p.Active, p.CreatedAt, p.UpdatedAt = ns, true, q.CreatedAt, q.UpdatedAt
	return nil
}

// Stop turns the person's nudges off and cancels the pending ones, in one
// transaction. It implements bot.Nudger.
func (s *Scheduler) Stop(ctx context.Context, key bot.PersonKey) error {
	err := s.eng.inTx(ctx, func(tx txn) error {
		st := tx.store()
		p, err := st.LockPerson(ctx, key)
		switch {
		case errors.Is(err, bot.ErrNotFound):
		case err != nil:
			return err
		case p.Nudge.Enabled:
			p.Nudge.Enabled = false
			if err := st.SavePerson(ctx, p); err != nil {
				return err
			}
		}
		return s.cancelPending(ctx, tx, key)
	})
	if err != nil {
		return fmt.Errorf("stop nudges: %w", err)
	}
	return nil
}

// Forget deletes everything stored about the person, their River jobs
// included, in one transaction: nudges, and care-team alerts and replies,
// queued or finished (their rows hold the parent's words). A nudge or an
// alert being sent at that moment still goes out, and its job row (which
// holds the chat id) is deleted by River's cleaner a day later.
func (s *Scheduler) Forget(ctx context.Context, key bot.PersonKey) error {
	err := s.eng.inTx(ctx, func(tx txn) error {
		st := tx.store()
		if _, err := st.LockPerson(ctx, key); err != nil && !errors.Is(err, bot.ErrNotFound) {
			return err
		}
		recs, err := st.Nudges(ctx, key, bot.NudgeQuery{})
		if err != nil {
			return err
		}
		for _, r := range recs {
			if r.Job != 0 {
				if err := tx.delete(ctx, r.Job); err != nil {
					return err
				}
			}
		}
		if err := forgetCareJobs(ctx, tx, key); err != nil {
			return err
		}
		return st.Forget(ctx, key)
	})
	if err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	return nil
}

// Progress reports how many nudges sent since since the person marked done,
// and how many were sent. It implements bot.Nudger.
func (s *Scheduler) Progress(ctx context.Context, key bot.PersonKey, since time.Time) (done, sent int, err error) {
	recs, err := s.db.Nudges(ctx, key, bot.NudgeQuery{
		States: []bot.NudgeState{bot.NudgeSent, bot.NudgeDoubt},
		Since:  since,
	})
	if err != nil {
		return 0, 0, fmt.Errorf("progress: %w", err)
	}
	for _, r := range recs {
		sent++
		if !r.DoneAt.IsZero() {
			done++
		}
	}
	return done, sent, nil
}

var _ bot.NudgeHistory = (*Scheduler)(nil)

// NudgeHistory returns the person's sent nudges (done or not) with their
// slot at or after since, newest first: the /progress chart counts the
// done ones per day.
func (s *Scheduler) NudgeHistory(ctx context.Context, key bot.PersonKey, since time.Time) ([]bot.NudgeRecord, error) {
	recs, err := s.db.Nudges(ctx, key, bot.NudgeQuery{
		States: []bot.NudgeState{bot.NudgeSent, bot.NudgeDoubt},
		Since:  since,
	})
	if err != nil {
		return nil, fmt.Errorf("nudge history: %w", err)
	}
	return recs, nil
}

// WeekStart returns the start of the person's current week, Monday 00:00
// in their time zone, for Progress.
func (s *Scheduler) WeekStart(p *bot.Person) time.Time {
	loc := s.loc
	if l, err := bot.LoadTimeZone(p.TimeZone); err == nil && p.TimeZone != "" {
		loc = l
	}
	return weekStart(s.now(), loc)
}

// Answer handles a tap on a nudge's button, a payload starting with
// PayloadPrefix, and returns what it did for the Router to confirm in the
// person's language. Done
// marks the nudge done (for /progress); Snooze sends the same prompt again
// in an hour, or when quiet hours end; Stop is Stop. Tapping twice is
// harmless: the answer says so (see bot.NudgeAnswer).
func (s *Scheduler) Answer(ctx context.Context, key bot.PersonKey, payload string) (bot.NudgeAnswer, error) {
	a, id, _ := strings.Cut(strings.TrimPrefix(payload, PayloadPrefix), ":")
	action := bot.NudgeAction(a)
	if action == ActionStop {
		return bot.NudgeAnswer{Action: action}, s.Stop(ctx, key)
	}
	sec, err := strconv.ParseInt(id, 10, 64)
	if err != nil || (action != ActionDone && action != ActionSnooze) {
		return bot.NudgeAnswer{}, fmt.Errorf("%w: %q", ErrUnknownNudge, payload)
	}
	slot := time.Unix(sec, 0).UTC()
	var ans bot.NudgeAnswer
	err = s.eng.inTx(ctx, func(tx txn) error {
		ans = bot.NudgeAnswer{Action: action}
		st := tx.store()
		p, err := st.LockPerson(ctx, key)
		if errors.Is(err, bot.ErrNotFound) {
			return ErrUnknownNudge
		}
		if err != nil {
			return err
		}
		rec, err := st.Nudge(ctx, key, slot)
		if errors.Is(err, bot.ErrNotFound) {
			return ErrUnknownNudge
		}
		if err != nil {
			return err
		}
		if action == ActionDone {
			if rec.DoneAt.IsZero() {
				rec.DoneAt = s.now()
				return st.UpdateNudge(ctx, rec)
			}
			ans.Again = true
			return nil
		}
		if !rec.DoneAt.IsZero() {
			ans.WasDone = true // nothing left to remind of
			return nil
		}
		pl, err := s.plan(p)
		if err != nil {
			return err
		}
		at := pl.snooze(s.now(), SnoozeFor)
		if at.After(s.now().Add(SnoozeFor)) {
			ans.Until = at.In(pl.loc).Format("15:04")
		}
		p.Active = true
		return s.schedule(ctx, tx, p.Key, at, bot.NudgeKindSnooze, rec.Prompt, rec.Cycle)
	})
	if err != nil {
		return bot.NudgeAnswer{}, fmt.Errorf("nudge %s: %w", action, err)
	}
	return ans, nil
}

// cancelPending cancels the person's scheduled nudges and their jobs.
func (s *Scheduler) cancelPending(ctx context.Context, tx txn, key bot.PersonKey) error {
	st := tx.store()
	recs, err := st.Nudges(ctx, key, bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeScheduled}})
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		if r.Job != 0 {
			if err := tx.cancel(ctx, r.Job); err != nil {
				return err
			}
		}
		r.State = bot.NudgeCancelled
		if err := st.UpdateNudge(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// scheduleNext schedules the person's first slot after after (or after
// now, if later), unless they have a regular slot scheduled already or
// their nudges are off.
func (s *Scheduler) scheduleNext(ctx context.Context, tx txn, p *bot.Person, after time.Time) error {
	if !p.Active || !p.Nudge.Enabled {
		return nil
	}
	st := tx.store()
	pending, err := st.Nudges(ctx, p.Key, bot.NudgeQuery{States: []bot.NudgeState{bot.NudgeScheduled}})
	if err != nil {
		return err
	}
	for _, r := range pending {
		if r.Kind == bot.NudgeKindSlot {
			return nil
		}
	}
	pl, err := s.plan(p)
	if err != nil {
		return err
	}
	if now := s.now(); now.After(after) {
		after = now
	}
	// A slot already handled (sent, skipped...) is not sent again: take
	// the one after it.
	for range 8 {
		t := pl.next(after)
		if t.IsZero() {
			return nil
		}
		rec, live, err := slotRecord(ctx, st, p.Key, t)
		if err != nil {
			return err
		}
		if live {
			after = t
			continue
		}
		return s.insertSlot(ctx, tx, p.Key, t, bot.NudgeKindSlot, "", 0, rec)
	}
	return nil
}

// schedule inserts the nudge record and job for one slot, or revives a
// cancelled record for that slot. A slot that has a live record already
// is left alone.
func (s *Scheduler) schedule(ctx context.Context, tx txn, key bot.PersonKey, at time.Time, kind bot.NudgeKind, prompt string, cycle int) error {
	rec, live, err := slotRecord(ctx, tx.store(), key, at)
	if err != nil || live {
		return err
	}
	return s.insertSlot(ctx, tx, key, at, kind, prompt, cycle, rec)
}

// slotRecord returns the record of the person's slot at, nil when there is
// none; live reports a record that is not cancelled (the slot is taken).
func slotRecord(ctx context.Context, st bot.NudgeLog, key bot.PersonKey, at time.Time) (rec *bot.NudgeRecord, live bool, err error) {
	rec, err = st.Nudge(ctx, key, at)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return rec, rec.State != bot.NudgeCancelled, nil
}

// insertSlot inserts the job for one slot and its record, or revives rec,
// the slot's cancelled record, when there is one.
func (s *Scheduler) insertSlot(ctx context.Context, tx txn, key bot.PersonKey, at time.Time, kind bot.NudgeKind, prompt string, cycle int, rec *bot.NudgeRecord) error {
	st := tx.store()
	args := nudgeArgs{Platform: string(key.Platform), Chat: key.ChatID, Slot: at.Unix()}
	res, err := tx.insert(ctx, args, &river.InsertOpts{
		ScheduledAt: at,
		MaxAttempts: s.cfg.MaxAttempts,
		Tags:        []string{personTag(key)},
	})
	if err != nil {
		return fmt.Errorf("insert nudge job: %w", err)
	}
	if rec != nil {
		rec.Kind, rec.State, rec.Job, rec.Prompt, rec.Cycle = kind, bot.NudgeScheduled, res.Job.ID, prompt, cycle
		rec.SentAt, rec.DoneAt = time.Time{}, time.Time{}
		return st.UpdateNudge(ctx, rec)
	}
	_, err = st.AddNudge(ctx, &bot.NudgeRecord{Person: key, Slot: at, Kind: kind, State: bot.NudgeScheduled,
		Job: res.Job.ID, Prompt: prompt, Cycle: cycle})
	return err
}

// forgetCareJobs deletes the person's care-team alert and reply jobs that
// are not running.
func forgetCareJobs(ctx context.Context, tx txn, key bot.PersonKey) error {
	p := river.NewJobListParams().Kinds(alertArgs{}.Kind(), relayArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable,
			rivertype.JobStatePending, rivertype.JobStateCompleted, rivertype.JobStateCancelled,
			rivertype.JobStateDiscarded).First(10_000)
	rows, err := tx.list(ctx, p)
	if err != nil {
		return fmt.Errorf("list care jobs: %w", err)
	}
	for _, row := range rows {
		var who struct {
			Platform string `json:"p"`
			Chat     string `json:"c"`
		}
		if decodeArgs(row, &who) != nil || bot.Platform(who.Platform) != key.Platform || who.Chat != key.ChatID {
			continue
		}
		if err := tx.delete(ctx, row.ID); err != nil {
			return fmt.Errorf("delete care job: %w", err)
		}
	}
	return nil
}
