// Package telegram connects carebot to Telegram through the Bot API. It is
// the only importer of github.com/go-telegram/bot.
//
// An Adapter receives updates by long polling (getUpdates) or, with
// WithWebhook, on the http.Handler returned by WebhookHandler; it turns them
// into bot.Message values for a bot.Handler (the Router) and renders each
// bot.Reply as Telegram HTML with an inline keyboard. Updates are processed
// once (deduplicated by update_id in the bot.Store, also across restarts);
// with a store that is a bot.Inbox nothing acknowledged is lost: an update
// is in the inbox before Telegram gets its 200 and done once its reply is
// in the outbox (see durable.go). One chat's messages are answered in
// order, a warning sign first (WithScreen), different chats concurrently.
// Sending respects Telegram's limits (about 1 message a second per chat, 30
// a second overall) by waiting, retries a reply until Telegram takes it (a
// 429 after its retry_after, however long), and marks a person who blocked
// the bot inactive. A chat that floods the bot gets one notice and its
// messages are merged, none dropped.
//
// Logs carry pseudonymous handles (bot.Pseudonym), never message text,
// names, chat ids or the token.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Errors returned by the adapter.
var (
	// ErrBlocked is returned (wrapped) by Send when Telegram answers 403:
	// the person blocked the bot (or left the group, or deleted their
	// account). The person is marked inactive in the store. It is
	// bot.ErrBlocked, the sender contract's error.
	ErrBlocked = bot.ErrBlocked
	// ErrNoToken is returned by New without a bot token.
	ErrNoToken = errors.New("no bot token")
	// ErrBadWebhook is returned by New for a webhook URL that is not an
	// absolute http(s) URL, or a secret that Telegram would refuse (1 to
	// 256 characters A-Z, a-z, 0-9, _ and -).
	ErrBadWebhook = errors.New("bad webhook url or secret")
	// ErrNotTelegram is returned by Send for a key of another platform.
	ErrNotTelegram = errors.New("not a telegram person")
)

// Source is the name under which update ids are recorded in
// Store.MarkProcessed.
const Source = "telegram"

// allowedUpdates are the update kinds the adapter asks for.
var allowedUpdates = []string{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery}

// Adapter is the Telegram adapter: a bot.Adapter for `carebot serve` and a
// bot.Sender for nudges and care-team relays. Create it with New.
type Adapter struct {
	opts   options
	token  string
	h      bot.Handler
	tg     *tgbot.Bot
	log    *slog.Logger
	tokens *tokens
	global *pace.Limit
	shared bot.SendLimiter // nil without a store that has one: limits held in memory
	sem    chan struct{}
	recent *recentIDs
	inbox  bot.Inbox // nil without a store that has one

	me    atomic.Pointer[models.User]
	ready atomic.Bool // Run got past getMe and setWebhook or deleteWebhook

	mu      sync.Mutex
	chats   map[int64]*chatState
	created int
	running bool
	// stopping is set when Run's context is done: with an inbox, workers
	// finish the job in hand and leave the rest in the inbox.
	stopping bool
	stopped  chan struct{} // closed when Run's context is done
	workCtx  context.Context
	workers  sync.WaitGroup
}

var (
	_ bot.Adapter = (*Adapter)(nil)
	_ bot.Sender  = (*Adapter)(nil)
)

