package main

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/knowledge"
)

// checker collects the problems of values, each at the place its key was
// set (src: a line of the file or an environment variable).
type checker struct {
	src      map[string]configProblem
	problems configError
}

// add records a problem with the value of key.
func (c *checker) add(key, format string, args ...any) {
	c.problems = append(c.problems, problemAt(c.src, key, fmt.Sprintf(format, args...)))
}

func (c *checker) positive(key string, d time.Duration) {
	if d <= 0 {
		c.add(key, "want a positive duration, got %s", d)
	}
}

func (c *checker) atLeast(key string, n, least int) {
	if n < least {
		c.add(key, "want at least %d, got %d", least, n)
	}
}

// rate checks a rate a second: zero or more (.inf for no limit), or more
// than zero when zero is not allowed.
func (c *checker) rate(key string, r float64, zeroOK bool) {
	switch {
	case math.IsNaN(r) || r < 0:
		c.add(key, "want a rate of zero or more a second, got %v", r)
	case r == 0 && !zeroOK:
		c.add(key, "want a rate above zero a second (.inf for no limit), got 0")
	}
}

func (c *checker) oneOf(key, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.add(key, "want one of %s, got %q", strings.Join(allowed, ", "), v)
}

// httpURL checks an absolute http(s) URL.
func (c *checker) httpURL(key, v string) bool {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.add(key, "want an absolute http(s) URL, got %q", v)
		return false
	}
	return true
}

// slackChannelID is the form of a Slack channel id (public C..., private
// G..., as the Web API wants it).
var slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)

