// Command load drives carebot's Telegram webhook path with many concurrent
// chats on loopback and reports throughput, latency from request to reply,
// errors and the peak memory of the carebot process.
//
// The fake Bot API (bot/telegram/telegramtest) runs in this process.
// carebot runs in one of three ways (-mode):
//
//   - binary: the built binary as a child, `carebot serve` with its webhook
//     on 127.0.0.1, a temporary SQLite database and the fake as its Bot API;
//     its limits are Telegram's (30 messages a second overall) unless its
//     -config says otherwise;
//   - child: this program as a child, wiring what serve wires for Telegram
//     (SQLite store, Router on the embedded knowledge base, the adapter in
//     webhook mode, net/http; no nudges, no Slack), where -limits off lifts
//     the sending and flood limits to measure the path itself;
//   - inprocess: the same wiring inside this process (its peak memory then
//     includes the fake, which keeps every call, and the driver).
//
// In the two child modes the peak memory and CPU time are the child's.
//
// Each chat sends its next message when the reply to the last one arrived
// (inline in the webhook response, or with sendMessage), so chats are
// answered in order; -concurrency chats are in flight at once, taken in
// turn from -chats. Texts are the dev set's (intents/testdata/eval), without
// commands and nudge or forget requests, which would change what later
// messages get. At the end every message must have had exactly one answer:
// the onboarding notice a first contact gets and flood notices are counted
// apart; anything else is an error.
//
//	go build -o /tmp/carebot ./cmd/carebot
//	go run ./bench/load -bin /tmp/carebot -chats 1000 -concurrency 64 -duration 30s
//	go run ./bench/load -mode child -limits off
//
// bench/load.sh builds the binary, prints the machine and runs both.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// config is what one run does.
type config struct {
	bin         string
	configFile  string
	mode        string
	limits      string
	chats       int
	concurrency int
	duration    time.Duration
	timeout     time.Duration
	grace       time.Duration
	textsFile   string
	dbURL       string
	keep        bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == servePathCommand {
		os.Exit(servePathMain())
	}
	var cfg config
	flag.StringVar(&cfg.mode, "mode", modeBinary, "how carebot runs: binary (-bin as a child), child (this program's wiring as a child) or inprocess")
	flag.StringVar(&cfg.bin, "bin", "", "carebot binary to run as `carebot serve` (go build -o /tmp/carebot ./cmd/carebot)")
	flag.StringVar(&cfg.configFile, "config", "", "config `FILE` passed to carebot serve --config")
	flag.StringVar(&cfg.limits, "limits", "telegram", "sending and flood limits in modes child and inprocess: telegram (the defaults) or off")
	flag.IntVar(&cfg.chats, "chats", 1000, "number of chats")
	flag.IntVar(&cfg.concurrency, "concurrency", 64, "chats with a message in flight at once")
	flag.DurationVar(&cfg.duration, "duration", 30*time.Second, "how long to send new messages")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "a message without a reply after this is lost")
	flag.DurationVar(&cfg.grace, "grace", 2*time.Second, "how long to keep listening after the last reply, for duplicates")
	flag.StringVar(&cfg.textsFile, "texts", "intents/testdata/eval/dev.jsonl", "JSON lines with a \"text\" field")
	flag.StringVar(&cfg.dbURL, "db", "", "CAREBOT_DATABASE_URL (default: a SQLite file in a temporary directory)")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (database, carebot's log)")
	flag.Parse()
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// The modes.
const (
	modeBinary    = "binary"
	modeChild     = "child"
	modeInProcess = "inprocess"
)

func (c config) check() error {
	switch {
	case c.mode != modeBinary && c.mode != modeChild && c.mode != modeInProcess:
		return fmt.Errorf("-mode is binary, child or inprocess, not %q", c.mode)
	case c.mode == modeBinary && c.bin == "":
		return fmt.Errorf("-mode binary needs -bin PATH (go build -o /tmp/carebot ./cmd/carebot)")
	case c.mode != modeBinary && (c.bin != "" || c.configFile != ""):
		return fmt.Errorf("-bin and -config are for -mode binary")
	case c.limits != "telegram" && c.limits != "off":
		return fmt.Errorf("-limits is telegram or off, not %q", c.limits)
	case c.limits == "off" && c.mode == modeBinary:
		return fmt.Errorf("-limits off needs -mode child or inprocess (the binary takes its limits from its config)")
	case c.chats < 1 || c.concurrency < 1 || c.duration <= 0:
		return fmt.Errorf("-chats, -concurrency and -duration must be positive")
	}
	return nil
}

// token is the fake bot's token; secret is the webhook's secret token.
const (
	token  = telegramtest.DefaultToken
	secret = "load-test-secret"
)

// run starts the fake and carebot, drives the chats and prints the report;
// ok is false when a message was lost or answered twice.
func run(ctx context.Context, cfg config) (ok bool, err error) {
	texts, err := loadTexts(cfg.textsFile)
	if err != nil {
		return false, err
	}
	notices, err := knownNotices()
	if err != nil {
		return false, err
	}
	dir, err := os.MkdirTemp("", "carebot-load-")
	if err != nil {
		return false, err
	}
	if cfg.keep {
		fmt.Println("temporary directory:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	if cfg.dbURL == "" {
		cfg.dbURL = filepath.Join(dir, "carebot.db")
	}

	fake := telegramtest.NewServer(token)
	defer fake.Close()
	d := newDriver(cfg, texts, notices)
	fake.OnSend(d.onSend)

	loadBefore := loadAvg()
	var t *target
	if cfg.mode == modeInProcess {
		t, err = startInProcess(ctx, cfg, fake.URL, dir)
	} else {
		t, err = startChild(ctx, cfg, fake.URL, dir)
	}
	if err != nil {
		return false, err
	}
	defer t.stop()
	if err := t.waitReady(ctx, fake); err != nil {
		return false, err
	}
	cpu0 := t.cpu()

	res := d.drive(ctx, fake)
	cpu := t.cpu() - cpu0
	rss := t.peakRSS()
	loadAfter := loadAvg()
	shutdown, exitErr := t.stop()

	what := map[string]string{
		modeBinary:    "carebot serve (" + filepath.Base(cfg.bin) + " binary, a child process)",
		modeChild:     "the webhook path as serve wires it (SQLite, Router, Telegram adapter, net/http), a child process",
		modeInProcess: "the webhook path as serve wires it (SQLite, Router, Telegram adapter, net/http), in this process",
	}[cfg.mode]
	limits := "Telegram's defaults (30 messages/s overall, 1/s per chat)"
	if cfg.limits == "off" {
		limits = "off"
	} else if cfg.configFile != "" {
		limits = "from " + cfg.configFile
	}
	fmt.Printf("target      %s\n", what)
	fmt.Printf("load        %d chats, %d in flight, %v of new messages, limits %s\n", cfg.chats, cfg.concurrency, cfg.duration, limits)
	fmt.Printf("machine     %d CPUs (GOMAXPROCS %d), %s; load average %s before, %s after\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), loadBefore, loadAfter)
	if cfg.mode == modeInProcess {
		res.print(cpu, "this process (carebot's path, the fake Bot API and the driver)")
		fmt.Printf("memory      peak RSS (VmHWM) %s, this process: carebot's path, the fake Bot API and the driver\n", rss)
	} else {
		res.print(cpu, "carebot")
		fmt.Printf("memory      carebot peak RSS (VmHWM) %s\n", rss)
	}
	how := "SIGTERM to exit"
	if cfg.mode == modeInProcess {
		how = "HTTP server and adapter stopped"
	}
	if exitErr != nil {
		fmt.Printf("shutdown    %s in %v: %v\n", how, shutdown.Round(time.Millisecond), exitErr)
	} else {
		fmt.Printf("shutdown    %s in %v\n", how, shutdown.Round(time.Millisecond))
	}
	if n := t.logProblems(); n != "" {
		fmt.Printf("log         %s\n", n)
	}
	return res.ok() && exitErr == nil, nil
}

// loadAvg returns the 1-minute load average, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// percentile returns the p-th percentile (0-100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// sortDurations sorts d in place and returns it.
func sortDurations(d []time.Duration) []time.Duration {
	slices.Sort(d)
	return d
}
