package slack

import (
	"context"
	"errors"
	"strings"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/carebot/carebot/bot"
)

// target is where an answer goes: a channel, and a thread in it or none.
type target struct {
	channel  string
	threadTS string
}

// acceptEvent queues an Events API callback (from HTTP or Socket Mode);
// raw is its JSON. Events that carebot does not act on are dropped here,
// before any store write. With an inbox the event is written to it first
// (a duplicate is dropped); an error means it was not stored or queued:
// the caller answers 503 (or does not acknowledge) so that Slack sends it
// again.
func (a *Adapter) acceptEvent(ev slackevents.EventsAPIEvent, raw []byte) error {
	durable := a.inbox != nil && len(raw) > 0
	j, channel, ok := a.eventJob(ev, durable)
	if !ok {
		return nil
	}
	if !durable || j.eventID == "" {
		return a.enqueue(channel, j) // nothing to deduplicate it by
	}
	if !a.recovered.Load() {
		return ErrStarting // the inbox's older events are not queued yet
	}
	if err := a.queueOpen(channel); err != nil {
		return err // closed, or full: nothing stored, Slack sends it again
	}
	first, err := a.receive(j.eventID, channel, raw)
	if err != nil {
		return err
	}
	if !first {
		a.log.Info("slack: duplicate event ignored", "event_id", j.eventID)
		return nil
	}
	a.queueEvent(channel, j)
	return nil
}

// eventJob is the job for an event carebot may act on, and its channel.
// A durable job deletes the event from the inbox when done.
func (a *Adapter) eventJob(ev slackevents.EventsAPIEvent, durable bool) (job, string, bool) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return job{}, "", false
	}
	channel, ok := eventChannel(ev.InnerEvent.Data)
	if !ok {
		return job{}, "", false
	}
	eventID, inner := cb.EventID, ev.InnerEvent.Data
	durable = durable && eventID != ""
	return job{name: "event", eventID: eventID, run: func(ctx context.Context) error {
		err := a.processEvent(ctx, eventID, inner, durable)
		if durable {
			a.done(ctx, eventID)
		}
		return err
	}}, channel, true
}

// eventChannel returns the channel of an event carebot may act on.
func eventChannel(inner any) (string, bool) {
	switch e := inner.(type) {
	case *slackevents.AppMentionEvent:
		return e.Channel, e.BotID == "" && e.User != ""
	case *slackevents.MessageEvent:
		if e.BotID != "" || e.User == "" {
			return "", false
		}
		reply := e.ThreadTimeStamp != "" && e.ThreadTimeStamp != e.TimeStamp
		switch {
		case e.SubType == "" && e.ChannelType == "im":
			return e.Channel, true // a direct message
		case (e.SubType == "" || e.SubType == "thread_broadcast") && reply:
			return e.Channel, true // maybe a reply in an alert thread
		default:
			// Channel chatter (mentions arrive as app_mention), edits,
			// joins, files and other subtypes.
			return "", false
		}
	}
	return "", false
}

// processEvent acts on one event, once per event id (durable: the inbox
// deduplicated it already).
func (a *Adapter) processEvent(ctx context.Context, eventID string, inner any, durable bool) error {
	var act func(ctx context.Context) error
	durableID := "" // the inbox entry the answer is recorded with
	if durable {
		durableID = eventID
	}
	switch e := inner.(type) {
	case *slackevents.AppMentionEvent:
		if e.User == a.selfID() {
			return nil
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		m := a.lookupMessage(e.Channel, e.User, e.Text, e.TimeStamp)
		act = func(ctx context.Context) error { return a.answer(ctx, durableID, target{e.Channel, thread}, m) }
	case *slackevents.MessageEvent:
		if e.User == a.selfID() {
			return nil
		}
		switch {
		case e.ChannelType == "im" && e.SubType == "":
			m := a.lookupMessage(e.Channel, e.User, e.Text, e.TimeStamp)
			act = func(ctx context.Context) error {
				return a.answer(ctx, durableID, target{e.Channel, e.ThreadTimeStamp}, m)
			}
		case e.ThreadTimeStamp != "" && e.ThreadTimeStamp != e.TimeStamp:
			t, err := a.alertThread(ctx, e)
			if err != nil {
				return err
			}
			if t == nil {
				// Not linked (any more): a parent who left is said so in
				// the thread; anything else is channel chatter.
				left, err := a.parentLeft(ctx, e)
				if err != nil || !left {
					return err
				}
				act = func(ctx context.Context) error { return a.tellParentLeft(ctx, e) }
				break
			}
			act = func(ctx context.Context) error { return a.relayToParent(ctx, t, e) }
		default:
			// Channel chatter; mentions arrive as app_mention.
			return nil
		}
	default:
		return nil
	}
	if !durable {
		first, err := a.firstTime(ctx, eventID)
		if err != nil {
			return err
		}
		if !first {
			a.log.Info("slack: duplicate event ignored", "event_id", eventID)
			return nil
		}
	}
	return act(ctx)
}

// alertThread returns the alert thread a channel thread reply belongs to,
// or nil when it is not an alert thread or the reply is not meant for the
// parent (a mention of carebot, an internal // note).
func (a *Adapter) alertThread(ctx context.Context, e *slackevents.MessageEvent) (*bot.Thread, error) {
	if a.threads == nil || mentions(e.Text, a.selfID()) || strings.HasPrefix(strings.TrimSpace(e.Text), "//") {
		return nil, nil
	}
	t, err := a.threads.ThreadByTS(ctx, e.Channel, e.ThreadTimeStamp)
	if errors.Is(err, bot.ErrNotFound) && a.inbox != nil {
		// A reply can come as soon as Slack shows the alert: the alert
		// sender may not have linked its thread yet. Wait for it.
		a.alerts.waitPosting()
		t, err = a.threads.ThreadByTS(ctx, e.Channel, e.ThreadTimeStamp)
	}
	if errors.Is(err, bot.ErrNotFound) {
		return nil, nil
	}
	return t, err
}

// lookupMessage makes the bot.Message of a look-up typed in Slack.
func (a *Adapter) lookupMessage(channel, user, text, ts string) bot.Message {
	return bot.Message{
		Platform: bot.PlatformSlack,
		ChatID:   channel,
		UserID:   user,
		Text:     plain(text),
		Time:     slackTime(ts),
	}
}

// ask runs the handler, apologising when it fails.
func (a *Adapter) ask(ctx context.Context, h bot.Handler, m bot.Message) bot.Reply {
	a.metrics.MessageIn(bot.PlatformSlack)
	r, err := h.Handle(ctx, m)
	if err != nil {
		a.log.Error("slack: handler failed", "user", a.handle(m.ChatID), "err", err)
		return bot.Reply{Lang: a.cfg.Lang, Text: a.teamText(msgApology)}
	}
	return r
}

// answer asks the handler and posts the reply to t: through the outbox
// with an inbox, the event's entry (eventID, when not empty) deleted in
// the same transaction (postbox.go).
func (a *Adapter) answer(ctx context.Context, eventID string, t target, m bot.Message) error {
	r := a.ask(ctx, a.handler, m)
	blocks, text := renderReply(r)
	err := a.deliver(ctx, eventID, storedPost{Kind: postMessage, Channel: t.channel, ThreadTS: t.threadTS,
		Blocks: slackapi.Blocks{BlockSet: blocks}, Text: text, Media: r.Media})
	if err == nil {
		a.log.Info("slack: answered", "user", a.handle(m.ChatID), "intent", r.Intent, "escalation", r.Level.String())
	}
	return err
}
