package slacktest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, u string, form url.Values) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	return resp, m
}

func TestServer(t *testing.T) {
	t.Parallel()
	s := NewServer("xoxb-1", "")
	defer s.Close()
	if _, m := post(t, s.APIURL()+"chat.postMessage", url.Values{"token": {"wrong"}}); m["error"] != "invalid_auth" {
		t.Errorf("wrong token: %v", m)
	}
	s.RateLimit("chat.postMessage", 3)
	if resp, _ := post(t, s.APIURL()+"chat.postMessage", url.Values{"token": {"xoxb-1"}}); resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("rate limit: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	s.Fail("chat.postMessage", "not_in_channel")
	if _, m := post(t, s.APIURL()+"chat.postMessage", url.Values{"token": {"xoxb-1"}}); m["error"] != "not_in_channel" {
		t.Errorf("fail: %v", m)
	}
	done := make(chan []Call, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		calls, _ := s.Wait(ctx, "chat.postMessage", 1)
		done <- calls
	}()
	blocks := `[{"type":"section","text":{"type":"mrkdwn","text":"hi <@U1>"}},{"type":"actions","elements":[{"type":"button","action_id":"a1","value":"v1","text":{"type":"plain_text","text":"B"}}]}]`
	_, m := post(t, s.APIURL()+"chat.postMessage", url.Values{"token": {"xoxb-1"}, "channel": {"C1"}, "text": {"fb"}, "blocks": {blocks}, "thread_ts": {"1.2"}})
	if m["ok"] != true || m["ts"] == "" {
		t.Errorf("post: %v", m)
	}
	calls := <-done
	if len(calls) != 1 || calls[0].Channel != "C1" || calls[0].ThreadTS != "1.2" || s.RateLimited() != 1 {
		t.Fatalf("calls %+v", calls)
	}
	c := calls[0]
	if v, ok := c.Button("a1"); !ok || v != "v1" || !strings.Contains(c.BlockText(), "hi <@U1>") || strings.Join(c.BlockTypes(), ",") != "section,actions" {
		t.Errorf("block helpers: %q %v %q %v", v, ok, c.BlockText(), c.BlockTypes())
	}
	resp, err := http.Post(s.ResponseURL("r1"), "application/json", strings.NewReader(`{"text":"x","response_type":"ephemeral","delete_original":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r := s.Calls("response_url"); len(r) != 1 || r[0].Path != "/response/r1" || !r[0].DeleteOriginal || r[0].ResponseType != "ephemeral" {
		t.Errorf("response_url %+v", r)
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
	h := http.Header{}
	body := []byte("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
	Sign(h, "8f742231b10e8888abcd99yyyzzz85a5", time.Unix(1531420618, 0), body)
	if got := h.Get("X-Slack-Signature"); got != "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" {
		t.Errorf("signature %s", got)
	}
}
