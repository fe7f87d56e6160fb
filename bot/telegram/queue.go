package telegram

import (
	"context"
	"errors"
	"time"

	"github.com/carebot/carebot/bot"
	tgbot "github.com/go-telegram/bot"
	"golang.org/x/time/rate"
)

// chatState is what the adapter keeps per chat: its send limiter, its
// inbound flood limiter and its queue of updates to answer. One worker
// goroutine per chat drains the queue while it is not empty, so one chat is
// answered in order and chats proceed concurrently. Fields other than send
// are guarded by Adapter.mu.
type chatState struct {
	id       int64
	handle   string // pseudonym, for logs
	send     *rate.Limiter
	inbound  *rate.Limiter // nil when flood control is off
	queue    []*job
	running  bool
	noticed  bool // the flood notice went out in this flood
	lastSeen time.Time
}

// job is one thing to answer in a chat.
type job struct {
	in     incoming
	notice string // when set, a text to send as is (the flood notice)
	merged int    // messages merged into this one by flood control
	slot   *inlineSlot
}

// inlineSlot is a webhook response waiting for its update's reply. When
// the request's own goroutine answers the update (direct), the reply's JSON
// is left in body. Otherwise a chat worker hands it the JSON of a
// sendMessage call (or nil: nothing inline) on reply, unless the handler
// gave up and closed gone; the handler closes written once the response is
// flushed.
type inlineSlot struct {
	direct  bool
	body    []byte
	msg     outMsg // what body carries, in case the request is gone
	reply   chan []byte
	gone    chan struct{}
	written chan struct{}
}

func newInlineSlot() *inlineSlot {
	return &inlineSlot{reply: make(chan []byte), gone: make(chan struct{}), written: make(chan struct{})}
}

// release tells a waiting webhook response that nothing goes inline.
func (s *inlineSlot) release() {
	if s == nil || s.direct {
		return
	}
	select {
	case s.reply <- nil:
	case <-s.gone:
	}
}

// chat returns the state of the chat, creating it; a.mu must be held.
func (a *Adapter) chat(id int64) *chatState {
	now := a.opts.now()
	c, ok := a.chats[id]
	if !ok {
		c = &chatState{id: id, handle: a.pseudo(id), send: rate.NewLimiter(rate.Limit(a.opts.rates.PerChat), a.opts.rates.ChatBurst)}
		if a.opts.flood.Rate != Unlimited {
			c.inbound = rate.NewLimiter(rate.Limit(a.opts.flood.Rate), a.opts.flood.Burst)
		}
		a.chats[id] = c
		if a.created++; a.created%1024 == 0 {
			a.sweep(now)
		}
	}
	c.lastSeen = now
	return c
}

// sweep forgets chats idle for ten minutes (their limiters are full again);
// a.mu must be held.
func (a *Adapter) sweep(now time.Time) {
	for id, c := range a.chats {
		if !c.running && len(c.queue) == 0 && now.Sub(c.lastSeen) > 10*time.Minute {
			delete(a.chats, id)
		}
	}
}

// enqueue queues in for its chat, applying flood control. With slot, the
// job carries the webhook response waiting for its reply (attached). When
// own is true the chat was idle and the caller, the webhook request's
// goroutine, answers the job itself with workFirst (slot.direct is set);
// otherwise the chat's worker does, started here if needed.
func (a *Adapter) enqueue(in incoming, slot *inlineSlot) (c *chatState, own, attached bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.running {
		return nil, false, false
	}
	c = a.chat(in.chatID)
	now := a.opts.now()
	if c.inbound != nil && c.inbound.TokensAt(now) >= float64(a.opts.flood.Burst) {
		c.noticed = false // quiet long enough: a new flood gets a new notice
	}
	if c.inbound == nil || c.inbound.AllowN(now, 1) {
		c.insert(&job{in: in, slot: slot})
		attached = slot != nil
	} else {
		a.flooded(c, in)
	}
	if c.running {
		return c, false, attached
	}
	c.running = true
	a.workers.Add(1)
	if attached && len(c.queue) == 1 {
		slot.direct = true
		return c, true, true
	}
	go a.work(c)
	return c, false, attached
}

// insert queues j in update_id order among the waiting jobs (webhook
// requests for one chat can arrive out of order).
func (c *chatState) insert(j *job) {
	i := len(c.queue)
	for i > 0 && c.queue[i-1].in.updateID > j.in.updateID && c.queue[i-1].notice == "" {
		i--
	}
	c.queue = append(c.queue, nil)
	copy(c.queue[i+1:], c.queue[i:])
	c.queue[i] = j
}

// flooded handles a message over the chat's inbound limit: the first one of
// a flood queues the notice; text is merged into the last waiting text
// message (so the Router still screens it for warning signs), up to
// MaxMerged bytes; taps and the rest are dropped. a.mu must be held.
func (a *Adapter) flooded(c *chatState, in incoming) {
	if !c.noticed {
		// The notice goes next, ahead of the replies waiting.
		c.noticed = true
		c.queue = append([]*job{{in: in, notice: a.texts(in.msg.LangHint).Flood}}, c.queue...)
		a.log.Info("telegram flood", "person", c.handle)
	}
	if in.callbackID != "" || in.nonText {
		return
	}
	for i := len(c.queue) - 1; i >= 0; i-- {
		j := c.queue[i]
		if j.notice != "" || j.in.callbackID != "" || j.in.nonText {
			continue
		}
		if len(j.in.msg.Text)+1+len(in.msg.Text) > a.opts.flood.MaxMerged {
			return
		}
		j.in.msg.Text += "\n" + in.msg.Text
		j.merged++
		return
	}
	c.queue = append(c.queue, &job{in: in})
}

