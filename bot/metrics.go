package bot

import "time"

// Metrics counts what carebot does, for monitoring; bot/metrics exports
// the counts to Prometheus. The Router, the adapters and the nudge
// scheduler each take one (default NopMetrics). Every label is bounded:
// a Platform, a Level, an answer id of the knowledge base, success or
// failure; never a person, a chat id or message text. Implementations are
// safe for concurrent use and never block.
type Metrics interface {
	// MessageIn counts a message or button tap received on a platform
	// (after deduplication).
	MessageIn(p Platform)
	// MessageOut counts a message delivered to a platform (each part of a
	// long answer, notices, nudges, alerts and posts).
	MessageOut(p Platform)
	// Answer counts a reply about the knowledge-base entry id (or
	// EntryFallback).
	Answer(id string)
	// Escalation counts a message that showed a warning sign of level l
	// (LevelProvider or LevelEmergency).
	Escalation(l Level)
	// MatchLatency observes how long the warning-sign screen and intent
	// match of one message took.
	MatchLatency(d time.Duration)
	// NudgeSent counts a nudge or scheduled post delivered.
	NudgeSent(p Platform)
	// NudgeRetried counts a nudge or post put back to be tried again
	// (after a 429 or another error).
	NudgeRetried(p Platform)
	// NudgeFailed counts a nudge or post given up on.
	NudgeFailed(p Platform)
	// RateLimited counts a 429 (too many requests) from a platform.
	RateLimited(p Platform)
	// KBReload counts a knowledge-base reload, and a failed one when ok is
	// false (the old content keeps serving).
	KBReload(ok bool)
	// CareDelivery counts a care-loop delivery (an alert to the care team,
	// a care-team reply to a parent) posted, put back to try again, or
	// given up on.
	CareDelivery(what CareItem, result DeliveryResult)
}

// CareItem is what the care loop delivers durably.
type CareItem string

// The care items.
const (
	CareAlert CareItem = "alert" // an alert to the care team
	CareReply CareItem = "reply" // a care-team reply relayed to a parent
)

// DeliveryResult is how one delivery attempt ended.
type DeliveryResult string

// The delivery results.
const (
	DeliveryPosted  DeliveryResult = "posted"
	DeliveryRetried DeliveryResult = "retried"
	DeliveryFailed  DeliveryResult = "failed"
)

// CareItems lists the care label values, for exporters; a new slice each
// call.
func CareItems() []CareItem { return []CareItem{CareAlert, CareReply} }

// DeliveryResults lists the delivery result label values, for exporters; a
// new slice each call.
func DeliveryResults() []DeliveryResult {
	return []DeliveryResult{DeliveryPosted, DeliveryRetried, DeliveryFailed}
}

// NopMetrics counts nothing; it is the default Metrics.
type NopMetrics struct{}

var _ Metrics = NopMetrics{}

// MessageIn does nothing.
func (NopMetrics) MessageIn(Platform) {}

// MessageOut does nothing.
func (NopMetrics) MessageOut(Platform) {}

// Answer does nothing.
func (NopMetrics) Answer(string) {}

// Escalation does nothing.
func (NopMetrics) Escalation(Level) {}

// MatchLatency does nothing.
func (NopMetrics) MatchLatency(time.Duration) {}

// NudgeSent does nothing.
func (NopMetrics) NudgeSent(Platform) {}

// NudgeRetried does nothing.
func (NopMetrics) NudgeRetried(Platform) {}

// NudgeFailed does nothing.
func (NopMetrics) NudgeFailed(Platform) {}

// RateLimited does nothing.
func (NopMetrics) RateLimited(Platform) {}

// KBReload does nothing.
func (NopMetrics) KBReload(bool) {}

// CareDelivery does nothing.
func (NopMetrics) CareDelivery(CareItem, DeliveryResult) {}
