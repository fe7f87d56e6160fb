package telegram

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/pace"
	"github.com/carebot/carebot/knowledge"
)

// Option configures an Adapter; pass them to New.
type Option func(*options)

// Unlimited returns the rate that turns a limit off (benchmarks, tests):
// +Inf, as pace.Unlimited().
func Unlimited() float64 { return pace.Unlimited() }

// RateLimits bound how fast the adapter sends. Telegram allows about one
// message a second per chat (short bursts tolerated) and 30 a second per bot;
// past that it answers 429. Messages over the limit wait in line; none is
// dropped. A zero field takes its default; Unlimited turns a limit off.
type RateLimits struct {
	// PerChat is messages a second to one chat. Default 1.
	PerChat float64
	// ChatBurst is how many messages one chat may get at once. Default 3
	// (an answer split in parts, then a notice).
	ChatBurst int
	// Overall is messages a second to all chats together. Default 30.
	Overall float64
	// OverallBurst is how many messages may go out at once above the
	// overall rate. Default 1: Telegram counts over any second, so a burst
	// on top of 30 a second is what it refuses with 429.
	OverallBurst int
}

// DefaultRateLimits returns Telegram's published limits.
func DefaultRateLimits() RateLimits {
	return RateLimits{PerChat: 1, ChatBurst: 3, Overall: 30, OverallBurst: 1}
}

// FloodLimits bound how fast one chat may write before it is slowed: past
// the limit the chat gets one polite notice (Texts.Flood), and its messages
// are merged into one that is answered when the chat's earlier messages are
// (so a warning sign in a flood is still screened); taps past the limit are
// dropped. Other chats are not affected. A zero field takes its default;
// Unlimited turns flood control off.
type FloodLimits struct {
	// Rate is messages a second a chat may send over time. Default 1.
	Rate float64
	// Burst is how many messages a chat may send at once. Default 5.
	Burst int
	// MaxMerged is the most bytes of text merged from a flood into one
	// message; the rest is dropped. Default 8192.
	MaxMerged int
}

// DefaultFloodLimits returns limits that let a parent type a few short
// messages in a row.
func DefaultFloodLimits() FloodLimits { return FloodLimits{Rate: 1, Burst: 5, MaxMerged: 8192} }

// Texts are the few things the adapter says by itself, in one language.
type Texts struct {
	// Flood is sent once when a chat writes too fast.
	Flood string
	// Apology is sent when the Handler fails to compose an answer.
	Apology string
	// NonText answers a message without text (a sticker, a voice note) in
	// a private chat.
	NonText string
	// Expired answers a tap on a button whose data is no longer known (a
	// long payload from before a restart).
	Expired string
	// Sources labels the list of sources under an answer.
	Sources string
}

// Message keys of the adapter's texts in the knowledge base's messages
// (knowledge/content/messages.yaml), the one place they are worded.
const (
	msgFlood   = "flood"
	msgApology = "apology"
	msgNonText = "non_text"
	msgExpired = "button_expired"
	msgSources = "sources_label"
)

// TextsFrom returns the adapter's texts in lang from msg, which looks an
// interface message up by key and language (bot.Router.Message); a nil msg
// reads the embedded knowledge base (knowledge.EmbeddedMessage).
func TextsFrom(msg func(key, lang string) string, lang string) Texts {
	if msg == nil {
		msg = knowledge.EmbeddedMessage
	}
	return Texts{
		Flood:   msg(msgFlood, lang),
		Apology: msg(msgApology, lang),
		NonText: msg(msgNonText, lang),
		Expired: msg(msgExpired, lang),
		Sources: msg(msgSources, lang),
	}
}

type options struct {
	apiURL          string
	webhookURL      string
	webhookSecret   string
	httpClient      *http.Client
	pollTimeout     time.Duration
	store           bot.Store
	logger          *slog.Logger
	metrics         bot.Metrics
	now             func() time.Time
	sleep           func(ctx context.Context, d time.Duration) error
	rates           RateLimits
	flood           FloodLimits
	pseudonymKey    []byte
	messages        func(key, lang string) string
	inline          bool
	inlineWait      time.Duration
	maxRetries      int
	concurrency     int
	shutdownTimeout time.Duration
	owner           string
	lease           time.Duration
	screen          func(text string) bot.Level
}

