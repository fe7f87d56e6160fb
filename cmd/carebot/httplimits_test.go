package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

// limitsConfig sets the HTTP server's limits small, so that a test sees
// them act in well under a second.
const limitsConfig = `http:
  read_header_timeout: 300ms
  read_timeout: 600ms
  write_timeout: 2s
  idle_timeout: 400ms
  max_header_bytes: 2048
telegram:
  inline_wait: 100ms
`

// closedWithin reads from conn until the server closes it, failing t if
// that takes longer than limit. It returns what was read.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) string {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(limit))
	got, err := io.ReadAll(conn)
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("read: %v", err)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server still held the connection after %s (read %q)", limit, got)
	}
	return string(got)
}

// TestServeHTTPTimeouts holds connections the way slow and idle clients
// do (nothing sent, headers never finished, a signed Slack body trickled,
// a kept-alive connection left idle, 200 idle connections at once) against
// serve with small http limits on 127.0.0.1: the server closes every one
// within its timeout.
func TestServeHTTPTimeouts(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(opsSlackToken, "")
	t.Cleanup(fake.Close)
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_SLACK_BOT_TOKEN":      opsSlackToken,
		"CAREBOT_SLACK_SIGNING_SECRET": slackTestSecret,
		"CAREBOT_SLACK_API_URL":        fake.APIURL(),
	}, "--config", writeConfig(t, limitsConfig))
	addr := s.addr
	dial := func(t *testing.T) net.Conn {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	const bound = 5 * time.Second // far above the limits, far below a hang

	t.Run("nothing sent", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		closedWithin(t, dial(t), bound)
		if d := time.Since(start); d < 200*time.Millisecond {
			t.Errorf("closed after %s, before read_header_timeout", d)
		}
	})
	t.Run("headers never finished", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: carebot\r\n")
		closedWithin(t, conn, bound)
	})
	t.Run("slow signed slack body", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		body := `{"type":"event_callback","event_id":"EvSlow"}`
		h := http.Header{}
		slacktest.Sign(h, slackTestSecret, time.Now(), []byte(body))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: carebot\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", slack.PathEvents, len(body))
		for k := range h {
			fmt.Fprintf(conn, "%s: %s\r\n", k, h.Get(k))
		}
		fmt.Fprint(conn, "\r\n"+body[:10]) // and the rest never comes
		got := closedWithin(t, conn, bound)
		if strings.Contains(got, "200 OK") {
			t.Errorf("a partial body was accepted: %q", got)
		}
	})
	t.Run("kept alive and idle", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: carebot\r\n\r\n")
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz: %d", resp.StatusCode)
		}
		start := time.Now()
		closedWithin(t, conn, bound)
		if d := time.Since(start); d < 300*time.Millisecond {
			t.Errorf("closed after %s, before idle_timeout", d)
		}
	})
	t.Run("headers too large", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: carebot\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 8<<10))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status %d, want 431", resp.StatusCode)
		}
	})
	t.Run("200 idle connections", func(t *testing.T) {
		t.Parallel()
		conns := make([]net.Conn, 200)
		for i := range conns {
			conns[i] = dial(t)
		}
		for _, c := range conns {
			closedWithin(t, c, bound)
		}
		// and the server still answers
		if code, _ := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
			t.Errorf("healthz after the idle connections: %d", code)
		}
	})
}