// New returns an adapter for the bot with the token that hands messages to
// h. It makes no network call; Run checks the token.
func New(token string, h bot.Handler, opts ...Option) (*Adapter, error) {
	if token == "" {
		return nil, ErrNoToken
	}
	if h == nil {
		return nil, errors.New("telegram: nil handler")
	}
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	o.fill()
	if o.webhookURL != "" || o.webhookSecret != "" {
		u, err := url.Parse(o.webhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("telegram webhook url: %w", ErrBadWebhook)
		}
		if !validSecret(o.webhookSecret) {
			return nil, fmt.Errorf("telegram webhook secret: %w", ErrBadWebhook)
		}
	}
	if len(o.pseudonymKey) == 0 {
		o.pseudonymKey = bot.NewPseudonymKey()
	}
	if o.httpClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 100
		o.httpClient = &http.Client{Transport: bufferedTransport{tr}, Timeout: o.pollTimeout + 10*time.Second}
	}
	a := &Adapter{
		stopped: make(chan struct{}),
		opts:    o,
		token:   token,
		h:       h,
		log:     o.logger,
		tokens:  newTokens(maxTokens),
		sem:     make(chan struct{}, o.concurrency),
		chats:   map[int64]*chatState{},
	}
	if o.store == nil {
		a.recent = newRecentIDs(8192)
	}
	if in, ok := o.store.(bot.Inbox); ok {
		a.inbox = in
	}
	if sl, ok := o.store.(bot.SendLimiter); ok {
		a.shared = sl
	}
	a.global = a.newLimit("telegram", o.rates.Overall, o.rates.OverallBurst)
	tg, err := tgbot.New(token,
		tgbot.WithServerURL(o.apiURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(o.pollTimeout, o.httpClient),
		tgbot.WithAllowedUpdates(allowedUpdates),
		tgbot.WithErrorsHandler(a.onLibraryError),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", a.redact(err))
	}
	a.tg = tg
	return a, nil
}

// Name is "telegram".
func (a *Adapter) Name() string { return Source }

// Ready reports whether the adapter is connected: Run checked the token
// (getMe), set up the webhook or polling, and has not stopped.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Webhook reports whether the adapter runs in webhook mode.
func (a *Adapter) Webhook() bool { return a.opts.webhookURL != "" }

// WebhookPath is the path of the webhook URL ("/telegram/webhook"), where
// `carebot serve` mounts WebhookHandler; "" in polling mode.
func (a *Adapter) WebhookPath() string {
	if !a.Webhook() {
		return ""
	}
	u, _ := url.Parse(a.opts.webhookURL)
	if u.Path == "" {
		return "/"
	}
	return u.Path
}

// Start-up retries: getMe, setWebhook and deleteWebhook are tried again
// after startBackoffMin, doubling up to startBackoffMax, while the adapter
// is not ready.
const (
	startBackoffMin = time.Second
	startBackoffMax = time.Minute
)

// Run checks the token (getMe), publishes the command menu (setMyCommands,
// English and Spanish) and then, in webhook mode, calls setWebhook and
// answers what WebhookHandler receives; otherwise it deletes any webhook and
// long-polls getUpdates. With an inbox it first queues what this instance
// left there (WithInstance), and takes over other instances' entries whose
// lease ran out while it runs. A failing getMe, setWebhook or deleteWebhook
// (the Bot API down, a network error, a rejected token) is retried with
// backoff, from 1 second doubling to 1 minute, and logged; Ready stays false
// until they succeed, and the rest of the process keeps serving. When ctx is
// done it stops receiving (the webhook answers 503), waits up to the
// shutdown timeout for replies in flight and returns nil. Call it once.
func (a *Adapter) Run(ctx context.Context) error {
	var me *models.User
	if err := a.retryStart(ctx, "get me", func() (err error) {
		me, err = a.tg.GetMe(ctx)
		return err
	}); err != nil {
		return nil // ctx is done: a shutdown during start-up is no failure
	}
	a.me.Store(me)
	a.setCommands(ctx)

	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	a.mu.Lock()
	a.workCtx = workCtx
	a.mu.Unlock()
	// What a previous run under this name left in the inbox and the
	// outbox goes into the chats' queues before any new update.
	if err := a.retryStart(ctx, "recover inbox", func() error { return a.recover(ctx) }); err != nil {
		return nil // ctx is done
	}
	// Running before setWebhook: Telegram may post an update at once.
	a.mu.Lock()
	a.running = true
	a.mu.Unlock()
	defer a.drain(cancelWork)
	if a.inbox != nil {
		leases := make(chan struct{})
		go func() { defer close(leases); a.keepLeases(ctx) }()
		defer func() { <-leases }()
	}

	var err error
	if a.Webhook() {
		err = a.retryStart(ctx, "set webhook", func() error {
			_, err := a.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
				URL:            a.opts.webhookURL,
				SecretToken:    a.opts.webhookSecret,
				AllowedUpdates: allowedUpdates,
			})
			return err
		})
	} else {
		err = a.retryStart(ctx, "delete webhook", func() error {
			_, err := a.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{})
			return err
		})
	}
	if err != nil {
		return nil // ctx is done
	}
	a.ready.Store(true) // before the log line, which tests wait for
	defer a.ready.Store(false)
	a.log.Info("telegram started", "mode", a.mode(), "bot_id", me.ID)

	if a.Webhook() {
		<-ctx.Done()
	} else {
		a.poll(ctx) // returns when ctx is done
	}
	return nil
}

