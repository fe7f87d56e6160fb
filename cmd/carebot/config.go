package main

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/loglimit"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/knowledge"
)

// fileConfig is the YAML file of `carebot serve --config FILE`. Every key
// is optional: defaultFileConfig holds the defaults, and
// deploy/carebot.example.yaml shows every key with its default and what it
// does. The environment variables of envOverrides replace their keys;
// secrets come only from the environment (secretKeys): a secret in the
// file is an error.
type fileConfig struct {
	HTTP      httpConfig      `yaml:"http"`
	Database  databaseConfig  `yaml:"database"`
	Inbox     inboxConfig     `yaml:"inbox"`
	Knowledge knowledgeConfig `yaml:"knowledge"`
	Log       logConfig       `yaml:"log"`
	Bot       botConfig       `yaml:"bot"`
	Nudges    nudgesConfig    `yaml:"nudges"`
	Telegram  telegramConfig  `yaml:"telegram"`
	Slack     slackConfig     `yaml:"slack"`
	Gaps      gapsConfig      `yaml:"gaps"`

	// PseudonymKey is a secret: only CAREBOT_PSEUDONYM_KEY sets it.
	PseudonymKey string `yaml:"pseudonym_key"`
}

// httpConfig is the HTTP server's section.
type httpConfig struct {
	// Addr is where the HTTP server (webhooks, /healthz, /readyz,
	// /metrics) listens. Default ":8080"; CAREBOT_HTTP_ADDR.
	Addr string `yaml:"addr"`
	// ShutdownTimeout bounds the graceful shutdown on SIGTERM. Default 10s.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// ReadHeaderTimeout bounds reading a request's headers, from the
	// moment the connection opens or its previous request ended. Default 5s.
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	// ReadTimeout bounds reading a whole request, body included. Default 15s.
	ReadTimeout time.Duration `yaml:"read_timeout"`
	// WriteTimeout bounds a request from the end of its headers to the end
	// of its answer; more than telegram.inline_wait. Default 30s.
	WriteTimeout time.Duration `yaml:"write_timeout"`
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request. Default 75s.
	IdleTimeout time.Duration `yaml:"idle_timeout"`
	// MaxHeaderBytes limits a request's headers. Default 32768.
	MaxHeaderBytes int `yaml:"max_header_bytes"`
}

// Defaults of the HTTP server's limits (httpConfig).
const (
	defaultReadHeaderTimeout = 5 * time.Second
	defaultReadTimeout       = 15 * time.Second
	defaultWriteTimeout      = 30 * time.Second
	defaultIdleTimeout       = 75 * time.Second
	defaultMaxHeaderBytes    = 32 << 10
)

// databaseConfig is the store's section.
type databaseConfig struct {
	// URL is a SQLite file path or a postgres:// URL without a password
	// (put a URL with a password in CAREBOT_DATABASE_URL, or use PGPASSWORD
	// or a .pgpass file). Default "./carebot.db"; CAREBOT_DATABASE_URL.
	URL string `yaml:"url"`
}

// inboxConfig is the durable inbox and outbox's section (SQLite and
// PostgreSQL stores).
type inboxConfig struct {
	// Instance names this process in the inbox's leases: a process that
	// starts again under the same name takes over at once what it left;
	// replicas sharing a database need different names. Default "": the
	// host name and the HTTP port.
	Instance string `yaml:"instance"`
	// Lease is how long a process that died keeps its unanswered updates
	// and unsent replies from the other replicas. Default 30s.
	Lease time.Duration `yaml:"lease"`
}

// knowledgeConfig is the knowledge base's section.
type knowledgeConfig struct {
	// Dir is a folder of YAML files to serve instead of the embedded
	// knowledge base, reloaded on changes and SIGHUP. Default "" (the
	// embedded one); CAREBOT_KB_DIR.
	Dir string `yaml:"dir"`
	// AllowSignRemoval lets serve start with content that removes a
	// warning sign or weakens an emergency-level one (knowledge.LostSigns)
	// compared with the built-in knowledge base, and a reload serve such
	// content compared with the content in use. Default false: such a
	// start or reload is refused (serve --allow-sign-removal sets it).
	AllowSignRemoval bool `yaml:"allow_sign_removal"`
	// SecondOpinion is the learned second opinion on the warning-sign
	// screen: "on" (the embedded model), "off", or a model file written
	// by intents/second/train. Default "on"; CAREBOT_SECOND_OPINION.
	SecondOpinion string `yaml:"second_opinion"`
}

