package slack

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/carebot/carebot/bot"
)

var _ bot.Alerter = (*Adapter)(nil)

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
	var label string // the care team's own label, from an enrolment invite
	if is, ok := a.store.(bot.InviteStore); ok {
		if l, err := is.PersonLabel(ctx, p.Key); err == nil {
			label = l
		} else if !errors.Is(err, bot.ErrNotFound) {
			a.log.Warn("slack: alert: read label", "person", handle, "err", err)
		}
	}
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
		Person: p.Key, Handle: handle, Label: label, Level: r.Level, Text: m.Text, When: dateToken(when),
		Lang: lang, Signs: r.Signs, Told: r.Alert, Channel: a.careChannel,
		Relay: a.threads != nil && a.sender != nil,
	}
	if open != nil {
		sa.Channel, sa.ThreadTS = open.Channel, open.TS
	}
	if _, durable := bot.DeliveryFrom(ctx); !durable && a.inbox != nil {
		// A durable delivery (the care queue's job) retries the call
		// itself; otherwise the outbox keeps the alert until it is posted.
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
	Label    string        `json:"label,omitempty"` // the care team's label, from an invite
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
	msg.blocks, msg.text = a.alertBlocks(alertInfo{
		handle: sa.Handle, label: sa.Label, level: sa.Level, text: sa.Text, when: sa.When,
		lang: sa.Lang, signs: sa.Signs, told: sa.Told, root: root, relay: sa.Relay,
	})
	var channel, ts string
	d, durable := bot.DeliveryFrom(ctx)
	if durable {
		msg.metadata = &slackapi.SlackMetadata{EventType: alertEventType, EventPayload: map[string]any{"id": d.ID}}
		if d.Again {
			// An earlier run may have posted it and died before saying so.
			found, err := a.findAlert(ctx, msg.channel, d)
			if err != nil {
				return false, fmt.Errorf("alert: look for an earlier post: %w", err)
			}
			if found != "" {
				channel, ts = msg.channel, found
				a.log.Info("slack: care alert was already posted", "person", sa.Handle)
			}
		}
	}
	if ts == "" {
		var err error
		channel, ts, err = a.post(ctx, msg)
		if err != nil {
			return false, fmt.Errorf("alert: %w", err)
		}
		a.log.Info("slack: care alert posted", "person", sa.Handle, "escalation", sa.Level.String(), "in_thread", sa.ThreadTS != "")
	}
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
	a.record(ctx, bot.ThreadEvent{Channel: t.Channel, TS: t.TS, Kind: bot.ThreadPosted, MessageTS: ts})
	return true, nil
}

// alertEventType is the metadata event type of an alert posted for a
// durable delivery; its payload holds the delivery id.
const alertEventType = "carebot_alert"

