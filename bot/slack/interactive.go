package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// acceptInteraction stores (with an inbox, requests.go) and queues a block
// action (from HTTP or Socket Mode); raw is its JSON payload.
func (a *Adapter) acceptInteraction(cb slackapi.InteractionCallback, raw []byte) error {
	if cb.Type != slackapi.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return nil
	}
	if !json.Valid(raw) {
		var err error
		if raw, err = json.Marshal(&cb); err != nil {
			return fmt.Errorf("interaction: %w", err)
		}
	}
	return a.acceptRequest(interactionChannel(cb), storedRequest{Kind: requestInteraction, Payload: raw}, cb.TriggerID,
		func(ctx context.Context, id string) error { return a.processInteraction(ctx, id, cb, false) })
}

// processInteraction acts on the tapped buttons and records their answers
// with the interaction's inbox entry id (empty: none) deleted, in one
// transaction. again is set for an interaction taken from the inbox again
// after a stop or a crash, whose work may have been half done.
func (a *Adapter) processInteraction(ctx context.Context, id string, cb slackapi.InteractionCallback, again bool) error {
	var (
		errs  []error
		posts []storedPost
	)
	for _, act := range cb.ActionCallback.BlockActions {
		ps, err := a.processAction(ctx, cb, act, again)
		posts = append(posts, ps...)
		errs = append(errs, err)
	}
	if len(posts) > 0 {
		errs = append(errs, a.deliver(ctx, id, posts...))
	}
	return errors.Join(errs...)
}

func interactionChannel(cb slackapi.InteractionCallback) string {
	if cb.Channel.ID != "" {
		return cb.Channel.ID
	}
	return cb.Container.ChannelID
}

// processAction acts on one tapped button and returns its answers.
func (a *Adapter) processAction(ctx context.Context, cb slackapi.InteractionCallback, act *slackapi.BlockAction, again bool) ([]storedPost, error) {
	switch {
	case act.ActionID == actionShare:
		return a.share(ctx, cb, act.Value), nil
	case act.ActionID == actionClaim:
		return a.claim(ctx, cb, act.Value, false, again)
	case act.ActionID == actionResolve:
		return a.claim(ctx, cb, act.Value, true, again)
	case strings.HasPrefix(act.ActionID, actionButton):
		return a.followUp(ctx, cb, act.Value), nil
	}
	return nil, nil
}

// share posts the answer to a question, asked again, in the channel for
// everyone, and removes the ephemeral answer it came from.
func (a *Adapter) share(ctx context.Context, cb slackapi.InteractionCallback, question string) []storedPost {
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
	return posts
}

// followUp answers a tapped follow-up button where the button was: in the
// ephemeral answer's place, in the thread, or in the direct message.
func (a *Adapter) followUp(ctx context.Context, cb slackapi.InteractionCallback, payload string) []storedPost {
	channel := interactionChannel(cb)
	m := bot.Message{Platform: bot.PlatformSlack, ChatID: channel, UserID: cb.User.ID, Payload: payload, Time: a.now()}
	r := a.ask(ctx, a.handler, m)
	blocks, text := renderReply(r)
	bs := slackapi.Blocks{BlockSet: blocks}
	if cb.Container.IsEphemeral {
		if cb.ResponseURL == "" {
			return []storedPost{{Kind: postEphemeral, Channel: channel, User: cb.User.ID, Blocks: bs, Text: text}}
		}
		return []storedPost{{Kind: postResponse, Channel: channel, ResponseURL: cb.ResponseURL,
			ResponseType: slackapi.ResponseTypeEphemeral, Blocks: bs, Text: text}}
	}
	thread := cb.Container.ThreadTs
	if thread == "" && !cb.Channel.IsIM && !strings.HasPrefix(channel, "D") {
		thread = cb.Container.MessageTs
	}
	return []storedPost{{Kind: postMessage, Channel: channel, ThreadTS: thread, Blocks: bs, Text: text, Media: r.Media}}
}

