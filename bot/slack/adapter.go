// Package slack connects carebot to Slack for care teams: look-ups by
// @mention, direct message and /carebot; escalation alerts posted to a care
// channel with Claim and Resolved buttons; care-team replies in an alert's
// thread relayed to the parent; scheduled posts to a channel.
//
// It is the only importer of github.com/slack-go/slack. Requests arrive
// over the Events API (HTTP handlers for /slack/events, /slack/commands and
// /slack/interactive, each verified with the signing secret) or, with an
// app token, over Socket Mode. With a store that is a bot.Inbox (SQLite,
// PostgreSQL), every request carebot acts on (an event, a slash command, a
// button tap) is written to the inbox, deduplicated by event_id or
// trigger_id, before it is acknowledged, and answered through the outbox
// by a bounded pool of workers (inbox.go, requests.go, postbox.go); with
// another store it is acknowledged at once and events are deduplicated
// through bot.Store.MarkProcessed.
package slack

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
)

var (
	_ bot.Adapter = (*Adapter)(nil)
	_ bot.Sender  = (*Adapter)(nil)
)

// Adapter is the Slack adapter. Make one with New, mount its HTTP handlers
// (unless it uses Socket Mode) and call Run.
type Adapter struct {
	api           *slackapi.Client
	handler       bot.Handler
	signingSecret []byte
	appToken      string
	apiURL        string
	careChannel   string
	store         bot.Store
	threads       bot.ThreadStore
	audit         bot.ThreadAudit // nil when the thread store keeps no trail
	sender        bot.Sender
	relay         bot.RelayQueue // durable relay of care-team replies; nil: send at once
	log           *slog.Logger
	metrics       bot.Metrics
	now           func() time.Time
	pseudoKey     []byte
	httpClient    *http.Client
	cfg           Config
	subcommands   map[string]bot.Handler
	messages      func(key, lang string) string // see WithMessages

	// sleep waits d or until ctx is done; tests replace it to observe
	// rate-limit waits without waiting.
	sleep func(ctx context.Context, d time.Duration) error
	// authWait waits between auth.test attempts; tests replace it.
	authWait func(ctx context.Context, d time.Duration) error

	limMu    sync.Mutex
	limiters map[string]*pace.Limit
	shared   bot.SendLimiter // nil without a store that has one: limits held in memory

	qmu    sync.RWMutex
	queues []chan job
	closed bool

	ran       atomic.Bool
	ready     atomic.Bool  // see Ready
	botUserID atomic.Value // string
	seen      *memSeen     // dedupe when there is no store

	inbox     bot.Inbox     // nil without a store that has one (see inbox.go)
	recovered atomic.Bool   // Run queued what the inbox held: events are taken
	started   chan struct{} // closed once recovered is set
	owner     string
	lease     time.Duration
	alerts    alertQueue // alerts to post from the outbox (see alertbox.go)
	answers   alertQueue // answers to post from the outbox (see postbox.go)
}

// job is work done after a request was acknowledged.
type job struct {
	name    string
	eventID string // for events
	run     func(ctx context.Context) error
}

