package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

func TestPolling(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	f.srv.Push(telegramtest.PrivateText(1001, "es-MX", "hola"))

	m := f.h.next(t)
	want := bot.Message{Platform: bot.PlatformTelegram, ChatID: "1001", UserID: "1001", Text: "hola", LangHint: "es-MX"}
	m.Time = want.Time
	if m != want {
		t.Errorf("handler got %+v, want %+v", m, want)
	}
	sent := f.srv.WaitSent(t, 1001, 1)
	if sent[0].Text != "echo: hola" || sent[0].ParseMode != "HTML" || sent[0].Inline {
		t.Errorf("sent %+v", sent[0])
	}
	for _, method := range []string{"getMe", "deleteWebhook", "sendMessage"} {
		calls := f.srv.Calls(method)
		if len(calls) == 0 {
			t.Fatalf("no %s call", method)
		}
		if ct := calls[0].ContentType; ct != "multipart/form-data" {
			t.Errorf("%s sent as %q, want multipart/form-data", method, ct)
		}
	}
	// getUpdates is the adapter's own call (the offset moves only past
	// what the store took), in JSON.
	if ct := f.srv.Calls("getUpdates")[0].ContentType; ct != "application/json" {
		t.Errorf("getUpdates sent as %q, want application/json", ct)
	}
	if p := f.srv.Calls("getUpdates")[0].Params; p["timeout"] != "4" || !strings.Contains(p["allowed_updates"], "callback_query") {
		t.Errorf("getUpdates params %v: want a long poll (timeout 4 s) for messages and callback queries", p)
	}
	// The update is confirmed by the next poll's offset.
	f.srv.WaitPending(t, 0)
}

func TestSetMyCommands(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	calls := f.srv.WaitCalls(t, "setMyCommands", 3)
	menus := map[string]map[string]string{} // language_code -> command -> description
	for _, c := range calls {
		var cmds []struct{ Command, Description string }
		if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
			t.Fatal(err)
		}
		if len(cmds) == 0 || cmds[0].Command != "sos" {
			t.Errorf("menu %q starts with %+v, want /sos first", c.Params["language_code"], cmds)
		}
		menu := map[string]string{}
		for _, c := range cmds {
			menu[c.Command] = c.Description
		}
		menus[c.Params["language_code"]] = menu
	}
	for _, lang := range []string{"", "en", "es"} {
		menu, ok := menus[lang]
		if !ok {
			t.Errorf("no setMyCommands with language_code %q", lang)
			continue
		}
		for _, c := range []string{"sos", "start", "help", "exercises", "tips", "nudge", "stop", "consent", "forget", "lang"} {
			if menu[c] == "" {
				t.Errorf("menu %q: no /%s", lang, c)
			}
		}
	}
	if d := menus["es"]["forget"]; d != "Borrar todo lo que guardo sobre ti" {
		t.Errorf("Spanish /forget: %q", d)
	}
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	for _, inline := range []bool{true, false} {
		name := map[bool]string{true: "inline", false: "sendMessage"}[inline]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, true, telegram.WithInlineReplies(inline))
			url, secret := f.srv.Webhook()
			if url != f.hook.URL+"/telegram/webhook" || secret != "s3cret_Token-1" {
				t.Fatalf("setWebhook(%q, %q)", url, secret)
			}
			if f.a.WebhookPath() != "/telegram/webhook" {
				t.Errorf("WebhookPath %q", f.a.WebhookPath())
			}
			f.deliver(t, telegramtest.PrivateText(42, "en", "my knees ache"), http.StatusOK)
			sent := f.srv.WaitSent(t, 42, 1)
			if sent[0].Text != "echo: my knees ache" || sent[0].Inline != inline {
				t.Errorf("sent %+v, want inline=%v", sent[0], inline)
			}
			if n := len(f.srv.Calls("getUpdates")); n != 0 {
				t.Errorf("%d getUpdates calls in webhook mode", n)
			}
		})
	}
}

