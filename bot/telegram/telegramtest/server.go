// Package telegramtest is a fake Telegram Bot API server on httptest for
// tests and benchmarks. It speaks the real wire format: requests to
// {URL}/bot{token}/{method} as multipart/form-data (what go-telegram/bot
// sends), application/x-www-form-urlencoded or JSON; answers
// {"ok":true,"result":...} or {"ok":false,"error_code":...,"description":...,
// "parameters":{"retry_after":N}}. getUpdates long-polls and honours offset;
// sendMessage checks HTML, length and inline keyboards like Telegram and
// returns a Message; setWebhook, setMyCommands, answerCallbackQuery, getMe
// and sendChatAction are recorded. Failures (429, 403, any error) can be
// injected, and a rate-limit mode answers 429 past N messages a second.
//
// Tests wait for what the bot sent with WaitSent and friends: they block on
// a channel until the condition holds or the Server's Timeout passes. There
// are no sleeps.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultToken is the bot token a Server accepts unless New is given one.
const DefaultToken = "7000000001:AAFakeTokenForTests_abcdefghijklmnopq"

// DefaultUsername is the fake bot's username.
const DefaultUsername = "carebot_test_bot"

// Call is one Bot API request the Server received.
type Call struct {
	// Method is the Bot API method ("sendMessage").
	Method string
	// Params are the request's fields; JSON objects and arrays
	// (reply_markup, commands) are kept as their JSON text.
	Params map[string]string
	// ContentType is the request's media type ("multipart/form-data"), or
	// "webhook-response" for a method returned in a webhook response.
	ContentType string
	// Time is when the request arrived.
	Time time.Time
}

// Sent is a message the bot sent (sendMessage that succeeded).
type Sent struct {
	// ChatID is the chat the message went to.
	ChatID int64
	// MessageID is the id the fake gave it.
	MessageID int
	// Text is the visible text, after HTML parsing.
	Text string
	// Raw is the text field as sent.
	Raw string
	// ParseMode is the parse_mode field ("HTML" or "").
	ParseMode string
	// Buttons is the inline keyboard, rows of buttons; nil without one.
	Buttons [][]Button
	// Inline is true when the message came as a webhook response body
	// rather than a request.
	Inline bool
}

// Button returns the callback data of the button labelled label, and false
// when there is none.
func (s Sent) Button(label string) (string, bool) {
	for _, row := range s.Buttons {
		for _, b := range row {
			if b.Text == label {
				return b.CallbackData, true
			}
		}
	}
	return "", false
}

// Failure is an error the Server answers instead of performing a method.
type Failure struct {
	// Code is the HTTP status and error_code (429, 403, 400, 500).
	Code int
	// Description is Telegram's description.
	Description string
	// RetryAfter is parameters.retry_after, in seconds (429).
	RetryAfter int
}

// TooManyRequests is the failure Telegram answers when a bot sends too fast.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Code: 429, Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter), RetryAfter: retryAfter}
}

// Blocked is the failure Telegram answers when the user blocked the bot.
func Blocked() Failure {
	return Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"}
}

// Server is a fake Bot API server. Create one with New; it is closed when
// the test ends.
type Server struct {
	// URL is the base URL to give the client in place of
	// https://api.telegram.org.
	URL string
	// Token is the bot token the Server accepts.
	Token string
	// Me is the bot, as getMe returns it.
	Me User
	// Timeout bounds every Wait; default 10 seconds.
	Timeout time.Duration

	srv    *httptest.Server
	client *http.Client
	closed chan struct{}

	mu           sync.Mutex
	changed      chan struct{} // closed and replaced on every change
	nextUpdateID int64
	nextMsgID    int
	pending      []pendingUpdate
	calls        []Call
	sent         []Sent
	webhookURL   string
	webhookKey   string
	failNext     map[string][]Failure
	failChat     map[int64]Failure
	rateN        int
	rateTimes    []time.Time // sends in the last second, oldest first
	onSend       func(Sent)
	received     int // updates ever handed out or delivered
}

type pendingUpdate struct {
	id  int64
	raw json.RawMessage
}