// logConfig is the logs' section.
type logConfig struct {
	// Level is the least level logged: debug, info, warn or error.
	// Default info.
	Level string `yaml:"level"`
	// Format is json, text, or auto (text on a terminal, JSON elsewhere).
	// Default auto.
	Format string `yaml:"format"`
	// RepeatBurst is how many warning or error lines of one cause (level
	// and message) are written per RepeatInterval; the rest are counted in one "suppressed
	// similar log lines" line (bot/loglimit). 0 writes every line.
	// Default 10.
	RepeatBurst int `yaml:"repeat_burst"`
	// RepeatInterval is the interval of RepeatBurst. Default 1m.
	RepeatInterval time.Duration `yaml:"repeat_interval"`
}

// botConfig is the Router's section (bot.Config).
type botConfig struct {
	// EmergencyNumber is named in emergency replies. Default "911".
	EmergencyNumber string `yaml:"emergency_number"`
	// CrisisLine is named for thoughts of self-harm. Default "988".
	CrisisLine string `yaml:"crisis_line"`
	// MaternalLine is the maternal mental health line named for low mood
	// and distress. Default "1-833-852-6262" (the US National Maternal
	// Mental Health Hotline, English and Spanish).
	MaternalLine string `yaml:"maternal_line"`
	// ConsentAtEnrolment says the clinic's enrolment already covers
	// consent to care-team alerts. Default false: parents are asked.
	ConsentAtEnrolment bool `yaml:"consent_at_enrolment"`
	// ContextTTL is how long "tell me more" remembers the last topic.
	// Default 30m.
	ContextTTL time.Duration `yaml:"context_ttl"`
	// AlertTimeout bounds posting a care-team alert. Default 5s.
	AlertTimeout time.Duration `yaml:"alert_timeout"`
}

// nudgesConfig is the nudge scheduler's section (nudge.Config).
type nudgesConfig struct {
	// Enabled runs the scheduler (nudges and scheduled channel posts).
	// Default true.
	Enabled bool `yaml:"enabled"`
	// DefaultTimeZone is the IANA zone of people who gave none. Default
	// "UTC".
	DefaultTimeZone string `yaml:"default_time_zone"`
	// QuietHours ("HH:MM-HH:MM" local time, or "off") apply to people who
	// chose none. Default "21:00-08:00".
	QuietHours string `yaml:"quiet_hours"`
	// Workers is how many nudges may be in flight at once. Default 50.
	Workers int `yaml:"workers"`
	// JobTimeout bounds one delivery attempt. Default 30s.
	JobTimeout time.Duration `yaml:"job_timeout"`
	// RescueAfter is when a running job counts as crashed; more than
	// JobTimeout. Default 2m.
	RescueAfter time.Duration `yaml:"rescue_after"`
	// MaxAttempts bounds the attempts after errors other than 429.
	// Default 6.
	MaxAttempts int `yaml:"max_attempts"`
	// MaxLate is how late a nudge may still go out. Default 2h.
	MaxLate time.Duration `yaml:"max_late"`
	// ProcessedRetention is how long update ids are kept for
	// deduplication. Default 168h.
	ProcessedRetention time.Duration `yaml:"processed_retention"`
	// PollInterval is how often due jobs are looked for. Default 1s.
	PollInterval time.Duration `yaml:"poll_interval"`
	// Limits pace nudges and posts per platform.
	Limits struct {
		Telegram limitConfig `yaml:"telegram"`
		Slack    limitConfig `yaml:"slack"`
	} `yaml:"limits"`
}

// limitConfig is a nudge.Limit.
type limitConfig struct {
	// PerSecond is the most sends a second on the platform; 0 is no limit.
	PerSecond float64 `yaml:"per_second"`
	// Burst is how many may go at once after a pause.
	Burst int `yaml:"burst"`
	// PerChat is the most sends a second to one chat; 0 is no limit.
	PerChat float64 `yaml:"per_chat"`
}

