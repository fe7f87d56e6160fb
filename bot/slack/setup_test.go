package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

const (
	testBotToken = "xoxb-test-token"
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	careChannel  = "CCARE"
	waitTimeout  = 10 * time.Second
)

var testPseudoKey = []byte("test pseudonym key")

// testBundle is what most tests need: an adapter running against the fake
// Slack API, serving its handlers on a local test server.
type testBundle struct {
	a      *Adapter
	fake   *slacktest.Server
	store  *memStore
	sender *fakeSender
	srv    *httptest.Server
	sleeps chan time.Duration

	cancel   context.CancelFunc
	done     chan error
	stopOnce sync.Once
}

// setup starts an adapter with h (an echo handler when nil), an in-memory
// store, a fake Sender and no channel rate limit; opts come last.
func setup(t *testing.T, h bot.Handler, opts ...Option) *testBundle {
	t.Helper()
	if h == nil {
		h = echoHandler()
	}
	b := &testBundle{
		fake:   slacktest.NewServer(testBotToken, ""),
		store:  newMemStore(),
		sender: newFakeSender(),
		sleeps: make(chan time.Duration, 16),
		done:   make(chan error, 1),
	}
	t.Cleanup(b.fake.Close)
	base := []Option{
		WithAPIURL(b.fake.APIURL()),
		WithStore(b.store),
		WithCareChannel(careChannel),
		WithSender(b.sender),
		WithPseudonymKey(testPseudoKey),
		WithConfig(Config{ChannelRate: math.Inf(1)}),
		withSleep(func(ctx context.Context, d time.Duration) error {
			b.sleeps <- d
			return nil
		}),
	}
	a, err := New(testBotToken, testSecret, h, append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	b.a = a
	mux := http.NewServeMux()
	a.Mount(mux)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go func() { b.done <- a.Run(ctx) }()
	t.Cleanup(func() { b.stop(t) })
	if a.inbox != nil {
		recv(t, a.started) // events are answered 503 until then
	}
	return b
}

// stop shuts the adapter down and waits until Run has drained its queue.
func (b *testBundle) stop(t *testing.T) {
	t.Helper()
	b.stopOnce.Do(func() {
		b.cancel()
		select {
		case err := <-b.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Error("Run did not return after cancel")
		}
	})
}

// send posts a body signed at now to the adapter's path.
func (b *testBundle) send(t *testing.T, path, contentType string, body []byte, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	slacktest.Sign(req.Header, testSecret, time.Now(), body)
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{Timeout: waitTimeout}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// event posts an Events API callback and requires a 200.
func (b *testBundle) event(t *testing.T, eventID string, inner map[string]any, header http.Header) {
	t.Helper()
	resp := b.send(t, PathEvents, "application/json", eventBody(t, eventID, inner), header)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("event %s: status %d", eventID, resp.StatusCode)
	}
}

// triggers numbers the trigger_id of the commands the tests send: each
// command is another one (the inbox deduplicates by trigger_id).
var triggers atomic.Int64

// command posts a slash command and returns the response.
func (b *testBundle) command(t *testing.T, channel, user, text, responseURL string) *http.Response {
	t.Helper()
	form := url.Values{
		"command": {"/carebot"}, "text": {text}, "channel_id": {channel}, "user_id": {user},
		"team_id": {"T0CARE"}, "response_url": {responseURL}, "trigger_id": {fmt.Sprintf("trig%d", triggers.Add(1))},
	}
	return b.send(t, PathCommands, "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
}

// interact posts a block_actions payload and requires a 200.
func (b *testBundle) interact(t *testing.T, payload map[string]any) {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	body := url.Values{"payload": {string(raw)}}.Encode()
	resp := b.send(t, PathInteractive, "application/x-www-form-urlencoded", []byte(body), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("interaction: status %d", resp.StatusCode)
	}
}

// wait waits for n calls of method on the fake.
func (b *testBundle) wait(t *testing.T, method string, n int) []slacktest.Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	calls, err := b.fake.Wait(ctx, method, n)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

func eventBody(t *testing.T, eventID string, inner map[string]any) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T0CARE", "api_app_id": "A0CARE", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000, "event": inner,
	})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func mention(channel, user, text, ts string) map[string]any {
	return map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
}

func dm(channel, user, text, ts string) map[string]any {
	return map[string]any{"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text, "ts": ts, "event_ts": ts}
}

func threadReply(channel, user, text, ts, threadTS string) map[string]any {
	return map[string]any{"type": "message", "channel": channel, "channel_type": "channel", "user": user,
		"text": text, "ts": ts, "thread_ts": threadTS, "event_ts": ts}
}

// echoHandler answers every message with a full reply about it.
func echoHandler() bot.Handler {
	return bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		q := m.Text
		if m.Payload != "" {
			q = "payload " + m.Payload
		}
		return bot.Reply{
			Lang: "en", Intent: "echo", Title: "Answer",
			Text:    "You asked: " + q,
			Steps:   []string{"Sit tall.", "Breathe out."},
			Details: []string{"How often: twice a day"},
			Sources: []string{"Author A (2020). A study. J Pain."},
			Buttons: []bot.Button{{Label: "More", Payload: "kb:more"}},
		}, nil
	})
}

// recordingHandler wraps a handler and hands every message to msgs.
func recordingHandler(h bot.Handler, msgs chan<- bot.Message) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		msgs <- m
		return h.Handle(ctx, m)
	})
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitTimeout):
		t.Fatal("timed out waiting")
		panic("unreachable")
	}
}

// fakeSender stands in for the Telegram adapter.
type fakeSender struct {
	sent chan sent
	mu   sync.Mutex
	fail error
}

type sent struct {
	key bot.PersonKey
	r   bot.Reply
}

func newFakeSender() *fakeSender { return &fakeSender{sent: make(chan sent, 16)} }

func (s *fakeSender) Send(_ context.Context, key bot.PersonKey, r bot.Reply) error {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	if fail != nil {
		return fail
	}
	s.sent <- sent{key, r}
	return nil
}

func (s *fakeSender) setFail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

var errTelegramDown = errors.New("telegram down")

func hasText(c slacktest.Call, sub string) bool {
	return strings.Contains(c.Text, sub) || strings.Contains(c.BlockText(), sub)
}

// saveParent saves a parent (parentKey) with consent and lang in the
// bundle's store.
func (b *testBundle) saveParent(t *testing.T, consent bot.Consent, lang string) *bot.Person {
	t.Helper()
	p := parent(consent, lang)
	if err := b.store.SavePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// alert has the adapter alert the care channel about the parent's text,
// with the reply it got, and returns the alert's post.
func (b *testBundle) alert(t *testing.T, p *bot.Person, text string, reply bot.Reply) slacktest.Call {
	t.Helper()
	if err := b.a.Alert(context.Background(), p, parentMessage(text), reply); err != nil {
		t.Fatal(err)
	}
	return b.wait(t, "chat.postMessage", 1)[0]
}