// findAlert looks in the channel's history, back to when the delivery
// started, for an alert carrying the delivery's id, and returns its
// timestamp, or "".
func (a *Adapter) findAlert(ctx context.Context, channel string, d bot.Delivery) (string, error) {
	oldest := d.Since.Add(-time.Minute)
	params := &slackapi.GetConversationHistoryParameters{ChannelID: channel, Limit: 200, IncludeAllMetadata: true,
		Oldest: strconv.FormatInt(oldest.Unix(), 10)}
	for {
		var res *slackapi.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", "", func(ctx context.Context) error {
			var err error
			res, err = a.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return "", err
		}
		for _, m := range res.Messages {
			if m.Metadata.EventType == alertEventType && fmt.Sprint(m.Metadata.EventPayload["id"]) == d.ID {
				return m.Timestamp, nil
			}
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			return "", nil
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
}

// alertInfo is what an alert shows.
type alertInfo struct {
	handle, label, text, when, lang, told, root string
	level                                       bot.Level
	signs                                       []string
	relay                                       bool // replies in the thread reach the parent
}

func (a *Adapter) alertBlocks(in alertInfo) ([]slackapi.Block, string) {
	title := a.alertTitle(in.level, in.signs)
	lang := in.lang
	if lang == "" {
		lang = a.teamText(msgLangUnknown)
	}
	field := func(label, value string) *slackapi.TextBlockObject {
		return slackapi.NewTextBlockObject(slackapi.MarkdownType, "*"+label+"*\n"+value, false, false)
	}
	fields := []*slackapi.TextBlockObject{
		field(a.teamText(msgFieldParent), "`"+in.handle+"`"),
		field(a.teamText(msgFieldLevel), in.level.String()),
		field(a.teamText(msgFieldLanguage), escape(lang)),
		field(a.teamText(msgFieldTime), in.when),
	}
	if in.label != "" {
		fields = append(fields, field(a.teamText(msgFieldLabel), escape(truncate(in.label, 100))))
	}
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, title, true, false)),
		slackapi.NewSectionBlock(nil, fields, nil, slackapi.SectionBlockOptionBlockID("carebot_alert_fields")),
	}
	if t := strings.TrimSpace(in.text); t != "" {
		blocks = append(blocks, section("carebot_alert_message", truncate(quote(t), maxSectionText)))
	}
	var ctxLines []string
	if len(in.signs) > 0 {
		ctxLines = append(ctxLines, a.teamText(msgSigns, "signs", escape(strings.Join(in.signs, ", "))))
	}
	if t := strings.TrimSpace(in.told); t != "" {
		ctxLines = append(ctxLines, a.teamText(msgTold, "text", escape(truncate(t, 500))))
	}
	if in.relay {
		ctxLines = append(ctxLines, a.teamText(msgAlertHelp))
	}
	blocks = append(blocks, slackapi.NewContextBlock("carebot_alert_context",
		slackapi.NewTextBlockObject(slackapi.MarkdownType, truncate(strings.Join(ctxLines, "\n"), maxSectionText), false, false)))
	blocks = append(blocks, a.alertActions(in.root, false))
	_, plainTitle, _ := strings.Cut(title, " ") // without the icon
	return blocks, escape(a.teamText(msgAlertSummary, "title", plainTitle, "handle", in.handle))
}

// alertTitle names what an alert is about, so that the care team sees it
// in the notification: self-harm, the baby, /sos, a yes to a safety
// question, or the sign itself; and how urgent it is.
func (a *Adapter) alertTitle(level bot.Level, signs []string) string {
	icon, urgency := ":warning:", a.teamText(msgUrgencyProvider)
	if level >= bot.LevelEmergency {
		icon, urgency = ":rotating_light:", a.teamText(msgUrgencyEmergency)
	}
	var selfHarm, baby, sos, check bool
	for _, s := range signs {
		selfHarm = selfHarm || strings.Contains(s, "self_harm") || strings.Contains(s, "suicid")
		baby = baby || strings.Contains(s, "baby")
		sos = sos || s == bot.SignSOS
		check = check || s == bot.SignCheckYes
	}
	var about string
	switch {
	case selfHarm && baby:
		about = a.teamText(msgAboutSelfHarmBaby)
	case selfHarm:
		about = a.teamText(msgAboutSelfHarm)
	case baby:
		about = a.teamText(msgAboutBaby)
	case sos:
		about = a.teamText(msgAboutSOS)
	case check:
		about = a.teamText(msgAboutCheckYes)
	case len(signs) > 0:
		about = signName(signs[0])
	default:
		about = a.teamText(msgAboutSign)
	}
	if check && (selfHarm || baby || sos) {
		about = a.teamText(msgAboutAlsoCheckYes, "about", about)
	}
	return truncate(icon+" "+urgency+": "+about, maxHeaderText)
}

// signName turns a sign id into words: "sign.leg_clot" gives "leg clot".
func signName(id string) string {
	id = strings.TrimPrefix(id, "sign.")
	return strings.NewReplacer("_", " ", ".", " ", "-", " ").Replace(id)
}