// New returns a Slack adapter that answers with h. botToken is the bot
// token (xoxb-...); signingSecret verifies HTTP requests and may be empty
// when an app token is given (Socket Mode).
func New(botToken, signingSecret string, h bot.Handler, opts ...Option) (*Adapter, error) {
	a := &Adapter{
		handler:       h,
		signingSecret: []byte(signingSecret),
		limiters:      make(map[string]*pace.Limit),
	}
	for _, opt := range opts {
		opt(a)
	}
	switch {
	case botToken == "":
		return nil, ErrNoToken
	case h == nil:
		return nil, ErrNoHandler
	case signingSecret == "" && a.appToken == "":
		return nil, ErrNoSigningSecret
	}
	a.cfg = a.cfg.withDefaults()
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.metrics == nil {
		a.metrics = bot.NopMetrics{}
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.threads == nil {
		if ts, ok := a.store.(bot.ThreadStore); ok {
			a.threads = ts
		}
	}
	if au, ok := a.threads.(bot.ThreadAudit); ok {
		a.audit = au
	}
	if len(a.pseudoKey) == 0 {
		a.pseudoKey = bot.NewPseudonymKey()
		a.log.Warn("slack: no pseudonym key; parent handles change at restart")
	}
	if a.store == nil {
		a.seen = newMemSeen(10000)
	}
	if sl, ok := a.store.(bot.SendLimiter); ok {
		a.shared = sl
	}
	a.setupInbox()
	a.started = make(chan struct{})
	a.alerts.wake = make(chan struct{}, 1)
	a.answers.wake = make(chan struct{}, 1)
	if a.httpClient == nil {
		a.httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	if a.sleep == nil {
		a.sleep = sleepCtx
	}
	if a.authWait == nil {
		a.authWait = sleepCtx
	}
	apiOpts := []slackapi.Option{slackapi.OptionHTTPClient(a.httpClient)}
	if a.apiURL != "" {
		apiOpts = append(apiOpts, slackapi.OptionAPIURL(a.apiURL))
	}
	if a.appToken != "" {
		apiOpts = append(apiOpts, slackapi.OptionAppLevelToken(a.appToken))
	}
	a.api = slackapi.New(botToken, apiOpts...)
	a.queues = make([]chan job, a.cfg.Workers)
	for i := range a.queues {
		a.queues[i] = make(chan job, a.cfg.QueueSize)
	}
	a.botUserID.Store("")
	return a, nil
}

// Name returns "slack".
func (a *Adapter) Name() string { return string(bot.PlatformSlack) }

// SocketMode reports whether the adapter receives over Socket Mode (an app
// token was given) rather than through its HTTP handlers.
func (a *Adapter) SocketMode() bool { return a.appToken != "" }

// Run starts the workers and, in Socket Mode, the websocket connection; it
// blocks until ctx is done, then stops taking requests, lets the queued
// work finish (up to Config.DrainTimeout) and returns. With an inbox it
// first queues what this instance left there (events are answered 503
// until then), posts the outbox's alerts, and takes over other instances'
// entries whose lease ran out. It returns an error only when Socket Mode
// could not connect (an invalid token). Run may be called once.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.ran.CompareAndSwap(false, true) {
		return ErrRunning
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	authed := a.identify(ctx)
	if a.appToken == "" {
		a.ready.Store(authed) // before any work is done, for tests to rely on
	}
	var wg sync.WaitGroup
	for _, q := range a.queues {
		wg.Go(func() { a.work(wctx, q) })
	}
	if a.inbox != nil {
		a.recoverInbox(ctx)
		a.recovered.Store(true)
		close(a.started)
		lctx, stopLeases := context.WithCancel(wctx)
		var bg sync.WaitGroup
		bg.Go(func() { a.keepLeases(lctx) })
		bg.Go(func() { a.sendAlerts(lctx, &a.alerts) }) // also while the queues drain
		// Answers have a sender of their own: an answer waiting out a
		// long Retry-After never holds up an alert.
		bg.Go(func() { a.sendAlerts(lctx, &a.answers) })
		defer a.releaseInbox()
		defer func() { stopLeases(); bg.Wait() }()
	}

	var err error
	if a.appToken != "" {
		err = a.runSocket(ctx)
	} else {
		a.reidentify(ctx, authed)
	}
	a.ready.Store(false)

	a.closeQueues()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	timer := time.NewTimer(a.cfg.DrainTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		a.log.Warn("slack: drain timed out; cancelling queued work")
		cancel()
		<-done
	}
	return err
}

// identify learns the bot's own user id (auth.test), used to tell a
// mention of the bot in an alert thread from a reply to the parent, and
// reports whether the token works.
func (a *Adapter) identify(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := a.api.AuthTestContext(ctx)
	if err != nil {
		a.log.Warn("slack: auth.test failed", "err", err)
		return false
	}
	a.botUserID.Store(resp.UserID)
	return true
}

// Over the Events API a failed auth.test is tried again after
// authRetryMin, doubling up to authRetryMax, until it works.
const (
	authRetryMin = time.Second
	authRetryMax = 30 * time.Second
)

// reidentify waits for ctx to be done, retrying auth.test with backoff
// until it works when it has not yet (Events API mode), so that the
// adapter becomes ready once Slack can be reached; the HTTP endpoints
// serve meanwhile.
func (a *Adapter) reidentify(ctx context.Context, authed bool) {
	wait := authRetryMin
	for !authed {
		if err := a.authWait(ctx, wait); err != nil {
			return
		}
		authed = a.identify(ctx)
		a.ready.Store(authed)
		wait = min(2*wait, authRetryMax)
	}
	<-ctx.Done()
}

// Ready reports whether the adapter is connected: Run is running and,
// over the Events API, auth.test accepted the bot token; in Socket Mode,
// the websocket is connected.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Started returns a channel that is closed once Run has queued again what
// the inbox held from before; until then the Events API answers 503 (Slack
// retries). Without an inbox it is never closed.
func (a *Adapter) Started() <-chan struct{} { return a.started }

func (a *Adapter) selfID() string { return a.botUserID.Load().(string) }

// enqueue queues work for the worker that owns key (a channel id); it
// never blocks.
func (a *Adapter) enqueue(key string, j job) error {
	a.qmu.RLock()
	defer a.qmu.RUnlock()
	if a.closed {
		return ErrClosed
	}
	select {
	case a.queues[a.queueOf(key)] <- j:
		return nil
	default:
		return ErrQueueFull
	}
}

// queueOpen reports ErrClosed or ErrQueueFull when enqueue(key) would
// fail now.
func (a *Adapter) queueOpen(key string) error {
	a.qmu.RLock()
	defer a.qmu.RUnlock()
	if a.closed {
		return ErrClosed
	}
	if q := a.queues[a.queueOf(key)]; len(q) == cap(q) {
		return ErrQueueFull
	}
	return nil
}

// queueOf is the index of the queue of key.
func (a *Adapter) queueOf(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(len(a.queues)))
}

