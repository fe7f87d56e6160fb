package slack

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/carebot/carebot/bot"
)

// DefaultMaxBodyBytes is the default limit of a request body, 64 KiB.
// Slack's requests are small: a slash command or a button's block_actions
// payload is a few KiB, and a message event carries the text twice (text
// and its rich_text block), so 64 KiB holds a message of about 30,000
// ASCII characters, far more than anyone types to a look-up bot. A larger
// body is answered 413. The limit bounds what a forged request (a fresh
// timestamp and any signature) makes the server read before the signature
// is checked.
const DefaultMaxBodyBytes = 64 << 10

// Config holds the adapter's tunables. A zero field takes its default.
type Config struct {
	// Workers is how many goroutines do the work after a request is
	// acknowledged. Work for one channel always goes to the same worker,
	// so replies in a channel keep their order. Default 4.
	Workers int
	// QueueSize is how many acknowledged requests may wait per worker.
	// When a worker's queue is full the Events API handler answers 503 so
	// that Slack retries later. Default 64.
	QueueSize int
	// MaxBodyBytes limits the size of a request body. Default
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxClockSkew is how far a request's X-Slack-Request-Timestamp may be
	// from Now. Default 5 minutes (Slack's own recommendation).
	MaxClockSkew time.Duration
	// ChannelRate is how many messages a second may be posted to one
	// channel (Slack allows about 1). Default 1.
	ChannelRate float64
	// ChannelBurst is how many messages may go to one channel at once
	// before ChannelRate applies. Default 1.
	ChannelBurst int
	// MaxRetries is how many times a Web API call is retried: after the
	// Retry-After of a 429, or after a backoff from a network error, a 5xx
	// or a transient Slack error. Alerts in the outbox are retried until
	// posted, whatever this says. Default 3.
	MaxRetries int
	// JobTimeout bounds the work for one request (answer and post,
	// including rate-limit waits). Default 30 seconds.
	JobTimeout time.Duration
	// DrainTimeout is how long Run waits, once its context is done, for
	// queued work to finish before cancelling it. Default 10 seconds.
	DrainTimeout time.Duration
	// Lang is the language of carebot's own words to the care team (the
	// knowledge base's team_* messages: buttons, notes in alert threads).
	// Default "en".
	Lang string
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 64
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxClockSkew <= 0 {
		c.MaxClockSkew = 5 * time.Minute
	}
	if c.ChannelRate <= 0 {
		c.ChannelRate = 1
	}
	if c.ChannelBurst <= 0 {
		c.ChannelBurst = 1
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = 3
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 30 * time.Second
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = 10 * time.Second
	}
	if c.Lang == "" {
		c.Lang = "en"
	}
	return c
}

// Option configures an Adapter.
type Option func(*Adapter)

// WithAPIURL replaces the Web API base URL (default
// "https://slack.com/api/"); it ends in "/api/". Tests point it at a fake.
func WithAPIURL(u string) Option { return func(a *Adapter) { a.apiURL = u } }

// WithAppToken sets the app-level token (xapp-...). With it, Run uses
// Socket Mode: no public URL is needed and the HTTP handlers are not used.
func WithAppToken(token string) Option { return func(a *Adapter) { a.appToken = token } }

// WithCareChannel sets the channel (an id such as C0123ABCD) where
// escalation alerts are posted.
func WithCareChannel(channel string) Option { return func(a *Adapter) { a.careChannel = channel } }

// WithStore sets the store used to process each event once (also across a
// restart), to read parents' consent and language and, when s implements
// bot.ThreadStore, to keep the links between alert threads and parents.
// Without a store, events are deduplicated in memory only; without a
// thread store, alerts are posted but care-team replies cannot be relayed.
func WithStore(s bot.Store) Option { return func(a *Adapter) { a.store = s } }

// WithSender sets how care-team replies reach a parent (the Telegram
// adapter). Without one, replies in an alert thread are not relayed.
func WithSender(s bot.Sender) Option { return func(a *Adapter) { a.sender = s } }

// WithRelayQueue makes care-team replies to parents durable: they are
// queued (the nudge scheduler) instead of sent at once, and the queue calls
// Relayed when they were delivered or given up on. The Sender is still
// needed: it says that replies can reach parents at all.
func WithRelayQueue(q bot.RelayQueue) Option { return func(a *Adapter) { a.relay = q } }

// WithLogger sets the logger. Logs carry pseudonymous handles, never
// message text, names, user or channel ids, or tokens. Default: discard.
func WithLogger(l *slog.Logger) Option { return func(a *Adapter) { a.log = l } }

// WithMetrics sets where the adapter counts messages in (handed to the
// handler) and out (posted), and 429s, as platform "slack". Default
// bot.NopMetrics.
func WithMetrics(m bot.Metrics) Option { return func(a *Adapter) { a.metrics = m } }

// WithNow sets the clock, for request timestamps and alert times. Default
// time.Now.
func WithNow(now func() time.Time) Option { return func(a *Adapter) { a.now = now } }

// WithPseudonymKey sets the secret used to derive parents' handles
// (bot.Pseudonym). Without it a random key is made at start, so handles
// change across restarts.
func WithPseudonymKey(key []byte) Option { return func(a *Adapter) { a.pseudoKey = key } }

// WithHTTPClient sets the HTTP client for Web API calls. Default: a
// client with a 30 second timeout.
func WithHTTPClient(c *http.Client) Option { return func(a *Adapter) { a.httpClient = c } }

// WithConfig sets the tunables; zero fields keep their defaults.
func WithConfig(c Config) Option { return func(a *Adapter) { a.cfg = c } }

// WithSubcommand routes "/carebot <name> <args>" to h instead of the main
// handler (for example "schedule" to the nudge scheduler). h receives a
// Message whose Text is the arguments after the name, ChatID the channel
// and UserID the Slack user; its reply is shown ephemerally.
func WithSubcommand(name string, h bot.Handler) Option {
	return func(a *Adapter) {
		if a.subcommands == nil {
			a.subcommands = make(map[string]bot.Handler)
		}
		a.subcommands[name] = h
	}
}

// withAuthWait replaces how the waits between auth.test attempts are done
// (tests).
func withAuthWait(fn func(ctx context.Context, d time.Duration) error) Option {
	return func(a *Adapter) { a.authWait = fn }
}

// withSleep replaces how rate-limit waits are done (tests).
func withSleep(fn func(ctx context.Context, d time.Duration) error) Option {
	return func(a *Adapter) { a.sleep = fn }
}
