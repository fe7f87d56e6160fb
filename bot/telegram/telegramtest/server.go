// Package telegramtest is a fake Telegram Bot API server on httptest for
// tests and benchmarks. It speaks the real wire format: requests to
// {URL}/bot{token}/{method} as multipart/form-data (what go-telegram/bot
// sends), application/x-www-form-urlencoded or JSON; answers
// {"ok":true,"result":...} or {"ok":false,"error_code":...,"description":...,
// "parameters":{"retry_after":N}}. getUpdates long-polls and honours offset;
// sendMessage checks HTML, length and inline keyboards like Telegram and
// returns a Message; sendMediaGroup and sendPhoto take multipart uploads
// and check Telegram's limits (2 to 10 photos an album, 10 MB, width +
// height 10000, sides 20:1, captions 1024) and record them (Media,
// WaitMedia); setWebhook, setMyCommands, answerCallbackQuery, getMe
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
	"net/http"
	"net/http/httptest"
	"slices"
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
	// Files are the files of a multipart request, by field name (the
	// name an "attach://name" refers to).
	Files map[string][]byte
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
	// MigrateTo is parameters.migrate_to_chat_id (400: the group became
	// a supergroup with this id).
	MigrateTo int64
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
	media        []SentMedia
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

// WaitWebhook waits until a webhook is set and returns its URL.
func (s *Server) WaitWebhook(tb testing.TB) string {
	tb.Helper()
	s.wait(tb, "setWebhook", func() bool { return s.webhookURL != "" })
	url, _ := s.Webhook()
	return url
}

// BusiestSecond returns the most calls that arrived within one second (by
// Call.Time): what a per-second limit at the platform would have seen.
func BusiestSecond(calls []Call) int {
	times := make([]time.Time, len(calls))
	for i, c := range calls {
		times[i] = c.Time
	}
	slices.SortFunc(times, time.Time.Compare)
	most, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= time.Second {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}
