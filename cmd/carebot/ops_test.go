package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// What the privacy test sends; none of it may reach the logs or /metrics.
const (
	opsSentence   = "zebra-quokka-7731 my wrists hurt"
	opsSign       = "zebra-quokka-7731 I have chest pain and I can't breathe"
	opsSlackText  = "quokka-zebra-4417 what helps a sore wrist"
	opsFirstName  = "Quillonia"
	opsUsername   = "quillonia_mom"
	opsChatID     = int64(736251904)
	opsTGToken    = "8123456789:AAzebraQuokkaTok3n_7731-secretpart"
	opsSlackToken = "xoxb-zebra-quokka-7731-slack-token"
	opsSlackUser  = "UQUOKKA7731"
	opsSlackDM    = "DZEBRA7731"
)

// get fetches url and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// metricValue returns the value of the series (name and labels, as
// exposed) in a /metrics body, or -1.
func metricValue(body, series string) float64 {
	for line := range strings.SplitSeq(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// TestServeOperations runs a conversation through serve on Telegram (a
// parent with a name, a question, a warning sign) and Slack (a look-up),
// with a config file that logs at debug level, then checks /readyz,
// /metrics and the logs: counters moved, and no message text, name, chat
// id or token appears in the logs or the metrics.
func TestServeOperations(t *testing.T) {
	t.Parallel()
	tg := telegramtest.NewServer(opsTGToken)
	t.Cleanup(tg.Close)
	tg.Timeout = e2eWait
	fake := slacktest.NewServer(opsSlackToken, "")
	t.Cleanup(fake.Close)
	config := writeConfig(t, "log:\n  level: debug\n  format: json\nbot:\n  emergency_number: \"112\"\n")
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_PSEUDONYM_KEY":        "ops-test-key",
		"CAREBOT_TELEGRAM_TOKEN":       opsTGToken,
		"CAREBOT_TELEGRAM_API_URL":     tg.URL,
		"CAREBOT_SLACK_BOT_TOKEN":      opsSlackToken,
		"CAREBOT_SLACK_SIGNING_SECRET": slackTestSecret,
		"CAREBOT_SLACK_API_URL":        fake.APIURL(),
		"CAREBOT_SLACK_CARE_CHANNEL":   "CCARE",
	}, "--config", config)
	addr, errOut := s.addr, s.log
	base := "http://" + addr

	say := func(text string) {
		u := telegramtest.PrivateText(opsChatID, "en", text)
		u.Message.From.FirstName, u.Message.From.Username = opsFirstName, opsUsername
		tg.Push(u)
	}
	say(opsSentence)
	if sent := tg.WaitSent(t, opsChatID, 1); sent[0].Text == "" {
		t.Fatalf("no answer: %+v", sent)
	}
	say(opsSign)
	// The emergency reply names emergency_number (WaitSent fails the test
	// if it never comes).
	for i := 2; !strings.Contains(tg.WaitSent(t, opsChatID, i)[i-1].Text, "112"); i++ {
	}
	// A nudge schedule puts the chat into a River job's arguments, which
	// River's debug logs must not show either.
	// (The warning reply may still be followed by the offer to tell the
	// care team: look at every message after it.)
	n := len(tg.Sent(opsChatID))
	say("/nudge 09:00")
	for i := n + 1; !strings.Contains(tg.WaitSent(t, opsChatID, i)[i-1].Text, "09:00"); i++ {
	}
	body, err := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T0CARE", "api_app_id": "A0CARE", "type": "event_callback",
		"event_id": "EvOps1", "event_time": time.Now().Unix(),
		"event": map[string]any{"type": "message", "channel": opsSlackDM, "channel_type": "im", "user": opsSlackUser,
			"text": opsSlackText, "ts": "1700000300.000100", "event_ts": "1700000300.000100"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp := signedPost(t, base+slack.PathEvents, body, slackTestSecret); resp.StatusCode != http.StatusOK {
		t.Fatalf("slack event: %d", resp.StatusCode)
	}
	// Logged by the outbox's sender after the answer was posted and counted.
	errOut.wait(t, `"msg":"slack: answer posted"`, e2eWait)

	// Both adapters answered, so both are connected.
	if code, body := get(t, base+"/readyz"); code != http.StatusOK ||
		body != "database ok\nknowledge_base ok\ntelegram ok\nslack ok\n" {
		t.Errorf("GET /readyz: %d %q", code, body)
	}
	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz: %d %q", code, body)
	}
	code, scrape := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", code)
	}
	for series, least := range map[string]float64{
		`carebot_messages_received_total{platform="telegram"}`: 2,
		`carebot_messages_received_total{platform="slack"}`:    1,
		`carebot_messages_sent_total{platform="telegram"}`:     2,
		`carebot_messages_sent_total{platform="slack"}`:        1,
		`carebot_escalations_total{level="emergency"}`:         1,
		`carebot_match_duration_seconds_count`:                 3,
	} {
		if v := metricValue(scrape, series); v < least {
			t.Errorf("%s = %v, want at least %v", series, v, least)
		}
	}
	if !strings.Contains(scrape, "carebot_answers_total{id=") {
		t.Error("no answer counted by id")
	}
	s.stop(t)
	logs := errOut.String()
	if !strings.Contains(logs, `"level":"DEBUG"`) || !strings.Contains(logs, `"msg":"message"`) {
		t.Errorf("the logs are not JSON at debug level:\n%.3000s", logs)
	}
	// One "level" key a line, the record's: an escalation is logged as
	// "escalation" (JSON parsers keep the last of two equal keys).
	for line := range strings.SplitSeq(logs, "\n") {
		if strings.Count(line, `"level":`) > 1 {
			t.Errorf("two level keys in %.300s", line)
		}
	}
	secrets := []string{opsSentence, "zebra", "quokka", "wrists hurt", "chest pain", opsSlackText,
		opsFirstName, opsUsername, strconv.FormatInt(opsChatID, 10), opsTGToken, strings.SplitN(opsTGToken, ":", 2)[1],
		opsSlackToken, slackTestSecret, opsSlackUser, opsSlackDM, "ops-test-key"}
	for _, s := range secrets {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(s)) {
			t.Errorf("the logs hold %q", s)
		}
		if strings.Contains(strings.ToLower(scrape), strings.ToLower(s)) {
			t.Errorf("/metrics holds %q", s)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s", logs)
	}
}

