package slack

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/carebot/carebot/bot"
)

var _ bot.AlertEraser = (*Adapter)(nil)

// record appends an event to a thread's audit trail when the thread store
// keeps one. A failure is logged: the care team's work goes on.
func (a *Adapter) record(ctx context.Context, e bot.ThreadEvent) {
	if a.audit == nil {
		return
	}
	if err := a.audit.AddThreadEvent(ctx, &e); err != nil {
		a.log.Error("slack: audit trail", "kind", string(e.Kind), "err", err)
	}
}

// maxTrailLines bounds the audit trail shown on Resolved.
const maxTrailLines = 30

// trail renders a thread's audit trail for the Resolved note: who claimed,
// replied to the parent (and what), resolved, and when; "" when there is
// none.
func (a *Adapter) trail(ctx context.Context, channel, ts string) string {
	if a.audit == nil {
		return ""
	}
	events, err := a.audit.ThreadEvents(ctx, channel, ts)
	if err != nil {
		a.log.Error("slack: read audit trail", "err", err)
		return ""
	}
	var lines []string
	for _, e := range events {
		when := dateToken(e.At)
		switch e.Kind {
		case bot.ThreadClaimed:
			lines = append(lines, "• "+a.teamText(msgTrailClaimed, "when", when, "user", e.Actor))
		case bot.ThreadReplied:
			lines = append(lines, "• "+a.teamText(msgTrailReplied, "when", when, "user", e.Actor, "text", escape(truncate(e.Text, 300))))
		case bot.ThreadResolved:
			lines = append(lines, "• "+a.teamText(msgTrailResolved, "when", when, "user", e.Actor))
		case bot.ThreadParentLeft:
			lines = append(lines, "• "+a.teamText(msgTrailLeft, "when", when))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > maxTrailLines {
		lines = append(lines[:maxTrailLines], "• "+a.teamText(msgTrailMore, "n", strconv.Itoa(len(lines)-maxTrailLines)))
	}
	return a.teamText(msgTrail) + "\n" + strings.Join(lines, "\n")
}

// EraseAlerts takes a parent's words back out of the care channel when
// they use /forget: every alert and forwarded message that held them is
// replaced (chat.update) by a note, each of their threads is told that the
// parent left, and the trail records it. The Router calls it before the
// parent's data, and with it the link to their threads, is deleted.
// Without an audit trail there is nothing to find; it returns nil.
func (a *Adapter) EraseAlerts(ctx context.Context, key bot.PersonKey) error {
	if a.audit == nil {
		return nil
	}
	threads, err := a.audit.PersonThreads(ctx, key)
	if err != nil {
		return fmt.Errorf("erase alerts: %w", err)
	}
	handle := bot.Pseudonym(key, a.pseudoKey)
	var errs []error
	for _, t := range threads {
		events, err := a.audit.ThreadEvents(ctx, t.Channel, t.TS)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, e := range events {
			if e.Kind != bot.ThreadPosted || e.MessageTS == "" {
				continue
			}
			text := a.teamText(msgRemoved)
			blocks := []slackapi.Block{section("carebot_removed", ":wastebasket: "+text)}
			if e.MessageTS == t.TS {
				// The alert itself: keep what the care team needs to close
				// it (level, handle), not the words.
				text = a.teamText(msgRemovedAlert, "level", t.Level.String(), "handle", handle)
				blocks = []slackapi.Block{section("carebot_removed", ":wastebasket: "+text)}
			}
			if err := a.update(ctx, t.Channel, e.MessageTS, blocks, text); err != nil {
				errs = append(errs, fmt.Errorf("erase message: %w", err))
			}
		}
		if _, _, err := a.post(ctx, message{channel: t.Channel, threadTS: t.TS, text: a.teamText(msgParentLeft)}); err != nil {
			errs = append(errs, fmt.Errorf("tell the thread: %w", err))
		}
		a.record(ctx, bot.ThreadEvent{Channel: t.Channel, TS: t.TS, Kind: bot.ThreadParentLeft})
	}
	a.log.Info("slack: alerts erased", "person", handle, "threads", len(threads), "failures", len(errs))
	if len(errs) > 0 {
		return fmt.Errorf("erase alerts: %w", errors.Join(errs...))
	}
	return nil
}

// parentLeft reports whether a channel thread is the alert thread of a
// parent who used /forget.
func (a *Adapter) parentLeft(ctx context.Context, e *slackevents.MessageEvent) (bool, error) {
	if a.audit == nil || mentions(e.Text, a.selfID()) || strings.HasPrefix(strings.TrimSpace(e.Text), "//") {
		return false, nil
	}
	events, err := a.audit.ThreadEvents(ctx, e.Channel, e.ThreadTimeStamp)
	if err != nil {
		return false, fmt.Errorf("parent left: %w", err)
	}
	for _, ev := range events {
		if ev.Kind == bot.ThreadParentLeft {
			return true, nil
		}
	}
	return false, nil
}

// tellParentLeft answers a care-team reply in the thread of a parent who
// used /forget: in the thread, so the reply does not silently go nowhere.
func (a *Adapter) tellParentLeft(ctx context.Context, e *slackevents.MessageEvent) error {
	_, _, err := a.post(ctx, message{channel: e.Channel, threadTS: e.ThreadTimeStamp, text: a.teamText(msgReplyAfterLeft, "user", e.User)})
	return err
}
