package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Send delivers r to the person with the key, outside any conversation (a
// nudge, a care-team reply): the answer split under the length limit with its
// buttons, then its Notice. It waits for the rate limits and retries network
// errors and 5xx (WithMaxRetries). It returns the sender contract's errors:
// one wrapping bot.ErrBlocked (and marks the person inactive) when Telegram
// answers 403, and a *bot.RateLimitError with Telegram's retry_after on a
// 429 (nothing more of r was sent; the caller waits and sends again).
func (a *Adapter) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	if key.Platform != bot.PlatformTelegram {
		return fmt.Errorf("telegram send: %w", ErrNotTelegram)
	}
	chatID, err := strconv.ParseInt(key.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram send: chat id: %w", ErrNotTelegram)
	}
	a.mu.Lock()
	c := a.chat(chatID)
	a.mu.Unlock()
	t := a.texts(r.Lang)
	out := a.render(r, t)
	if len(out) == 0 {
		return nil
	}
	items := make([]sendItem, len(out))
	for i, m := range out {
		items[i].outMsg = m
	}
	for i := range items {
		if err := a.deliver(ctx, c, items[i].outMsg, false); err != nil {
			return err
		}
	}
	return nil
}

// waitLimits waits for the chat's and the overall send limiter, held
// across replicas with a store that is a bot.SendLimiter (PostgreSQL). An
// urgent message (a warning-sign reply) goes ahead of the overall one's
// queue (pace.Limit.Urgent), so that the bot's other messages (other
// chats' replies, nudges) wait instead.
func (a *Adapter) waitLimits(ctx context.Context, c *chatState, urgent bool) error {
	if err := c.send.Wait(ctx); err != nil {
		return fmt.Errorf("telegram send: wait: %w", err)
	}
	if urgent {
		if err := a.global.Urgent(ctx); err != nil {
			return fmt.Errorf("telegram send: wait: %w", err)
		}
		return nil
	}
	if err := a.global.Wait(ctx); err != nil {
		return fmt.Errorf("telegram send: wait: %w", err)
	}
	return nil
}

// deliver sends one message with sendMessage, within the rate limits,
// following a group's migration to a supergroup, and falling back to plain
// text if Telegram cannot parse the HTML. A 403 marks the person inactive
// and returns an error wrapping bot.ErrBlocked. A persistent message (a
// reply in the outbox) is retried until Telegram takes it or ctx is done:
// after a 429's retry_after, however long, and with a backoff after a
// network error or a 5xx. Otherwise a 429 returns a *bot.RateLimitError at
// once and the rest is retried opts.maxRetries times.
func (a *Adapter) deliver(ctx context.Context, c *chatState, m outMsg, persistent bool) error {
	p := &tgbot.SendMessageParams{
		ChatID:             c.id,
		Text:               m.html,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
	}
	if m.kb != nil {
		p.ReplyMarkup = m.kb
	}
	backoff := 500 * time.Millisecond
	for attempt := 0; ; {
		if err := a.waitLimits(ctx, c, m.urgent); err != nil {
			return err
		}
		_, err := a.tg.SendMessage(ctx, p)
		if err == nil {
			a.opts.metrics.MessageOut(bot.PlatformTelegram)
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("telegram send: %w", ctx.Err())
		}
		var tooMany *tgbot.TooManyRequestsError
		var migrate *tgbot.MigrateError
		switch {
		case errors.As(err, &tooMany):
			// Never counted as a failed attempt.
			a.opts.metrics.RateLimited(bot.PlatformTelegram)
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if !persistent {
				return fmt.Errorf("telegram send: %w", &bot.RateLimitError{RetryAfter: wait})
			}
			a.log.Warn("telegram rate limited", "person", c.handle, "retry_after_s", wait.Seconds())
			if err := a.retrySleep(ctx, wait); err != nil {
				return fmt.Errorf("telegram send: %w", err)
			}
		case errors.Is(err, tgbot.ErrorForbidden):
			a.markInactive(ctx, c.id)
			return fmt.Errorf("telegram send: %w: %w", bot.ErrBlocked, a.redact(err))
		case errors.As(err, &migrate) && migrate.MigrateToChatID != 0 && attempt < a.opts.maxRetries:
			attempt++
			p.ChatID = int64(migrate.MigrateToChatID)
		case errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities") && p.ParseMode != "":
			a.log.Error("telegram html rejected: sending plain text", "person", c.handle)
			p.Text, p.ParseMode = plainText(p.Text), ""
		case permanent(err) || (!persistent && attempt >= a.opts.maxRetries):
			return fmt.Errorf("telegram send: %w", a.redact(err))
		default: // a network error or a 5xx
			attempt++
			a.log.Warn("telegram send failed: retrying", "person", c.handle, "attempt", attempt, "err", a.redact(err))
			if err := a.retrySleep(ctx, backoff); err != nil {
				return fmt.Errorf("telegram send: %w", err)
			}
			backoff = min(2*backoff, 30*time.Second)
		}
	}
}

