package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/memory"
)

const (
	slackTestToken  = "xoxb-serve-test"
	slackTestSecret = "serve-test-signing-secret"
)

func slackEnv(t *testing.T, fake *slacktest.Server) map[string]string {
	return map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_KB_DIR":               kbDir(t),
		"CAREBOT_SLACK_BOT_TOKEN":      slackTestToken,
		"CAREBOT_SLACK_SIGNING_SECRET": slackTestSecret,
		"CAREBOT_SLACK_API_URL":        fake.APIURL(),
		"CAREBOT_SLACK_CARE_CHANNEL":   "CCARE",
		"CAREBOT_DATABASE_URL":         filepath.Join(t.TempDir(), "carebot.db"),
	}
}

func signedPost(t *testing.T, url string, body []byte, secret string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		slacktest.Sign(req.Header, secret, time.Now(), body)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestServeSlack runs `carebot serve` with the Slack variables set: the
// Events API endpoint answers url_verification, refuses unsigned requests
// and answers a direct message through the Router.
func TestServeSlack(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := slackEnv(t, fake)
	s := startServe(t, env)
	base, errOut := "http://"+s.addr, s.log

	challenge := []byte(`{"type":"url_verification","challenge":"xyz"}`)
	resp := signedPost(t, base+slack.PathEvents, challenge, slackTestSecret)
	if got, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(got) != "xyz" {
		t.Errorf("url_verification: %d %q", resp.StatusCode, got)
	}
	for _, path := range []string{slack.PathEvents, slack.PathCommands, slack.PathInteractive} {
		if resp := signedPost(t, base+path, challenge, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("unsigned %s: %d, want 401", path, resp.StatusCode)
		}
	}
	ev, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "EvServe1", "event": map[string]any{
		"type": "message", "channel_type": "im", "channel": "DNURSE", "user": "UNURSE", "text": "wrist pain", "ts": "1700000000.000100"}})
	postEvent(t, base+slack.PathEvents, ev)
	wctx, wcancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer wcancel()
	posts, err := fake.Wait(wctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Channel != "DNURSE" || posts[0].Text == "" {
		t.Errorf("answer %+v", posts[0])
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited %d: %s", code, errOut)
	}
	if strings.Contains(errOut.String(), "wrist pain") || strings.Contains(errOut.String(), slackTestToken) {
		t.Errorf("logs hold message text or the token:\n%s", errOut.String())
	}
}

func TestWireSlackOff(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{
		{},
		{"CAREBOT_SLACK_SIGNING_SECRET": "s"},
		{"CAREBOT_SLACK_BOT_TOKEN": "xoxb-1"},
	} {
		s := &server{c: &cli{getenv: func(k string) string { return env[k] }}, log: slog.New(slog.DiscardHandler), mux: http.NewServeMux(), store: memory.New()}
		if err := s.wireSlack(context.Background()); err != nil || s.slack != nil || s.alerter() != nil || len(s.adapters) != 0 {
			t.Errorf("%v: slack %v, err %v", env, s.slack, err)
		}
	}
}