// claim records who claimed (or resolved) an alert and returns the
// answers: the alert message's new status (chat.update) and, for
// Resolved, the note in its thread; or an ephemeral word to the one who
// tapped when the button does nothing. again: the tap is taken from the
// inbox after a stop or a crash, which may have come after the claim was
// recorded and before its answers were; the claim (or resolution) found
// recorded by this user is then this tap's own, and its answers are made.
func (a *Adapter) claim(ctx context.Context, cb slackapi.InteractionCallback, root string, resolve, again bool) ([]storedPost, error) {
	channel := interactionChannel(cb)
	msgTS := cb.Container.MessageTs
	if msgTS == "" {
		msgTS = cb.Message.Timestamp
	}
	if root == "" || root == rootFromMessage {
		root = msgTS
	}
	user := cb.User.ID
	tell := func(text string) []storedPost {
		return []storedPost{{Kind: postEphemeral, Channel: channel, ThreadTS: root, User: user, Text: text}}
	}
	// Without a thread store no link is kept, but the alert still shows
	// who took it.
	t := &bot.Thread{Channel: channel, TS: root}
	if a.threads != nil {
		var err error
		t, err = a.threads.ThreadByTS(ctx, channel, root)
		if errors.Is(err, bot.ErrNotFound) {
			return tell(a.teamText(msgNotLinked)), nil
		}
		if err != nil {
			return nil, fmt.Errorf("claim: %w", err)
		}
	}
	redo := again && a.audit != nil && a.ownTap(ctx, t, user, resolve)
	// Each button works once: a resolved alert takes no more presses, a
	// claimed one no second claim.
	switch {
	case redo:
	case t.Resolved:
		return tell(a.teamText(msgAlreadyResolved)), nil
	case !resolve && t.ClaimedBy != "":
		return tell(a.teamText(msgAlreadyClaimed, "user", t.ClaimedBy)), nil
	}
	when := dateToken(a.now())
	status := a.teamText(msgClaimedBy, "user", user, "when", when)
	if resolve {
		t.Resolved = true
		status = a.teamText(msgResolvedBy, "user", user, "when", when)
	} else {
		t.ClaimedBy = user
	}
	if a.audit != nil && !redo {
		// Atomically: of two presses at once (two replicas), one wins.
		var won bool
		var err error
		if resolve {
			won, err = a.audit.ResolveThread(ctx, channel, root)
		} else {
			won, err = a.audit.ClaimThread(ctx, channel, root, user)
		}
		if err != nil {
			return nil, fmt.Errorf("claim: %w", err)
		}
		if !won {
			now, err := a.threads.ThreadByTS(ctx, channel, root)
			switch {
			case err != nil:
				return nil, fmt.Errorf("claim: %w", err)
			case now.Resolved:
				return tell(a.teamText(msgAlreadyResolved)), nil
			default:
				return tell(a.teamText(msgAlreadyClaimed, "user", now.ClaimedBy)), nil
			}
		}
	}
	if a.threads != nil {
		if a.audit == nil {
			if err := a.threads.SaveThread(ctx, t); err != nil {
				return nil, fmt.Errorf("claim: save thread: %w", err)
			}
		}
		a.log.Info("slack: alert updated", "person", bot.Pseudonym(t.Person, a.pseudoKey), "resolved", t.Resolved)
		kind := bot.ThreadClaimed
		if resolve {
			kind = bot.ThreadResolved
		}
		if !redo || !a.recorded(ctx, channel, root, kind, user) {
			a.record(ctx, bot.ThreadEvent{Channel: channel, TS: root, Kind: kind, Actor: user})
		}
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
	posts := []storedPost{{Kind: postUpdate, Channel: channel, TS: msgTS, Blocks: slackapi.Blocks{BlockSet: blocks}, Text: text}}
	if resolve {
		note := status
		if tr := a.trail(ctx, channel, root); tr != "" {
			note += "\n" + tr
		}
		posts = append(posts, storedPost{Kind: postMessage, Channel: channel, ThreadTS: root, Text: truncate(note, maxFallbackText)})
	}
	return posts, nil
}

// ownTap reports whether the thread is already claimed (resolve:
// resolved) as the tap of user asks: claimed by this user; resolved with
// this user's resolution last in the trail, or none in it (the process
// stopped between the two writes).
func (a *Adapter) ownTap(ctx context.Context, t *bot.Thread, user string, resolve bool) bool {
	if !resolve {
		return t.ClaimedBy == user && !t.Resolved
	}
	if !t.Resolved {
		return false
	}
	evs, err := a.audit.ThreadEvents(ctx, t.Channel, t.TS)
	if err != nil {
		return false
	}
	by := ""
	for _, e := range evs {
		if e.Kind == bot.ThreadResolved {
			by = e.Actor
		}
	}
	return by == "" || by == user
}

// recorded reports whether the thread's trail has an event of kind by user.
func (a *Adapter) recorded(ctx context.Context, channel, ts string, kind bot.ThreadEventKind, user string) bool {
	evs, err := a.audit.ThreadEvents(ctx, channel, ts)
	if err != nil {
		return false
	}
	for _, e := range evs {
		if e.Kind == kind && e.Actor == user {
			return true
		}
	}
	return false
}