// errStopping ends a reply's wait before a retry once Run is stopping:
// the outbox keeps the reply for the next start.
var errStopping = errors.New("stopping: left in the outbox")

// retrySleep waits d before a retry. With an inbox it ends early, with
// errStopping, once Run is stopping: a stop need not wait for Telegram.
func (a *Adapter) retrySleep(ctx context.Context, d time.Duration) error {
	if a.inbox != nil {
		select {
		case <-a.stopped:
			return errStopping
		default:
		}
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-a.stopped:
				cancel()
			case <-sctx.Done():
			}
		}()
		if err := a.opts.sleep(sctx, d); err != nil {
			if ctx.Err() == nil {
				return errStopping
			}
			return err
		}
		return nil
	}
	return a.opts.sleep(ctx, d)
}

// permanent reports whether Telegram refused a call for good (4xx other
// than 429): sending it again cannot help.
func permanent(err error) bool {
	for _, e := range []error{tgbot.ErrorBadRequest, tgbot.ErrorUnauthorized, tgbot.ErrorNotFound, tgbot.ErrorConflict, tgbot.ErrorForbidden} {
		if errors.Is(err, e) {
			return true
		}
	}
	var migrate *tgbot.MigrateError
	return errors.As(err, &migrate)
}

// markInactive records that the person can no longer be reached.
func (a *Adapter) markInactive(ctx context.Context, chatID int64) {
	a.log.Info("telegram blocked by person", "person", a.pseudo(chatID))
	if a.opts.store == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	p, err := a.opts.store.Person(ctx, personKey(chatID))
	if errors.Is(err, bot.ErrNotFound) {
		return
	}
	if err == nil && p.Active {
		p.Active = false
		err = a.opts.store.SavePerson(ctx, p)
	}
	if err != nil {
		a.log.Warn("telegram mark inactive", "person", a.pseudo(chatID), "err", a.redact(err))
	}
}

// newLimit returns a send limit named bucket: shared by the replicas with
// a store that is a bot.SendLimiter, else in memory. The bucket of a chat
// is named by its pseudonym, never its id.
func (a *Adapter) newLimit(bucket string, perSecond float64, burst int) *pace.Limit {
	return pace.New(a.shared, bucket, perSecond, burst, pace.OnSharedError(func(err error) {
		a.log.Warn("telegram shared send limit unavailable: pacing in memory", "err", a.redact(err))
	}))
}

// inlineCall is a sendMessage call carried by a webhook response.
type inlineCall struct {
	Method             string          `json:"method"`
	ChatID             int64           `json:"chat_id"`
	Text               string          `json:"text"`
	ParseMode          string          `json:"parse_mode"`
	ReplyMarkup        *inlineKeyboard `json:"reply_markup,omitempty"`
	LinkPreviewOptions struct {
		IsDisabled bool `json:"is_disabled"`
	} `json:"link_preview_options"`
}

// sendInline hands m to the waiting webhook response, within the rate
// limits, and waits (briefly) until it is written, so the chat's next
// message cannot overtake it. It reports false when the response stopped
// waiting.
func (a *Adapter) sendInline(ctx context.Context, c *chatState, s *inlineSlot, item sendItem) bool {
	m := item.outMsg
	if err := a.waitLimits(ctx, c, m.urgent); err != nil {
		return false
	}
	call := inlineCall{Method: "sendMessage", ChatID: c.id, Text: m.html, ParseMode: string(models.ParseModeHTML), ReplyMarkup: m.kb}
	call.LinkPreviewOptions.IsDisabled = true
	body, err := json.Marshal(call)
	if err != nil {
		return false
	}
	if s.direct {
		s.body, s.msg, s.seq = body, m, item.seq // counted and deleted from the outbox when written (serveWebhook)
		return true
	}
	select {
	case s.reply <- body:
		a.opts.metrics.MessageOut(bot.PlatformTelegram)
	case <-s.gone:
		return false
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-s.written:
	case <-t.C:
	case <-ctx.Done():
	}
	return true
}
