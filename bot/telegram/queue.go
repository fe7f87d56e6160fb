package telegram

import (
	"context"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
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
	send     *pace.Limit
	inbound  *rate.Limiter // nil when flood control is off
	queue    []*job
	running  bool
	noticed  bool // the flood notice went out in this flood
	lastSeen time.Time
}

// job is one thing to answer in a chat.
type job struct {
	in     incoming
	ids    []string // inbox ids: in's and those merged into it
	notice string   // when set, a text to send as is (the flood notice)
	merged int      // messages merged into this one by flood control
	slot   *inlineSlot
	urgent bool       // the screen found a provider or emergency sign
	out    []sendItem // when set, outbox messages to send (after a restart)
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
	seq     int64  // body's outbox entry
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
		h := a.pseudo(id)
		c = &chatState{id: id, handle: h, send: a.newLimit("telegram:chat:"+h, a.opts.rates.PerChat, a.opts.rates.ChatBurst)}
		if !math.IsInf(a.opts.flood.Rate, 1) {
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

// enqueue queues in for its chat, applying flood control; an urgent
// message goes ahead of everything waiting and is never merged. With slot,
// the job carries the webhook response waiting for its reply (attached).
// When own is true the chat was idle and the caller, the webhook request's
// goroutine, answers the job itself with workFirst (slot.direct is set);
// otherwise the chat's worker does, started here if needed. ok is false
// when Run is not running.
func (a *Adapter) enqueue(in incoming, slot *inlineSlot, urgent bool) (c *chatState, own, attached, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.running {
		return nil, false, false, false
	}
	c = a.chat(in.chatID)
	now := a.opts.now()
	if c.inbound != nil && c.inbound.TokensAt(now) >= float64(a.opts.flood.Burst) {
		c.noticed = false // quiet long enough: a new flood gets a new notice
	}
	if c.inbound == nil || c.inbound.AllowN(now, 1) || urgent {
		j := &job{in: in, ids: []string{strconv.FormatInt(in.updateID, 10)}, slot: slot, urgent: urgent}
		if urgent {
			c.insertUrgent(j)
		} else {
			c.insert(j)
		}
		attached = slot != nil
	} else {
		a.flooded(c, in)
	}
	if c.running {
		return c, false, attached, true
	}
	c.running = true
	a.workers.Add(1)
	if attached && len(c.queue) == 1 {
		slot.direct = true
		return c, true, true, true
	}
	go a.work(c)
	return c, false, attached, true
}

// insert queues j in update_id order among the waiting jobs (webhook
// requests for one chat can arrive out of order), behind urgent ones.
func (c *chatState) insert(j *job) {
	i := len(c.queue)
	for i > 0 {
		p := c.queue[i-1]
		if p.urgent || p.notice != "" || p.out != nil || p.in.updateID < j.in.updateID {
			break
		}
		i--
	}
	c.insertAt(i, j)
}

// insertUrgent queues j ahead of everything waiting but the urgent jobs
// before it.
func (c *chatState) insertUrgent(j *job) {
	i := 0
	for i < len(c.queue) && (c.queue[i].urgent || c.queue[i].out != nil) {
		i++
	}
	c.insertAt(i, j)
}

func (c *chatState) insertAt(i int, j *job) {
	c.queue = append(c.queue, nil)
	copy(c.queue[i+1:], c.queue[i:])
	c.queue[i] = j
}

// flooded handles a message over the chat's inbound limit: the first one of
// a flood queues the notice; text is merged into the last waiting text
// message (so the Router still screens it for warning signs) while the
// merged text stays within MaxMerged bytes, else it waits as a message of
// its own that the next ones merge into; nothing is dropped. A tap is
// queued as it is. a.mu must be held.
func (a *Adapter) flooded(c *chatState, in incoming) {
	if !c.noticed {
		// The notice goes next, ahead of the replies waiting (behind
		// urgent ones).
		c.noticed = true
		c.insertUrgent(&job{in: in, notice: a.texts(in.msg.LangHint).Flood})
		a.log.Info("telegram flood", "person", c.handle)
	}
	id := strconv.FormatInt(in.updateID, 10)
	if in.callbackID == "" && !in.nonText && len(c.queue) > 0 {
		j := c.queue[len(c.queue)-1]
		if j.notice == "" && j.out == nil && j.in.callbackID == "" && !j.in.nonText && !j.urgent &&
			len(j.in.msg.Text)+1+len(in.msg.Text) <= a.opts.flood.MaxMerged {
			j.in.msg.Text += "\n" + in.msg.Text
			j.ids = append(j.ids, id)
			j.merged++
			return
		}
	}
	c.queue = append(c.queue, &job{in: in, ids: []string{id}})
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
	// Stopping with an inbox: the rest waits there for the next start.
	if len(c.queue) == 0 || (a.stopping && a.inbox != nil) {
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

// process answers one job: the Handler's reply is recorded in the outbox
// (with an inbox) and then sent.
func (a *Adapter) process(ctx context.Context, c *chatState, j *job) {
	slot := j.slot
	defer func() { slot.release() }() // unless the reply went inline
	if j.out != nil {
		if _, err := a.sendItems(ctx, c, j.out, nil, true); err != nil {
			a.log.Warn("telegram send", "person", c.handle, "err", err)
		}
		return
	}
	hctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	start := time.Now()
	in := j.in
	t := a.texts(in.msg.LangHint)

	if j.notice != "" {
		a.sendItems(ctx, c, []sendItem{{outMsg: outMsg{html: escapeHTML(j.notice)}}}, nil, true)
		return
	}
	if in.callbackID != "" {
		text := ""
		if in.expired {
			text = t.Expired
		}
		_, err := a.tg.AnswerCallbackQuery(hctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: in.callbackID, Text: text})
		if err != nil {
			a.log.Warn("telegram answer callback", "person", c.handle, "err", a.redact(err))
		}
		if in.expired {
			a.done(ctx, c, j, nil)
			return
		}
	}
	var (
		r   bot.Reply
		out []outMsg
	)
	if in.nonText {
		out = []outMsg{{html: escapeHTML(t.NonText)}}
	} else {
		var err error
		r, err = a.handle(hctx, in.msg)
		if err != nil {
			a.log.Error("telegram handle", "person", c.handle, "update_id", in.updateID, "err", a.redact(err))
			if ctx.Err() != nil {
				return // stopping: the update stays in the inbox
			}
			r = bot.Reply{Lang: in.msg.LangHint, Text: t.Apology}
		}
		if r.Lang != "" {
			t = a.texts(r.Lang)
		}
		out = a.render(r, t)
	}
	if j.urgent || r.Level >= bot.LevelProvider {
		for i := range out {
			out[i].urgent = true
		}
	}
	items, ok := a.done(ctx, c, j, out)
	if !ok {
		return
	}
	sent, err := a.sendItems(ctx, c, items, &slot, true)
	a.log.Info("telegram reply",
		"person", c.handle,
		"update_id", in.updateID,
		"kind", map[bool]string{true: "callback", false: "message"}[in.callbackID != ""],
		"intent", r.Intent,
		"escalation", r.Level.String(),
		"urgent", j.urgent,
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
	html   string
	kb     *inlineKeyboard
	urgent bool        // a warning-sign reply: ahead of the bot's other messages
	media  []bot.Media // an album or a photo instead of text
}

// render turns a reply into messages: the answer split under the length
// limit with the buttons under its last part, then the Notice.
func (a *Adapter) render(r bot.Reply, t Texts) []outMsg {
	var out []outMsg
	for _, h := range renderHTML(r, t, MaxMessageLength) {
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
	for _, h := range renderHTML(notice, t, MaxMessageLength) {
		out = append(out, outMsg{html: h})
	}
	return out
}

// sendItems sends the messages in order, deleting each from the outbox
// once sent, and returns how many went out. A single message goes inline
// in the webhook response when *slot is waiting for it (then *slot is set
// to nil). Persistent messages (replies) are retried until sent; it
// stops at ErrBlocked (the rest is dropped) or when ctx is done (the rest
// stays in the outbox); other errors are logged and the next part is
// still tried.
func (a *Adapter) sendItems(ctx context.Context, c *chatState, items []sendItem, slot **inlineSlot, persistent bool) (int, error) {
	if slot != nil && *slot != nil {
		s := *slot
		*slot = nil
		// Inline only when no message of the chat waits: Telegram performs
		// a webhook response's method when it reads it, and a later
		// sendMessage must not overtake it.
		if len(items) == 1 && items[0].media == nil && !a.backlog(c) && a.sendInline(ctx, c, s, items[0]) {
			if !s.direct {
				a.sent(items[0].seq)
			} // else serveWebhook deletes it once written
			return 1, nil
		}
		s.release() // the webhook response goes out empty
	}
	n := 0
	var first error
	for i, m := range items {
		var err error
		if m.media != nil {
			err = a.deliverMedia(ctx, c, m.media)
		} else {
			err = a.deliver(ctx, c, m.outMsg, persistent)
		}
		if err == nil {
			a.sent(m.seq)
			n++
			continue
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil || errors.Is(err, errStopping) {
			break // the rest stays in the outbox
		}
		if errors.Is(err, ErrBlocked) {
			for _, rest := range items[i:] {
				a.sent(rest.seq) // never deliverable
			}
			break
		}
		a.log.Warn("telegram send", "person", c.handle, "err", err)
		a.sent(m.seq) // refused for good (a bad request): dropped
	}
	return n, first
}
