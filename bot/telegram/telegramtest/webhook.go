package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"
)

// SecretHeader is the header Telegram sends the webhook's secret_token in.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// ErrNoWebhook is returned by Deliver when no webhook is set.
var ErrNoWebhook = errors.New("telegramtest: no webhook set")

// Deliver sends u to the webhook set with setWebhook, with its secret token,
// as Telegram does, and returns the response's status. A method in a 200
// response's body (a reply inline in the webhook response) is performed and
// recorded like a request, with Sent.Inline set.
func (s *Server) Deliver(ctx context.Context, u Update) (int, error) {
	s.mu.Lock()
	url, secret := s.webhookURL, s.webhookKey
	s.assignID(&u)
	s.mu.Unlock()
	if url == "" {
		return 0, ErrNoWebhook
	}
	body, err := json.Marshal(u)
	if err != nil {
		return 0, err
	}
	return s.Post(ctx, url, secret, body)
}

// Post sends body to url as a webhook request with the secret token (none
// when secret is ""), performs a method in a 200 response, and returns the
// status.
func (s *Server) Post(ctx context.Context, url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	s.mu.Lock()
	s.received++
	s.mu.Unlock()
	if resp.StatusCode != http.StatusOK || len(bytes.TrimSpace(data)) == 0 {
		return resp.StatusCode, nil
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ctype != "application/json" {
		return resp.StatusCode, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return resp.StatusCode, err
	}
	params := map[string]string{}
	for k, v := range m {
		params[k] = jsonField(v)
	}
	method := params["method"]
	if method == "" {
		return resp.StatusCode, nil
	}
	delete(params, "method")
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params, ContentType: "webhook-response", Time: time.Now()})
	s.notify()
	s.mu.Unlock()
	// Telegram performs the method and tells nobody how it went.
	s.do(method, params, true)
	return resp.StatusCode, nil
}
