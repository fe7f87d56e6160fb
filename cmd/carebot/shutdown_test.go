package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// holdingProxy stands between carebot and the fake Bot API and holds every
// sendMessage until released, to keep a reply in flight.
type holdingProxy struct {
	next    http.Handler
	held    chan struct{} // a token when a sendMessage arrives
	release chan struct{} // closed to let them through
	once    sync.Once
	aborted atomic.Bool // the client gave up on a sendMessage
}

func newHoldingProxy(t *testing.T, target string) (*holdingProxy, string) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) {
		w.WriteHeader(http.StatusBadGateway) // a long poll cut by shutdown
	}
	p := &holdingProxy{next: rp, held: make(chan struct{}, 1), release: make(chan struct{})}
	srv := httptest.NewServer(p)
	// Cleanups run last first: release, so that Close does not wait for
	// a held request.
	t.Cleanup(srv.Close)
	t.Cleanup(p.let)
	return p, srv.URL
}

func (p *holdingProxy) let() { p.once.Do(func() { close(p.release) }) }

func (p *holdingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/sendMessage") {
		p.next.ServeHTTP(w, r)
		return
	}
	select {
	case p.held <- struct{}{}:
	default:
	}
	select {
	case <-p.release:
	case <-r.Context().Done():
		p.aborted.Store(true)
		return
	}
	p.next.ServeHTTP(w, r)
	if r.Context().Err() != nil {
		p.aborted.Store(true)
	}
}

// A reply in flight when serve is told to stop is delivered before serve
// returns.
func TestServeShutdownFinishesReplyInFlight(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	tg.Timeout = serveWait
	proxy, proxyURL := newHoldingProxy(t, tg.URL)
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":        "127.0.0.1:0",
		"CAREBOT_KB_DIR":           kbDir(t),
		"CAREBOT_TELEGRAM_TOKEN":   tg.Token,
		"CAREBOT_TELEGRAM_API_URL": proxyURL,
	})
	tg.Push(telegramtest.PrivateText(71, "en", "/help"))
	select {
	case <-proxy.held:
	case <-time.After(serveWait):
		t.Fatal("no reply was sent")
	}

	s.cancel()
	s.log.waitCount(t, `"msg":"shutting down"`, 1)
	select {
	case code := <-s.done:
		t.Fatalf("serve returned (exit %d) with a reply in flight", code)
	default:
	}
	proxy.let()
	select {
	case code := <-s.done:
		s.done <- code
		if code != exitOK {
			t.Errorf("exit %d: %s", code, s.log)
		}
	case <-time.After(serveWait):
		t.Fatal("serve did not return after the reply went out")
	}
	if proxy.aborted.Load() {
		t.Error("the reply in flight was cancelled")
	}
	if len(tg.Sent(71)) == 0 {
		t.Error("the reply in flight was not delivered")
	}
	// "stopped" is logged once every part has stopped, River included,
	// and before the database closes.
	log := s.log.String()
	stopped := strings.Index(log, `"msg":"stopped"`)
	if stopped < 0 || strings.Contains(log, "timed out") {
		t.Errorf("log:\n%s", log)
	}
	for _, part := range []string{"telegram stopped", "River client stopped"} {
		if i := strings.Index(log, `"msg":"`+part+`"`); i < 0 || i > stopped {
			t.Errorf("%q is not logged before \"stopped\":\n%s", part, log)
		}
	}
}

// hungAdapter ignores its context and never returns until released.
type hungAdapter struct{ release chan struct{} }

func (hungAdapter) Name() string { return "hung" }

func (a hungAdapter) Run(context.Context) error {
	<-a.release
	return nil
}

// quickAdapter stops when told to.
type quickAdapter struct{}

func (quickAdapter) Name() string { return "quick" }

func (quickAdapter) Run(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

// A part that does not stop cannot hold serve past ShutdownTimeout: serve
// gives up on it, logs what was still running and returns.
func TestServeShutdownIsBounded(t *testing.T) {
	t.Parallel()
	hung := hungAdapter{release: make(chan struct{})}
	t.Cleanup(func() { close(hung.release) })
	log := &logBuffer{}
	s := &server{
		c:   &cli{stderr: log},
		cfg: serveConfig{HTTPAddr: "127.0.0.1:0", ShutdownTimeout: 50 * time.Millisecond},
		log: slog.New(slog.NewJSONHandler(log, nil)),
		mux: http.NewServeMux(),
		adapters: []bot.Adapter{
			hung, quickAdapter{},
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.run(ctx) }()
	log.waitCount(t, `"msg":"listening"`, 1)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, errShutdownTimeout) {
			t.Errorf("run: %v, want errShutdownTimeout", err)
		}
	case <-time.After(serveWait):
		t.Fatal("a hung adapter held run past the shutdown timeout")
	}
	if !strings.Contains(log.String(), `"running":["hung"]`) {
		t.Errorf("the log does not name the part still running:\n%s", log)
	}
}

// The child process of TestServeSignals: carebot serve as main runs it.
const serveChildEnv = "CAREBOT_SERVE_CHILD"

func TestServeChildProcess(t *testing.T) {
	if os.Getenv(serveChildEnv) == "" {
		t.Skip("the child process of TestServeSignals")
	}
	// The parent's test knowledge base has few of the built-in signs.
	os.Exit(runWithSignals([]string{"serve", "--allow-sign-removal"}, strings.NewReader(""), os.Stdout, os.Stderr))
}

// The built command reloads its knowledge base on SIGHUP and stops cleanly
// on SIGTERM.
func TestServeSignals(t *testing.T) {
	t.Parallel()
	env := []string{serveChildEnv + "=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CAREBOT_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"CAREBOT_HTTP_ADDR=127.0.0.1:0",
		"CAREBOT_KB_DIR="+kbDir(t),
		"CAREBOT_DATABASE_URL="+filepath.Join(t.TempDir(), "carebot.db"),
	)
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChildProcess$")
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var out bytes.Buffer // the child's log; read only after exited
	lines := make(chan string)
	testDone := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			select {
			case lines <- sc.Text():
			case <-testDone:
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		close(testDone)
		cmd.Process.Kill()
	})
	await := func(msg string) {
		t.Helper()
		deadline := time.After(serveWait)
		for {
			select {
			case line := <-lines:
				if strings.Contains(line, `"msg":"`+msg+`"`) {
					return
				}
			case err := <-exited:
				t.Fatalf("the child exited (%v) before logging %q:\n%s", err, msg, out.String())
			case <-deadline:
				t.Fatalf("the child did not log %q", msg)
			}
		}
	}
	await("listening")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	await("SIGHUP: reloading the knowledge base")
	await("knowledge base reloaded")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	await("shutting down")
	await("stopped")
	deadline := time.After(serveWait)
	for {
		select {
		case <-lines: // written at exit (a count of suppressed log lines)
		case err := <-exited:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v\n%s", err, out.String())
			}
			return
		case <-deadline:
			t.Fatal("the child did not exit after SIGTERM")
		}
	}
}