// telegramConfig is the Telegram adapter's section (telegram options). The
// adapter runs when CAREBOT_TELEGRAM_TOKEN is set.
type telegramConfig struct {
	// APIURL is the Bot API base. Default "https://api.telegram.org";
	// CAREBOT_TELEGRAM_API_URL.
	APIURL string `yaml:"api_url"`
	// WebhookURL selects webhook mode (served on its path); empty is long
	// polling. Its secret is CAREBOT_TELEGRAM_WEBHOOK_SECRET. Default "";
	// CAREBOT_TELEGRAM_WEBHOOK_URL.
	WebhookURL string `yaml:"webhook_url"`
	// PollTimeout is how long a getUpdates long poll waits (at least 2s).
	// Default 60s.
	PollTimeout time.Duration `yaml:"poll_timeout"`
	// InlineReplies answers in the webhook response when it can. Default
	// true.
	InlineReplies bool `yaml:"inline_replies"`
	// InlineWait bounds how long a webhook response waits for its reply.
	// Default 5s.
	InlineWait time.Duration `yaml:"inline_wait"`
	// Concurrency is how many chats are answered at once. Default 16.
	Concurrency int `yaml:"concurrency"`
	// MaxRetries is how many times Send (nudges, relays) retries a network
	// error or a 5xx; replies are retried until sent.
	// Default 3.
	MaxRetries int `yaml:"max_retries"`
	// ShutdownTimeout bounds finishing the replies in flight. Default 10s.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// Send are the sending limits (telegram.RateLimits); .inf is no limit.
	Send struct {
		PerChat      float64 `yaml:"per_chat"`
		ChatBurst    int     `yaml:"chat_burst"`
		Overall      float64 `yaml:"overall"`
		OverallBurst int     `yaml:"overall_burst"`
	} `yaml:"send"`
	// Flood is inbound flood control per chat (telegram.FloodLimits).
	Flood struct {
		Rate      float64 `yaml:"rate"`
		Burst     int     `yaml:"burst"`
		MaxMerged int     `yaml:"max_merged"`
	} `yaml:"flood"`

	// Token and WebhookSecret are secrets: only the environment sets them.
	Token         string `yaml:"token"`
	WebhookSecret string `yaml:"webhook_secret"`
}

// slackConfig is the Slack adapter's section (slack options and
// slack.Config). The adapter runs when CAREBOT_SLACK_BOT_TOKEN is set.
type slackConfig struct {
	// APIURL is the Web API base, ending in "/api/". Default
	// "https://slack.com/api/"; CAREBOT_SLACK_API_URL.
	APIURL string `yaml:"api_url"`
	// CareChannel is the channel id for escalation alerts; empty turns
	// alerts off. Default ""; CAREBOT_SLACK_CARE_CHANNEL.
	CareChannel string `yaml:"care_channel"`
	// Workers answer acknowledged requests. Default 4.
	Workers int `yaml:"workers"`
	// QueueSize is how many requests may wait per worker. Default 64.
	QueueSize int `yaml:"queue_size"`
	// MaxBodyBytes limits a request body. Default 65536 (slack.DefaultMaxBodyBytes).
	MaxBodyBytes int `yaml:"max_body_bytes"`
	// MaxClockSkew is how old a signed request may be. Default 5m.
	MaxClockSkew time.Duration `yaml:"max_clock_skew"`
	// ChannelRate is messages a second to one channel. Default 1.
	ChannelRate float64 `yaml:"channel_rate"`
	// ChannelBurst is messages at once to one channel. Default 1.
	ChannelBurst int `yaml:"channel_burst"`
	// MaxRetries is how many times a call is retried after a 429, a 5xx
	// or a network error.
	// Default 3.
	MaxRetries int `yaml:"max_retries"`
	// JobTimeout bounds the work for one request. Default 30s.
	JobTimeout time.Duration `yaml:"job_timeout"`
	// DrainTimeout bounds finishing queued work at shutdown. Default 10s.
	DrainTimeout time.Duration `yaml:"drain_timeout"`
	// Lang is the language of carebot's own words to the care team
	// (buttons, notes in alert threads): en or es. Default en.
	Lang string `yaml:"lang"`

	// BotToken, SigningSecret and AppToken are secrets: only the
	// environment sets them.
	BotToken      string `yaml:"bot_token"`
	SigningSecret string `yaml:"signing_secret"`
	AppToken      string `yaml:"app_token"`
}

