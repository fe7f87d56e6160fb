package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/go-telegram/bot/models"
)

// The durable path, with a store that is a bot.Inbox:
//
//  1. accept writes the update to the inbox (Receive: deduplicated by
//     update_id in the same transaction) before the webhook answers 200 or
//     polling asks for the next offset; a write that fails is answered 503
//     (polling asks again), so Telegram sends it again.
//  2. A chat worker answers it and records the reply's messages in the
//     outbox, deleting the inbox entries, in one transaction (done).
//  3. Each message is sent, retried until Telegram accepts it (network
//     errors, 5xx, 429 after any retry_after), and deleted from the outbox.
//
// Entries are leased to this process (WithInstance) and renewed while it
// runs. At start, what this name left is taken over at once; another
// replica's entries once their lease runs out. A crash between Telegram
// accepting a message and its deletion from the outbox sends it once more
// at the next start: the only window for a double answer.

// claimBatch is how many entries recover and keepLeases claim at a time.
const claimBatch = 500

// storedIn is an incoming update as kept in the inbox.
type storedIn struct {
	UpdateID   int64       `json:"update_id"`
	ChatID     int64       `json:"chat_id"`
	Msg        bot.Message `json:"msg"`
	CallbackID string      `json:"callback_id,omitempty"`
	Expired    bool        `json:"expired,omitempty"`
	NonText    bool        `json:"non_text,omitempty"`
}

func encodeIn(in incoming) []byte {
	b, _ := json.Marshal(storedIn{in.updateID, in.chatID, in.msg, in.callbackID, in.expired, in.nonText})
	return b
}

func decodeIn(b []byte) (incoming, error) {
	var s storedIn
	if err := json.Unmarshal(b, &s); err != nil {
		return incoming{}, fmt.Errorf("decode inbox entry: %w", err)
	}
	return incoming{updateID: s.UpdateID, chatID: s.ChatID, msg: s.Msg, callbackID: s.CallbackID, expired: s.Expired, nonText: s.NonText}, nil
}

// storedOut is a message as kept in the outbox.
type storedOut struct {
	HTML   string          `json:"html"`
	KB     *inlineKeyboard `json:"kb,omitempty"`
	Urgent bool            `json:"urgent,omitempty"`
	Media  []bot.Media     `json:"media,omitempty"` // an album: a few small PNGs
}

// sendItem is a message to send and, with an inbox, its outbox entry
// (seq 0 otherwise).
type sendItem struct {
	outMsg
	seq int64
}

