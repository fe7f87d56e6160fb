// Command load drives carebot's Telegram webhook path with many concurrent
// chats on loopback and reports throughput, latency from request to reply,
// errors and the peak memory of the carebot process.
//
// The fake Bot API (bot/telegram/telegramtest) runs in this process; the
// built binary (-bin) runs as a child, `carebot serve` with its webhook on
// 127.0.0.1, a temporary SQLite database and the fake as its Bot API. Its
// limits are Telegram's (30 messages a second overall) unless -config says
// otherwise; -limits off runs it with a config file that lifts the sending
// and flood limits, to measure the path itself. Peak memory and CPU time
// are the child's.
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
//	go run ./bench/load -bin /tmp/carebot -limits off
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

	"github.com/carebot/carebot/bench/internal/serve"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// config is what one run does.
type config struct {
	bin         string
	configFile  string
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
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "carebot binary to run as `carebot serve` (go build -o /tmp/carebot ./cmd/carebot)")
	flag.StringVar(&cfg.configFile, "config", "", "config `FILE` passed to carebot serve --config")
	flag.StringVar(&cfg.limits, "limits", "telegram", "sending and flood limits: telegram (the defaults, or -config's) or off (a config file that lifts them)")
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
	serve.Exit("load", ok, err, 1)
}

func (c config) check() error {
	switch {
	case c.bin == "":
		return fmt.Errorf("-bin PATH is required (go build -o /tmp/carebot ./cmd/carebot)")
	case c.limits != "telegram" && c.limits != "off":
		return fmt.Errorf("-limits is telegram or off, not %q", c.limits)
	case c.limits == "off" && c.configFile != "":
		return fmt.Errorf("-limits off writes its own config file: drop -config")
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
	dir, remove, err := serve.Workdir("carebot-load-", cfg.keep, &cfg.dbURL)
	if err != nil {
		return false, err
	}
	defer remove()

	fake := telegramtest.NewServer(token)
	defer fake.Close()
	d := newDriver(cfg, texts, notices)
	fake.OnSend(d.onSend)

	loadBefore := loadAvg()
	t, err := startChild(ctx, cfg, fake.URL, dir)
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

	what := "carebot serve (" + filepath.Base(cfg.bin) + " binary, a child process)"
	limits := "Telegram's defaults (30 messages/s overall, 1/s per chat)"
	if cfg.limits == "off" {
		limits = "off (telegram.send and telegram.flood at .inf)"
	} else if cfg.configFile != "" {
		limits = "from " + cfg.configFile
	}
	fmt.Printf("target      %s\n", what)
	fmt.Printf("load        %d chats, %d in flight, %v of new messages, limits %s\n", cfg.chats, cfg.concurrency, cfg.duration, limits)
	fmt.Printf("machine     %d CPUs (GOMAXPROCS %d), %s; load average %s before, %s after\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), loadBefore, loadAfter)
	res.print(cpu, "carebot")
	fmt.Printf("memory      carebot peak RSS (VmHWM) %s\n", rss)
	if exitErr != nil {
		fmt.Printf("shutdown    SIGTERM to exit in %v: %v\n", shutdown.Round(time.Millisecond), exitErr)
	} else {
		fmt.Printf("shutdown    SIGTERM to exit in %v\n", shutdown.Round(time.Millisecond))
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