func TestWebhookRejects(t *testing.T) {
	t.Parallel()
	f := setup(t, true)
	url := f.hook.URL + "/telegram/webhook"
	valid, _ := json.Marshal(telegramtest.PrivateText(7, "en", "hello"))
	valid = bytes.Replace(valid, []byte(`"update_id":0`), []byte(`"update_id":555`), 1)
	cases := []struct {
		name   string
		method string
		secret string
		body   []byte
		want   int
	}{
		{"no secret", "POST", "", valid, http.StatusUnauthorized},
		{"wrong secret", "POST", "s3cret_Token-2", valid, http.StatusUnauthorized},
		{"secret prefix", "POST", "s3cret", valid, http.StatusUnauthorized},
		{"GET", "GET", "s3cret_Token-1", nil, http.StatusMethodNotAllowed},
		{"too large", "POST", "s3cret_Token-1", append([]byte(`{"update_id":1,"message":{"text":"`), bytes.Repeat([]byte("a"), 1<<20)...), http.StatusRequestEntityTooLarge},
		{"not json", "POST", "s3cret_Token-1", []byte("\x00\xffgarbage"), http.StatusBadRequest},
		{"empty", "POST", "s3cret_Token-1", nil, http.StatusBadRequest},
		{"no update_id", "POST", "s3cret_Token-1", []byte(`{"message":{"text":"hi"}}`), http.StatusBadRequest},
		{"update_id string", "POST", "s3cret_Token-1", []byte(`{"update_id":"1"}`), http.StatusBadRequest},
		{"array", "POST", "s3cret_Token-1", []byte(`[{"update_id":1}]`), http.StatusBadRequest},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, url, bytes.NewReader(c.body))
		if c.secret != "" {
			req.Header.Set(telegram.SecretHeader, c.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
	// Nothing above reached the handler; a good update still does, and
	// its reply is the first message sent.
	f.deliver(t, telegramtest.PrivateText(7, "en", "after"), http.StatusOK)
	if m := f.h.next(t); m.Text != "after" {
		t.Errorf("handler got %q first, want the valid update", m.Text)
	}
	if sent := f.srv.WaitSent(t, 0, 1); len(sent) != 1 || sent[0].Text != "echo: after" {
		t.Errorf("sent %+v", sent)
	}
}

func TestWebhookSecretRequired(t *testing.T) {
	t.Parallel()
	h := newRecorder()
	for _, secret := range []string{"", "has space", "ünï", strings.Repeat("a", 257)} {
		_, err := telegram.New(telegramtest.DefaultToken, h, telegram.WithWebhook("https://bot.example.org/telegram/webhook", secret))
		if !errors.Is(err, telegram.ErrBadWebhook) {
			t.Errorf("secret %q: err %v, want ErrBadWebhook", secret, err)
		}
	}
	if _, err := telegram.New(telegramtest.DefaultToken, h, telegram.WithWebhook("bot.example.org/hook", "ok")); !errors.Is(err, telegram.ErrBadWebhook) {
		t.Errorf("relative URL: err %v, want ErrBadWebhook", err)
	}
	if _, err := telegram.New("", h); !errors.Is(err, telegram.ErrNoToken) {
		t.Errorf("no token: err %v", err)
	}
}

func TestWebhookNotRunning(t *testing.T) {
	t.Parallel()
	a, err := telegram.New(telegramtest.DefaultToken, newRecorder(), telegram.WithWebhook("https://bot.example.org/telegram/webhook", "abc"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", "/telegram/webhook", strings.NewReader(`{"update_id":3,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"from":{"id":1},"text":"x"}}`))
	req.Header.Set(telegram.SecretHeader, "abc")
	rec := httptest.NewRecorder()
	a.WebhookHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d before Run, want 503 (Telegram retries)", rec.Code)
	}
}

func TestRunBadToken(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	// Run keeps retrying (TestStartRetriesWithBackoff); the failure is
	// logged without the token.
	if logs := firstAttempt(t, "123:wrong-token-value-xyz", telegram.WithAPIURL(srv.URL)); strings.Contains(logs, "wrong-token-value-xyz") {
		t.Errorf("the bad token is in the logs:\n%s", logs)
	}
}

func TestShutdownFinishesReplies(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	release := make(chan struct{})
	f.h.reply = func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		<-release
		return bot.Reply{Text: "late but sent"}, nil
	}
	f.srv.Push(telegramtest.PrivateText(5, "en", "slow"))
	f.h.next(t)
	f.stop()
	close(release)
	select {
	case err := <-f.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	f.stop = nil
	if sent := f.srv.Sent(5); len(sent) != 1 || sent[0].Text != "late but sent" {
		t.Errorf("after shutdown sent %+v, want the reply in flight", sent)
	}
}

// TestWebhookBusyChat covers updates that arrive while their chat is still
// being answered: they wait in line, and their reply goes inline when it is
// ready within the inline wait, with sendMessage after it; a reply with
// another update waiting behind it goes with sendMessage.
func TestWebhookBusyChat(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		wait   time.Duration
		inline bool
	}{
		{"inline", 10 * time.Second, true},
		{"wait over", 50 * time.Millisecond, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, true, telegram.WithInlineWait(c.wait))
			release := make(chan struct{})
			f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
				if m.Text == "slow" {
					<-release
				}
				return bot.Reply{Text: "echo: " + m.Text}, nil
			}
			codes := make(chan int, 2)
			post := func(text string) {
				code, err := f.srv.Deliver(context.Background(), telegramtest.PrivateText(60, "en", text))
				if err != nil {
					t.Error(err)
				}
				codes <- code
			}
			go post("slow")
			f.h.next(t) // "slow" is being answered
			<-f.store.marked
			if c.inline {
				go post("next")
				<-f.store.marked // "next" is accepted and waits in line
			} else {
				post("next") // gives up waiting while "slow" holds the chat
			}
			close(release)
			for range 2 {
				if code := <-codes; code != http.StatusOK {
					t.Errorf("status %d", code)
				}
			}
			sent := f.srv.WaitSent(t, 60, 2)
			if sent[0].Text != "echo: slow" || sent[1].Text != "echo: next" || sent[1].Inline != c.inline {
				t.Errorf("sent %+v, want slow then next (inline=%v)", sent, c.inline)
			}
			// With "next" surely waiting behind it, "slow" goes with
			// sendMessage, which "next" cannot overtake.
			if !c.inline && sent[0].Inline {
				t.Errorf("slow went inline with next waiting")
			}
		})
	}
}

// TestWebhookRequestGone: when Telegram stops waiting for the webhook
// response (its timeout) before the reply is ready, the reply goes with
// sendMessage instead of into a dead response.
func TestWebhookRequestGone(t *testing.T) {
	t.Parallel()
	f := setup(t, true)
	release := make(chan struct{})
	f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
		<-release
		return bot.Reply{Text: "echo: " + m.Text}, nil
	}
	u := telegramtest.PrivateText(61, "en", "slow")
	u.UpdateID = f.srv.NextUpdateID()
	body, _ := json.Marshal(u)
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
	req.Header.Set(telegram.SecretHeader, "s3cret_Token-1")
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { f.a.WebhookHandler().ServeHTTP(rec, req); close(done) }()
	f.h.next(t)
	cancel()
	close(release)
	<-done
	if rec.Body.Len() != 0 {
		t.Errorf("reply written to the abandoned response: %q", rec.Body)
	}
	if sent := f.srv.WaitSent(t, 61, 1); sent[0].Inline || sent[0].Text != "echo: slow" {
		t.Errorf("sent %+v, want the reply with sendMessage", sent[0])
	}
}