// New starts a fake Bot API server for the test, accepting DefaultToken.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := NewServer(DefaultToken)
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts a fake Bot API server accepting token; Close it when
// done. Most tests use New.
func NewServer(token string) *Server {
	s := &Server{
		Token:        token,
		Me:           User{ID: botID, IsBot: true, FirstName: "carebot", Username: DefaultUsername},
		Timeout:      10 * time.Second,
		closed:       make(chan struct{}),
		changed:      make(chan struct{}),
		nextUpdateID: 100000,
		nextMsgID:    1,
		failNext:     map[string][]Failure{},
		failChat:     map[int64]Failure{},
	}
	if i := strings.IndexByte(token, ':'); i > 0 {
		if id, err := strconv.ParseInt(token[:i], 10, 64); err == nil {
			s.Me.ID = id
		}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256
	s.client = &http.Client{Transport: tr, Timeout: time.Minute}
	return s
}

// Close stops the server; pending long polls return.
func (s *Server) Close() {
	select {
	case <-s.closed:
		return
	default:
	}
	close(s.closed)
	s.client.CloseIdleConnections()
	s.srv.Close()
}

// notify wakes every waiter; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// OnSend sets a function called (outside the Server's lock) with every
// message sent; for benchmarks that wait per chat.
func (s *Server) OnSend(f func(Sent)) {
	s.mu.Lock()
	s.onSend = f
	s.mu.Unlock()
}

// FailNext makes the next call of method fail with f; calls queue up.
func (s *Server) FailNext(method string, f Failure) {
	s.mu.Lock()
	s.failNext[method] = append(s.failNext[method], f)
	s.mu.Unlock()
}

// FailChat makes every sendMessage to chatID fail with f (Blocked(), for a
// user who blocked the bot) until ClearChat.
func (s *Server) FailChat(chatID int64, f Failure) {
	s.mu.Lock()
	s.failChat[chatID] = f
	s.mu.Unlock()
}

// ClearChat removes a FailChat failure.
func (s *Server) ClearChat(chatID int64) {
	s.mu.Lock()
	delete(s.failChat, chatID)
	s.mu.Unlock()
}

// SetRateLimit makes sendMessage answer 429 (retry_after 1) to a message
// that would be the (n+1)th in the last second, all chats together; 0
// turns it off.
func (s *Server) SetRateLimit(n int) {
	s.mu.Lock()
	s.rateN, s.rateTimes = n, nil
	s.mu.Unlock()
}

// Webhook returns the URL and secret token of the last setWebhook; empty
// after deleteWebhook.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.webhookKey
}

// Calls returns the calls of method received so far, or every call when
// method is "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Sent returns the messages sent so far, to every chat when chatID is 0.
func (s *Server) Sent(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentTo(chatID)
}

func (s *Server) sentTo(chatID int64) []Sent {
	var out []Sent
	for _, m := range s.sent {
		if chatID == 0 || m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// Push queues an update for getUpdates and returns its update_id (assigned
// when u.UpdateID is 0). Pushing an id again queues it again, as Telegram
// redelivers updates that were not confirmed.
func (s *Server) Push(u Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.assignID(&u)
	raw, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	s.pending = append(s.pending, pendingUpdate{u.UpdateID, raw})
	s.notify()
	return u.UpdateID
}

// PushRaw queues raw JSON as an update with the id (for malformed or
// unusual updates).
func (s *Server) PushRaw(id int64, raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, pendingUpdate{id, json.RawMessage(raw)})
	s.notify()
}

// NextUpdateID reserves and returns an update id.
func (s *Server) NextUpdateID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdateID++
	return s.nextUpdateID
}

func (s *Server) assignID(u *Update) {
	if u.UpdateID == 0 {
		s.nextUpdateID++
		u.UpdateID = s.nextUpdateID
	}
	if m := u.Message; m != nil && m.MessageID == 0 {
		s.nextMsgID++
		m.MessageID = s.nextMsgID
	}
	if q := u.CallbackQuery; q != nil && q.ID == "" {
		s.nextMsgID++
		q.ID = "cq" + strconv.Itoa(s.nextMsgID)
	}
}

// Pending returns how many pushed updates are not yet confirmed by a
// getUpdates offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// wait blocks until cond (called with s.mu held) is true, or fails tb after
// s.Timeout.
func (s *Server) wait(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	timer := time.NewTimer(s.Timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			tb.Fatalf("telegramtest: timed out after %v waiting for %s", s.Timeout, what)
			return
		case <-s.closed:
			tb.Fatalf("telegramtest: server closed while waiting for %s", what)
			return
		}
	}
}

// WaitSent waits until at least n messages were sent to chatID (to any chat
// when chatID is 0) and returns them all.
func (s *Server) WaitSent(tb testing.TB, chatID int64, n int) []Sent {
	tb.Helper()
	var out []Sent
	s.wait(tb, fmt.Sprintf("%d sent messages to chat %d", n, chatID), func() bool {
		out = s.sentTo(chatID)
		return len(out) >= n
	})
	return out
}

