package nudge

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/carebot/carebot/bot"
)

// Durable care-team alerts. Scheduler.Alert is the Router's Alerter: it
// queues the alert as a River job in the store and returns; a worker posts
// it through the real Alerter (the Slack adapter, SetAlerter), retrying
// with backoff across platform outages and restarts, snoozing for a 429's
// Retry-After, until it is posted or can never be (no consent, the parent
// left). A posted alert is recorded under its id in the same transaction
// that completes its job, so that a job run again after a crash finds it
// posted and does not post it twice. For a crash in the milliseconds
// between the platform's answer and that commit, the id also travels with
// the alert (bot.WithDelivery): the Slack adapter tags the post with it
// and, on a run again, looks for it in the channel before posting.

// queueAlert is the River queue of care-team alerts.
const queueAlert = "alert"

// alertMaxAttempts bounds the attempts to post one alert after errors
// other than 429: with alertBackoff about an hour and a half of outage.
const alertMaxAttempts = 25

// processedAlerts is the source under which posted alerts are recorded
// (bot.Store.MarkProcessed).
const processedAlerts = "alert"

// ErrNoAlerter is returned by Alert when no Alerter was set.
var ErrNoAlerter = fmt.Errorf("nudge: no alerter: %w", bot.ErrNoAlert)

// alertArgs is the River job of one care-team alert: what the Alerter
// needs, the parent's message included (River deletes finished jobs after
// a day).
type alertArgs struct {
	ID       string   `json:"id" river:"unique"`
	Platform string   `json:"p"`
	Chat     string   `json:"c"`
	Lang     string   `json:"l,omitempty"`
	Level    int      `json:"v"`
	Signs    []string `json:"s,omitempty"`
	Told     string   `json:"t,omitempty"`
	Text     string   `json:"x,omitempty"`
	At       int64    `json:"a"` // the message's time, Unix microseconds
}

func (alertArgs) Kind() string { return "carebot_alert" }

func (alertArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueAlert, MaxAttempts: alertMaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (a alertArgs) key() bot.PersonKey {
	return bot.PersonKey{Platform: bot.Platform(a.Platform), ChatID: a.Chat}
}

// SetAlerter sets the Alerter that posts queued alerts (the Slack
// adapter). Call it before Start.
func (s *Scheduler) SetAlerter(a bot.Alerter) { s.alerter = a }

var (
	_ bot.Alerter     = (*Scheduler)(nil)
	_ bot.AlertEraser = (*Scheduler)(nil)
)

// Alert queues a care-team alert about m from p, which needed r, and
// returns once it is stored: the worker posts it. Like the Alerter it
// stands for, it refuses (an error wrapping bot.ErrNoAlert) a parent who
// did not consent or a reply without a warning sign.
func (s *Scheduler) Alert(ctx context.Context, p *bot.Person, m bot.Message, r bot.Reply) error {
	switch {
	case s.alerter == nil:
		return ErrNoAlerter
	case p == nil || p.Consent != bot.ConsentGranted:
		return fmt.Errorf("nudge: alert: no consent: %w", bot.ErrNoAlert)
	case !r.Escalated():
		return fmt.Errorf("nudge: alert: no warning sign: %w", bot.ErrNoAlert)
	}
	id := alertID(m)
	when := m.Time
	if when.IsZero() {
		when = s.now()
	}
	lang := r.Lang
	if lang == "" {
		lang = p.Lang
	}
	args := alertArgs{ID: id, Platform: string(p.Key.Platform), Chat: p.Key.ChatID,
		Lang: lang, Level: int(r.Level), Signs: r.Signs, Told: r.Alert, Text: m.Text, At: when.UnixMicro()}
	var dup bool
	err := s.eng.inTx(ctx, func(tx txn) error {
		res, err := tx.insert(ctx, args, &river.InsertOpts{Tags: []string{personTag(p.Key)}})
		dup = err == nil && res.UniqueSkippedAsDuplicate
		return err
	})
	if err != nil {
		return fmt.Errorf("nudge: queue alert: %w", err)
	}
	if dup {
		// The same message again: an update taken from the inbox a second
		// time after a crash. Its alert is queued (or posted) already.
		s.log.InfoContext(ctx, "care alert already queued", slog.String("person", s.handle(p.Key)))
		return nil
	}
	s.log.InfoContext(ctx, "care alert queued", slog.String("person", s.handle(p.Key)), slog.String("escalation", r.Level.String()))
	return nil
}

// alertID names the alert of one message. A message with a time gets an id
// derived from where and when it was sent and what it says, so that the
// same update handled again (taken from the inbox after a crash before it
// was done) queues no second alert: River inserts alert jobs unique by id.
// Without a time (the console, tests) the id is random.
func alertID(m bot.Message) string {
	if m.Time.IsZero() {
		id := make([]byte, 16)
		rand.Read(id) // never fails (crypto/rand, Go 1.24+)
		return hex.EncodeToString(id)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%s", m.Platform, m.ChatID, m.Time.UnixMicro(), m.Text)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// EraseAlerts passes /forget on to the Alerter when it can take a parent's
// words back out of its alerts (bot.AlertEraser).
func (s *Scheduler) EraseAlerts(ctx context.Context, key bot.PersonKey) error {
	if e, ok := s.alerter.(bot.AlertEraser); ok {
		return e.EraseAlerts(ctx, key)
	}
	return nil
}

// alertWorker posts queued alerts.
type alertWorker struct{ careWorker[alertArgs] }

// Work posts one alert: unless a run before this one already did, through
// the Alerter, then records it and completes the job in one transaction.
func (w *alertWorker) Work(ctx context.Context, job *river.Job[alertArgs]) error {
	s, a := w.s, job.Args
	key := a.key()
	run := s.newCareRun(job.JobRow, bot.CareAlert, processedAlerts, a.ID, "care alert", key)
	if done, err := run.delivered(ctx); done || err != nil {
		return err
	}
	if s.alerter == nil {
		return run.cancel(ErrNoAlerter)
	}
	p, err := s.db.Person(ctx, key)
	if errors.Is(err, bot.ErrNotFound) {
		// The parent used /forget meanwhile.
		run.log.InfoContext(ctx, "care alert dropped: the parent is gone")
		return run.cancel(fmt.Errorf("alert: %w", bot.ErrNoAlert))
	}
	if err != nil {
		return run.retry(fmt.Errorf("alert: person: %w", err))
	}
	msg := bot.Message{Platform: key.Platform, ChatID: key.ChatID, Text: a.Text, Time: time.UnixMicro(a.At)}
	r := bot.Reply{Lang: a.Lang, Level: bot.Level(a.Level), Signs: a.Signs, Alert: a.Told}
	// The delivery id goes with the alert: a run after a crash between
	// the post and its record finds the post on the platform.
	dctx := bot.WithDelivery(bot.WithCallerRetries(ctx), bot.Delivery{ID: a.ID, Again: job.Attempt > 1, Since: job.CreatedAt})
	return run.outcome(ctx, s.alerter.Alert(dctx, p, msg, r), func(err error) bool { return errors.Is(err, bot.ErrNoAlert) })
}