// WithAPIURL replaces the Bot API base URL https://api.telegram.org (a
// self-hosted Bot API server, or a fake in tests). Calls go to
// {url}/bot{token}/{method}.
func WithAPIURL(url string) Option { return func(o *options) { o.apiURL = url } }

// WithWebhook selects webhook mode: at start Run calls setWebhook with url
// and secret (1 to 256 characters A-Z, a-z, 0-9, _ and -; required), and
// WebhookHandler answers the updates Telegram posts there. Without it, Run
// long-polls getUpdates.
func WithWebhook(url, secret string) Option {
	return func(o *options) { o.webhookURL, o.webhookSecret = url, secret }
}

// WithHTTPClient sets the client for Bot API calls. Its Timeout must exceed
// the poll timeout (WithPollTimeout). Default: a client with a timeout of
// the poll timeout plus 10 seconds, up to 100 idle connections to the API,
// that sends the library's streamed request bodies in one write.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithPollTimeout sets how long a getUpdates long poll waits for an update.
// Default 60 seconds.
func WithPollTimeout(d time.Duration) Option { return func(o *options) { o.pollTimeout = d } }

// WithStore sets the store used to deduplicate updates across restarts
// (MarkProcessed("telegram", update_id)) and to mark a person who blocked
// the bot inactive. When s is also a bot.Inbox (the SQLite and PostgreSQL
// stores), every update is written to the inbox before it is acknowledged
// and every reply to the outbox before it is sent (see the package
// documentation). Default: an in-process set of recent update ids, and no
// marking.
func WithStore(s bot.Store) Option { return func(o *options) { o.store = s } }

// WithInstance names this process in the inbox's leases. A process that
// starts again under the same name takes over what it left at once; under
// another name, after the lease runs out. Replicas sharing a database need
// different names. Default: the host name.
func WithInstance(name string) Option { return func(o *options) { o.owner = name } }

// WithLease sets how long inbox and outbox entries stay leased to this
// process without being renewed (it renews them every third of it while
// it runs): how long a replica's crash delays its work when another
// replica takes it over. Default 30 seconds.
func WithLease(d time.Duration) Option { return func(o *options) { o.lease = d } }

// WithScreen sets the warning-sign screen run on a message's text when it
// arrives (the Router's Screen): a message at bot.LevelProvider or above
// is answered ahead of everything waiting for its chat and is never merged
// by flood control. Default: none, messages are answered in order.
func WithScreen(screen func(text string) bot.Level) Option {
	return func(o *options) { o.screen = screen }
}

// WithLogger sets the logger. Logs carry pseudonymous handles, never text,
// names, chat ids or the token. Default: discarded.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMetrics sets where the adapter counts messages in and out and 429s
// (platform "telegram"). Default bot.NopMetrics.
func WithMetrics(m bot.Metrics) Option { return func(o *options) { o.metrics = m } }

// WithNow sets the clock used for flood control and message times. Default
// time.Now.
func WithNow(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSleep sets how the adapter waits before retrying after a 429
// (retry_after). Default: a timer that ends early when ctx is done. Tests
// pass a function that records the wait.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *options) { o.sleep = sleep }
}

// WithRateLimits sets the sending limits. Default DefaultRateLimits().
func WithRateLimits(r RateLimits) Option { return func(o *options) { o.rates = r } }

// WithFloodLimits sets inbound flood control. Default DefaultFloodLimits().
func WithFloodLimits(f FloodLimits) Option { return func(o *options) { o.flood = f } }

// WithPseudonymKey sets the secret behind the handles in logs (see
// bot.Pseudonym). Default: a random key per Adapter.
func WithPseudonymKey(key []byte) Option { return func(o *options) { o.pseudonymKey = key } }

