package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/carebot/carebot/bot"
)

// threadForwarder is what the Router (or the Forwarding wrapper) calls for
// a parent's message while a care-team thread is open; proposed for bot as
// ThreadForwarder.
type threadForwarder interface {
	ForwardToThread(ctx context.Context, p *bot.Person, m bot.Message) (bool, error)
}

var (
	_ bot.Alerter     = (*Adapter)(nil)
	_ threadForwarder = (*Adapter)(nil)
)

// Alert posts an escalation alert about a parent's message to the care
// channel: the parent's pseudonymous handle, the level, the message, the
// time, the parent's language, what carebot told the parent, and Claim and
// Resolved buttons. It links the alert's thread to the parent so that
// replies in it are relayed. When the parent already has an open thread,
// the alert goes into that thread (also shown in the channel). With a
// store that is a bot.Inbox the alert is recorded in the outbox and Alert
// returns at once; Run posts it, retrying until Slack takes it (see
// alertbox.go).
//
// Nothing is posted unless the parent agreed to it: p.Consent and, when
// there is a store, the stored consent must both be ConsentGranted;
// otherwise Alert returns ErrNoConsent. It returns ErrNotEscalated for a
// reply without a warning sign. Alert never changes what the parent is
// told; callers send the parent's reply whatever Alert returns.
func (a *Adapter) Alert(ctx context.Context, p *bot.Person, m bot.Message, r bot.Reply) error {
	switch {
	case a.careChannel == "":
		return ErrNoCareChannel
	case p == nil || p.Consent != bot.ConsentGranted:
		return ErrNoConsent
	case !r.Escalated():
		return ErrNotEscalated
	}
	if a.store != nil {
		stored, err := a.store.Person(ctx, p.Key)
		if errors.Is(err, bot.ErrNotFound) {
			return ErrNoConsent
		}
		if err != nil {
			return fmt.Errorf("alert: check consent: %w", err)
		}
		if stored.Consent != bot.ConsentGranted {
			return ErrNoConsent
		}
	}
	handle := bot.Pseudonym(p.Key, a.pseudoKey)
	when := m.Time
	if when.IsZero() {
		when = a.now()
	}
	lang := r.Lang
	if lang == "" {
		lang = p.Lang
	}

	var open *bot.Thread
	if a.threads != nil {
		t, err := a.threads.OpenThread(ctx, p.Key)
		switch {
		case err == nil:
			open = t
		case !errors.Is(err, bot.ErrNotFound):
			return fmt.Errorf("alert: open thread: %w", err)
		}
	}
	sa := storedAlert{
		Person: p.Key, Handle: handle, Level: r.Level, Text: m.Text, When: dateToken(when),
		Lang: lang, Signs: r.Signs, Told: r.Alert, Channel: a.careChannel,
		Relay: a.threads != nil && a.sender != nil,
	}
	if open != nil {
		sa.Channel, sa.ThreadTS = open.Channel, open.TS
	}
	if a.inbox != nil {
		return a.queueAlert(ctx, sa)
	}
	_, err := a.postAlert(ctx, sa, false)
	return err
}

// storedAlert is an alert to post: what it shows and where (the care
// channel, or the parent's open thread), as kept in the outbox.
type storedAlert struct {
	Person   bot.PersonKey `json:"person"`
	Handle   string        `json:"handle"`
	Level    bot.Level     `json:"level"`
	Text     string        `json:"text"`
	When     string        `json:"when"`
	Lang     string        `json:"lang"`
	Signs    []string      `json:"signs,omitempty"`
	Told     string        `json:"told"`
	Relay    bool          `json:"relay,omitempty"`
	Channel  string        `json:"channel"`
	ThreadTS string        `json:"thread_ts,omitempty"` // the open thread, if any
}

