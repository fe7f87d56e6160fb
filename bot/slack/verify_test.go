package slack

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack/slacktest"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"type":"url_verification","challenge":"abc"}`)
	signed := func(secret string, at time.Time, b []byte) http.Header {
		h := http.Header{}
		slacktest.Sign(h, secret, at, b)
		return h
	}
	tests := []struct {
		name   string
		header http.Header
		body   []byte
		want   error
	}{
		{"valid", signed(testSecret, now, body), body, nil},
		{"valid at the edge of the window", signed(testSecret, now.Add(-5*time.Minute), body), body, nil},
		{"forged with another secret", signed("not the secret", now, body), body, ErrBadSignature},
		{"body changed after signing", signed(testSecret, now, body), []byte(`{"type":"url_verification","challenge":"abd"}`), ErrBadSignature},
		{"stale", signed(testSecret, now.Add(-5*time.Minute-time.Second), body), body, ErrStaleRequest},
		{"from the future", signed(testSecret, now.Add(6*time.Minute), body), body, ErrStaleRequest},
		{"unsigned", http.Header{}, body, ErrUnsigned},
		{"signature without v0", func() http.Header {
			h := signed(testSecret, now, body)
			h.Set(headerSignature, strings.TrimPrefix(h.Get(headerSignature), "v0="))
			return h
		}(), body, ErrBadSignature},
		{"signature not hex", func() http.Header {
			h := signed(testSecret, now, body)
			h.Set(headerSignature, "v0=zz")
			return h
		}(), body, ErrBadSignature},
		{"timestamp not a number", func() http.Header {
			h := signed(testSecret, now, body)
			h.Set(headerTimestamp, "soon")
			return h
		}(), body, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := verify(tt.header, tt.body, []byte(testSecret), now, 5*time.Minute)
			if !errors.Is(err, tt.want) {
				t.Errorf("verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestHandlersRejectUnsigned sends valid, forged and stale requests to
// the three endpoints: only the valid ones pass.
func TestHandlersRejectUnsigned(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	body := []byte(`{"type":"url_verification","challenge":"abc"}`)
	for _, path := range []string{PathEvents, PathCommands, PathInteractive} {
		for _, tt := range []struct {
			name   string
			secret string
			at     time.Time
			want   int
		}{
			{"forged", "forged-secret", time.Now(), http.StatusUnauthorized},
			{"stale", testSecret, time.Now().Add(-10 * time.Minute), http.StatusUnauthorized},
			{"unsigned", "", time.Now(), http.StatusUnauthorized},
		} {
			req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, bytes.NewReader(body))
			if tt.secret != "" {
				slacktest.Sign(req.Header, tt.secret, tt.at, body)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s: status %d, want %d", tt.name, path, resp.StatusCode, tt.want)
			}
		}
	}
	resp, err := http.Get(b.srv.URL + PathEvents)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
	b.stop(t)
	if n := len(b.fake.Calls("")); n != 0 {
		t.Errorf("%d Web API calls after rejected requests, want 0", n)
	}
}

func TestURLVerification(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	resp := b.send(t, PathEvents, "application/json", []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`), nil)
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(got) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", resp.StatusCode, got)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, nil, WithConfig(Config{MaxBodyBytes: 64}))
	resp := b.send(t, PathEvents, "application/json", bytes.Repeat([]byte("x"), 65), nil)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
}

// TestVerifySlackExample checks verify against the example in Slack's
// documentation, independent of slacktest.Sign.
func TestVerifySlackExample(t *testing.T) {
	t.Parallel()
	body := []byte("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
	h := http.Header{}
	h.Set(headerTimestamp, "1531420618")
	h.Set(headerSignature, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
	if err := verify(h, body, []byte("8f742231b10e8888abcd99yyyzzz85a5"), time.Unix(1531420618+30, 0), 5*time.Minute); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// unreadBody fails the test when the handler reads the request body.
type unreadBody struct{ t *testing.T }

func (b unreadBody) Read([]byte) (int, error) {
	b.t.Error("the body of an unsigned or stale request was read")
	return 0, io.EOF
}

// TestHeadersCheckedBeforeBody sends unsigned, stale and malformed
// requests whose bodies must not be read: the signature headers and the
// timestamp are checked first.
func TestHeadersCheckedBeforeBody(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	mux := http.NewServeMux()
	b.a.Mount(mux)
	body := []byte(`{"type":"url_verification","challenge":"abc"}`)
	for _, tt := range []struct {
		name   string
		header func(http.Header)
	}{
		{"unsigned", func(http.Header) {}},
		{"no signature", func(h http.Header) {
			slacktest.Sign(h, testSecret, time.Now(), body)
			h.Del(headerSignature)
		}},
		{"no timestamp", func(h http.Header) {
			slacktest.Sign(h, testSecret, time.Now(), body)
			h.Del(headerTimestamp)
		}},
		{"stale", func(h http.Header) { slacktest.Sign(h, testSecret, time.Now().Add(-6*time.Minute), body) }},
		{"future", func(h http.Header) { slacktest.Sign(h, testSecret, time.Now().Add(6*time.Minute), body) }},
		{"signature not hex", func(h http.Header) {
			slacktest.Sign(h, testSecret, time.Now(), body)
			h.Set(headerSignature, "v0=zz")
		}},
	} {
		for _, path := range []string{PathEvents, PathCommands, PathInteractive} {
			req := httptest.NewRequest(http.MethodPost, path, unreadBody{t})
			tt.header(req.Header)
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", tt.name, path, rec.Code)
			}
		}
	}
}

// TestDefaultBodyLimit checks the 64 KiB default: a signed body of the
// limit passes the size check, one byte more is refused, with or without
// a Content-Length.
func TestDefaultBodyLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	at := func(n int) []byte {
		// a form body of n bytes, which /slack/commands parses
		return append([]byte("text="), bytes.Repeat([]byte("x"), n-len("text="))...)
	}
	ok := b.send(t, PathCommands, "application/x-www-form-urlencoded", at(DefaultMaxBodyBytes), nil)
	if ok.StatusCode == http.StatusRequestEntityTooLarge || ok.StatusCode == http.StatusUnauthorized {
		t.Errorf("%d bytes: status %d", DefaultMaxBodyBytes, ok.StatusCode)
	}
	big := b.send(t, PathCommands, "application/x-www-form-urlencoded", at(DefaultMaxBodyBytes+1), nil)
	if big.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("%d bytes: status %d, want 413", DefaultMaxBodyBytes+1, big.StatusCode)
	}
	// chunked: no Content-Length, the limit holds while reading
	body := at(DefaultMaxBodyBytes + 1)
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+PathCommands, io.MultiReader(bytes.NewReader(body)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	slacktest.Sign(req.Header, testSecret, time.Now(), body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked %d bytes: status %d, want 413", len(body), resp.StatusCode)
	}
}
