// Package slacktest is a fake Slack Web API for tests: an httptest server
// on 127.0.0.1 that the real slack-go client talks to. It records
// chat.postMessage, chat.postEphemeral, chat.update, reactions.add,
// response_url posts and file uploads (files.getUploadURLExternal, the POST
// to the upload URL, files.completeUploadExternal, with Slack's checks),
// answers auth.test, apps.connections.open and conversations.history (from
// the recorded posts, with their metadata), and can
// answer the next call of a method with 429 and a Retry-After header, or
// with a Slack error. Sign signs requests the way Slack does, for the
// adapter's HTTP handlers.
package slacktest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Call is one recorded Web API call or response_url post.
type Call struct {
	// Method is the Web API method ("chat.postMessage") or "response_url".
	Method string
	// Path is the request path; for response_url it names the URL posted to.
	Path string
	// Token is the token the call carried (form field or bearer).
	Token string
	// Channel, Text, ThreadTS, TS and User are the usual fields.
	Channel, Text, ThreadTS, TS, User string
	// Broadcast is reply_broadcast.
	Broadcast bool
	// Blocks is the raw Block Kit JSON, or nil.
	Blocks json.RawMessage
	// ResponseType, ReplaceOriginal and DeleteOriginal are response_url
	// fields.
	ResponseType                    string
	ReplaceOriginal, DeleteOriginal bool
	// Form holds every form field of a form-encoded call.
	Form url.Values
}

// Block is a decoded Block Kit block.
type Block map[string]any

// BlockList decodes the call's blocks.
func (c Call) BlockList() []Block {
	var bs []Block
	_ = json.Unmarshal(c.Blocks, &bs)
	return bs
}

// BlockTypes lists the types of the call's blocks in order.
func (c Call) BlockTypes() []string {
	var ts []string
	for _, b := range c.BlockList() {
		t, _ := b["type"].(string)
		ts = append(ts, t)
	}
	return ts
}

// ActionIDs lists the action ids of every button in the call's blocks.
func (c Call) ActionIDs() []string {
	var ids []string
	for _, b := range c.BlockList() {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if m, ok := e.(map[string]any); ok && m["type"] == "button" {
				id, _ := m["action_id"].(string)
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// Button returns the value of the button with the action id.
func (c Call) Button(actionID string) (value string, ok bool) {
	for _, b := range c.BlockList() {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if m, _ := e.(map[string]any); m["action_id"] == actionID {
				v, _ := m["value"].(string)
				return v, true
			}
		}
	}
	return "", false
}

// Server is the fake.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port.
	URL string
	// BotUserID is the user id auth.test answers.
	BotUserID string

	srv       *httptest.Server
	botToken  string
	appToken  string
	mu        sync.Mutex
	calls     []Call
	hang      int // chat.postMessage calls to record and not answer
	limited   int
	changed   chan struct{}
	inject    map[string][]injection
	socketURL string
	ts        int
	uploads   map[string]*Upload // by file id
	nextFile  int
}

type injection struct {
	retryAfter int
	errCode    string
	status     int // an HTTP error status (a 5xx), without Slack's JSON
}

// NewServer starts a fake that accepts calls carrying botToken (and
// appToken for apps.connections.open); an empty token accepts any.
func NewServer(botToken, appToken string) *Server {
	s := &Server{
		BotUserID: "UCAREBOT",
		botToken:  botToken,
		appToken:  appToken,
		changed:   make(chan struct{}),
		inject:    make(map[string][]injection),
		uploads:   make(map[string]*Upload),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// APIURL is the Web API base URL to give the client (ends in "/api/").
func (s *Server) APIURL() string { return s.URL + "/api/" }

// ResponseURL returns a response_url served by the fake; posts to it are
// recorded as "response_url" calls with this path.
func (s *Server) ResponseURL(name string) string { return s.URL + "/response/" + name }

// SetSocketURL sets the websocket URL apps.connections.open answers.
func (s *Server) SetSocketURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.socketURL = u
}

// RateLimit makes the next call of method answer 429 with the Retry-After
// header (seconds). Calls stack.
func (s *Server) RateLimit(method string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject[method] = append(s.inject[method], injection{retryAfter: retryAfter})
}

// Hang makes the next chat.postMessage be recorded (Slack has the message)
// but never answered, until the client gives up or goes away: the moment
// a crash between a post and its record happens in.
func (s *Server) Hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hang++
}

// Fail makes the next call of method answer {"ok":false,"error":code}.
func (s *Server) Fail(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject[method] = append(s.inject[method], injection{errCode: code})
}

// FailStatus makes the next call of method answer with the HTTP status
// (a 500 or 503: Slack having trouble) and no JSON. Calls stack.
func (s *Server) FailStatus(method string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject[method] = append(s.inject[method], injection{status: status})
}

// Heal drops the failures, rate limits and hangs injected and not yet
// used: Slack is back.
func (s *Server) Heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject = make(map[string][]injection)
	s.hang = 0
}

// RateLimited returns how many calls were answered 429.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// Calls returns the recorded calls of method, or all calls for "".
// Calls answered 429, with an injected error or an injected status are not
// recorded.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Wait returns the calls of method once there are at least n, or an error
// when ctx is done first.
func (s *Server) Wait(ctx context.Context, method string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		calls, changed := s.callsLocked(method), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return calls, fmt.Errorf("waiting for %d %s calls, have %d: %w", n, method, len(calls), ctx.Err())
		}
	}
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ts++
	return fmt.Sprintf("1700000000.%06d", s.ts)
}