// WaitCalls waits until at least n calls of method arrived and returns them.
func (s *Server) WaitCalls(tb testing.TB, method string, n int) []Call {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("%d %s calls", n, method), func() bool {
		k := 0
		for _, c := range s.calls {
			if c.Method == method {
				k++
			}
		}
		return k >= n
	})
	return s.Calls(method)
}

// WaitPending waits until at most n pushed updates remain unconfirmed.
func (s *Server) WaitPending(tb testing.TB, n int) {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("at most %d pending updates", n), func() bool { return len(s.pending) <= n })
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok || r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeError(w, Failure{Code: 404, Description: "Not Found"})
		return
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		writeError(w, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	params, ctype, err := readParams(r)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params, ContentType: ctype, Time: time.Now()})
	s.notify()
	s.mu.Unlock()
	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	result, f := s.do(method, params, false)
	if f != nil {
		writeError(w, *f)
		return
	}
	writeResult(w, result)
}

// readParams reads the request's fields whatever its encoding.
func readParams(r *http.Request) (map[string]string, string, error) {
	params := map[string]string{}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "multipart/form-data":
		// go-telegram/bot sends an empty body (not even a closing
		// boundary) for methods without parameters.
		if err := r.ParseMultipartForm(32 << 20); err != nil && !isEmptyMultipart(err) {
			return nil, ctype, fmt.Errorf("multipart: %w", err)
		}
		if r.MultipartForm != nil {
			for k, v := range r.MultipartForm.Value {
				params[k] = v[0]
			}
		}
	case "application/json":
		var m map[string]json.RawMessage
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, ctype, err
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, ctype, fmt.Errorf("json: %w", err)
			}
		}
		for k, v := range m {
			params[k] = jsonField(v)
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, ctype, err
		}
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	return params, ctype, nil
}

func isEmptyMultipart(err error) bool {
	return err == io.EOF || strings.Contains(err.Error(), "EOF")
}

// jsonField turns a JSON value into the string a form field would carry.
func jsonField(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func writeError(w http.ResponseWriter, f Failure) {
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	if f.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code)
	json.NewEncoder(w).Encode(body)
}