// gapsConfig is the gaps report's section: the questions carebot could not
// answer or answered unsure, scrubbed, for content authors (bot.Gap).
type gapsConfig struct {
	// Enabled records them. Default false: nothing is recorded.
	Enabled bool `yaml:"enabled"`
	// Retention is how long they are kept; older ones are deleted hourly.
	// Default 720h (30 days).
	Retention time.Duration `yaml:"retention"`
	// BelowConfidence also records answers whose confidence is below it
	// (0 to 1). Default 0: only the fallback and "did you mean".
	BelowConfidence float64 `yaml:"below_confidence"`
	// WeeklyPost posts the week's most frequent ones to slack.care_channel
	// on Mondays (UTC). Default false.
	WeeklyPost bool `yaml:"weekly_post"`
	// Top is how many the weekly post lists. Default 10.
	Top int `yaml:"top"`
}

// defaultFileConfig returns the settings of a missing or empty config
// file: the components' own defaults.
func defaultFileConfig() fileConfig {
	var c fileConfig
	c.HTTP = httpConfig{
		Addr: ":8080", ShutdownTimeout: 10 * time.Second,
		ReadHeaderTimeout: defaultReadHeaderTimeout, ReadTimeout: defaultReadTimeout,
		WriteTimeout: defaultWriteTimeout, IdleTimeout: defaultIdleTimeout, MaxHeaderBytes: defaultMaxHeaderBytes,
	}
	c.Database.URL = defaultDatabase
	c.Log = logConfig{Level: "info", Format: "auto", RepeatBurst: loglimit.DefaultBurst, RepeatInterval: loglimit.DefaultInterval}
	c.Knowledge.SecondOpinion = "on"
	c.Bot = botConfig{
		EmergencyNumber: bot.DefaultEmergencyNumber,
		CrisisLine:      bot.DefaultCrisisLine,
		MaternalLine:    bot.DefaultMaternalLine,
		ContextTTL:      bot.DefaultContextTTL,
		AlertTimeout:    bot.DefaultAlertTimeout,
	}
	n := &c.Nudges
	n.Enabled, n.DefaultTimeZone, n.QuietHours = true, "UTC", nudge.DefaultQuiet
	n.Workers, n.JobTimeout, n.RescueAfter, n.MaxAttempts = 50, 30*time.Second, 2*time.Minute, 6
	n.MaxLate, n.ProcessedRetention, n.PollInterval = 2*time.Hour, 7*24*time.Hour, time.Second
	dl := nudge.DefaultLimits()
	tl, sl := dl[bot.PlatformTelegram], dl[bot.PlatformSlack]
	n.Limits.Telegram = limitConfig{PerSecond: tl.PerSecond, Burst: max(tl.Burst, 1), PerChat: tl.PerChat}
	n.Limits.Slack = limitConfig{PerSecond: sl.PerSecond, Burst: max(sl.Burst, 1), PerChat: sl.PerChat}
	c.Inbox.Lease = 30 * time.Second
	t := &c.Telegram
	t.APIURL, t.PollTimeout, t.InlineReplies, t.InlineWait = "https://api.telegram.org", 60*time.Second, true, 5*time.Second
	t.Concurrency, t.MaxRetries, t.ShutdownTimeout = 16, 3, 10*time.Second
	r, f := telegram.DefaultRateLimits(), telegram.DefaultFloodLimits()
	t.Send.PerChat, t.Send.ChatBurst, t.Send.Overall, t.Send.OverallBurst = r.PerChat, r.ChatBurst, r.Overall, r.OverallBurst
	t.Flood.Rate, t.Flood.Burst, t.Flood.MaxMerged = f.Rate, f.Burst, f.MaxMerged
	c.Gaps = gapsConfig{Retention: bot.DefaultGapRetention, Top: 10}
	c.Slack = slackConfig{
		APIURL: "https://slack.com/api/", Workers: 4, QueueSize: 64, MaxBodyBytes: slack.DefaultMaxBodyBytes,
		MaxClockSkew: 5 * time.Minute, ChannelRate: 1, ChannelBurst: 1, MaxRetries: 3,
		JobTimeout: 30 * time.Second, DrainTimeout: 10 * time.Second, Lang: "en",
	}
	return c
}

