package nudge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/carebot/carebot/bot"
)

// Durable care-team replies: Scheduler.Relay is the Slack adapter's
// RelayQueue. A nurse's reply in an alert thread is queued as a River job
// and delivered to the parent through their platform's Sender, retried
// across outages and restarts, snoozed for a 429's Retry-After, and
// recorded as delivered with its job's completion (as alerts are, see
// alert.go); the RelayReceipt (SetRelayReceipt) then marks it delivered or
// tells the thread it could not be.

// processedReplies is the source under which delivered replies are
// recorded (bot.Store.MarkProcessed).
const processedReplies = "care_reply"

// relayArgs is the River job of one care-team reply.
type relayArgs struct {
	ID        string `json:"id" river:"unique"`
	Platform  string `json:"p"`
	Chat      string `json:"c"`
	Lang      string `json:"l,omitempty"`
	Reply     string `json:"r"` // what the parent gets
	Text      string `json:"x"` // what the care team wrote
	Channel   string `json:"ch"`
	TS        string `json:"ts"`
	MessageTS string `json:"m"`
	Actor     string `json:"u"`
}

func (relayArgs) Kind() string { return "carebot_care_reply" }

func (relayArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueAlert, MaxAttempts: alertMaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (a relayArgs) teamReply() bot.TeamReply {
	return bot.TeamReply{
		Person:  bot.PersonKey{Platform: bot.Platform(a.Platform), ChatID: a.Chat},
		Reply:   bot.Reply{Lang: a.Lang, Intent: "care_team", Text: a.Reply},
		Channel: a.Channel, TS: a.TS, MessageTS: a.MessageTS, Actor: a.Actor, Text: a.Text,
	}
}

var _ bot.RelayQueue = (*Scheduler)(nil)

// SetRelayReceipt sets who hears how queued care-team replies ended (the
// Slack adapter). Call it before Start.
func (s *Scheduler) SetRelayReceipt(r bot.RelayReceipt) { s.receipt = r }

// Relay queues a care-team reply to a parent and returns once it is
// stored.
func (s *Scheduler) Relay(ctx context.Context, r bot.TeamReply) error {
	id := make([]byte, 16)
	rand.Read(id) // never fails (crypto/rand, Go 1.24+)
	args := relayArgs{ID: hex.EncodeToString(id), Platform: string(r.Person.Platform), Chat: r.Person.ChatID,
		Lang: r.Reply.Lang, Reply: r.Reply.Text, Text: r.Text, Channel: r.Channel, TS: r.TS,
		MessageTS: r.MessageTS, Actor: r.Actor}
	err := s.eng.inTx(ctx, func(tx txn) error {
		_, err := tx.insert(ctx, args, &river.InsertOpts{Tags: []string{personTag(r.Person)}})
		return err
	})
	if err != nil {
		return fmt.Errorf("nudge: queue care-team reply: %w", err)
	}
	s.log.InfoContext(ctx, "care-team reply queued", slog.String("person", s.handle(r.Person)))
	return nil
}

// relayWorker delivers queued care-team replies.
type relayWorker struct{ careWorker[relayArgs] }

// errGone says the parent can no longer be reached through carebot.
var errGone = errors.New("the parent can no longer be reached (forgot, stopped or withdrew consent)")

// Work delivers one care-team reply, unless a run before this one did.
func (w *relayWorker) Work(ctx context.Context, job *river.Job[relayArgs]) error {
	s, a := w.s, job.Args
	r := a.teamReply()
	run := s.newCareRun(job.JobRow, bot.CareReply, processedReplies, a.ID, "care-team reply", r.Person)
	if done, err := run.delivered(ctx); done || err != nil {
		return err
	}
	if s.receipt != nil {
		run.final = func(err error) {
			if rerr := s.receipt.Relayed(ctx, r, err); rerr != nil {
				run.log.WarnContext(ctx, "care-team reply: receipt", slog.Any("err", rerr))
			}
		}
	}
	p, err := s.db.Person(ctx, r.Person)
	switch {
	case errors.Is(err, bot.ErrNotFound) || err == nil && (!p.Active || p.Consent != bot.ConsentGranted):
		return run.cancel(errGone)
	case err != nil:
		return run.retry(fmt.Errorf("relay: person: %w", err))
	}
	snd, lim, err := s.sender(r.Person.Platform)
	if err != nil {
		return run.cancel(err)
	}
	if lim != nil {
		if err := lim.wait(ctx, r.Person.ChatID); err != nil {
			return fmt.Errorf("relay: rate limit wait: %w", err)
		}
	}
	err = snd.Send(bot.WithCallerRetries(ctx), r.Person, r.Reply)
	return run.outcome(ctx, err, func(err error) bool { return errors.Is(err, bot.ErrBlocked) })
}
