package telegram

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/carebot/carebot/bot"
	"github.com/go-telegram/bot/models"
)

// incoming is an update the adapter will answer.
type incoming struct {
	updateID int64
	chatID   int64
	msg      bot.Message
	// callbackID is the callback query to answer; "" for a message.
	callbackID string
	// expired is true for a tap whose token is no longer known.
	expired bool
	// nonText is true for a private message without text.
	nonText bool
}

// verdict is what accept did with an update.
type verdict int

const (
	accepted  verdict = iota // queued for its chat (and in the inbox)
	ignored                  // not for the bot
	duplicate                // received before
	refused                  // not running, or not stored: Telegram must send it again
)

// accept takes an update from polling or the webhook: it keeps what the
// adapter answers, records it (the inbox when the store has one) and drops
// duplicates, and queues the rest for its chat (see enqueue for slot, own
// and attached). It refuses an update when the adapter is not running or
// the store could not record it: the caller answers 503 (webhook) or asks
// for it again (polling).
func (a *Adapter) accept(upd *models.Update, slot *inlineSlot) (c *chatState, own, attached bool, v verdict) {
	in, ok := a.incoming(upd)
	if !ok {
		a.log.Debug("telegram update ignored", "update_id", upd.ID, "kind", kind(upd))
		return nil, false, false, ignored
	}
	a.mu.Lock()
	ctx, running := a.workCtx, a.running
	a.mu.Unlock()
	if !running {
		return nil, false, false, refused
	}
	first, err := a.receive(ctx, in)
	if err != nil {
		return nil, false, false, refused
	}
	if !first {
		a.log.Info("telegram duplicate update", "update_id", in.updateID, "person", a.pseudo(in.chatID))
		return nil, false, false, duplicate
	}
	a.opts.metrics.MessageIn(bot.PlatformTelegram)
	c, own, attached, ok = a.enqueue(in, slot, a.urgent(in))
	if !ok && a.inbox == nil {
		return nil, false, false, refused
	}
	// Not queued because Run is stopping: it is in the inbox for the next
	// start.
	return c, own, attached, accepted
}

