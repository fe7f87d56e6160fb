package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

func TestServeTelegramWebhook(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	env := map[string]string{
		"CAREBOT_HTTP_ADDR":               "127.0.0.1:0",
		"CAREBOT_KB_DIR":                  kbDir(t),
		"CAREBOT_TELEGRAM_TOKEN":          srv.Token,
		"CAREBOT_TELEGRAM_API_URL":        srv.URL + "/",
		"CAREBOT_TELEGRAM_WEBHOOK_URL":    "https://bot.example.org/telegram/webhook",
		"CAREBOT_TELEGRAM_WEBHOOK_SECRET": "serve_Secret-1",
	}
	s := startServe(t, env)
	addr, errOut := s.addr, s.log
	if url := srv.WaitWebhook(t); url != env["CAREBOT_TELEGRAM_WEBHOOK_URL"] {
		t.Errorf("setWebhook %q", url)
	}
	if _, secret := srv.Webhook(); secret != "serve_Secret-1" {
		t.Errorf("secret_token %q", secret)
	}
	hook := "http://" + addr + "/telegram/webhook"
	u := telegramtest.PrivateText(41, "en", "/start")
	u.UpdateID = srv.NextUpdateID()
	body, _ := json.Marshal(u)
	for _, secret := range []string{"", "wrong"} {
		if code, err := srv.Post(context.Background(), hook, secret, body); err != nil || code != http.StatusUnauthorized {
			t.Errorf("secret %q: %d %v, want 401", secret, code, err)
		}
	}
	if code, err := srv.Post(context.Background(), hook, "serve_Secret-1", body); err != nil || code != http.StatusOK {
		t.Fatalf("webhook: %d %v", code, err)
	}
	if sent := srv.WaitSent(t, 41, 1); sent[0].Text == "" || len(sent[0].Buttons) == 0 {
		t.Errorf("/start answered %+v", sent[0])
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if strings.Contains(errOut.String(), strings.SplitN(srv.Token, ":", 2)[1]) {
		t.Errorf("the token is in the logs:\n%s", errOut)
	}
}

func TestServeTelegramPolling(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	env := map[string]string{
		"CAREBOT_HTTP_ADDR":        "127.0.0.1:0",
		"CAREBOT_KB_DIR":           kbDir(t),
		"CAREBOT_TELEGRAM_TOKEN":   srv.Token,
		"CAREBOT_TELEGRAM_API_URL": srv.URL,
	}
	s := startServe(t, env)
	errOut := s.log
	srv.Push(telegramtest.PrivateText(42, "es", "/help"))
	if sent := srv.WaitSent(t, 42, 1); sent[0].Text == "" {
		t.Errorf("/help answered %+v", sent[0])
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestServeTelegramBadSecret(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_KB_DIR":               kbDir(t),
		"CAREBOT_TELEGRAM_TOKEN":       telegramtest.DefaultToken,
		"CAREBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
	}
	res := runCLI(t, env, "", serveCmd(env)...)
	if res.code != exitFail || !strings.Contains(res.stderr, "webhook") {
		t.Errorf("serve with a webhook and no secret: exit %d, %s", res.code, res.stderr)
	}
}
