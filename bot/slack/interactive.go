package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// acceptInteraction queues a block action (from HTTP or Socket Mode).
func (a *Adapter) acceptInteraction(cb slackapi.InteractionCallback) error {
	if cb.Type != slackapi.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return nil
	}
	return a.enqueue(interactionChannel(cb), job{name: "interaction", run: func(ctx context.Context) error {
		var errs []error
		for _, act := range cb.ActionCallback.BlockActions {
			errs = append(errs, a.processAction(ctx, cb, act))
		}
		return errors.Join(errs...)
	}})
}

func interactionChannel(cb slackapi.InteractionCallback) string {
	if cb.Channel.ID != "" {
		return cb.Channel.ID
	}
	return cb.Container.ChannelID
}

// processAction acts on one tapped button.
func (a *Adapter) processAction(ctx context.Context, cb slackapi.InteractionCallback, act *slackapi.BlockAction) error {
	switch {
	case act.ActionID == actionShare:
		return a.share(ctx, cb, act.Value)
	case act.ActionID == actionClaim:
		return a.claim(ctx, cb, act.Value, false)
	case act.ActionID == actionResolve:
		return a.claim(ctx, cb, act.Value, true)
	case strings.HasPrefix(act.ActionID, actionButton):
		return a.followUp(ctx, cb, act.Value)
	}
	return nil
}

// share posts the answer to a question, asked again, in the channel for
// everyone, and removes the ephemeral answer it came from.
func (a *Adapter) share(ctx context.Context, cb slackapi.InteractionCallback, question string) error {
	channel := interactionChannel(cb)
	m := bot.Message{Platform: bot.PlatformSlack, ChatID: channel, UserID: cb.User.ID, Text: question, Time: a.now()}
	r := a.ask(ctx, a.handler, m)
	blocks, text := renderReply(r)
	blocks = append(blocks, slackapi.NewContextBlock("carebot_shared_by",
		slackapi.NewTextBlockObject(slackapi.MarkdownType, a.teamText(msgSharedBy, "user", cb.User.ID), false, false)))
	posts := []storedPost{{Kind: postMessage, Channel: channel, Blocks: slackapi.Blocks{BlockSet: blocks}, Text: text,
		Media: r.Media, Fallback: cb.ResponseURL}}
	if cb.ResponseURL != "" {
		// Then the ephemeral answer it came from is removed.
		posts = append(posts, storedPost{Kind: postResponse, Channel: channel, ResponseURL: cb.ResponseURL, Remove: true})
	}
	if err := a.deliver(ctx, "", posts...); err != nil {
		return fmt.Errorf("share: %w", err)
	}
	return nil
}

// followUp answers a tapped follow-up button where the button was: in the
// ephemeral answer's place, in the thread, or in the direct message.
func (a *Adapter) followUp(ctx context.Context, cb slackapi.InteractionCallback, payload string) error {
	channel := interactionChannel(cb)
	m := bot.Message{Platform: bot.PlatformSlack, ChatID: channel, UserID: cb.User.ID, Payload: payload, Time: a.now()}
	r := a.ask(ctx, a.handler, m)
	blocks, text := renderReply(r)
	bs := slackapi.Blocks{BlockSet: blocks}
	if cb.Container.IsEphemeral {
		if cb.ResponseURL == "" {
			return a.deliver(ctx, "", storedPost{Kind: postEphemeral, Channel: channel, User: cb.User.ID, Blocks: bs, Text: text})
		}
		return a.deliver(ctx, "", storedPost{Kind: postResponse, Channel: channel, ResponseURL: cb.ResponseURL,
			ResponseType: slackapi.ResponseTypeEphemeral, Blocks: bs, Text: text})
	}
	thread := cb.Container.ThreadTs
	if thread == "" && !cb.Channel.IsIM && !strings.HasPrefix(channel, "D") {
		thread = cb.Container.MessageTs
	}
	return a.deliver(ctx, "", storedPost{Kind: postMessage, Channel: channel, ThreadTS: thread, Blocks: bs, Text: text, Media: r.Media})
}

