package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/metrics"
)

func TestCounters(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.MessageIn(bot.PlatformTelegram)
	m.MessageIn(bot.PlatformTelegram)
	m.MessageIn("irc") // not a platform carebot knows
	m.MessageOut(bot.PlatformSlack)
	m.Answer("exercise.bridge")
	m.Answer("exercise.bridge")
	m.Answer("fallback")
	m.Escalation(bot.LevelEmergency)
	m.Escalation(bot.LevelNone) // not an escalation
	m.MatchLatency(300 * time.Microsecond)
	m.MatchLatency(2 * time.Millisecond)
	m.NudgeSent(bot.PlatformTelegram)
	m.NudgeRetried(bot.PlatformTelegram)
	m.NudgeFailed(bot.PlatformSlack)
	m.RateLimited(bot.PlatformTelegram)
	m.KBReload(true)
	m.KBReload(false)
	m.KBReload(true)

	want := `# HELP carebot_answers_total Replies about a knowledge-base entry, by answer id (fallback included).
# TYPE carebot_answers_total counter
carebot_answers_total{id="exercise.bridge"} 2
carebot_answers_total{id="fallback"} 1
# HELP carebot_escalations_total Messages that showed a warning sign, by level (provider, emergency).
# TYPE carebot_escalations_total counter
carebot_escalations_total{level="emergency"} 1
carebot_escalations_total{level="provider"} 0
# HELP carebot_kb_reloads_total Knowledge-base reloads, by result (ok, failed: the old content keeps serving).
# TYPE carebot_kb_reloads_total counter
carebot_kb_reloads_total{result="failed"} 1
carebot_kb_reloads_total{result="ok"} 2
# HELP carebot_messages_received_total Messages and button taps received, by platform (after deduplication).
# TYPE carebot_messages_received_total counter
carebot_messages_received_total{platform="console"} 0
carebot_messages_received_total{platform="other"} 1
carebot_messages_received_total{platform="slack"} 0
carebot_messages_received_total{platform="telegram"} 2
# HELP carebot_nudges_failed_total Nudges and scheduled posts given up on, by platform.
# TYPE carebot_nudges_failed_total counter
carebot_nudges_failed_total{platform="console"} 0
carebot_nudges_failed_total{platform="slack"} 1
carebot_nudges_failed_total{platform="telegram"} 0
# HELP carebot_rate_limited_total Answers 429 (too many requests) from a platform, by platform.
# TYPE carebot_rate_limited_total counter
carebot_rate_limited_total{platform="console"} 0
carebot_rate_limited_total{platform="slack"} 0
carebot_rate_limited_total{platform="telegram"} 1
`
	names := []string{"carebot_answers_total", "carebot_escalations_total", "carebot_kb_reloads_total",
		"carebot_messages_received_total", "carebot_nudges_failed_total", "carebot_rate_limited_total"}
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	for name, n := range map[string]int{
		"carebot_messages_sent_total": 3, "carebot_nudges_sent_total": 3, "carebot_nudges_retried_total": 3,
		"carebot_match_duration_seconds": 1,
	} {
		if got, err := testutil.GatherAndCount(m.Gatherer(), name); err != nil || got != n {
			t.Errorf("%s: %d series (%v), want %d", name, got, err, n)
		}
	}
}

func TestAnswerIDsBounded(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	for i := range metrics.MaxAnswerIDs + 50 {
		m.Answer("entry." + strconv.Itoa(i))
	}
	m.Answer("entry.0") // known ids keep counting under their own name
	if n, err := testutil.GatherAndCount(m.Gatherer(), "carebot_answers_total"); err != nil || n != metrics.MaxAnswerIDs+1 {
		t.Errorf("%d answer series (%v), want %d and other", n, err, metrics.MaxAnswerIDs)
	}
	want := "# HELP carebot_answers_total Replies about a knowledge-base entry, by answer id (fallback included).\n" +
		"# TYPE carebot_answers_total counter\n"
	for i := range metrics.MaxAnswerIDs {
		n := 1
		if i == 0 {
			n = 2
		}
		want += "carebot_answers_total{id=\"entry." + strconv.Itoa(i) + "\"} " + strconv.Itoa(n) + "\n"
	}
	want += "carebot_answers_total{id=\"other\"} 50\n"
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "carebot_answers_total"); err != nil {
		t.Error(err)
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.MatchLatency(time.Millisecond)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, s := range []string{
		"carebot_match_duration_seconds_bucket{le=\"0.001\"} 1",
		"carebot_match_duration_seconds_count 1",
		"go_goroutines ",
		"process_", // the process collector (on Linux)
	} {
		if !strings.Contains(string(body), s) {
			t.Errorf("no %q in /metrics:\n%.2000s", s, body)
		}
	}
}

func TestNil(t *testing.T) {
	t.Parallel()
	var m *metrics.Metrics
	var bm bot.Metrics = m // a server without metrics hands this around
	bm.MessageIn(bot.PlatformTelegram)
	bm.MessageOut(bot.PlatformTelegram)
	bm.Answer("overview")
	bm.Escalation(bot.LevelEmergency)
	bm.MatchLatency(time.Millisecond)
	bm.NudgeSent(bot.PlatformSlack)
	bm.NudgeRetried(bot.PlatformSlack)
	bm.NudgeFailed(bot.PlatformSlack)
	bm.RateLimited(bot.PlatformSlack)
	bm.KBReload(false)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Handler: %d", rec.Code)
	}
}