// alertActions are an alert's buttons: Claim (until someone claimed it)
// and Resolved.
func (a *Adapter) alertActions(root string, claimed bool) *slackapi.ActionBlock {
	resolve := slackapi.NewButtonBlockElement(actionResolve, root,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, a.teamText(msgResolved), true, false))
	if claimed {
		return slackapi.NewActionBlock(blockActions, resolve)
	}
	claim := slackapi.NewButtonBlockElement(actionClaim, root,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, a.teamText(msgClaim), true, false)).WithStyle(slackapi.StylePrimary)
	return slackapi.NewActionBlock(blockActions, claim, resolve)
}

// ForwardToThread posts a parent's message into their open care-team
// thread and reports whether it did. It does nothing (false, nil) when the
// parent has no open thread, has not consented, or sent no text.
// Forwarding calls it for a parent's messages that are not escalated (an
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
	body := a.teamText(msgParentWrote, "handle", handle) + "\n" + quote(text)
	blocks := []slackapi.Block{section("carebot_parent_message", truncate(body, maxSectionText))}
	_, ts, err := a.post(ctx, message{channel: t.Channel, threadTS: t.TS, blocks: blocks,
		text: truncate(escape(handle+": "+text), maxFallbackText)})
	if err != nil {
		return false, fmt.Errorf("forward to thread: %w", err)
	}
	a.record(ctx, bot.ThreadEvent{Channel: t.Channel, TS: t.TS, Kind: bot.ThreadPosted, MessageTS: ts})
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
		return tell(a.teamText(msgIsResolved))
	case a.sender == nil || a.store == nil:
		return tell(a.teamText(msgNoRelay))
	}
	p, err := a.store.Person(ctx, t.Person)
	if errors.Is(err, bot.ErrNotFound) {
		return tell(a.teamText(msgNotLinked))
	}
	if err != nil {
		return fmt.Errorf("relay: person: %w", err)
	}
	if !p.Active || p.Consent != bot.ConsentGranted {
		return tell(a.teamText(msgUnreachable))
	}
	r := bot.Reply{Lang: p.Lang, Intent: "care_team", Text: a.parentText(msgCarePrefix, p.Lang) + "\n" + text}
	cr := bot.TeamReply{Person: t.Person, Reply: r, Channel: t.Channel, TS: t.TS, MessageTS: e.TimeStamp, Actor: e.User, Text: text}
	if a.relay != nil {
		// Durable: the queue delivers it and calls Relayed.
		if err := a.relay.Relay(ctx, cr); err != nil {
			a.log.Error("slack: queue relay to parent failed", "person", handle, "err", err)
			_, _, perr := a.post(ctx, message{channel: e.Channel, threadTS: e.ThreadTimeStamp, text: a.teamText(msgNotDelivered)})
			return errors.Join(fmt.Errorf("relay: %w", err), perr)
		}
		a.log.Info("slack: care-team reply queued", "person", handle)
		return nil
	}
	return a.Relayed(ctx, cr, a.sendWaiting(ctx, t.Person, r))
}

var _ bot.RelayReceipt = (*Adapter)(nil)

// Relayed finishes a care-team reply's relay: on delivery a check mark on
// the reply and a line in the audit trail; otherwise a note in the thread
// that it could not be delivered.
func (a *Adapter) Relayed(ctx context.Context, r bot.TeamReply, err error) error {
	handle := bot.Pseudonym(r.Person, a.pseudoKey)
	if err != nil {
		a.log.Error("slack: relay to parent failed", "person", handle, "err", err)
		_, _, perr := a.post(ctx, message{channel: r.Channel, threadTS: r.TS, text: a.teamText(msgNotDelivered)})
		return errors.Join(fmt.Errorf("relay: %w", err), perr)
	}
	a.log.Info("slack: care-team reply relayed", "person", handle)
	a.record(ctx, bot.ThreadEvent{Channel: r.Channel, TS: r.TS, Kind: bot.ThreadReplied, Actor: r.Actor, MessageTS: r.MessageTS, Text: r.Text})
	a.react(ctx, r.Channel, r.MessageTS, "white_check_mark")
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
