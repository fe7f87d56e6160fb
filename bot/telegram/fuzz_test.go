package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// FuzzWebhook posts arbitrary bodies, with the right secret, to a running
// adapter's webhook handler: nothing may panic or hang, the status is one
// of 200, 400 and 413, and a 200 body is empty or a sendMessage call. The
// seed corpus is in testdata/fuzz/FuzzWebhook.
func FuzzWebhook(f *testing.F) {
	srv := telegramtest.NewServer(telegramtest.DefaultToken)
	f.Cleanup(srv.Close)
	h := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: "ok", Buttons: []bot.Button{{Label: "b", Payload: m.Payload + "kb:x"}}}, nil
	})
	opts := append(noLimits(),
		telegram.WithAPIURL(srv.URL),
		telegram.WithWebhook("https://bot.example.org/telegram/webhook", "fuzz"),
		telegram.WithInlineWait(2*time.Second),
	)
	a, err := telegram.New(srv.Token, h, opts...)
	if err != nil {
		f.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	f.Cleanup(func() { cancel(); <-done })
	srv.WaitWebhook(f)

	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"from":{"id":1},"text":"hi"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
		req.Header.Set(telegram.SecretHeader, "fuzz")
		rec := httptest.NewRecorder()
		a.WebhookHandler().ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			if out := rec.Body.Bytes(); len(out) > 0 {
				var call struct {
					Method string `json:"method"`
					ChatID int64  `json:"chat_id"`
				}
				if err := json.Unmarshal(out, &call); err != nil || call.Method != "sendMessage" {
					t.Fatalf("200 with body %q", out)
				}
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
	})
}
