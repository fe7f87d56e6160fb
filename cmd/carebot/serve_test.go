package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveWait bounds every wait in the serve tests (-race on a busy machine
// is slow: a clean-clone run at a load average near 35 saw serve take more
// than 30 s to listen). It is a bound for a hang; a healthy start takes
// about a second.
const serveWait = 90 * time.Second

// logBuffer is serve's stderr in a test: safe for the logger and the test,
// which can wait for lines to be logged.
type logBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{} // closed and dropped on every write
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.changed != nil {
		close(b.changed)
		b.changed = nil
	}
	return b.b.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// count counts s in the logs.
func (b *logBuffer) count(s string) int {
	return strings.Count(b.String(), s)
}

// wait waits until the logs hold s, failing t after timeout.
func (b *logBuffer) wait(t *testing.T, s string, timeout time.Duration) {
	t.Helper()
	b.waitN(t, s, 1, timeout)
}

// waitCount waits until s appears at least n times in the logs, failing t
// after serveWait.
func (b *logBuffer) waitCount(t *testing.T, s string, n int) {
	t.Helper()
	b.waitN(t, s, n, serveWait)
}

func (b *logBuffer) waitN(t *testing.T, s string, n int, timeout time.Duration) {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		b.mu.Lock()
		got := strings.Count(b.b.String(), s)
		if got >= n {
			b.mu.Unlock()
			return
		}
		if b.changed == nil {
			b.changed = make(chan struct{})
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("%q logged %d times within %s, want %d; logs:\n%s", s, got, timeout, n, b)
		}
	}
}

// served is a `carebot serve` running in-process.
type served struct {
	addr   string // where it listens
	log    *logBuffer
	cancel context.CancelFunc // starts the shutdown
	done   chan int           // the exit code; whoever takes it puts it back
}

// startServe runs `carebot serve args...` with env (and a temporary
// SQLite database unless env names one) and returns once it listens; the
// test's end stops it.
func startServe(t *testing.T, env map[string]string, args ...string) *served {
	t.Helper()
	env = withTestDatabase(t, env)
	addrs := make(chan string, 1)
	s := &served{log: &logBuffer{}, done: make(chan int, 1)}
	c := &cli{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: s.log,
		getenv: func(k string) string { return env[k] }, onListen: func(a string) { addrs <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() { s.done <- c.run(ctx, serveCmd(env, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(serveWait):
			t.Error("serve did not shut down")
		}
	})
	select {
	case s.addr = <-addrs:
		return s
	case code := <-s.done:
		s.done <- code
		t.Fatalf("serve exited %d before listening: %s", code, s.log)
	case <-time.After(serveWait): // a loaded machine starts slowly under -race
		t.Fatal("serve did not start listening")
	}
	return nil
}

// stop shuts serve down and returns its exit code; it may be called again.
func (s *served) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the next stop and the cleanup
		return code
	case <-time.After(serveWait):
		t.Fatal("serve did not shut down")
		return -1
	}
}
