package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

const testAppToken = "xapp-test-token"

// fakeSocket is Slack's Socket Mode endpoint: it accepts the client's
// websocket (which carries Origin: https://api.slack.com) and hands the
// connection to the test.
type fakeSocket struct {
	srv     *httptest.Server
	conns   chan *websocket.Conn
	origins chan string
}

func newFakeSocket(t *testing.T) *fakeSocket {
	t.Helper()
	f := &fakeSocket{conns: make(chan *websocket.Conn, 1), origins: make(chan string, 1)}
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return true }}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.origins <- r.Header.Get("Origin")
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		f.conns <- conn
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSocket) url() string {
	return "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/link/?ticket=1"
}

// envelope sends one Socket Mode request and returns the client's ack.
func envelope(t *testing.T, conn *websocket.Conn, typ, id string, payload any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.WriteJSON(map[string]any{"type": typ, "envelope_id": id, "payload": json.RawMessage(raw), "accepts_response_payload": false}); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(waitTimeout))
	var ack map[string]any
	if err := conn.ReadJSON(&ack); err != nil {
		t.Fatalf("reading ack for %s: %v", id, err)
	}
	if ack["envelope_id"] != id {
		t.Fatalf("ack %v, want envelope %s", ack, id)
	}
	return ack
}

func TestSocketMode(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(testBotToken, testAppToken)
	t.Cleanup(fake.Close)
	ws := newFakeSocket(t)
	fake.SetSocketURL(ws.url())
	msgs := make(chan bot.Message, 4)
	a, err := New(testBotToken, "", recordingHandler(echoHandler(), msgs),
		WithAPIURL(fake.APIURL()), WithAppToken(testAppToken), WithStore(newMemStore()),
		WithConfig(Config{ChannelRate: 1e9}))
	if err != nil {
		t.Fatal(err)
	}
	if !a.SocketMode() {
		t.Fatal("not in Socket Mode with an app token")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	if o := recv(t, ws.origins); o != "https://api.slack.com" {
		t.Errorf("Origin %q", o)
	}
	conn := recv(t, ws.conns)
	defer conn.Close()
	if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}); err != nil {
		t.Fatal(err)
	}

	// An @mention: acknowledged, answered in its thread, once even when
	// Slack sends it again.
	ev := map[string]any{"type": "event_callback", "event_id": "EvSock1", "team_id": "T0CARE",
		"event": mention("CGEN", "UNURSE", "<@UCAREBOT> hip pain", "1700000900.000100")}
	envelope(t, conn, "events_api", "env-1", ev)
	envelope(t, conn, "events_api", "env-2", ev) // a retry: new envelope, same event
	if m := recv(t, msgs); m.Text != "hip pain" {
		t.Errorf("handler got %q", m.Text)
	}
	// Connected came before the event on the same loop, so the adapter
	// says it is ready by now.
	if !a.Ready() {
		t.Error("not ready while connected")
	}
	ctxw, cancelw := context.WithTimeout(context.Background(), waitTimeout)
	defer cancelw()
	posts, err := fake.Wait(ctxw, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].ThreadTS != "1700000900.000100" {
		t.Errorf("answer in thread %q", posts[0].ThreadTS)
	}

	// A slash command: acknowledged, answered through its response_url.
	envelope(t, conn, "slash_commands", "env-3", map[string]any{"command": "/carebot", "text": "knee",
		"channel_id": "CGEN", "user_id": "UNURSE", "response_url": fake.ResponseURL("sock")})
	if _, err := fake.Wait(ctxw, "response_url", 1); err != nil {
		t.Fatal(err)
	}

	cancel()
	if err := recv(t, done); err != nil {
		t.Errorf("Run: %v", err)
	}
	if a.Ready() {
		t.Error("ready after Run returned")
	}
	if n := len(fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d answers to one event delivered twice, want 1", n)
	}
}

func TestSocketModeInvalidToken(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(testBotToken, testAppToken)
	t.Cleanup(fake.Close)
	a, err := New(testBotToken, "", echoHandler(), WithAPIURL(fake.APIURL()), WithAppToken("xapp-wrong"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Run(context.Background()); err == nil {
		t.Error("Run with a wrong app token returned nil")
	}
}
