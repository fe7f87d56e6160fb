package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

// target is a running carebot: a child process or pieces in this process.
type target struct {
	pid     int
	addr    string // host:port of its HTTP server
	logFile string
	// shutdown stops it and waits; it is called once.
	shutdown func() error
	stopped  bool
	took     time.Duration
	err      error
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startChild runs `bin serve` (or this program's serve-path command, for
// -mode child) with the webhook on a loopback port, the fake as its Bot API
// and a fresh database. Its log goes to dir/carebot.log.
func startChild(ctx context.Context, cfg config, apiURL, dir string) (*target, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile := filepath.Join(dir, "carebot.log")
	out, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	bin, args := cfg.bin, []string{"serve"}
	if cfg.mode == modeChild {
		if bin, err = os.Executable(); err != nil {
			return nil, err
		}
		args = []string{servePathCommand}
	}
	if cfg.configFile != "" {
		args = append(args, "--config", cfg.configFile)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(withoutCarebotEnv(os.Environ()),
		"CAREBOT_HTTP_ADDR="+addr,
		"CAREBOT_TELEGRAM_TOKEN="+token,
		"CAREBOT_TELEGRAM_API_URL="+apiURL,
		"CAREBOT_TELEGRAM_WEBHOOK_URL=http://"+addr+"/telegram/webhook",
		"CAREBOT_TELEGRAM_WEBHOOK_SECRET="+secret,
		"CAREBOT_DATABASE_URL="+cfg.dbURL,
		"CAREBOT_PSEUDONYM_KEY=load-test-pseudonym-key",
		envLimits+"="+cfg.limits,
	)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 20 * time.Second
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); out.Close() }()
	t := &target{pid: cmd.Process.Pid, addr: addr, logFile: logFile}
	t.shutdown = func() error {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return err
		}
		select {
		case err := <-exited:
			return err
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
			return errors.New("no exit 30s after SIGTERM: killed")
		}
	}
	return t, nil
}

