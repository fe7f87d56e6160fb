package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// TestServeSurvivesTelegramStartFailure makes the Bot API answer getMe
// with 500 twice, then 200: serve keeps running, /healthz answers, /readyz
// says telegram is not connected while Slack is ok, a Slack message is
// answered meanwhile, and once getMe works Telegram is ready and answers.
func TestServeSurvivesTelegramStartFailure(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	tg.Timeout = serveWait
	for range 2 {
		tg.FailNext("getMe", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	}
	fake := slacktest.NewServer(opsSlackToken, "")
	t.Cleanup(fake.Close)
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_TELEGRAM_TOKEN":       tg.Token,
		"CAREBOT_TELEGRAM_API_URL":     tg.URL,
		"CAREBOT_SLACK_BOT_TOKEN":      opsSlackToken,
		"CAREBOT_SLACK_SIGNING_SECRET": slackTestSecret,
		"CAREBOT_SLACK_API_URL":        fake.APIURL(),
	})
	addr, errOut := s.addr, s.log
	base := "http://" + addr
	// The first retry waits 1 s and the second 2 s: the checks below run
	// in that window.
	errOut.wait(t, `"msg":"telegram start-up call failed; retrying, not ready until it works"`, serveWait)
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("healthz while Telegram is down: %d", code)
	}
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "telegram: not connected") {
		t.Errorf("readyz while Telegram is down: %d %q, want 503 with telegram: not connected", code, body)
	}
	ev, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "EvStart1", "event": map[string]any{
		"type": "message", "channel_type": "im", "channel": "DNURSE", "user": "UNURSE", "text": "wrist pain", "ts": "1700000000.000100"}})
	postEvent(t, base+slack.PathEvents, ev)
	ctx, cancel := context.WithTimeout(context.Background(), serveWait)
	defer cancel()
	if _, err := fake.Wait(ctx, "chat.postMessage", 1); err != nil {
		t.Fatalf("no Slack answer while Telegram is down: %v", err)
	}

	errOut.wait(t, `"msg":"telegram started"`, serveWait)
	code, body = get(t, base+"/readyz")
	if code != http.StatusOK || !strings.Contains(body, "telegram ok") || !strings.Contains(body, "slack ok") {
		t.Errorf("readyz after Telegram started: %d %q", code, body)
	}
	tg.Push(telegramtest.PrivateText(81, "en", "my wrists hurt"))
	tg.WaitSent(t, 81, 1)
	if n := len(tg.Calls("getMe")); n != 3 {
		t.Errorf("%d getMe calls, want 3 (two failures, one success)", n)
	}
	if strings.Contains(errOut.String(), tg.Token) {
		t.Error("the Telegram token is in the logs")
	}
}
