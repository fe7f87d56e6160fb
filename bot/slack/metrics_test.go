package slack

import (
	"context"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
)

func TestMetricsAndReady(t *testing.T) {
	t.Parallel()
	m := &bottest.Metrics{}
	b := setup(t, nil, WithMetrics(m))
	b.fake.RateLimit("chat.postMessage", 1)
	b.event(t, "EvM1", dm("DNURSE", "UNURSE", "wrist", "1700000200.000100"), nil)
	b.event(t, "EvM1", dm("DNURSE", "UNURSE", "wrist", "1700000200.000100"), nil) // a retry
	b.wait(t, "chat.postMessage", 1)
	if !m.Wait("out:slack", 1, waitTimeout) {
		t.Fatalf("no message out counted: %v", m.Counts())
	}
	if !b.a.Ready() { // auth.test worked before any event was answered
		t.Error("not ready")
	}
	if _, err := b.a.PostReply(context.Background(), "CGEN", bot.Reply{Text: "tip"}); err != nil {
		t.Fatal(err)
	}
	b.stop(t)
	if b.a.Ready() {
		t.Error("ready after Run returned")
	}
	want := map[string]int{"in:slack": 1, "out:slack": 2, "429:slack": 1}
	got := m.Counts()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}