// retryStart calls f until it succeeds, waiting between attempts from
// startBackoffMin doubling to startBackoffMax, and logs each failure (the
// token redacted). It returns an error only when ctx is done.
func (a *Adapter) retryStart(ctx context.Context, what string, f func() error) error {
	wait := startBackoffMin
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil {
			if attempt > 1 {
				a.log.Info("telegram start-up call succeeded", "call", what, "attempt", attempt)
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a.log.Error("telegram start-up call failed; retrying, not ready until it works",
			"call", what, "attempt", attempt, "retry_in", wait.String(), "err", a.redact(err))
		if err := a.opts.sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, startBackoffMax)
	}
}

// drain stops accepting updates and waits for the replies in flight, up to
// the shutdown timeout, then cancels them.
//
// With an inbox, only the jobs in hand are finished: what waits stays in
// the inbox for the next start (or another replica), and the webhook
// responses waiting for those replies are answered at once, empty.
func (a *Adapter) drain(cancelWork context.CancelFunc) {
	a.mu.Lock()
	a.running = false
	a.stopping = true
	close(a.stopped) // replies waiting to retry leave the rest to the outbox
	var waiting []*inlineSlot
	if a.inbox != nil {
		for _, c := range a.chats {
			for _, j := range c.queue {
				if j.slot != nil {
					waiting = append(waiting, j.slot)
					j.slot = nil
				}
			}
		}
	}
	a.mu.Unlock()
	for _, s := range waiting {
		go s.release()
	}
	defer a.release()
	done := make(chan struct{})
	go func() { a.workers.Wait(); close(done) }()
	timer := time.NewTimer(a.opts.shutdownTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		a.log.Warn("telegram shutdown timeout: cancelling replies in flight")
		cancelWork()
		<-done
	}
	a.log.Info("telegram stopped")
}

func (a *Adapter) mode() string {
	if a.Webhook() {
		return "webhook"
	}
	return "polling"
}

func (a *Adapter) onLibraryError(err error) {
	a.log.Warn("telegram library", "err", libraryError(err.Error(), a.token))
}

// pseudo is the person's handle for logs.
func (a *Adapter) pseudo(chatID int64) string {
	return bot.Pseudonym(personKey(chatID), a.opts.pseudonymKey)
}

func personKey(chatID int64) bot.PersonKey {
	return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: strconv.FormatInt(chatID, 10)}
}

// texts returns the adapter's texts in the language of a hint ("es-MX").
func (a *Adapter) texts(lang string) Texts {
	if len(lang) > 2 {
		lang = lang[:2]
	}
	return TextsFrom(a.opts.messages, lang)
}

func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// recentIDs remembers the last n update ids, for deduplication without a
// store.
type recentIDs struct {
	mu   sync.Mutex
	seen map[int64]struct{}
	ring []int64
	next int
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{seen: make(map[int64]struct{}, n), ring: make([]int64, n)}
}

// first records id and reports whether it was new.
func (r *recentIDs) first(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[id]; ok {
		return false
	}
	if old := r.ring[r.next]; old != 0 {
		delete(r.seen, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.seen[id] = struct{}{}
	return true
}