// check returns every problem with the values of c.
func (c *fileConfig) check(src map[string]configProblem) configError {
	k := &checker{src: src}

	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		k.add("http.addr", "want host:port or :port, got %q", c.HTTP.Addr)
	}
	k.positive("http.shutdown_timeout", c.HTTP.ShutdownTimeout)
	k.positive("http.read_header_timeout", c.HTTP.ReadHeaderTimeout)
	k.positive("http.read_timeout", c.HTTP.ReadTimeout)
	k.positive("http.write_timeout", c.HTTP.WriteTimeout)
	k.positive("http.idle_timeout", c.HTTP.IdleTimeout)
	k.atLeast("http.max_header_bytes", c.HTTP.MaxHeaderBytes, 1024)
	if w := c.HTTP.WriteTimeout; w > 0 && w <= c.Telegram.InlineWait {
		// A webhook answer waits up to inline_wait for its reply: a shorter
		// write bound would cut every answer that waited.
		key := "http.write_timeout"
		if _, ok := src[key]; !ok {
			key = "telegram.inline_wait"
		}
		k.add(key, "write_timeout (%s) must exceed telegram.inline_wait (%s)", w, c.Telegram.InlineWait)
	}
	if c.Inbox.Lease < time.Second {
		k.add("inbox.lease", "want at least 1s, got %s", c.Inbox.Lease)
	}

	switch db := c.Database.URL; {
	case db == "":
		k.add("database.url", "want a SQLite file path or a postgres:// URL")
	case strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://"):
		u, err := url.Parse(db)
		if err != nil {
			k.add("database.url", "not a URL: %v", err)
			break
		}
		if _, has := u.User.Password(); has && !strings.HasPrefix(src["database.url"].Where, "$") {
			k.add("database.url", "holds a password, a secret: put the URL in CAREBOT_DATABASE_URL, or use PGPASSWORD or a .pgpass file")
		}
		if strings.Contains(u.RawQuery, "password=") && !strings.HasPrefix(src["database.url"].Where, "$") {
			k.add("database.url", "holds a password, a secret: put the URL in CAREBOT_DATABASE_URL, or use PGPASSWORD or a .pgpass file")
		}
	}
	if d := c.Knowledge.Dir; d != "" {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			k.add("knowledge.dir", "%q is not a folder", d)
		}
	}
	if so := c.Knowledge.SecondOpinion; so != "" && so != "on" && so != "off" {
		if fi, err := os.Stat(so); err != nil || fi.IsDir() {
			k.add("knowledge.second_opinion", "%q: want on, off or a model file", so)
		}
	}

	k.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	k.oneOf("log.format", c.Log.Format, "json", "text", "auto")
	k.atLeast("log.repeat_burst", c.Log.RepeatBurst, 0)
	k.positive("log.repeat_interval", c.Log.RepeatInterval)

	if strings.TrimSpace(c.Bot.EmergencyNumber) == "" {
		k.add("bot.emergency_number", "must not be empty: emergency replies name it")
	}
	if strings.TrimSpace(c.Bot.CrisisLine) == "" {
		k.add("bot.crisis_line", "must not be empty: crisis replies name it")
	}
	if strings.TrimSpace(c.Bot.MaternalLine) == "" {
		k.add("bot.maternal_line", "must not be empty: low-mood replies name it")
	}
	k.positive("bot.context_ttl", c.Bot.ContextTTL)
	k.positive("bot.alert_timeout", c.Bot.AlertTimeout)

	k.positive("gaps.retention", c.Gaps.Retention)
	if b := c.Gaps.BelowConfidence; b < 0 || b > 1 {
		k.add("gaps.below_confidence", "want a confidence from 0 to 1, got %v", b)
	}
	k.atLeast("gaps.top", c.Gaps.Top, 1)

	n := c.Nudges
	if _, err := bot.LoadTimeZone(n.DefaultTimeZone); err != nil || n.DefaultTimeZone == "" {
		k.add("nudges.default_time_zone", "unknown time zone %q: want an IANA name such as America/New_York, or UTC", n.DefaultTimeZone)
	}
	if err := nudge.CheckQuietHours(n.QuietHours); err != nil {
		k.add("nudges.quiet_hours", "want HH:MM-HH:MM (24-hour local time, such as 21:00-08:00) or off, got %q", n.QuietHours)
	}
	k.atLeast("nudges.workers", n.Workers, 1)
	k.positive("nudges.job_timeout", n.JobTimeout)
	k.positive("nudges.rescue_after", n.RescueAfter)
	if n.JobTimeout > 0 && n.RescueAfter > 0 && n.RescueAfter <= n.JobTimeout {
		key := "nudges.rescue_after"
		if _, ok := src[key]; !ok {
			key = "nudges.job_timeout"
		}
		k.add(key, "rescue_after (%s) must exceed job_timeout (%s)", n.RescueAfter, n.JobTimeout)
	}
	k.atLeast("nudges.max_attempts", n.MaxAttempts, 1)
	k.positive("nudges.max_late", n.MaxLate)
	k.positive("nudges.processed_retention", n.ProcessedRetention)
	k.positive("nudges.poll_interval", n.PollInterval)
	for name, l := range map[string]limitConfig{"telegram": n.Limits.Telegram, "slack": n.Limits.Slack} {
		key := "nudges.limits." + name
		k.rate(key+".per_second", l.PerSecond, true)
		k.rate(key+".per_chat", l.PerChat, true)
		k.atLeast(key+".burst", l.Burst, 1)
	}

	t := c.Telegram
	k.httpURL("telegram.api_url", t.APIURL)
	if t.WebhookURL != "" {
		k.httpURL("telegram.webhook_url", t.WebhookURL)
	}
	if t.PollTimeout < 2*time.Second {
		k.add("telegram.poll_timeout", "want at least 2s, got %s", t.PollTimeout)
	}
	k.positive("telegram.inline_wait", t.InlineWait)
	k.atLeast("telegram.concurrency", t.Concurrency, 1)
	k.atLeast("telegram.max_retries", t.MaxRetries, 0)
	k.positive("telegram.shutdown_timeout", t.ShutdownTimeout)
	k.rate("telegram.send.per_chat", t.Send.PerChat, false)
	k.rate("telegram.send.overall", t.Send.Overall, false)
	k.atLeast("telegram.send.chat_burst", t.Send.ChatBurst, 1)
	k.atLeast("telegram.send.overall_burst", t.Send.OverallBurst, 1)
	k.rate("telegram.flood.rate", t.Flood.Rate, false)
	k.atLeast("telegram.flood.burst", t.Flood.Burst, 1)
	k.atLeast("telegram.flood.max_merged", t.Flood.MaxMerged, 1)

	s := c.Slack
	if k.httpURL("slack.api_url", s.APIURL) && !strings.HasSuffix(s.APIURL, "/") {
		k.add("slack.api_url", "must end in a slash (\"https://slack.com/api/\"), got %q", s.APIURL)
	}
	if ch := s.CareChannel; ch != "" && !slackChannelID.MatchString(ch) {
		// Alerts post to an id; a name ("#care-team") fails only when the
		// first warning sign is posted.
		k.add("slack.care_channel", "want a channel id such as C0123ABCD (in Slack: the channel's details, at the bottom), got %q", ch)
	}
	k.atLeast("slack.workers", s.Workers, 1)
	k.oneOf("slack.lang", s.Lang, knowledge.Languages()...)
	k.atLeast("slack.queue_size", s.QueueSize, 1)
	k.atLeast("slack.max_body_bytes", s.MaxBodyBytes, 1024)
	k.positive("slack.max_clock_skew", s.MaxClockSkew)
	k.rate("slack.channel_rate", s.ChannelRate, false)
	k.atLeast("slack.channel_burst", s.ChannelBurst, 1)
	k.atLeast("slack.max_retries", s.MaxRetries, 1) // 0 would mean the default
	k.positive("slack.job_timeout", s.JobTimeout)
	k.positive("slack.drain_timeout", s.DrainTimeout)
	return k.problems
}