// receive records the update (the inbox, else MarkProcessed) and reports
// whether it was the first time. An error means the update is not
// durable: the platform must send it again.
func (a *Adapter) receive(ctx context.Context, in incoming) (bool, error) {
	if a.inbox == nil {
		return a.markProcessed(ctx, in), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	first, err := a.inbox.Receive(ctx, bot.InboxEntry{
		Source: Source,
		ID:     strconv.FormatInt(in.updateID, 10),
		Chat:   strconv.FormatInt(in.chatID, 10),
		Body:   encodeIn(in),
	}, a.opts.owner, a.opts.lease)
	if err != nil {
		a.log.Warn("telegram inbox receive", "update_id", in.updateID, "err", a.redact(err))
		return false, err
	}
	return first, nil
}

// done records out in the outbox and deletes the job's inbox entries, in
// one transaction, retrying while the database fails. It reports false
// when nothing may be sent: another process took the entries over, or ctx
// ended first (the entries stay in the inbox).
func (a *Adapter) done(ctx context.Context, c *chatState, j *job, out []outMsg) ([]sendItem, bool) {
	items := make([]sendItem, len(out))
	for i, m := range out {
		items[i].outMsg = m
	}
	if a.inbox == nil || len(j.ids) == 0 {
		return items, true
	}
	entries := make([]bot.OutboxEntry, len(out))
	for i, m := range out {
		body, _ := json.Marshal(storedOut{HTML: m.html, KB: m.kb, Urgent: m.urgent, Media: m.media})
		entries[i] = bot.OutboxEntry{Source: Source, Chat: strconv.FormatInt(c.id, 10), Body: body}
	}
	wait := 100 * time.Millisecond
	for {
		err := a.inbox.Done(ctx, Source, j.ids, entries, a.opts.owner, a.opts.lease)
		if err == nil {
			break
		}
		if errors.Is(err, bot.ErrLeaseLost) {
			a.log.Warn("telegram inbox lease lost: another process answers", "person", c.handle, "update_id", j.in.updateID)
			return nil, false
		}
		if ctx.Err() != nil {
			return nil, false
		}
		a.log.Warn("telegram inbox done", "person", c.handle, "update_id", j.in.updateID, "err", a.redact(err))
		if a.retrySleep(ctx, wait) != nil {
			return nil, false // stopping: the update stays in the inbox
		}
		wait = min(2*wait, 5*time.Second)
	}
	for i := range items {
		items[i].seq = entries[i].Seq
	}
	return items, true
}

// sent deletes a sent message from the outbox.
func (a *Adapter) sent(seq int64) {
	if a.inbox == nil || seq == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.inbox.Sent(ctx, seq); err != nil {
		// It stays in the outbox and goes out once more after a restart.
		a.log.Warn("telegram outbox sent", "seq", seq, "err", a.redact(err))
	}
}

// recover puts what this instance left in the inbox and the outbox (a
// crash, or a stop before it was answered) into the chats' queues: first
// the messages still to send, then the updates still to answer.
func (a *Adapter) recover(ctx context.Context) error {
	if a.inbox == nil {
		return nil
	}
	if err := a.inbox.Release(ctx, a.opts.owner); err != nil {
		return err
	}
	n, err := a.claim(ctx)
	if n > 0 {
		a.log.Info("telegram inbox recovered", "entries", n)
	}
	return err
}

// claim takes the inbox and outbox entries whose lease ran out and queues
// them; it returns how many it took.
func (a *Adapter) claim(ctx context.Context) (int, error) {
	total := 0
	for {
		outs, err := a.inbox.ClaimOutbox(ctx, Source, a.opts.owner, a.opts.lease, claimBatch)
		if err != nil {
			return total, err
		}
		for _, o := range outs {
			a.restoreOut(o)
		}
		total += len(outs)
		if len(outs) < claimBatch {
			break
		}
	}
	for {
		ins, err := a.inbox.ClaimInbox(ctx, Source, a.opts.owner, a.opts.lease, claimBatch)
		if err != nil {
			return total, err
		}
		for _, e := range ins {
			in, err := decodeIn(e.Body)
			if err != nil {
				a.log.Error("telegram inbox entry unreadable: dropped", "update_id", e.ID, "err", err)
				a.inbox.Done(ctx, Source, []string{e.ID}, nil, a.opts.owner, a.opts.lease)
				continue
			}
			a.restoreIn(in, e.ID)
		}
		total += len(ins)
		if len(ins) < claimBatch {
			break
		}
	}
	return total, nil
}

// keepLeases renews this instance's leases every third of the lease and
// takes over the entries of instances whose leases ran out, until ctx is
// done.
func (a *Adapter) keepLeases(ctx context.Context) {
	bot.KeepLeases(ctx, a.inbox, a.opts.owner, a.opts.lease, func(err error) {
		a.log.Warn("telegram inbox renew", "err", a.redact(err))
	}, func(ctx context.Context) bool {
		a.mu.Lock()
		stopping := a.stopping
		a.mu.Unlock()
		if stopping {
			return false
		}
		if n, err := a.claim(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("telegram inbox claim", "err", a.redact(err))
		} else if n > 0 {
			a.log.Info("telegram inbox taken over", "entries", n)
		}
		return true
	})
}

// release ends this instance's leases once it stopped, so that the next
// start (or another replica) takes what is left at once.
func (a *Adapter) release() {
	if a.inbox == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.inbox.Release(ctx, a.opts.owner); err != nil {
		a.log.Warn("telegram inbox release", "err", a.redact(err))
	}
}

// restoreIn queues an update taken from the inbox, without flood control.
func (a *Adapter) restoreIn(in incoming, id string) {
	urgent := a.urgent(in)
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.chat(in.chatID)
	j := &job{in: in, ids: []string{id}, urgent: urgent}
	if urgent {
		c.insertUrgent(j)
	} else {
		c.insert(j)
	}
	a.start(c)
}

// restoreOut queues a message taken from the outbox.
func (a *Adapter) restoreOut(o bot.OutboxEntry) {
	chatID, err := strconv.ParseInt(o.Chat, 10, 64)
	var s storedOut
	if err == nil {
		err = json.Unmarshal(o.Body, &s)
	}
	if err != nil {
		a.log.Error("telegram outbox entry unreadable: dropped", "seq", o.Seq, "err", err)
		a.sent(o.Seq)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.chat(chatID)
	// Messages to send go before the updates to answer, in Seq order.
	i := 0
	for i < len(c.queue) && c.queue[i].out != nil {
		i++
	}
	if i > 0 {
		prev := c.queue[i-1]
		prev.out = append(prev.out, sendItem{outMsg: outMsg{html: s.HTML, kb: s.KB, urgent: s.Urgent, media: s.Media}, seq: o.Seq})
	} else {
		c.queue = append([]*job{{out: []sendItem{{outMsg: outMsg{html: s.HTML, kb: s.KB, urgent: s.Urgent, media: s.Media}, seq: o.Seq}}}}, c.queue...)
	}
	a.start(c)
}

// start runs a worker for the chat unless one runs; a.mu must be held.
func (a *Adapter) start(c *chatState) {
	if c.running {
		return
	}
	c.running = true
	a.workers.Add(1)
	go a.work(c)
}

// urgent reports whether the screen puts the message at a provider or
// emergency level.
func (a *Adapter) urgent(in incoming) bool {
	return a.opts.screen != nil && in.msg.Text != "" && a.opts.screen(in.msg.Text) >= bot.LevelProvider
}

// poll long-polls getUpdates until ctx is done. The offset moves past an
// update only once accept has written it to the inbox: an update the store
// could not take is asked for again.
func (a *Adapter) poll(ctx context.Context) {
	var offset int64
	wait := time.Second
	for ctx.Err() == nil {
		upds, err := a.getUpdates(ctx, offset)
		if err == nil {
			wait = time.Second
			for _, raw := range upds {
				var u models.Update
				if jerr := json.Unmarshal(raw, &u); jerr != nil || u.ID <= 0 {
					// Skipped, as the webhook answers 400 to it.
					var id struct {
						ID int64 `json:"update_id"`
					}
					json.Unmarshal(raw, &id)
					a.log.Warn("telegram malformed update", "update_id", id.ID, "bytes", len(raw))
					offset = max(offset, id.ID+1)
					continue
				}
				if _, _, _, v := a.accept(&u, nil); v == refused {
					err = errRefused
					break
				}
				offset = u.ID + 1
			}
		}
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		a.log.Warn("telegram get updates", "err", err, "retry_in_s", wait.Seconds())
		if a.opts.sleep(ctx, wait) != nil {
			return
		}
		wait = min(2*wait, 30*time.Second)
	}
}

var errRefused = errors.New("update not stored")

// apiResponse is the Bot API's answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// getUpdates asks for the updates from offset on.
func (a *Adapter) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(a.opts.pollTimeout.Seconds()) - 1, // answered before the client's timeout
		"allowed_updates": allowedUpdates,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.opts.apiURL+"/bot"+a.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, a.redact(fmt.Errorf("get updates: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.opts.httpClient.Do(req)
	if err != nil {
		return nil, a.redact(fmt.Errorf("get updates: %w", err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, a.redact(fmt.Errorf("get updates: %w", err))
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("get updates: status %d: <body omitted>: %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, fmt.Errorf("get updates: %d", r.ErrorCode)
	}
	var upds []json.RawMessage
	if err := json.Unmarshal(r.Result, &upds); err != nil {
		return nil, fmt.Errorf("get updates: result: %w", err)
	}
	return upds, nil
}
