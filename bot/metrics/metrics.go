// Package metrics exports carebot's bot.Metrics to Prometheus. It is the
// only importer of github.com/prometheus/client_golang.
//
// Every metric lives in a private registry (with the Go runtime and process
// collectors), served by Handler at GET /metrics. Labels are bounded
// enums: platform (telegram, slack, console, other), level (provider,
// emergency), result (ok, failed) and answer id, which the Router passes
// only for entries of the knowledge base and which is capped at MaxAnswerIDs
// distinct values besides. No label ever carries a person, a chat id, a
// name or message text.
package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/carebot/carebot/bot"
)

// MaxAnswerIDs bounds the distinct values of the id label of
// carebot_answers_total; answers past it are counted under "other".
const MaxAnswerIDs = 1000

// Other is the label value of a platform or answer id outside the known
// set.
const Other = "other"

// platforms are the known values of the platform label.
var platforms = []bot.Platform{bot.PlatformTelegram, bot.PlatformSlack, bot.PlatformConsole}

// MatchBuckets returns the bounds, in seconds, of the match latency
// histogram: 100 µs to a quarter second; a new slice each call.
func MatchBuckets() []float64 {
	return []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25}
}

// Metrics is a bot.Metrics that Prometheus scrapes. Create it with New;
// it is safe for concurrent use. A nil *Metrics counts nothing, and its
// Handler answers 404.
type Metrics struct {
	reg *prometheus.Registry

	in, out, answers, escalations *prometheus.CounterVec
	nudgeSent, nudgeRetried       *prometheus.CounterVec
	nudgeFailed, rateLimited      *prometheus.CounterVec
	kbReloads, care               *prometheus.CounterVec
	match                         prometheus.Histogram

	mu  sync.Mutex
	ids map[string]bool // answer ids seen, up to MaxAnswerIDs
}

var _ bot.Metrics = (*Metrics)(nil)

// New returns Metrics registered in a new private registry, with the Go
// runtime and process collectors. Every platform, level and result starts
// at zero, so that rates are defined from the first scrape.
func New() *Metrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "carebot", Name: name, Help: help}, labels)
	}
	m := &Metrics{
		reg:          prometheus.NewRegistry(),
		in:           counter("messages_received_total", "Messages and button taps received, by platform (after deduplication).", "platform"),
		out:          counter("messages_sent_total", "Messages delivered to a platform (answers, notices, nudges, alerts, posts), by platform.", "platform"),
		answers:      counter("answers_total", "Replies about a knowledge-base entry, by answer id (fallback included).", "id"),
		escalations:  counter("escalations_total", "Messages that showed a warning sign, by level (provider, emergency).", "level"),
		nudgeSent:    counter("nudges_sent_total", "Nudges and scheduled posts delivered, by platform.", "platform"),
		nudgeRetried: counter("nudges_retried_total", "Nudges and scheduled posts put back to try again (429 or another error), by platform.", "platform"),
		nudgeFailed:  counter("nudges_failed_total", "Nudges and scheduled posts given up on, by platform.", "platform"),
		rateLimited:  counter("rate_limited_total", "Answers 429 (too many requests) from a platform, by platform.", "platform"),
		kbReloads:    counter("kb_reloads_total", "Knowledge-base reloads, by result (ok, failed: the old content keeps serving).", "result"),
		care:         counter("care_deliveries_total", "Care-loop deliveries (alert: to the care team; reply: a care-team reply to a parent), by result (posted, retried, failed).", "what", "result"),
		match: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "carebot", Name: "match_duration_seconds",
			Help:    "Time to screen one message for warning signs and match it against the knowledge base.",
			Buckets: MatchBuckets(),
		}),
		ids: map[string]bool{},
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.in, m.out, m.answers, m.escalations, m.nudgeSent, m.nudgeRetried, m.nudgeFailed,
		m.rateLimited, m.kbReloads, m.match, m.care,
	)
	for _, w := range bot.CareItems() {
		for _, r := range bot.DeliveryResults() {
			m.care.WithLabelValues(string(w), string(r))
		}
	}
	for _, p := range platforms {
		for _, v := range []*prometheus.CounterVec{m.in, m.out, m.nudgeSent, m.nudgeRetried, m.nudgeFailed, m.rateLimited} {
			v.WithLabelValues(string(p))
		}
	}
	for _, l := range []bot.Level{bot.LevelProvider, bot.LevelEmergency} {
		m.escalations.WithLabelValues(l.String())
	}
	m.kbReloads.WithLabelValues("ok")
	m.kbReloads.WithLabelValues("failed")
	return m
}

// Handler serves the registry in the Prometheus text (or OpenMetrics)
// format, for GET /metrics.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Gatherer returns the registry, for tests and other exporters.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// platform is the label value of p: a known platform, else Other.
func platform(p bot.Platform) string {
	for _, k := range platforms {
		if p == k {
			return string(p)
		}
	}
	return Other
}

// MessageIn counts carebot_messages_received_total.
func (m *Metrics) MessageIn(p bot.Platform) {
	if m != nil {
		m.in.WithLabelValues(platform(p)).Inc()
	}
}

// MessageOut counts carebot_messages_sent_total.
func (m *Metrics) MessageOut(p bot.Platform) {
	if m != nil {
		m.out.WithLabelValues(platform(p)).Inc()
	}
}

// Answer counts carebot_answers_total; past MaxAnswerIDs distinct ids,
// new ones count as Other.
func (m *Metrics) Answer(id string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	if !m.ids[id] {
		if len(m.ids) >= MaxAnswerIDs {
			id = Other
		} else {
			m.ids[id] = true
		}
	}
	m.mu.Unlock()
	m.answers.WithLabelValues(id).Inc()
}

// Escalation counts carebot_escalations_total for provider and emergency;
// other levels are not escalations.
func (m *Metrics) Escalation(l bot.Level) {
	if m != nil && (l == bot.LevelProvider || l == bot.LevelEmergency) {
		m.escalations.WithLabelValues(l.String()).Inc()
	}
}

// MatchLatency observes carebot_match_duration_seconds.
func (m *Metrics) MatchLatency(d time.Duration) {
	if m != nil {
		m.match.Observe(d.Seconds())
	}
}

// NudgeSent counts carebot_nudges_sent_total.
func (m *Metrics) NudgeSent(p bot.Platform) {
	if m != nil {
		m.nudgeSent.WithLabelValues(platform(p)).Inc()
	}
}

// NudgeRetried counts carebot_nudges_retried_total.
func (m *Metrics) NudgeRetried(p bot.Platform) {
	if m != nil {
		m.nudgeRetried.WithLabelValues(platform(p)).Inc()
	}
}

// NudgeFailed counts carebot_nudges_failed_total.
func (m *Metrics) NudgeFailed(p bot.Platform) {
	if m != nil {
		m.nudgeFailed.WithLabelValues(platform(p)).Inc()
	}
}

// CareDelivery counts carebot_care_deliveries_total.
func (m *Metrics) CareDelivery(what bot.CareItem, result bot.DeliveryResult) {
	if m != nil {
		m.care.WithLabelValues(string(what), string(result)).Inc()
	}
}

// RateLimited counts carebot_rate_limited_total.
func (m *Metrics) RateLimited(p bot.Platform) {
	if m != nil {
		m.rateLimited.WithLabelValues(platform(p)).Inc()
	}
}

// KBReload counts carebot_kb_reloads_total{result="ok"} or
// {result="failed"}.
func (m *Metrics) KBReload(ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.kbReloads.WithLabelValues(result).Inc()
}