// failingStore is a store whose database does not answer.
type failingStore struct{ *memory.Store }

func (failingStore) Ping(context.Context) error {
	return errors.New("dial tcp 10.0.0.1:5432: connection refused")
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	tg, err := telegram.New("1:x", nopHandler{})
	if err != nil {
		t.Fatal(err)
	}
	s := &server{log: slog.New(slog.DiscardHandler), store: failingStore{memory.New()}, telegram: tg}
	rec := httptest.NewRecorder()
	s.ready(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	want := "database: not reachable\nknowledge_base: not loaded\ntelegram: not connected\n"
	if rec.Code != http.StatusServiceUnavailable || rec.Body.String() != want {
		t.Errorf("readyz: %d %q, want 503 %q", rec.Code, rec.Body.String(), want)
	}
}

// TestServeLogSettings checks that log.level and log.format apply.
func TestServeLogSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lc         logConfig
		want, not  string
		infoLogged bool
	}{
		{logConfig{Level: "warn", Format: "json"}, `{"time":`, "level=", false},
		{logConfig{Level: "info", Format: "text"}, "level=INFO", `{"time":`, true},
		{logConfig{Level: "error", Format: "auto"}, `"level":"ERROR"`, "level=", false}, // not a terminal: JSON
	} {
		var buf bytes.Buffer
		log := newLoggerFor(&buf, tc.lc)
		log.Info("info line")
		log.Error("error line")
		out := buf.String()
		if strings.Contains(out, "info line") != tc.infoLogged || !strings.Contains(out, "error line") ||
			!strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("%+v logged:\n%s", tc.lc, out)
		}
	}
}

// TestServeNudgesOff starts serve with nudges.enabled false: /nudge is
// answered without a scheduler, and no River job runs.
func TestServeNudgesOff(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	tg.Timeout = e2eWait
	config := writeConfig(t, "nudges: {enabled: false}\n")
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":        "127.0.0.1:0",
		"CAREBOT_TELEGRAM_TOKEN":   tg.Token,
		"CAREBOT_TELEGRAM_API_URL": tg.URL,
		"CAREBOT_DATABASE_URL":     filepath.Join(t.TempDir(), "carebot.db"),
	}, "--config", config)
	errOut := s.log
	tg.Push(telegramtest.PrivateText(4242, "en", "/nudge"))
	if sent := tg.WaitSent(t, 4242, 1); sent[0].Text == "" {
		t.Errorf("/nudge answered %+v", sent)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "nudges are off") {
		t.Errorf("no word that nudges are off:\n%s", errOut)
	}
}

// nopHandler answers nothing.
type nopHandler struct{}

func (nopHandler) Handle(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }
