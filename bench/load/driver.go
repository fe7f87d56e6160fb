package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

// text is one message the chats send.
type text struct {
	Text    string   `json:"text"`
	Lang    string   `json:"lang"`
	Intents []string `json:"intents"`
}

// loadTexts reads the dev set, leaving out commands and the requests that
// change what later messages get (nudges, forget).
func loadTexts(path string) ([]text, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	defer f.Close()
	var out []text
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var t text
		if err := json.Unmarshal([]byte(line), &t); err != nil {
			return nil, fmt.Errorf("texts: %s: %w", path, err)
		}
		if t.Text == "" || strings.HasPrefix(strings.TrimSpace(t.Text), "/") || stateful(t.Intents) {
			continue
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("texts: no usable lines in %s", path)
	}
	return out, nil
}

func stateful(intents []string) bool {
	for _, id := range intents {
		if strings.HasPrefix(id, "nudge.") || strings.HasPrefix(id, "privacy.forget") {
			return true
		}
	}
	return false
}

// notices are the texts carebot sends beside an answer, by kind.
type notices map[string]string

// knownNotices lists the onboarding offer (from the embedded knowledge base)
// and the adapter's flood notice, in every language.
func knownNotices() (notices, error) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		return nil, fmt.Errorf("knowledge base: %w", err)
	}
	n := notices{}
	for _, lang := range knowledge.Languages() {
		if s := kb.Message("onboarding", lang); s != "" {
			n[strings.TrimSpace(s)] = "onboarding"
		}
		t := telegram.TextsFrom(kb.Message, lang)
		n[strings.TrimSpace(t.Flood)] = "flood"
		n[strings.TrimSpace(t.Apology)] = "apology"
	}
	return n, nil
}

// chat is one simulated parent.
type chat struct {
	id    int64
	start int // offset into the texts
	// replied gets a value when the answer to the message in flight came.
	replied chan struct{}

	mu       sync.Mutex
	inflight bool
	sentAt   time.Time
	sent     int // messages sent
	answers  int // answers received
	extra    int // answers with no message in flight
	failed   bool
}

// driver runs the chats and counts what the fake receives.
type driver struct {
	cfg     config
	texts   []text
	notices notices
	chats   []*chat
	byID    map[int64]*chat

	requests, httpErrors, lost atomic.Int64
	inline, viaSend            atomic.Int64
	onboarding, flood          atomic.Int64
	apologies, unexpected      atomic.Int64
	unknownChat                atomic.Int64

	mu        sync.Mutex
	latencies []time.Duration
}

func newDriver(cfg config, texts []text, n notices) *driver {
	d := &driver{cfg: cfg, texts: texts, notices: n, byID: map[int64]*chat{}}
	for i := range cfg.chats {
		c := &chat{id: 7_000_000_000 + int64(i), start: i * 7 % len(texts), replied: make(chan struct{}, 1)}
		d.chats = append(d.chats, c)
		d.byID[c.id] = c
	}
	return d
}

// onSend is called by the fake for every message carebot sent.
func (d *driver) onSend(s telegramtest.Sent) {
	now := time.Now()
	if s.Inline {
		d.inline.Add(1)
	} else {
		d.viaSend.Add(1)
	}
	switch d.notices[strings.TrimSpace(s.Text)] {
	case "onboarding":
		d.onboarding.Add(1)
		return
	case "flood":
		d.flood.Add(1)
		return
	case "apology":
		d.apologies.Add(1) // an answer, but an error
	}
	c := d.byID[s.ChatID]
	if c == nil {
		d.unknownChat.Add(1)
		return
	}
	c.mu.Lock()
	if !c.inflight {
		c.extra++
		c.mu.Unlock()
		d.unexpected.Add(1)
		return
	}
	c.inflight = false
	c.answers++
	lat := now.Sub(c.sentAt)
	c.mu.Unlock()
	d.mu.Lock()
	d.latencies = append(d.latencies, lat)
	d.mu.Unlock()
	c.replied <- struct{}{}
}

// result is what a run measured.
type result struct {
	d       *driver
	elapsed time.Duration
}

// drive sends messages for cfg.duration, waits for the last replies and
// the grace period, and returns the counts.
func (d *driver) drive(ctx context.Context, fake *telegramtest.Server) result {
	idle := make(chan *chat, len(d.chats))
	for _, c := range d.chats {
		idle <- c
	}
	start := time.Now()
	deadline := start.Add(d.cfg.duration)
	var wg sync.WaitGroup
	for range d.cfg.concurrency {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				var c *chat
				select {
				case c = <-idle:
				default:
					return // every chat is broken or busy
				}
				if d.send(ctx, fake, c) {
					idle <- c
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	// Late duplicates would arrive now.
	select {
	case <-time.After(d.cfg.grace):
	case <-ctx.Done():
	}
	return result{d: d, elapsed: elapsed}
}

// send posts the chat's next message and waits for its answer; false when
// the chat cannot go on (an error, or no answer in time).
func (d *driver) send(ctx context.Context, fake *telegramtest.Server, c *chat) bool {
	t := d.texts[(c.start+c.sent)%len(d.texts)]
	lang := t.Lang
	if lang == "" {
		lang = "en"
	}
	c.mu.Lock()
	c.inflight = true
	c.sent++
	c.sentAt = time.Now()
	c.mu.Unlock()
	u := telegramtest.Update{Message: &telegramtest.Message{
		From: &telegramtest.User{ID: c.id, FirstName: "Load", LanguageCode: lang},
		Date: time.Now().Unix(),
		Chat: telegramtest.Chat{ID: c.id, Type: "private"},
		Text: t.Text,
	}}
	status, err := fake.Deliver(ctx, u)
	d.requests.Add(1)
	if err != nil || status != http.StatusOK {
		d.httpErrors.Add(1)
		c.mu.Lock()
		c.failed = true
		c.mu.Unlock()
		return false
	}
	timer := time.NewTimer(d.cfg.timeout)
	defer timer.Stop()
	select {
	case <-c.replied:
		return true
	case <-timer.C:
		d.lost.Add(1)
	case <-ctx.Done():
	}
	c.mu.Lock()
	c.failed = true
	c.mu.Unlock()
	return false
}

// check compares what each chat sent and got: every message answered once.
func (r result) check() (sent, answered, missing, extra int) {
	for _, c := range r.d.chats {
		c.mu.Lock()
		sent += c.sent
		answered += c.answers
		if c.answers < c.sent {
			missing += c.sent - c.answers
		}
		extra += c.extra
		c.mu.Unlock()
	}
	return sent, answered, missing, extra
}

func (r result) ok() bool {
	_, _, missing, extra := r.check()
	d := r.d
	return missing == 0 && extra == 0 && d.httpErrors.Load() == 0 && d.apologies.Load() == 0 && d.unknownChat.Load() == 0
}

// print writes the report; cpu is the CPU time the process cpuOf used.
func (r result) print(cpu time.Duration, cpuOf string) {
	d := r.d
	secs := r.elapsed.Seconds()
	sent, answered, missing, extra := r.check()
	d.mu.Lock()
	lat := sortDurations(append([]time.Duration(nil), d.latencies...))
	d.mu.Unlock()
	fmt.Printf("requests    %d in %v: %.0f/s (HTTP errors %d)\n", d.requests.Load(), r.elapsed.Round(time.Millisecond), float64(d.requests.Load())/secs, d.httpErrors.Load())
	fmt.Printf("replies     %d answers: %.0f/s; messages inline in the webhook response %d, by sendMessage %d\n",
		answered, float64(answered)/secs, d.inline.Load(), d.viaSend.Load())
	if len(lat) > 0 {
		fmt.Printf("latency     p50 %v  p90 %v  p99 %v  max %v (request sent to answer at the fake)\n",
			round(percentile(lat, 50)), round(percentile(lat, 90)), round(percentile(lat, 99)), round(lat[len(lat)-1]))
	}
	fmt.Printf("notices     onboarding %d, flood %d\n", d.onboarding.Load(), d.flood.Load())
	if cpu > 0 {
		fmt.Printf("cpu         %s used %.2f CPU-seconds a second\n", cpuOf, cpu.Seconds()/secs)
	}
	verdict := "ok: every message answered exactly once"
	if !r.ok() {
		verdict = "FAILED"
	}
	fmt.Printf("check       %s (sent %d, answered %d, unanswered %d, answers with nothing in flight %d, lost after -timeout %d, apologies %d, unknown chats %d)\n",
		verdict, sent, answered, missing, extra, d.lost.Load(), d.apologies.Load(), d.unknownChat.Load())
}

// round keeps three significant figures or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	default:
		return d.Round(10 * time.Microsecond)
	}
}