func (a *Adapter) closeQueues() {
	a.qmu.Lock()
	defer a.qmu.Unlock()
	if a.closed {
		return
	}
	a.closed = true
	for _, q := range a.queues {
		close(q)
	}
}

func (a *Adapter) work(ctx context.Context, q <-chan job) {
	for j := range q {
		a.runJob(ctx, j)
	}
}

func (a *Adapter) runJob(ctx context.Context, j job) {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.JobTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("slack: job panicked", "job", j.name, "panic", fmt.Sprint(p))
		}
	}()
	if err := j.run(ctx); err != nil {
		a.log.Error("slack: job failed", "job", j.name, "err", err)
	}
}

// firstTime reports whether the event id is seen for the first time,
// durably when there is a store.
func (a *Adapter) firstTime(ctx context.Context, eventID string) (bool, error) {
	if eventID == "" {
		return true, nil
	}
	if a.store == nil {
		return a.seen.add(eventID), nil
	}
	first, err := a.store.MarkProcessed(ctx, string(bot.PlatformSlack), eventID)
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return first, nil
}

// handle is for pseudonymous logging of a Slack conversation.
func (a *Adapter) handle(channel string) string {
	return bot.Pseudonym(bot.PersonKey{Platform: bot.PlatformSlack, ChatID: channel}, a.pseudoKey)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// memSeen remembers the most recent event ids when there is no store.
type memSeen struct {
	mu    sync.Mutex
	max   int
	ids   map[string]struct{}
	order []string
}

func newMemSeen(max int) *memSeen {
	return &memSeen{max: max, ids: make(map[string]struct{})}
}

func (s *memSeen) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	s.ids[id] = struct{}{}
	s.order = append(s.order, id)
	if len(s.order) > s.max {
		delete(s.ids, s.order[0])
		s.order = s.order[1:]
	}
	return true
}
