package bottest

import (
	"strconv"
	"sync"
	"time"

	"github.com/carebot/carebot/bot"
)

// Metrics is a bot.Metrics that counts calls by name and label:
// "in:telegram", "out:slack", "answer:overview", "escalation:emergency",
// "match", "nudge_sent:telegram", "nudge_retried:...", "nudge_failed:...",
// "429:telegram", "kb_reload:true", "care:alert:posted". Safe for
// concurrent use.
type Metrics struct {
	mu      sync.Mutex
	n       map[string]int
	changed chan struct{} // closed and replaced on every count
}

var _ bot.Metrics = (*Metrics)(nil)

func (m *Metrics) add(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.n == nil {
		m.n = map[string]int{}
	}
	m.n[key]++
	if m.changed != nil {
		close(m.changed)
		m.changed = nil
	}
}

// Wait waits until key was counted at least n times and reports whether it
// was within timeout.
func (m *Metrics) Wait(key string, n int, timeout time.Duration) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		m.mu.Lock()
		if m.n[key] >= n {
			m.mu.Unlock()
			return true
		}
		if m.changed == nil {
			m.changed = make(chan struct{})
		}
		ch := m.changed
		m.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return false
		}
	}
}

// Count returns how many calls were counted under key.
func (m *Metrics) Count(key string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n[key]
}

// Counts returns a copy of every count.
func (m *Metrics) Counts() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.n))
	for k, v := range m.n {
		out[k] = v
	}
	return out
}

// MessageIn counts "in:<platform>".
func (m *Metrics) MessageIn(p bot.Platform) { m.add("in:" + string(p)) }

// MessageOut counts "out:<platform>".
func (m *Metrics) MessageOut(p bot.Platform) { m.add("out:" + string(p)) }

// Answer counts "answer:<id>".
func (m *Metrics) Answer(id string) { m.add("answer:" + id) }

// Escalation counts "escalation:<level>".
func (m *Metrics) Escalation(l bot.Level) { m.add("escalation:" + l.String()) }

// MatchLatency counts "match".
func (m *Metrics) MatchLatency(time.Duration) { m.add("match") }

// NudgeSent counts "nudge_sent:<platform>".
func (m *Metrics) NudgeSent(p bot.Platform) { m.add("nudge_sent:" + string(p)) }

// NudgeRetried counts "nudge_retried:<platform>".
func (m *Metrics) NudgeRetried(p bot.Platform) { m.add("nudge_retried:" + string(p)) }

// NudgeFailed counts "nudge_failed:<platform>".
func (m *Metrics) NudgeFailed(p bot.Platform) { m.add("nudge_failed:" + string(p)) }

// RateLimited counts "429:<platform>".
func (m *Metrics) RateLimited(p bot.Platform) { m.add("429:" + string(p)) }

// CareDelivery counts "care:<what>:<result>" ("care:alert:posted").
func (m *Metrics) CareDelivery(what bot.CareItem, result bot.DeliveryResult) {
	m.add("care:" + string(what) + ":" + string(result))
}

// KBReload counts "kb_reload:true" or "kb_reload:false".
func (m *Metrics) KBReload(ok bool) { m.add("kb_reload:" + strconv.FormatBool(ok)) }
