package bot

import (
	"log/slog"
	"time"

	"github.com/carebot/carebot/intents"
)

// Config configures a Router. The zero value of every field but Content and
// Store is usable: each field documents its default.
type Config struct {
	// Content is the initial knowledge base and matcher; required unless
	// Live is set. Swap it later with Router.SetContent.
	Content *Content
	// Live holds the content in use when others read it too (the nudge
	// scheduler): a reload swaps it once for all of them, and the Router
	// always answers from what it holds. Default nil: the Router holds
	// Content alone.
	Live *LiveContent

	// Store keeps people and their conversation context; required. The
	// in-memory store (bot/store/memory) serves the console and tests.
	Store Store

	// Nudger schedules exercise nudges for /nudge, /stop and /progress.
	// Default nil: /nudge explains that reminders run with `carebot serve`.
	Nudger Nudger

	// Illustrator draws the pictures of exercise answers and the /progress
	// chart (bot/picture). Default nil: replies carry text only.
	Illustrator Illustrator

	// Alerter tells the care team when a parent who gave consent reports a
	// warning sign. Default nil: no alerts are sent.
	Alerter Alerter

	// AlertTimeout bounds how long the Router waits for the Alerter.
	// Default 5 seconds.
	AlertTimeout time.Duration

	// Logger receives one line per message (pseudonymous handle, intent,
	// level, confidence, latency; never text, names or chat ids). Default:
	// logs are discarded.
	Logger *slog.Logger

	// Metrics counts answers by id, escalations by level and match
	// latency. Default NopMetrics.
	Metrics Metrics

	// Now returns the current time. Default time.Now.
	Now func() time.Time

	// EmergencyNumber replaces {emergency} in replies. Default "911".
	EmergencyNumber string

	// CrisisLine replaces {crisis} in replies. Default "988".
	CrisisLine string

	// MaternalLine replaces {maternal_line} in replies: a maternal mental
	// health line for low mood and distress. Default "1-833-852-6262", the
	// US National Maternal Mental Health Hotline (English and Spanish).
	MaternalLine string

	// ConsentAtEnrolment says the clinic's enrolment already covers consent
	// to care-team alerts: a parent who has not chosen is treated as having
	// agreed (they can still say no with /consent no). Default false: the
	// consent is asked for, at the latest with the first warning sign.
	ConsentAtEnrolment bool

	// PseudonymKey is the secret behind the handles in logs and alerts
	// (see Pseudonym). Default: a random key per Router, so handles are
	// stable only while the process runs.
	PseudonymKey []byte

	// ContextTTL is how long a conversation's last topic is remembered for
	// "tell me more". Default 30 minutes.
	ContextTTL time.Duration

	// Gaps, when set, records the questions the Router could not answer or
	// answered unsure, scrubbed (see Gap and ScrubGap), for the gaps report.
	// Default nil: nothing is recorded. Operators turn it on (gaps.enabled
	// in carebot serve's config).
	Gaps GapLog

	// GapConfidence also records answers whose confidence is below it.
	// Default 0: only the fallback and "did you mean".
	GapConfidence float64

	// GapRetention is how long gaps are kept. Default 30 days
	// (DefaultGapRetention).
	GapRetention time.Duration

	// Match, when set, replaces Content.Matcher.Match: a test seam for
	// checking the Router without depending on the matcher's quality.
	// Default nil: the content's matcher is used.
	Match func(text, langHint string) intents.Result
}

// Defaults of the Config fields.
const (
	DefaultEmergencyNumber = "911"
	DefaultCrisisLine      = "988"
	DefaultMaternalLine    = "1-833-852-6262"
	DefaultContextTTL      = 30 * time.Minute
	DefaultAlertTimeout    = 5 * time.Second
)

// withDefaults returns a copy of c with every unset field defaulted.
func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = NopMetrics{}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.EmergencyNumber == "" {
		c.EmergencyNumber = DefaultEmergencyNumber
	}
	if c.CrisisLine == "" {
		c.CrisisLine = DefaultCrisisLine
	}
	if c.MaternalLine == "" {
		c.MaternalLine = DefaultMaternalLine
	}
	if len(c.PseudonymKey) == 0 {
		c.PseudonymKey = NewPseudonymKey()
	}
	if c.ContextTTL <= 0 {
		c.ContextTTL = DefaultContextTTL
	}
	if c.GapRetention <= 0 {
		c.GapRetention = DefaultGapRetention
	}
	if c.AlertTimeout <= 0 {
		c.AlertTimeout = DefaultAlertTimeout
	}
	return c
}
