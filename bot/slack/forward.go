package slack

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
)

// forwardTimeout bounds forwarding one parent message to the care team.
const forwardTimeout = 5 * time.Second

// Forwarding wraps the handler parents talk to (the Router, as given to the
// Telegram adapter): after h answers a parent's typed message that carries
// no warning sign, the message is also posted into the parent's open
// care-team thread, and the reply's Notice tells the parent so. Escalated
// messages are left to Alert (the Router calls it; it posts into the open
// thread), commands and button taps are not forwarded, and neither are
// messages from Slack. A forwarding failure is logged; the reply is never
// held back.
func (a *Adapter) Forwarding(h bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		r, err := h.Handle(ctx, m)
		text := strings.TrimSpace(m.Text)
		if err != nil || m.Platform == bot.PlatformSlack || r.Escalated() || text == "" ||
			strings.HasPrefix(text, "/") || a.threads == nil || a.store == nil {
			return r, err
		}
		key := bot.PersonKey{Platform: m.Platform, ChatID: m.ChatID}
		p, perr := a.store.Person(ctx, key)
		if perr != nil {
			if !errors.Is(perr, bot.ErrNotFound) {
				a.log.Warn("slack: forward: read person", "person", bot.Pseudonym(key, a.pseudoKey), "err", perr)
			}
			return r, nil
		}
		fctx, cancel := context.WithTimeout(ctx, forwardTimeout)
		defer cancel()
		ok, ferr := a.ForwardToThread(fctx, p, m)
		if ferr != nil {
			a.log.Warn("slack: forward to care team failed", "person", bot.Pseudonym(key, a.pseudoKey), "err", ferr)
		}
		if ok {
			lang := r.Lang
			if lang == "" {
				lang = p.Lang
			}
			r.Notice = strings.TrimSpace(strings.Join([]string{r.Notice, a.parentText(msgForwarded, lang)}, "\n\n"))
		}
		return r, nil
	})
}