// postAlert posts the alert and links its thread to the parent, and
// reports whether the alert was posted (even when linking then failed).
// With once, a 429 is returned instead of waited out (the outbox's sender
// waits).
func (a *Adapter) postAlert(ctx context.Context, sa storedAlert, once bool) (posted bool, err error) {
	msg := message{channel: sa.Channel, urgent: true, once: once}
	root := rootFromMessage
	if sa.ThreadTS != "" {
		msg.threadTS, msg.broadcast = sa.ThreadTS, true
		root = sa.ThreadTS
	}
	msg.blocks, msg.text = alertBlocks(alertInfo{
		handle: sa.Handle, level: sa.Level, text: sa.Text, when: sa.When,
		lang: sa.Lang, signs: sa.Signs, told: sa.Told, root: root, relay: sa.Relay,
	})
	channel, ts, err := a.post(ctx, msg)
	if err != nil {
		return false, fmt.Errorf("alert: %w", err)
	}
	a.log.Info("slack: care alert posted", "person", sa.Handle, "level", sa.Level.String(), "in_thread", sa.ThreadTS != "")
	if a.threads == nil {
		return true, nil
	}
	// Posted: link it even if ctx ends now (a stop).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var t *bot.Thread
	if sa.ThreadTS != "" {
		t, err = a.threads.ThreadByTS(ctx, sa.Channel, sa.ThreadTS)
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return true, fmt.Errorf("alert: thread: %w", err)
		}
	}
	if t == nil {
		t = &bot.Thread{Person: sa.Person, Channel: channel, TS: ts}
	}
	t.Level = max(t.Level, sa.Level)
	if err := a.threads.SaveThread(ctx, t); err != nil {
		return true, fmt.Errorf("alert: save thread: %w", err)
	}
	return true, nil
}

// alertInfo is what an alert shows.
type alertInfo struct {
	handle, text, when, lang, told, root string
	level                                bot.Level
	signs                                []string
	relay                                bool // replies in the thread reach the parent
}

func alertBlocks(in alertInfo) ([]slackapi.Block, string) {
	title := ":warning: Warning sign: the parent should contact a provider"
	if in.level >= bot.LevelEmergency {
		title = ":rotating_light: Emergency warning sign"
	}
	lang := in.lang
	if lang == "" {
		lang = "unknown"
	}
	field := func(label, value string) *slackapi.TextBlockObject {
		return slackapi.NewTextBlockObject(slackapi.MarkdownType, "*"+label+"*\n"+value, false, false)
	}
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, title, true, false)),
		slackapi.NewSectionBlock(nil, []*slackapi.TextBlockObject{
			field("Parent", "`"+in.handle+"`"),
			field("Level", in.level.String()),
			field("Language", escape(lang)),
			field("Time", in.when),
		}, nil, slackapi.SectionBlockOptionBlockID("carebot_alert_fields")),
	}
	if t := strings.TrimSpace(in.text); t != "" {
		blocks = append(blocks, section("carebot_alert_message", truncate(quote(t), maxSectionText)))
	}
	var ctxLines []string
	if len(in.signs) > 0 {
		ctxLines = append(ctxLines, "Signs: "+escape(strings.Join(in.signs, ", ")))
	}
	if t := strings.TrimSpace(in.told); t != "" {
		ctxLines = append(ctxLines, "carebot told the parent: "+escape(truncate(t, 500)))
	}
	if in.relay {
		ctxLines = append(ctxLines, textAlertHelp)
	}
	blocks = append(blocks, slackapi.NewContextBlock("carebot_alert_context",
		slackapi.NewTextBlockObject(slackapi.MarkdownType, truncate(strings.Join(ctxLines, "\n"), maxSectionText), false, false)))
	blocks = append(blocks, alertActions(in.root))
	text := fmt.Sprintf("%s from parent %s", strings.TrimPrefix(strings.TrimPrefix(title, ":rotating_light: "), ":warning: "), in.handle)
	return blocks, escape(text)
}