// injected pops an injection for method and writes it; it reports whether
// it did.
func (s *Server) injected(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	q := s.inject[method]
	if len(q) == 0 {
		s.mu.Unlock()
		return false
	}
	inj := q[0]
	s.inject[method] = q[1:]
	if inj.errCode == "" && inj.status == 0 {
		s.limited++
	}
	s.mu.Unlock()
	if inj.status != 0 {
		http.Error(w, http.StatusText(inj.status), inj.status)
		return true
	}
	if inj.errCode != "" {
		writeJSON(w, map[string]any{"ok": false, "error": inj.errCode})
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(inj.retryAfter))
	http.Error(w, "rate limited", http.StatusTooManyRequests)
	return true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/upload/"); ok {
		s.serveUpload(w, r, id, body)
		return
	}
	if name, ok := strings.CutPrefix(r.URL.Path, "/response/"); ok {
		s.serveResponseURL(w, r, name, body)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	form, _ := url.ParseQuery(string(body))
	token := form.Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = bearer
	}
	want := s.botToken
	if method == "apps.connections.open" {
		want = s.appToken
	}
	if want != "" && token != want {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	if s.injected(w, method) {
		return
	}
	c := Call{
		Method: method, Path: r.URL.Path, Token: token, Form: form,
		Channel: form.Get("channel"), Text: form.Get("text"), ThreadTS: form.Get("thread_ts"),
		TS: form.Get("ts"), User: form.Get("user"), Broadcast: form.Get("reply_broadcast") == "true",
	}
	if b := form.Get("blocks"); b != "" {
		c.Blocks = json.RawMessage(b)
	}
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "user_id": s.BotUserID, "user": "carebot", "team_id": "T0CARE", "bot_id": "B0CAREBOT"})
		return
	case "apps.connections.open":
		s.mu.Lock()
		u := s.socketURL
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "url": u})
		return
	case "chat.postMessage":
		c.TS = s.nextTS()
		s.record(c)
		s.mu.Lock()
		hang := s.hang > 0
		if hang {
			s.hang--
		}
		s.mu.Unlock()
		if hang {
			<-r.Context().Done()
			return
		}
		writeJSON(w, map[string]any{"ok": true, "channel": c.Channel, "ts": c.TS})
	case "chat.postEphemeral":
		c.TS = s.nextTS()
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "message_ts": c.TS})
	case "chat.update":
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "channel": c.Channel, "ts": c.TS, "text": c.Text})
	case "reactions.add":
		s.record(c)
		writeJSON(w, map[string]any{"ok": true})
	case "conversations.history":
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "messages": s.history(c.Channel, form.Get("include_all_metadata") == "1")})
	case "files.getUploadURLExternal":
		s.getUploadURL(w, c)
	case "files.completeUploadExternal":
		s.completeUpload(w, c)
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// history returns the channel's messages as conversations.history does,
// newest first: the posts at the top level and the thread replies also
// sent to the channel, with their metadata when asked.
func (s *Server) history(channel string, metadata bool) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for i := len(s.calls) - 1; i >= 0; i-- {
		c := s.calls[i]
		if c.Method != "chat.postMessage" || c.Channel != channel || c.ThreadTS != "" && !c.Broadcast {
			continue
		}
		m := map[string]any{"type": "message", "ts": c.TS, "text": c.Text}
		if c.ThreadTS != "" {
			m["thread_ts"], m["subtype"] = c.ThreadTS, "thread_broadcast"
		}
		if md := c.Form.Get("metadata"); metadata && md != "" {
			m["metadata"] = json.RawMessage(md)
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request, name string, body []byte) {
	if s.injected(w, "response_url") {
		return
	}
	var msg struct {
		Text            string          `json:"text"`
		ThreadTS        string          `json:"thread_ts"`
		Blocks          json.RawMessage `json:"blocks"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	c := Call{
		Method: "response_url", Path: r.URL.Path, Text: msg.Text, ThreadTS: msg.ThreadTS,
		ResponseType: msg.ResponseType, ReplaceOriginal: msg.ReplaceOriginal, DeleteOriginal: msg.DeleteOriginal,
	}
	if len(msg.Blocks) > 0 && string(msg.Blocks) != "null" {
		c.Blocks = msg.Blocks
	}
	s.record(c)
	writeJSON(w, map[string]any{"ok": true})
}

// writeJSON writes v without a trailing newline, so that a client that
// decodes one value reads the whole body and can reuse the connection.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

// Sign sets the X-Slack-Request-Timestamp and X-Slack-Signature headers of
// a request with body, as Slack signs it with the signing secret at the
// time at.
func Sign(h http.Header, secret string, at time.Time, body []byte) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// BlockText returns every text in the call's blocks, decoded, one per
// line: what a reader sees, without the JSON.
func (c Call) BlockText() string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if t, ok := v["text"].(string); ok {
				b.WriteString(t)
				b.WriteByte('\n')
			}
			for k, e := range v {
				if k != "text" {
					walk(e)
				} else if _, ok := e.(string); !ok {
					walk(e)
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	var bs []any
	_ = json.Unmarshal(c.Blocks, &bs)
	walk(bs)
	return b.String()
}