// withoutCarebotEnv drops CAREBOT_* variables (a Slack token in the
// caller's environment would start Slack).
func withoutCarebotEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "CAREBOT_") && !strings.HasPrefix(kv, envLimits+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// startInProcess runs servePath in this process, logging to
// dir/carebot.log.
func startInProcess(ctx context.Context, cfg config, apiURL, dir string) (*target, error) {
	logFile := filepath.Join(dir, "carebot.log")
	out, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	addr, shutdown, err := servePath(ctx, pathConfig{
		addr: "127.0.0.1:0", apiURL: apiURL, dbPath: cfg.dbURL, limitsOff: cfg.limits == "off", log: out,
	})
	if err != nil {
		out.Close()
		return nil, err
	}
	t := &target{pid: os.Getpid(), addr: addr, logFile: logFile}
	t.shutdown = func() error {
		err := shutdown()
		out.Close()
		return err
	}
	return t, nil
}

// servePathCommand is the hidden command that runs servePath in a child
// process (-mode child), configured like carebot serve by the environment.
const servePathCommand = "serve-path"

// envLimits passes -limits to the serve-path child.
const envLimits = "LOAD_LIMITS"

// servePathMain is the serve-path command: it serves until SIGTERM.
func servePathMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	webhook := os.Getenv("CAREBOT_TELEGRAM_WEBHOOK_URL")
	_, shutdown, err := servePath(ctx, pathConfig{
		addr:      os.Getenv("CAREBOT_HTTP_ADDR"),
		apiURL:    os.Getenv("CAREBOT_TELEGRAM_API_URL"),
		webhook:   webhook,
		dbPath:    os.Getenv("CAREBOT_DATABASE_URL"),
		limitsOff: os.Getenv(envLimits) == "off",
		log:       os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve-path:", err)
		return 1
	}
	<-ctx.Done()
	if err := shutdown(); err != nil {
		fmt.Fprintln(os.Stderr, "serve-path:", err)
		return 1
	}
	return 0
}

// pathConfig is what servePath runs with.
type pathConfig struct {
	addr      string // where to listen; "127.0.0.1:0" picks a port
	apiURL    string // the Bot API
	webhook   string // the webhook URL; default http://{addr}/telegram/webhook
	dbPath    string // a SQLite file
	limitsOff bool   // lift Telegram's sending and flood limits
	log       io.Writer
}

// servePath wires what `carebot serve` wires for Telegram: a SQLite store,
// the Router on the embedded knowledge base, the adapter in webhook mode and
// a net/http server (nudges and Slack are left out). It returns the address
// it listens on and a function that stops it all.
func servePath(ctx context.Context, pc pathConfig) (addr string, shutdown func() error, err error) {
	if strings.Contains(pc.dbPath, "://") {
		return "", nil, fmt.Errorf("the built-in path runs on SQLite only, not %s", pc.dbPath)
	}
	log := slog.New(slog.NewJSONHandler(pc.log, nil))
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		return "", nil, err
	}
	content, err := bot.NewContent(kb)
	if err != nil {
		return "", nil, err
	}
	db, err := sqlite.Open(ctx, pc.dbPath)
	if err != nil {
		return "", nil, err
	}
	key := []byte("load-test-pseudonym-key")
	router, err := bot.NewRouter(bot.Config{Content: content, Store: db, Logger: log, PseudonymKey: key})
	if err != nil {
		db.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", pc.addr)
	if err != nil {
		db.Close()
		return "", nil, err
	}
	addr = ln.Addr().String()
	if pc.webhook == "" {
		pc.webhook = "http://" + addr + "/telegram/webhook"
	}
	opts := []telegram.Option{
		telegram.WithStore(db),
		telegram.WithLogger(log),
		telegram.WithPseudonymKey(key),
		telegram.WithAPIURL(pc.apiURL),
		telegram.WithWebhook(pc.webhook, secret),
	}
	if pc.limitsOff {
		opts = append(opts,
			telegram.WithRateLimits(telegram.RateLimits{PerChat: telegram.Unlimited, Overall: telegram.Unlimited}),
			telegram.WithFloodLimits(telegram.FloodLimits{Rate: telegram.Unlimited}))
	}
	a, err := telegram.New(token, router, opts...)
	if err != nil {
		ln.Close()
		db.Close()
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(a.WebhookPath(), a.WebhookHandler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ran := make(chan error, 1)
	go func() { ran <- a.Run(runCtx) }()
	shutdown = func() error {
		sctx, scancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer scancel()
		err := srv.Shutdown(sctx)
		cancel()
		if rerr := <-ran; rerr != nil && !errors.Is(rerr, context.Canceled) {
			err = errors.Join(err, rerr)
		}
		<-served
		return errors.Join(err, db.Close())
	}
	return addr, shutdown, nil
}

// waitReady waits until the webhook is set at the fake and /healthz
// answers.
func (t *target) waitReady(ctx context.Context, fake *telegramtest.Server) error {
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if url, _ := fake.Webhook(); url != "" && t.healthy(ctx) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("carebot not ready after 60s (log: %s)", t.logFile)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func (t *target) healthy(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+t.addr+"/healthz", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// stop shuts carebot down once and returns how long it took.
func (t *target) stop() (time.Duration, error) {
	if !t.stopped {
		t.stopped = true
		start := time.Now()
		t.err = t.shutdown()
		t.took = time.Since(start)
	}
	return t.took, t.err
}

// peakRSS reads VmHWM, the peak resident set, from /proc.
func (t *target) peakRSS() string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(t.pid) + "/status")
	if err != nil {
		return "n/a"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if kb, err := strconv.ParseFloat(f[0], 64); err == nil && len(f) == 2 && f[1] == "kB" {
				return fmt.Sprintf("%.1f MiB", kb/1024)
			}
			return strings.TrimSpace(v)
		}
	}
	return "n/a"
}

// cpu returns the CPU time (user and system) the process used so far,
// from /proc/PID/stat in clock ticks of 1/100 s (USER_HZ on Linux).
func (t *target) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(t.pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after it; utime and stime are fields 14 and 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(u+s) * 10 * time.Millisecond
}

// logProblems counts carebot's warnings and errors in its log.
func (t *target) logProblems() string {
	b, err := os.ReadFile(t.logFile)
	if err != nil {
		return ""
	}
	counts := map[string]int{}
	var first []string
	for line := range strings.Lines(string(b)) {
		for _, lvl := range []string{"WARN", "ERROR"} {
			if strings.Contains(line, `"level":"`+lvl+`"`) {
				counts[lvl]++
				if len(first) < 3 {
					first = append(first, strings.TrimSpace(line))
				}
			}
		}
	}
	if len(counts) == 0 {
		return ""
	}
	s := fmt.Sprintf("carebot logged %d warnings and %d errors", counts["WARN"], counts["ERROR"])
	for _, l := range first {
		if len(l) > 300 {
			l = l[:300] + "..."
		}
		s += "\n            " + l
	}
	return s
}