func alertActions(root string) *slackapi.ActionBlock {
	claim := slackapi.NewButtonBlockElement(actionClaim, root,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, textClaim, true, false)).WithStyle(slackapi.StylePrimary)
	resolve := slackapi.NewButtonBlockElement(actionResolve, root,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, textResolved, true, false))
	return slackapi.NewActionBlock(blockActions, claim, resolve)
}

// ForwardToThread posts a parent's message into their open care-team
// thread and reports whether it did. It does nothing (false, nil) when the
// parent has no open thread, has not consented, or sent no text. The
// Router calls it for a parent's messages that are not escalated (an
// escalated one goes through Alert, which posts into the open thread).
func (a *Adapter) ForwardToThread(ctx context.Context, p *bot.Person, m bot.Message) (bool, error) {
	text := strings.TrimSpace(m.Text)
	if a.threads == nil || p == nil || p.Consent != bot.ConsentGranted || text == "" {
		return false, nil
	}
	t, err := a.threads.OpenThread(ctx, p.Key)
	if errors.Is(err, bot.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("forward to thread: %w", err)
	}
	handle := bot.Pseudonym(p.Key, a.pseudoKey)
	body := fmt.Sprintf(textParentWrote, handle) + "\n" + quote(text)
	blocks := []slackapi.Block{section("carebot_parent_message", truncate(body, maxSectionText))}
	if _, _, err := a.post(ctx, message{channel: t.Channel, threadTS: t.TS, blocks: blocks,
		text: truncate(escape(handle+": "+text), maxFallbackText)}); err != nil {
		return false, fmt.Errorf("forward to thread: %w", err)
	}
	a.log.Info("slack: parent message forwarded", "person", handle)
	return true, nil
}

// relayToParent sends a care-team member's reply in an alert thread to the
// parent through the Sender, marked as coming from the care team, and
// tells the member when it could not.
func (a *Adapter) relayToParent(ctx context.Context, t *bot.Thread, e *slackevents.MessageEvent) error {
	tell := func(text string) error {
		return a.postEphemeral(ctx, e.User, message{channel: e.Channel, threadTS: e.ThreadTimeStamp, text: text})
	}
	handle := bot.Pseudonym(t.Person, a.pseudoKey)
	text := plain(e.Text)
	switch {
	case text == "":
		return nil
	case t.Resolved:
		return tell(textIsResolved)
	case a.sender == nil || a.store == nil:
		return tell(textNoRelay)
	}
	p, err := a.store.Person(ctx, t.Person)
	if errors.Is(err, bot.ErrNotFound) {
		return tell(textNotLinked)
	}
	if err != nil {
		return fmt.Errorf("relay: person: %w", err)
	}
	if !p.Active || p.Consent != bot.ConsentGranted {
		return tell(textUnreachable)
	}
	r := bot.Reply{Lang: p.Lang, Intent: "care_team", Text: parentText("care_prefix", p.Lang) + "\n" + text}
	if err := a.sendWaiting(ctx, t.Person, r); err != nil {
		a.log.Error("slack: relay to parent failed", "person", handle, "err", err)
		_, _, perr := a.post(ctx, message{channel: e.Channel, threadTS: e.ThreadTimeStamp, text: textNotDelivered})
		return errors.Join(fmt.Errorf("relay: %w", err), perr)
	}
	a.log.Info("slack: care-team reply relayed", "person", handle)
	a.react(ctx, e.Channel, e.TimeStamp, "white_check_mark")
	return nil
}

// sendWaiting sends through the Sender, waiting out every 429 (its
// *bot.RateLimitError, whatever the wait) until ctx is done: a rate limit
// never fails a relay.
func (a *Adapter) sendWaiting(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	for {
		err := a.sender.Send(ctx, key, r)
		rl, ok := errors.AsType[*bot.RateLimitError](err)
		if !ok {
			return err
		}
		if err := a.sleep(ctx, max(rl.RetryAfter, time.Second)); err != nil {
			return fmt.Errorf("relay: %w", err)
		}
	}
}