// work answers the chat's queue until it is empty.
func (a *Adapter) work(c *chatState) {
	defer a.workers.Done()
	for a.processNext(c) {
	}
}

// processNext answers the chat's next job; with none left it marks the
// chat idle and returns false.
func (a *Adapter) processNext(c *chatState) bool {
	a.mu.Lock()
	if len(c.queue) == 0 {
		c.running = false
		a.mu.Unlock()
		return false
	}
	j := c.queue[0]
	c.queue[0] = nil
	c.queue = c.queue[1:]
	ctx := a.workCtx
	a.mu.Unlock()
	a.process(ctx, c, j)
	return true
}

// workFirst answers the first job of an idle chat in the caller's
// goroutine (the webhook request) and calls written, which writes the
// webhook response, before the chat's next job may start: it cannot
// overtake the reply. The rest of the queue, if any, goes to a worker.
func (a *Adapter) workFirst(c *chatState, written func()) {
	a.processNext(c)
	written()
	a.mu.Lock()
	idle := len(c.queue) == 0
	if idle {
		c.running = false
	}
	a.mu.Unlock()
	if idle {
		a.workers.Done()
		return
	}
	go a.work(c)
}

// process answers one job.
func (a *Adapter) process(ctx context.Context, c *chatState, j *job) {
	slot := j.slot
	defer func() { slot.release() }() // unless the reply went inline
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	start := time.Now()
	in := j.in
	t := a.texts(in.msg.LangHint)

	if j.notice != "" {
		a.sendAll(ctx, c, []outMsg{{html: escapeHTML(j.notice)}}, nil)
		return
	}
	if in.callbackID != "" {
		text := ""
		if in.expired {
			text = t.Expired
		}
		_, err := a.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: in.callbackID, Text: text})
		if err != nil {
			a.log.Warn("telegram answer callback", "person", c.handle, "err", a.redact(err))
		}
		if in.expired {
			return
		}
	}
	if in.nonText {
		a.sendAll(ctx, c, []outMsg{{html: escapeHTML(t.NonText)}}, &slot)
		return
	}

	r, err := a.handle(ctx, in.msg)
	if err != nil {
		a.log.Error("telegram handle", "person", c.handle, "update_id", in.updateID, "err", a.redact(err))
		r = bot.Reply{Lang: in.msg.LangHint, Text: t.Apology}
	}
	if r.Lang != "" {
		t = a.texts(r.Lang)
	}
	out := a.render(r, t)
	sent, err := a.sendAll(ctx, c, out, &slot)
	a.log.Info("telegram reply",
		"person", c.handle,
		"update_id", in.updateID,
		"kind", map[bool]string{true: "callback", false: "message"}[in.callbackID != ""],
		"intent", r.Intent,
		"level", r.Level,
		"merged", j.merged,
		"parts", sent,
		"ms", time.Since(start).Milliseconds(),
		"err", err,
	)
}

// backlog reports whether more of the chat's updates wait in its queue.
func (a *Adapter) backlog(c *chatState) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(c.queue) > 0
}

// handle calls the Handler, at most opts.concurrency at once.
func (a *Adapter) handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return bot.Reply{}, ctx.Err()
	}
	defer func() { <-a.sem }()
	return a.h.Handle(ctx, m)
}

// outMsg is one message to send.
type outMsg struct {
	html  string
	kb    *inlineKeyboard
	media []bot.Media // an album or a photo instead of text
}

// render turns a reply into messages: the answer split under the length
// limit with the buttons under its last part, then the Notice.
func (a *Adapter) render(r bot.Reply, t Texts) []outMsg {
	var out []outMsg
	for _, h := range renderHTML(r, t, a.opts.maxLen) {
		out = append(out, outMsg{html: h})
	}
	if kb := a.keyboard(r.Buttons); kb != nil {
		if len(out) == 0 {
			out = append(out, outMsg{html: "…"})
		}
		out[len(out)-1].kb = kb
	}
	// Pictures come first, the steps and buttons under them; after a
	// warning sign the alert stays first and the pictures follow the text.
	var pics []outMsg
	for _, al := range albums(sendable(r.Media)) {
		pics = append(pics, outMsg{media: al})
	}
	if r.Alert == "" || len(out) == 0 {
		out = append(pics, out...)
	} else {
		out = append(out, pics...)
	}
	notice := bot.Reply{Text: r.Notice}
	for _, h := range renderHTML(notice, t, a.opts.maxLen) {
		out = append(out, outMsg{html: h})
	}
	return out
}

// sendAll sends the messages in order and returns how many went out. A
// single message goes inline in the webhook response when *slot is waiting
// for it (then *slot is set to nil). It stops at ErrBlocked or when ctx is
// done; other errors are logged and the next part is still tried.
func (a *Adapter) sendAll(ctx context.Context, c *chatState, out []outMsg, slot **inlineSlot) (int, error) {
	if slot != nil && *slot != nil {
		s := *slot
		*slot = nil
		// Inline only when no message of the chat waits: Telegram performs
		// a webhook response's method when it reads it, and a later
		// sendMessage must not overtake it.
		if len(out) == 1 && out[0].media == nil && !a.backlog(c) && a.sendInline(ctx, c, s, out[0]) {
			return 1, nil
		}
		s.release() // the webhook response goes out empty
	}
	n := 0
	var first error
	for _, m := range out {
		var err error
		if m.media != nil {
			err = a.deliverMedia(ctx, c, m.media)
		} else {
			err = a.deliver(ctx, c, m)
		}
		if err == nil {
			n++
			continue
		}
		if first == nil {
			first = err
		}
		if errors.Is(err, ErrBlocked) || ctx.Err() != nil {
			break
		}
		a.log.Warn("telegram send", "person", c.handle, "err", err)
	}
	return n, first
}