// envOverrides are the environment variables that replace a key of the
// file (design.md's contract), by key.
var envOverrides = []struct{ env, key string }{
	{"CAREBOT_HTTP_ADDR", "http.addr"},
	{"CAREBOT_DATABASE_URL", "database.url"},
	{envKBDir, "knowledge.dir"},
	{envSecondOpinion, "knowledge.second_opinion"},
	{envTelegramAPIURL, "telegram.api_url"},
	{envTelegramWebhookURL, "telegram.webhook_url"},
	{"CAREBOT_SLACK_API_URL", "slack.api_url"},
	{"CAREBOT_SLACK_CARE_CHANNEL", "slack.care_channel"},
}

// secretKeys are the keys of secrets, which only the environment sets.
var secretKeys = []struct{ key, env string }{
	{"pseudonym_key", "CAREBOT_PSEUDONYM_KEY"},
	{"telegram.token", envTelegramToken},
	{"telegram.webhook_secret", envTelegramWebhookSecret},
	{"slack.bot_token", "CAREBOT_SLACK_BOT_TOKEN"},
	{"slack.signing_secret", "CAREBOT_SLACK_SIGNING_SECRET"},
	{"slack.app_token", "CAREBOT_SLACK_APP_TOKEN"},
}

// field returns a pointer to the string field at key (of envOverrides).
func (c *fileConfig) field(key string) *string {
	switch key {
	case "http.addr":
		return &c.HTTP.Addr
	case "database.url":
		return &c.Database.URL
	case "knowledge.dir":
		return &c.Knowledge.Dir
	case "knowledge.second_opinion":
		return &c.Knowledge.SecondOpinion
	case "telegram.api_url":
		return &c.Telegram.APIURL
	case "telegram.webhook_url":
		return &c.Telegram.WebhookURL
	case "slack.api_url":
		return &c.Slack.APIURL
	case "slack.care_channel":
		return &c.Slack.CareChannel
	}
	panic("config: no field for " + key)
}

// configProblem is one problem with the settings: at a line of the config
// file, or in an environment variable (Line 0).
type configProblem struct {
	Where string // the file, or "$CAREBOT_X"
	Line  int
	Msg   string
}

func (p configProblem) String() string {
	if p.Line == 0 {
		return p.Where + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d: %s", p.Where, p.Line, p.Msg)
}

// configError is every problem with the config file and environment, in
// file and line order; serve prints one per line and exits 1.
type configError []configProblem

func (e configError) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// loadServeConfig reads the config file, when file is not empty, over the
// defaults, applies the environment and checks the result. The error is a
// configError listing every problem ("file:line: problem", or
// "$CAREBOT_X: problem" for a value from the environment), or the file's
// read error.
func (c *cli) loadServeConfig(file string) (serveConfig, error) {
	fc := defaultFileConfig()
	src := map[string]configProblem{} // key -> where its value comes from
	var problems configError
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return serveConfig{}, fmt.Errorf("config: %w", err)
		}
		lines, err := knowledge.DecodeYAML(file, data, &fc)
		if ps, ok := err.(knowledge.Problems); ok {
			for _, p := range ps {
				problems = append(problems, configProblem{p.Pos.File, p.Pos.Line, p.Msg})
			}
		} else if err != nil {
			return serveConfig{}, fmt.Errorf("config: %w", err)
		}
		for key, pos := range lines {
			src[key] = configProblem{Where: pos.File, Line: pos.Line}
		}
		for _, s := range secretKeys {
			if at, ok := src[s.key]; ok {
				at.Msg = fmt.Sprintf("%s: a secret is never read from the config file: set %s in the environment", s.key, s.env)
				problems = append(problems, at)
			}
		}
	}
	for _, o := range envOverrides {
		if v := c.getenv(o.env); v != "" {
			*fc.field(o.key) = v
			src[o.key] = configProblem{Where: "$" + o.env}
		}
	}
	problems = append(problems, fc.check(src)...)
	if fc.Telegram.WebhookURL != "" && c.getenv(envTelegramWebhookSecret) == "" {
		// Without a secret anyone who finds the URL could post updates.
		problems = append(problems, problemAt(src, "telegram.webhook_url",
			"webhook mode needs a secret: set "+envTelegramWebhookSecret+" (1-256 of A-Z a-z 0-9 _ -)"))
	}
	problems = append(problems, c.unsafeEnvironment(&fc, src)...)
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b configProblem) int {
			return cmp.Or(cmp.Compare(a.Where, b.Where), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
		})
		return serveConfig{}, problems
	}
	cfg := serveConfig{
		HTTPAddr:        fc.HTTP.Addr,
		KB:              kbSource{dir: fc.Knowledge.Dir, second: fc.Knowledge.SecondOpinion},
		PseudonymKey:    []byte(c.getenv("CAREBOT_PSEUDONYM_KEY")),
		ShutdownTimeout: fc.HTTP.ShutdownTimeout,
		DatabaseURL:     fc.Database.URL,
		File:            fc,
	}
	if len(cfg.PseudonymKey) == 0 {
		// One key for the Router and every adapter, so that a parent has
		// one handle in all logs and alerts while the process runs.
		cfg.PseudonymKey = bot.NewPseudonymKey()
	}
	return cfg, nil
}