// TestSlackEscalationLoopWired wires the store, Slack and the real Router
// as serve does, with a fake Telegram Sender: a consenting parent's
// warning sign reaches the care channel and the parent is told; a nurse's
// reply in the thread reaches the parent; the parent's next message goes
// to the thread.
func TestSlackEscalationLoopWired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := slackEnv(t, fake)
	// Telegram counts as running (the scheduler sends to parents through
	// it); its adapter is the fake registered below.
	env[envTelegramToken] = "unused"
	c := &cli{getenv: func(k string) string { return env[k] }}
	cfg, err := c.loadServeConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.File.Knowledge.AllowSignRemoval = true // the test knowledge base has few of the built-in signs
	s := &server{c: c, cfg: cfg, log: slog.New(slog.DiscardHandler), mux: http.NewServeMux()}
	if err := s.wireStore(ctx); err != nil {
		t.Fatal(err)
	}
	ts := s.store // it keeps care-team threads too
	for _, wire := range []func(context.Context) error{s.wireContent, s.wireNudges, s.wireSlack, s.wireRouter} {
		if err := wire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tg := &fakeTelegram{sent: make(chan bot.Reply, 4)}
	s.senders.register(bot.PlatformTelegram, tg) // replies to parents are River jobs
	srv := httptest.NewServer(s.mux)
	t.Cleanup(srv.Close)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.slack.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done })
	select { // events are answered 503 until Run has recovered the inbox
	case <-s.slack.Started():
	case <-time.After(10 * time.Second):
		t.Fatal("the Slack adapter did not start")
	}
	startNudger(t, s) // alerts are River jobs

	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "5550001"}
	if err := ts.SavePerson(ctx, &bot.Person{Key: key, Lang: "en", Consent: bot.ConsentGranted, Active: true}); err != nil {
		t.Fatal(err)
	}
	h := s.parentHandler()
	r, err := h.Handle(ctx, bot.Message{Platform: bot.PlatformTelegram, ChatID: key.ChatID, UserID: "9", Text: "I have chest pain"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Alert, "911") || !strings.Contains(r.Alert, "care team") {
		t.Errorf("parent's alert %q: want the emergency number and that the care team knows", r.Alert)
	}
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	posts, err := fake.Wait(wctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	alert := posts[0]
	if alert.Channel != "CCARE" || !strings.Contains(alert.BlockText(), "I have chest pain") {
		t.Errorf("alert %+v", alert)
	}
	// The alert job links the thread right after the post.
	waitThread(t, ts.(bot.ThreadStore), alert.Channel, alert.TS)

	ev, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "EvLoop1", "event": map[string]any{
		"type": "message", "channel_type": "channel", "channel": "CCARE", "user": "UNURSE",
		"text": "We are calling you now.", "ts": "1700000001.000100", "thread_ts": alert.TS}})
	if resp := signedPost(t, srv.URL+slack.PathEvents, ev, slackTestSecret); resp.StatusCode != 200 {
		t.Fatalf("event: %d", resp.StatusCode)
	}
	select {
	case got := <-tg.sent:
		if got.Text != "Message from your care team:\nWe are calling you now." {
			t.Errorf("parent got %q", got.Text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("care-team reply not relayed")
	}

	r, err = h.Handle(ctx, bot.Message{Platform: bot.PlatformTelegram, ChatID: key.ChatID, UserID: "9", Text: "thank you"})
	if err != nil || !strings.Contains(r.Notice, "care team can see") {
		t.Errorf("reply %+v, %v", r, err)
	}
	posts, err = fake.Wait(wctx, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	if posts[1].ThreadTS != alert.TS || !strings.Contains(posts[1].BlockText(), "thank you") {
		t.Errorf("forwarded %+v", posts[1])
	}
}

type fakeTelegram struct{ sent chan bot.Reply }

func (f *fakeTelegram) Send(_ context.Context, _ bot.PersonKey, r bot.Reply) error {
	f.sent <- r
	return nil
}

// startNudger starts the scheduler a test wired (it posts the care-team
// alerts) and stops it when the test ends.
func startNudger(t *testing.T, s *server) {
	t.Helper()
	if err := s.nudger.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.nudger.Shutdown(ctx)
	})
}

// waitThread waits until the alert job stored the thread of the alert.
func waitThread(t *testing.T, ts bot.ThreadStore, channel, root string) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if _, err := ts.ThreadByTS(context.Background(), channel, root); err == nil {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("the alert's thread was never stored")
		}
	}
}

// postEvent posts a signed Slack event until it is accepted. Until the
// adapter has queued again what its inbox held it answers 503, and Slack
// sends the event again: so does this.
func postEvent(t *testing.T, url string, ev []byte) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp := signedPost(t, url, ev, slackTestSecret)
		if resp.StatusCode == http.StatusOK {
			return
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("event: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond) // Slack's retry, much shortened
	}
}