// markProcessed records the update as processed and reports whether it was
// the first time. It marks before answering: after a crash an update may go
// unanswered, but none is answered twice. A store error lets the update
// through (better twice than never).
func (a *Adapter) markProcessed(ctx context.Context, in incoming) bool {
	if a.opts.store == nil {
		return a.recent.first(in.updateID)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	first, err := a.opts.store.MarkProcessed(ctx, Source, strconv.FormatInt(in.updateID, 10))
	if err != nil {
		a.log.Warn("telegram mark processed", "update_id", in.updateID, "err", a.redact(err))
		return true
	}
	return first
}

func kind(upd *models.Update) string {
	switch {
	case upd.Message != nil:
		return "message"
	case upd.CallbackQuery != nil:
		return "callback_query"
	case upd.EditedMessage != nil:
		return "edited_message"
	case upd.ChannelPost != nil:
		return "channel_post"
	case upd.MyChatMember != nil:
		return "my_chat_member"
	}
	return "other"
}

// incoming turns an update into what the adapter answers, and false for an
// update it ignores: other kinds, messages from bots, channel posts, and
// group messages not addressed to the bot.
func (a *Adapter) incoming(upd *models.Update) (incoming, bool) {
	switch {
	case upd.Message != nil:
		return a.fromMessage(upd.ID, upd.Message)
	case upd.CallbackQuery != nil:
		return a.fromCallback(upd.ID, upd.CallbackQuery)
	}
	return incoming{}, false
}

func (a *Adapter) fromMessage(id int64, m *models.Message) (incoming, bool) {
	if m.From == nil || m.From.IsBot {
		return incoming{}, false
	}
	text := m.Text
	entities := m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	switch m.Chat.Type {
	case models.ChatTypePrivate:
		text = a.stripCommandTarget(text)
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		var ok bool
		if text, ok = a.addressed(m, text, entities); !ok {
			return incoming{}, false
		}
	default:
		return incoming{}, false
	}
	in := incoming{
		updateID: id,
		chatID:   m.Chat.ID,
		msg: bot.Message{
			Platform: bot.PlatformTelegram,
			ChatID:   strconv.FormatInt(m.Chat.ID, 10),
			UserID:   strconv.FormatInt(m.From.ID, 10),
			Text:     strings.TrimSpace(text),
			LangHint: m.From.LanguageCode,
			Time:     time.Unix(int64(m.Date), 0),
		},
	}
	if in.msg.Text == "" {
		if m.Chat.Type != models.ChatTypePrivate {
			return incoming{}, false
		}
		in.nonText = true
	}
	return in, true
}

func (a *Adapter) fromCallback(id int64, q *models.CallbackQuery) (incoming, bool) {
	var chat models.Chat
	switch {
	case q.Message.Message != nil:
		chat = q.Message.Message.Chat
	case q.Message.InaccessibleMessage != nil:
		chat = q.Message.InaccessibleMessage.Chat
	default:
		return incoming{}, false // a button under an inline-mode message
	}
	payload, ok := a.tokens.payload(q.Data)
	return incoming{
		updateID:   id,
		chatID:     chat.ID,
		callbackID: q.ID,
		expired:    !ok || q.Data == "",
		msg: bot.Message{
			Platform: bot.PlatformTelegram,
			ChatID:   strconv.FormatInt(chat.ID, 10),
			UserID:   strconv.FormatInt(q.From.ID, 10),
			Payload:  payload,
			LangHint: q.From.LanguageCode,
			Time:     a.opts.now(),
		},
	}, true
}

// addressed reports whether a group message is for the bot (a command for
// it, a mention of it, a reply to one of its messages) and returns the text
// without the mention.
func (a *Adapter) addressed(m *models.Message, text string, entities []models.MessageEntity) (string, bool) {
	me := a.me.Load()
	if me == nil {
		return "", false
	}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		if _, target, ok := strings.Cut(cmd, "@"); ok && !strings.EqualFold(target, me.Username) {
			return "", false // a command for another bot
		}
		return a.stripCommandTarget(text), true
	}
	mentioned := false
	for i := len(entities) - 1; i >= 0; i-- { // from the end: offsets stay valid
		e := entities[i]
		sub, ok := slice16(text, e.Offset, e.Length)
		if !ok {
			continue
		}
		if e.Type == models.MessageEntityTypeMention && strings.EqualFold(sub, "@"+me.Username) ||
			e.Type == models.MessageEntityTypeTextMention && e.User != nil && e.User.ID == me.ID {
			mentioned = true
			text = cut16(text, e.Offset, e.Length)
		}
	}
	if at := "@" + me.Username; me.Username != "" && containsFold(text, at) {
		mentioned = true
		text = replaceFold(text, at, "")
	}
	if m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == me.ID {
		mentioned = true
	}
	return strings.Join(strings.Fields(text), " "), mentioned
}

// stripCommandTarget turns "/help@carebot_bot more" into "/help more".
func (a *Adapter) stripCommandTarget(text string) string {
	if !strings.HasPrefix(text, "/") {
		return text
	}
	cmd, rest, hasRest := strings.Cut(text, " ")
	name, target, ok := strings.Cut(cmd, "@")
	if me := a.me.Load(); !ok || me == nil || !strings.EqualFold(target, me.Username) {
		return text
	}
	if hasRest {
		return name + " " + rest
	}
	return name
}

// slice16 returns the part of s at a UTF-16 offset and length (Telegram's
// entity units).
func slice16(s string, off, n int) (string, bool) {
	u := utf16.Encode([]rune(s))
	if off < 0 || n < 0 || off+n > len(u) {
		return "", false
	}
	return string(utf16.Decode(u[off : off+n])), true
}

// cut16 removes the part of s at a UTF-16 offset and length.
func cut16(s string, off, n int) string {
	u := utf16.Encode([]rune(s))
	if off < 0 || n < 0 || off+n > len(u) {
		return s
	}
	return string(utf16.Decode(append(u[:off:off], u[off+n:]...)))
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// replaceFold replaces every case-insensitive occurrence of old (ASCII) in s.
func replaceFold(s, old, new string) string {
	lower, lo := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) {
		return strings.ReplaceAll(s, old, new)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lo)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(new)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
