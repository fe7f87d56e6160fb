package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// roundTrip adapts a function to http.RoundTripper. Like every
// RoundTripper it closes the request body when it fails: go-telegram/bot
// streams the body from a goroutine and, when the body is left open, races
// with it on the *url.Error it rewrites.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f(r)
	if err != nil && r.Body != nil {
		r.Body.Close()
	}
	return resp, err
}

// tokenSecret is the part of the test token after the colon.
var tokenSecret = strings.SplitN(telegramtest.DefaultToken, ":", 2)[1]

func TestTokenNeverInErrors(t *testing.T) {
	t.Parallel()
	// A malformed API URL: net/url quotes the whole request URL, token
	// included, and the library passes it on.
	// Run logs start-up failures and retries them (firstAttempt stops it).
	if logs := firstAttempt(t, telegramtest.DefaultToken, telegram.WithAPIURL("http://127.0.0.1:1/\x7f")); strings.Contains(logs, tokenSecret) {
		t.Errorf("Run logged the token:\n%s", logs)
	}

	// A transport whose errors quote the URL (proxies, custom clients).
	leaky := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("proxy refused %s", r.URL)
	})}
	if logs := firstAttempt(t, telegramtest.DefaultToken, telegram.WithHTTPClient(leaky)); strings.Contains(logs, tokenSecret) || !strings.Contains(logs, "<token>") {
		t.Errorf("Run logged %s; want the token redacted", logs)
	}
	a, _ := telegram.New(telegramtest.DefaultToken, newRecorder(), telegram.WithHTTPClient(leaky))
	err := a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}, bot.Reply{Text: "x"})
	if err == nil || strings.Contains(err.Error(), tokenSecret) {
		t.Errorf("Send: %v; want an error without the token", err)
	}
}

func TestTokenNeverInLogs(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	// getUpdates fails in two ways the library logs by itself: a transport
	// error quoting the URL, and an undecodable body quoting a message.
	var polls int
	upstream := http.DefaultTransport
	client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
			return upstream.RoundTrip(r)
		}
		polls++
		if polls == 1 {
			return nil, fmt.Errorf("dial %s: connection reset", r.URL)
		}
		if polls == 2 {
			body := `{"ok":true,"result":[{"update_id":1,"message":{"text":"I am Zelda and my secret is pain"` // cut off
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}, Request: r}, nil
		}
		return upstream.RoundTrip(r)
	}), Timeout: time.Minute}
	logs := &testlog.Buffer{}
	a, err := telegram.New(srv.Token, newRecorder(),
		telegram.WithAPIURL(srv.URL),
		telegram.WithHTTPClient(client),
		telegram.WithPollTimeout(5*time.Second),
		telegram.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	// The library backs off after each error; its third poll succeeds.
	srv.Push(telegramtest.PrivateText(8, "en", "ok"))
	srv.WaitSent(t, 8, 1)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "connection reset") || !strings.Contains(out, "<body omitted>") {
		t.Errorf("the library's errors were not logged:\n%s", out)
	}
	for _, secret := range []string{tokenSecret, "Zelda", "secret is pain"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
}

func TestLogsArePseudonymous(t *testing.T) {
	t.Parallel()
	f := setup(t, false, telegram.WithSleep(func(context.Context, time.Duration) error { return nil }))
	const chat = 987654321
	u := telegramtest.PrivateText(chat, "en", "Zelda here, my wrist hurts when I lift Tom")
	u.Message.From.FirstName = "Zelda"
	f.srv.FailNext("sendMessage", telegramtest.TooManyRequests(1))
	f.srv.Push(u)
	f.srv.WaitSent(t, chat, 1)
	f.srv.FailChat(chat, telegramtest.Blocked())
	err := f.a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(chat)}, bot.Reply{Text: "nudge for Zelda"})
	if !errors.Is(err, telegram.ErrBlocked) {
		t.Fatalf("Send: %v", err)
	}
	f.shutdown(t)
	out := f.logs.String()
	for _, secret := range []string{"Zelda", "wrist", "Tom", "nudge for", fmt.Sprint(chat), tokenSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
	handle := bot.Pseudonym(bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(chat)}, []byte("test key"))
	for _, want := range []string{"telegram reply", "telegram rate limited", "telegram blocked by person"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q log line:\n%s", want, out)
		}
	}
	if strings.Count(out, "person="+handle) < 3 {
		t.Errorf("log lines do not carry the handle %s:\n%s", handle, out)
	}
}