// claim records who claimed (or resolved) an alert and updates the alert
// message to show it.
func (a *Adapter) claim(ctx context.Context, cb slackapi.InteractionCallback, root string, resolve bool) error {
	channel := interactionChannel(cb)
	msgTS := cb.Container.MessageTs
	if msgTS == "" {
		msgTS = cb.Message.Timestamp
	}
	if root == "" || root == rootFromMessage {
		root = msgTS
	}
	user := cb.User.ID
	tell := func(text string) error {
		return a.postEphemeral(ctx, user, message{channel: channel, threadTS: root, text: text})
	}
	// Without a thread store no link is kept, but the alert still shows
	// who took it.
	t := &bot.Thread{Channel: channel, TS: root}
	if a.threads != nil {
		var err error
		t, err = a.threads.ThreadByTS(ctx, channel, root)
		if errors.Is(err, bot.ErrNotFound) {
			return tell(a.teamText(msgNotLinked))
		}
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
	}
	// Each button works once: a resolved alert takes no more presses, a
	// claimed one no second claim.
	switch {
	case t.Resolved:
		return tell(a.teamText(msgAlreadyResolved))
	case !resolve && t.ClaimedBy != "":
		return tell(a.teamText(msgAlreadyClaimed, "user", t.ClaimedBy))
	}
	when := dateToken(a.now())
	status := a.teamText(msgClaimedBy, "user", user, "when", when)
	if resolve {
		t.Resolved = true
		status = a.teamText(msgResolvedBy, "user", user, "when", when)
	} else {
		t.ClaimedBy = user
	}
	if a.audit != nil {
		// Atomically: of two presses at once (two replicas), one wins.
		var won bool
		var err error
		if resolve {
			won, err = a.audit.ResolveThread(ctx, channel, root)
		} else {
			won, err = a.audit.ClaimThread(ctx, channel, root, user)
		}
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		if !won {
			now, err := a.threads.ThreadByTS(ctx, channel, root)
			switch {
			case err != nil:
				return fmt.Errorf("claim: %w", err)
			case now.Resolved:
				return tell(a.teamText(msgAlreadyResolved))
			default:
				return tell(a.teamText(msgAlreadyClaimed, "user", now.ClaimedBy))
			}
		}
	}
	if a.threads != nil {
		if a.audit == nil {
			if err := a.threads.SaveThread(ctx, t); err != nil {
				return fmt.Errorf("claim: save thread: %w", err)
			}
		}
		a.log.Info("slack: alert updated", "person", bot.Pseudonym(t.Person, a.pseudoKey), "resolved", t.Resolved)
		kind := bot.ThreadClaimed
		if resolve {
			kind = bot.ThreadResolved
		}
		a.record(ctx, bot.ThreadEvent{Channel: channel, TS: root, Kind: kind, Actor: user})
	}

	var blocks []slackapi.Block
	for _, b := range cb.Message.Blocks.BlockSet {
		if id := b.ID(); id != blockStatus && id != blockActions {
			blocks = append(blocks, b)
		}
	}
	blocks = append(blocks, slackapi.NewContextBlock(blockStatus,
		slackapi.NewTextBlockObject(slackapi.MarkdownType, status, false, false)))
	if !t.Resolved {
		value := root
		if root == msgTS {
			value = rootFromMessage
		}
		blocks = append(blocks, a.alertActions(value, t.ClaimedBy != ""))
	}
	text := cb.Message.Text
	if text == "" {
		text = "carebot alert"
	}
	if err := a.update(ctx, channel, msgTS, blocks, text); err != nil {
		return fmt.Errorf("claim: %w", err)
	}
	if resolve {
		note := status
		if tr := a.trail(ctx, channel, root); tr != "" {
			note += "\n" + tr
		}
		_, _, err := a.post(ctx, message{channel: channel, threadTS: root, text: truncate(note, maxFallbackText)})
		return err
	}
	return nil
}
