package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/carebot/carebot/bench/internal/loopback"
	"github.com/carebot/carebot/bench/internal/serve"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// target is a running carebot child process.
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

// limitsOffConfig is the config file of -limits off: Telegram's sending and
// flood limits lifted, everything else at its default.
const limitsOffConfig = `telegram:
  send:
    per_chat: .inf
    overall: .inf
  flood:
    rate: .inf
`

// startChild runs `bin serve` with the webhook on a loopback port, the fake
// as its Bot API and a fresh database. Its log goes to dir/carebot.log.
func startChild(ctx context.Context, cfg config, apiURL, dir string) (*target, error) {
	addr, err := loopback.FreeAddr()
	if err != nil {
		return nil, err
	}
	bin, args := cfg.bin, []string{"serve"}
	if cfg.limits == "off" {
		cfg.configFile, err = serve.WriteConfig(dir, "limits-off.yaml", limitsOffConfig)
		if err != nil {
			return nil, err
		}
	}
	if cfg.configFile != "" {
		args = append(args, "--config", cfg.configFile)
	}
	cmd := serve.Command(ctx, bin, args,
		serve.TelegramWebhookEnv(addr, apiURL, token, secret, cfg.dbURL, "load-test-pseudonym-key")...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 20 * time.Second
	logFile := filepath.Join(dir, "carebot.log")
	exited, err := serve.Start(cmd, logFile)
	if err != nil {
		return nil, err
	}
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