// getUpdates confirms updates below offset, then returns what is pending or
// waits for it up to timeout seconds.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p map[string]string) {
	offset, _ := strconv.ParseInt(p["offset"], 10, 64)
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p["timeout"])
	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.webhookURL != "" {
			s.mu.Unlock()
			writeError(w, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		}
		if offset != 0 {
			kept := s.pending[:0]
			for _, u := range s.pending {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			if len(kept) != len(s.pending) {
				s.pending = kept
				s.notify()
			}
		}
		var out []json.RawMessage
		for _, u := range s.pending {
			if len(out) < limit {
				out = append(out, u.raw)
			}
		}
		s.received += len(out)
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || timeout <= 0 {
			if out == nil {
				out = []json.RawMessage{}
			}
			writeResult(w, out)
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			timeout = 0
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
}

// do performs a method other than getUpdates; inline is true for a method
// returned in a webhook response.
func (s *Server) do(method string, p map[string]string, inline bool) (any, *Failure) {
	s.mu.Lock()
	if q := s.failNext[method]; len(q) > 0 {
		s.failNext[method] = q[1:]
		s.mu.Unlock()
		return nil, &q[0]
	}
	s.mu.Unlock()
	switch method {
	case "getMe":
		return s.Me, nil
	case "sendMessage":
		return s.sendMessage(p, inline)
	case "setWebhook":
		u, err := url.Parse(p["url"])
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, &Failure{Code: 400, Description: "Bad Request: invalid webhook URL specified"}
		}
		if !validSecret(p["secret_token"]) {
			return nil, &Failure{Code: 400, Description: "Bad Request: secret token contains unallowed characters"}
		}
		s.mu.Lock()
		s.webhookURL, s.webhookKey = p["url"], p["secret_token"]
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "deleteWebhook":
		s.mu.Lock()
		s.webhookURL, s.webhookKey = "", ""
		if p["drop_pending_updates"] == "true" {
			s.pending = nil
		}
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return map[string]any{"url": s.webhookURL, "has_custom_certificate": false, "pending_update_count": len(s.pending)}, nil
	case "setMyCommands":
		var cmds []struct {
			Command     string `json:"command"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil || len(cmds) == 0 {
			return nil, &Failure{Code: 400, Description: "Bad Request: can't parse commands JSON object"}
		}
		for _, c := range cmds {
			if c.Command == "" || len(c.Command) > 32 || c.Description == "" || len(c.Description) > 256 {
				return nil, &Failure{Code: 400, Description: "Bad Request: BOT_COMMAND_INVALID"}
			}
		}
		return true, nil
	case "answerCallbackQuery":
		if p["callback_query_id"] == "" {
			return nil, &Failure{Code: 400, Description: "Bad Request: query is too old and response timeout expired or query ID is invalid"}
		}
		return true, nil
	case "sendChatAction", "deleteMyCommands":
		return true, nil
	}
	return nil, &Failure{Code: 404, Description: "Not Found"}
}

func validSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (s *Server) sendMessage(p map[string]string, inline bool) (any, *Failure) {
	chatID, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil {
		return nil, &Failure{Code: 400, Description: "Bad Request: chat not found"}
	}
	raw, text := p["text"], p["text"]
	if p["parse_mode"] == "HTML" {
		text, err = ParseHTML(raw)
		if err != nil {
			return nil, &Failure{Code: 400, Description: "Bad Request: " + err.Error()}
		}
	} else if p["parse_mode"] != "" {
		return nil, &Failure{Code: 400, Description: "Bad Request: unsupported parse_mode " + p["parse_mode"]}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &Failure{Code: 400, Description: "Bad Request: message text is empty"}
	}
	if Len16(text) > 4096 {
		return nil, &Failure{Code: 400, Description: "Bad Request: message is too long"}
	}
	var buttons [][]Button
	if rm := p["reply_markup"]; rm != "" {
		var m struct {
			InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(rm), &m); err != nil {
			return nil, &Failure{Code: 400, Description: "Bad Request: can't parse reply keyboard markup JSON object"}
		}
		for _, row := range m.InlineKeyboard {
			var out []Button
			for _, fields := range row {
				b, f := parseButton(fields)
				if f != nil {
					return nil, f
				}
				out = append(out, b)
			}
			buttons = append(buttons, out)
		}
	}

	s.mu.Lock()
	if f, ok := s.failChat[chatID]; ok {
		s.mu.Unlock()
		return nil, &f
	}
	if s.rateN > 0 {
		now := time.Now()
		i := 0
		for i < len(s.rateTimes) && now.Sub(s.rateTimes[i]) >= time.Second {
			i++
		}
		s.rateTimes = s.rateTimes[i:]
		if len(s.rateTimes) >= s.rateN {
			s.mu.Unlock()
			f := TooManyRequests(1)
			return nil, &f
		}
		s.rateTimes = append(s.rateTimes, now)
	}
	s.nextMsgID++
	m := Sent{ChatID: chatID, MessageID: s.nextMsgID, Text: text, Raw: raw, ParseMode: p["parse_mode"], Buttons: buttons, Inline: inline}
	s.sent = append(s.sent, m)
	s.notify()
	hook := s.onSend
	s.mu.Unlock()
	if hook != nil {
		hook(m)
	}
	typ := "private"
	if chatID < 0 {
		typ = "supergroup"
	}
	return Message{MessageID: m.MessageID, From: &s.Me, Date: time.Now().Unix(), Chat: Chat{ID: chatID, Type: typ}, Text: text}, nil
}

// parseButton checks an inline keyboard button as Telegram does: a label
// and exactly one action; callback_data of 1 to 64 bytes.
func parseButton(fields map[string]json.RawMessage) (Button, *Failure) {
	var b Button
	bad := func(why string) (Button, *Failure) {
		return b, &Failure{Code: 400, Description: "Bad Request: can't parse inline keyboard button: " + why}
	}
	if err := json.Unmarshal(fields["text"], &b.Text); err != nil || b.Text == "" {
		return bad("text is empty")
	}
	actions := 0
	for k, v := range fields {
		switch k {
		case "text":
		case "callback_data":
			if err := json.Unmarshal(v, &b.CallbackData); err != nil {
				return bad("callback_data must be a string")
			}
			if len(b.CallbackData) == 0 || len(b.CallbackData) > 64 {
				return b, &Failure{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"}
			}
			actions++
		case "url":
			json.Unmarshal(v, &b.URL)
			actions++
		default:
			// copy_text, web_app, ...: the fake does not expect them.
			return bad("unexpected field " + k)
		}
	}
	if actions != 1 {
		return bad("Text buttons are unallowed in the inline keyboard")
	}
	return b, nil
}

// WaitWebhook waits until a webhook is set and returns its URL.
func (s *Server) WaitWebhook(tb testing.TB) string {
	tb.Helper()
	s.wait(tb, "setWebhook", func() bool { return s.webhookURL != "" })
	url, _ := s.Webhook()
	return url
}
