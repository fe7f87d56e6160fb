package bot_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// recMetrics records the Router's metric calls.
type recMetrics struct {
	bot.NopMetrics
	mu          sync.Mutex
	answers     []string
	escalations []bot.Level
	latencies   int
}

func (m *recMetrics) Answer(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.answers = append(m.answers, id)
}

func (m *recMetrics) Escalation(l bot.Level) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.escalations = append(m.escalations, l)
}

func (m *recMetrics) MatchLatency(time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.latencies++
}

func TestRouterMetrics(t *testing.T) {
	t.Parallel()
	m := &recMetrics{}
	b := setup(t, func(c *bot.Config) { c.Metrics = m })
	chest := bottest.Sign(t, b.kb, "sign.chest_pain")
	b.script["chest pain"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency, Signs: []*knowledge.Sign{chest}}
	b.script["gibberish"] = intents.Result{Intent: intents.Fallback, Topic: intents.Fallback}

	b.say(t, "tell me about bridges")
	b.say(t, "chest pain")
	b.say(t, "gibberish")
	b.tap(t, bot.PayloadEntry+"no.such.entry") // shown as the fallback
	b.tap(t, bot.PayloadCommand+"/help")       // a command: no answer id

	m.mu.Lock()
	defer m.mu.Unlock()
	if want := []string{"exercise.bridge", "see_doctor", bot.EntryFallback, bot.EntryFallback}; !slices.Equal(m.answers, want) {
		t.Errorf("answers %q, want %q", m.answers, want)
	}
	if want := []bot.Level{bot.LevelEmergency}; !slices.Equal(m.escalations, want) {
		t.Errorf("escalations %v, want %v", m.escalations, want)
	}
	if m.latencies != 3 { // typed messages only
		t.Errorf("%d match latencies, want 3", m.latencies)
	}
}