// WithMessages sets where the adapter's own texts (Texts) come from: a
// function that looks an interface message up by key and language, such as
// bot.Router.Message, so that a content reload reaches them too. Default:
// the embedded knowledge base.
func WithMessages(msg func(key, lang string) string) Option {
	return func(o *options) { o.messages = msg }
}

// WithInlineReplies makes the webhook answer with the reply itself when it
// is a single message (Telegram performs a method returned in the webhook
// response), saving a round trip. Telegram does not report the outcome of
// such a call, so a blocked user is noticed only on the next sendMessage.
// Default true; it applies in webhook mode only.
func WithInlineReplies(on bool) Option { return func(o *options) { o.inline = on } }

// WithInlineWait bounds how long the webhook response for an update that
// waits behind others of its chat waits for the reply to go inline; past
// it the reply is sent with sendMessage. (An update for an idle chat is
// answered in the request itself.) Default 5 seconds.
func WithInlineWait(d time.Duration) Option { return func(o *options) { o.inlineWait = d } }

// WithMaxRetries sets how many times Send (nudges, relays) retries a
// network error or a 5xx, and follows a group's migration. A 429 is never
// retried by Send: it returns a *bot.RateLimitError. Replies to updates in
// the outbox are retried until they are sent, whatever this says. Default
// 3.
func WithMaxRetries(n int) Option { return func(o *options) { o.maxRetries = n } }

// WithConcurrency bounds how many messages are answered at once (different
// chats; one chat is always answered in order). Default 16.
func WithConcurrency(n int) Option { return func(o *options) { o.concurrency = n } }

// WithShutdownTimeout bounds how long Run waits for in-flight replies after
// its context is done. Default 10 seconds.
func WithShutdownTimeout(d time.Duration) Option { return func(o *options) { o.shutdownTimeout = d } }

func defaultOptions() options {
	return options{
		apiURL:          "https://api.telegram.org",
		pollTimeout:     60 * time.Second,
		now:             time.Now,
		sleep:           sleepCtx,
		rates:           DefaultRateLimits(),
		flood:           DefaultFloodLimits(),
		messages:        knowledge.EmbeddedMessage,
		inline:          true,
		inlineWait:      5 * time.Second,
		maxRetries:      3,
		concurrency:     16,
		shutdownTimeout: 10 * time.Second,
	}
}

// fill defaults zero fields the options left.
func (o *options) fill() {
	d := defaultOptions()
	if o.rates.PerChat <= 0 {
		o.rates.PerChat = d.rates.PerChat
	}
	if o.rates.ChatBurst <= 0 {
		o.rates.ChatBurst = d.rates.ChatBurst
	}
	if o.rates.Overall <= 0 {
		o.rates.Overall = d.rates.Overall
	}
	if o.rates.OverallBurst <= 0 {
		o.rates.OverallBurst = d.rates.OverallBurst
	}
	if o.flood.Rate <= 0 {
		o.flood.Rate = d.flood.Rate
	}
	if o.flood.Burst <= 0 {
		o.flood.Burst = d.flood.Burst
	}
	if o.flood.MaxMerged <= 0 {
		o.flood.MaxMerged = d.flood.MaxMerged
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	if o.metrics == nil {
		o.metrics = bot.NopMetrics{}
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.sleep == nil {
		o.sleep = sleepCtx
	}
	if o.pollTimeout < 2*time.Second {
		o.pollTimeout = d.pollTimeout
	}
	if o.inlineWait <= 0 {
		o.inlineWait = d.inlineWait
	}
	if o.maxRetries < 0 {
		o.maxRetries = 0
	}
	if o.concurrency <= 0 {
		o.concurrency = d.concurrency
	}
	if o.shutdownTimeout <= 0 {
		o.shutdownTimeout = d.shutdownTimeout
	}
	o.owner, o.lease = bot.InboxLease(o.owner, o.lease, Source)
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