// configFailed prints why the settings cannot be used, every problem on a
// line of its own, and returns the exit code.
func (c *cli) configFailed(err error) int {
	var ce configError
	if errors.As(err, &ce) {
		for _, p := range ce {
			fmt.Fprintln(c.stderr, p)
		}
		fmt.Fprintf(c.stderr, "carebot serve: %d config problem(s)\n", len(ce))
		return exitFail
	}
	fmt.Fprintf(c.stderr, "carebot serve: %v\n", err)
	return exitFail
}

// limits are the nudge.Limits of the config.
func (n nudgesConfig) limits() map[bot.Platform]nudge.Limit {
	limit := func(l limitConfig) nudge.Limit {
		return nudge.Limit{PerSecond: l.PerSecond, Burst: l.Burst, PerChat: l.PerChat}
	}
	return map[bot.Platform]nudge.Limit{
		bot.PlatformTelegram: limit(n.Limits.Telegram),
		bot.PlatformSlack:    limit(n.Limits.Slack),
	}
}

// problemAt is the problem msg with the setting at key, placed where the
// setting's value comes from (src, as loadServeConfig records it), else
// at "config".
func problemAt(src map[string]configProblem, key, msg string) configProblem {
	p, ok := src[key]
	if !ok {
		p = configProblem{Where: "config"}
	}
	p.Msg = key + ": " + msg
	return p
}

// unsafeEnvironment returns the problems of settings that are valid alone
// but unsafe or inert together, each saying what to set: a Slack bot token
// with no way to verify or receive events, a care channel without Slack, a
// Telegram webhook URL that is not https.
func (c *cli) unsafeEnvironment(fc *fileConfig, src map[string]configProblem) []configProblem {
	var out []configProblem
	token := c.getenv("CAREBOT_SLACK_BOT_TOKEN")
	if token != "" && c.getenv("CAREBOT_SLACK_SIGNING_SECRET") == "" && c.getenv("CAREBOT_SLACK_APP_TOKEN") == "" {
		out = append(out, configProblem{Where: "$CAREBOT_SLACK_BOT_TOKEN",
			Msg: "slack.bot_token: Slack needs a way to receive events: set CAREBOT_SLACK_SIGNING_SECRET " +
				"(Events API; it verifies every request) or CAREBOT_SLACK_APP_TOKEN (Socket Mode)"})
	}
	if fc.Slack.CareChannel != "" && token == "" {
		out = append(out, problemAt(src, "slack.care_channel", "alerts go through Slack: set CAREBOT_SLACK_BOT_TOKEN "+
			"(and CAREBOT_SLACK_SIGNING_SECRET or CAREBOT_SLACK_APP_TOKEN), or leave the care channel empty"))
	}
	if u, err := url.Parse(fc.Telegram.WebhookURL); err == nil && u.Scheme == "http" {
		out = append(out, problemAt(src, "telegram.webhook_url", fmt.Sprintf("Telegram posts updates only to https:// URLs, "+
			"and the secret must not cross the network in the clear: set an https:// URL, got %q", fc.Telegram.WebhookURL)))
	}
	return out
}
