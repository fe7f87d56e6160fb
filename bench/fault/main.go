// Command fault checks what carebot's durable inbox and outbox promise:
// nothing acknowledged is lost and nothing is answered twice (outside the
// documented window) when `carebot serve` is killed (SIGKILL) or stopped
// (SIGTERM) in the middle of a stream of Telegram webhook updates.
//
// The fake Bot API (bot/telegram/telegramtest) runs in this process, on
// loopback; the built binary runs as a child, `carebot serve` with its
// webhook on 127.0.0.1, the fake as its Bot API, sending and flood limits
// lifted (this measures durability, not Telegram's limits) and a fixed
// inbox.instance, so that a restart takes over at once what the killed
// process left. Each of -chats chats sends its next message once the last
// one was answered, -concurrency at a time, -updates in all. Like
// Telegram, the fake sends an update again (same update_id) until the
// webhook answers 200: while carebot is down or stopping (503) it retries
// every 50 ms. At each fault point (evenly spaced in the stream) the child
// gets the signal and is started again at once (after it exited).
//
// With -outage, a proxy between carebot and the fake answers every
// sendMessage with a 500 or a 429 (retry_after 3 s), in turn, for that long
// from the middle of the stream; replies then go by sendMessage rather than
// inline in the webhook response, so that they meet it.
//
// At the end each update must have had exactly one answer: an update
// never answered within -timeout is lost; an answer that comes with nothing
// in flight for its chat is a double. The onboarding notice of a first
// contact is counted apart.
//
//	go build -o /tmp/carebot ./cmd/carebot
//	go run ./bench/fault -bin /tmp/carebot -chats 1000 -updates 20000 -faults kill,term,kill,term
//	go run ./bench/fault -bin /tmp/carebot -db postgres://...
//	go run ./bench/fault -bin /tmp/carebot -faults "" -outage 60s -timeout 150s
//
// With -replicas 2 (PostgreSQL only), two `carebot serve` processes share
// the database, each with its own address and inbox.instance, and the
// updates go to them in turn, as a load balancer would send them. Replies
// go by sendMessage (not inline) with Telegram's default send limits (30 a
// second per bot), and the fake counts the sendMessage requests it gets in
// its busiest second, both replicas together: the shared send limit
// (bot.SendLimiter) holds that at 30, where two replicas pacing each on
// their own sent 61. -rate-limit makes the fake answer 429 past that many
// a second, as Telegram does. Faults then hit the first replica only.
//
//	go run ./bench/fault -bin /tmp/carebot -db postgres://... -replicas 2 -chats 200 -updates 1200 -faults ""
//
// With -dbdown (PostgreSQL only), carebot reaches the database through a
// TCP proxy that, from the middle of the stream and for that long, cuts
// every connection and refuses new ones, as a database that went away
// does. carebot then answers the webhook 503 (it cannot store the update),
// and the fake sends each update again every 50 ms until it gets a 200;
// the run reports how many 503s there were and the longest an update
// waited for its 200.
//
//	go run ./bench/fault -bin /tmp/carebot -db postgres://... -faults "" -dbdown 20s
//
// It exits 1 when an update was lost or answered twice, or, with more than
// one replica, when the busiest second had more than -max-per-second
// sendMessage requests.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/carebot/carebot/bench/internal/loopback"
	"github.com/carebot/carebot/bench/internal/serve"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

const (
	token  = telegramtest.DefaultToken
	secret = "fault-test-secret"
)

type config struct {
	bin         string
	chats       int
	updates     int
	concurrency int
	faults      []string
	timeout     time.Duration
	dbURL       string
	textsFile   string
	keep        bool
	outage      time.Duration
	replicas    int
	rateLimit   int
	maxPerSec   int
	dbDown      time.Duration
}

func main() {
	var cfg config
	var faults string
	flag.StringVar(&cfg.bin, "bin", "", "carebot binary (go build -o /tmp/carebot ./cmd/carebot)")
	flag.IntVar(&cfg.chats, "chats", 1000, "number of chats")
	flag.IntVar(&cfg.updates, "updates", 20000, "updates to send in all")
	flag.IntVar(&cfg.concurrency, "concurrency", 64, "chats with an update in flight at once")
	flag.StringVar(&faults, "faults", "kill,term", "signals to send, evenly spaced in the stream: kill (SIGKILL) or term (SIGTERM)")
	flag.DurationVar(&cfg.timeout, "timeout", 60*time.Second, "an update without an answer after this is lost")
	flag.StringVar(&cfg.dbURL, "db", "", "CAREBOT_DATABASE_URL (default: a SQLite file in a temporary directory)")
	flag.StringVar(&cfg.textsFile, "texts", "intents/testdata/eval/dev.jsonl", "JSON lines with a \"text\" field")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (database, carebot's logs)")
	flag.DurationVar(&cfg.outage, "outage", 0, "in the middle of the stream, answer every sendMessage with 500 or 429 (retry_after 3) for this long; replies go by sendMessage, not inline")
	flag.IntVar(&cfg.replicas, "replicas", 1, "carebot processes sharing the database (more than 1: PostgreSQL only), updates sent to them in turn")
	flag.IntVar(&cfg.rateLimit, "rate-limit", 0, "the fake answers 429 to a sendMessage past this many in the last second (0: never)")
	flag.IntVar(&cfg.maxPerSec, "max-per-second", 30, "with more than one replica, the most sendMessage requests the busiest second may have")
	flag.DurationVar(&cfg.dbDown, "dbdown", 0, "in the middle of the stream, cut carebot's connections to PostgreSQL and refuse new ones for this long")
	flag.Parse()
	for _, f := range strings.Split(faults, ",") {
		if f = strings.TrimSpace(f); f != "" {
			if f != "kill" && f != "term" {
				fmt.Fprintf(os.Stderr, "fault: -faults: %q is neither kill nor term\n", f)
				os.Exit(2)
			}
			cfg.faults = append(cfg.faults, f)
		}
	}
	if cfg.bin == "" || cfg.chats < 1 || cfg.updates < 1 || cfg.concurrency < 1 || cfg.replicas < 1 {
		fmt.Fprintln(os.Stderr, "fault: -bin is required; -chats, -updates, -concurrency and -replicas must be positive")
		os.Exit(2)
	}
	if cfg.dbDown > 0 && !strings.HasPrefix(cfg.dbURL, "postgres") {
		fmt.Fprintln(os.Stderr, "fault: -dbdown needs -db postgres://...")
		os.Exit(2)
	}
	if cfg.replicas > 1 && !strings.HasPrefix(cfg.dbURL, "postgres") {
		fmt.Fprintln(os.Stderr, "fault: -replicas above 1 needs -db postgres://... (one SQLite file serves one process)")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, cfg)
	serve.Exit("fault", ok, err, 1)
}

// child is one carebot process.
type child struct {
	cmd    *exec.Cmd
	exited <-chan error
}

// runner starts carebot processes on one address and database.
type runner struct {
	cfg     config
	dir     string
	addrs   []string // one per replica
	apiURL  string
	confs   []string // one per replica
	started int
}

const configYAML = `inbox:
  instance: fault-bench
telegram:
  send:
    per_chat: .inf
    overall: .inf
  flood:
    rate: .inf
`

// replicaYAML is the configuration of replica %d: Telegram's default
// send limits, replies by sendMessage.
const replicaYAML = `inbox:
  instance: fault-bench-%d
telegram:
  flood:
    rate: .inf
  inline_replies: false
`

// start starts replica i.
func (r *runner) start(i int) (*child, error) {
	r.started++
	cmd := serve.Command(context.Background(), r.cfg.bin, []string{"serve", "--config", r.confs[i]},
		serve.TelegramWebhookEnv(r.addrs[i], r.apiURL, token, secret, r.cfg.dbURL, "fault-test-pseudonym-key")...)
	exited, err := serve.Start(cmd, filepath.Join(r.dir, fmt.Sprintf("carebot-%d.log", r.started)))
	if err != nil {
		return nil, err
	}
	return &child{cmd: cmd, exited: exited}, nil
}

// problems counts the warnings and errors in the children's logs.
func (r *runner) problems() (warn, errs int) {
	for i := 1; i <= r.started; i++ {
		b, _ := os.ReadFile(filepath.Join(r.dir, fmt.Sprintf("carebot-%d.log", i)))
		warn += strings.Count(string(b), `"level":"WARN"`)
		errs += strings.Count(string(b), `"level":"ERROR"`)
	}
	return warn, errs
}

// chat is one simulated parent with at most one update in flight.
type chat struct {
	id      int64
	start   int
	replied chan struct{}

	mu       sync.Mutex
	inflight bool
	sent     int
	answers  int
	doubles  int
	lost     int
}

type driver struct {
	cfg     config
	texts   []string
	notices map[string]bool
	chats   []*chat
	byID    map[int64]*chat

	sent                      atomic.Int64
	retries, unavailable, onb atomic.Int64
	unknown                   atomic.Int64
	faultAt                   []int64
	longestWait               atomic.Int64 // nanoseconds from an update's first delivery to its 200
	mu                        sync.Mutex
	downtime                  []time.Duration
	addrs                     []string // the replicas' addresses
}

func (d *driver) onSend(s telegramtest.Sent) {
	if d.notices[strings.TrimSpace(s.Text)] {
		d.onb.Add(1)
		return
	}
	c := d.byID[s.ChatID]
	if c == nil {
		d.unknown.Add(1)
		return
	}
	c.mu.Lock()
	if !c.inflight {
		c.doubles++
		c.mu.Unlock()
		return
	}
	c.inflight = false
	c.answers++
	c.mu.Unlock()
	c.replied <- struct{}{}
}

// deliver posts the update until the webhook answers 200, as Telegram
// does: the same update_id each time.
func (d *driver) deliver(ctx context.Context, fake *telegramtest.Server, u telegramtest.Update) bool {
	body, err := json.Marshal(u)
	if err != nil {
		return false
	}
	// A load balancer in front of the replicas: each update to one of
	// them, in turn, and to the same one when sent again.
	hook := "http://" + d.addrs[int(u.UpdateID)%len(d.addrs)] + "/telegram/webhook"
	first := time.Now()
	for ctx.Err() == nil {
		status, err := fake.Post(ctx, hook, secret, body)
		if err == nil && status == http.StatusOK {
			if w := int64(time.Since(first)); w > d.longestWait.Load() {
				d.longestWait.Store(w) // racy max: a report figure
			}
			return true
		}
		d.retries.Add(1)
		if status == http.StatusServiceUnavailable {
			d.unavailable.Add(1)
		}
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	return false
}

// send sends the chat's next update and waits for its answer.
func (d *driver) send(ctx context.Context, fake *telegramtest.Server, c *chat) {
	text := d.texts[(c.start+c.sent)%len(d.texts)]
	c.mu.Lock()
	c.inflight = true
	c.sent++
	c.mu.Unlock()
	u := telegramtest.Update{UpdateID: fake.NextUpdateID(), Message: &telegramtest.Message{
		From: &telegramtest.User{ID: c.id, FirstName: "Fault", LanguageCode: "en"},
		Date: time.Now().Unix(),
		Chat: telegramtest.Chat{ID: c.id, Type: "private"},
		Text: text,
	}}
	if !d.deliver(ctx, fake, u) {
		return
	}
	timer := time.NewTimer(d.cfg.timeout)
	defer timer.Stop()
	select {
	case <-c.replied:
	case <-timer.C:
		c.mu.Lock()
		c.inflight = false
		c.lost++
		c.mu.Unlock()
	case <-ctx.Done():
	}
}

func run(ctx context.Context, cfg config) (bool, error) {
	texts, err := loadTexts(cfg.textsFile)
	if err != nil {
		return false, err
	}
	notices := map[string]bool{}
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		return false, err
	}
	for _, lang := range knowledge.Languages() {
		notices[strings.TrimSpace(kb.Message("onboarding", lang))] = true
	}
	dir, remove, err := serve.Workdir("carebot-fault-", cfg.keep, &cfg.dbURL)
	if err != nil {
		return false, err
	}
	defer remove()
	var addrs, confs []string
	for i := range cfg.replicas {
		addr, err := loopback.FreeAddr()
		if err != nil {
			return false, err
		}
		addrs = append(addrs, addr)
		yaml := configYAML
		if cfg.replicas > 1 {
			yaml = fmt.Sprintf(replicaYAML, i)
		} else if cfg.outage > 0 {
			yaml += "  inline_replies: false\n"
		}
		conf, err := serve.WriteConfig(dir, fmt.Sprintf("carebot-%d.yaml", i), yaml)
		if err != nil {
			return false, err
		}
		confs = append(confs, conf)
	}
	addr := addrs[0]
	fake := telegramtest.NewServer(token)
	defer fake.Close()
	if cfg.rateLimit > 0 {
		fake.SetRateLimit(cfg.rateLimit)
	}
	d := &driver{cfg: cfg, texts: texts, notices: notices, byID: map[int64]*chat{}, addrs: addrs}
	for i := range cfg.chats {
		c := &chat{id: 8_000_000_000 + int64(i), start: i * 7 % len(texts), replied: make(chan struct{}, 1)}
		d.chats = append(d.chats, c)
		d.byID[c.id] = c
	}
	fake.OnSend(d.onSend)
	apiURL := fake.URL
	var out *outage
	if cfg.outage > 0 {
		out = newOutage(fake.URL)
		defer out.close()
		apiURL = out.url
	}
	var proxy *dbProxy
	if cfg.dbDown > 0 {
		u, err := url.Parse(cfg.dbURL)
		if err != nil {
			return false, fmt.Errorf("-db: %w", err)
		}
		if proxy, err = newDBProxy(u.Host); err != nil {
			return false, err
		}
		defer proxy.close()
		u.Host = proxy.addr()
		cfg.dbURL = u.String()
	}
	r := &runner{cfg: cfg, dir: dir, addrs: addrs, apiURL: apiURL, confs: confs}
	cur, err := r.start(0)
	if err != nil {
		return false, err
	}
	// The other replicas: never signalled, stopped at the end.
	for i := 1; i < cfg.replicas; i++ {
		c, err := r.start(i)
		if err != nil {
			return false, err
		}
		defer serve.Stop(c.cmd, c.exited, syscall.SIGTERM, 30*time.Second)
	}
	var curMu sync.Mutex
	defer func() {
		curMu.Lock()
		defer curMu.Unlock()
		serve.Stop(cur.cmd, cur.exited, syscall.SIGTERM, 30*time.Second)
	}()

	// The fault points, evenly spaced in the stream.
	points := make(chan struct{}, len(cfg.faults))
	for i := range cfg.faults {
		d.faultAt = append(d.faultAt, int64(cfg.updates*(i+1)/(len(cfg.faults)+1)))
	}
	faultsDone := make(chan struct{})
	go func() {
		defer close(faultsDone)
		for _, f := range cfg.faults {
			select {
			case <-points:
			case <-ctx.Done():
				return
			}
			curMu.Lock()
			sig := syscall.SIGKILL
			if f == "term" {
				sig = syscall.SIGTERM
			}
			t0 := time.Now()
			cur.cmd.Process.Signal(sig)
			<-cur.exited
			next, err := r.start(0)
			if err != nil {
				curMu.Unlock()
				fmt.Fprintln(os.Stderr, "fault: restart:", err)
				return
			}
			cur = next
			curMu.Unlock()
			waitHealthy(ctx, addr)
			d.mu.Lock()
			d.downtime = append(d.downtime, time.Since(t0))
			d.mu.Unlock()
		}
	}()

	for _, a := range addrs {
		waitHealthy(ctx, a)
	}
	for ctx.Err() == nil {
		if url, _ := fake.Webhook(); url != "" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	idle := make(chan *chat, len(d.chats))
	for _, c := range d.chats {
		idle <- c
	}
	var wg sync.WaitGroup
	for range cfg.concurrency {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := d.sent.Add(1)
				if n > int64(cfg.updates) {
					return
				}
				for _, at := range d.faultAt {
					if n == at {
						points <- struct{}{}
					}
				}
				if out != nil && n == int64(cfg.updates/2) {
					out.start(cfg.outage)
				}
				if proxy != nil && n == int64(cfg.updates/2) {
					go proxy.cut(cfg.dbDown)
				}
				c := <-idle
				d.send(ctx, fake, c)
				idle <- c
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	<-faultsDone
	time.Sleep(3 * time.Second) // late doubles would come now

	var sent, answered, lost, doubles int
	for _, c := range d.chats {
		c.mu.Lock()
		sent += c.sent
		answered += c.answers
		lost += c.lost
		doubles += c.doubles
		c.mu.Unlock()
	}
	warn, errs := r.problems()
	fmt.Printf("machine     %d CPUs (GOMAXPROCS %d), %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Printf("database    %s\n", dbKind(cfg.dbURL))
	fmt.Printf("stream      %d updates from %d chats, %d in flight, in %v (%.0f/s)\n", sent, cfg.chats, cfg.concurrency, elapsed.Round(time.Millisecond), float64(sent)/elapsed.Seconds())
	fmt.Printf("faults      %s at updates %v; signal to healthy again: %v\n", strings.Join(cfg.faults, ","), d.faultAt, d.downtime)
	if out != nil {
		fmt.Printf("outage      %v of sendMessage answered 500 or 429 from update %d: %d refused (500 %d, 429 %d)\n",
			cfg.outage, cfg.updates/2, out.refused.Load(), out.n500.Load(), out.n429.Load())
	}
	if proxy != nil {
		fmt.Printf("db outage   %v of PostgreSQL refused from update %d: %d sockets closed, %d connections refused\n",
			cfg.dbDown, cfg.updates/2, proxy.cutConns.Load(), proxy.refused.Load())
	}
	fmt.Printf("resends     %d (of which 503 %d; the rest refused connections while down); longest wait for a 200 %v\n",
		d.retries.Load(), d.unavailable.Load(), time.Duration(d.longestWait.Load()).Round(time.Millisecond))
	fmt.Printf("answers     %d; onboarding notices %d; to unknown chats %d\n", answered, d.onb.Load(), d.unknown.Load())
	fmt.Printf("logs        %d warnings, %d errors in %d processes\n", warn, errs, r.started)
	// The window: an update whose reply was on the wire when SIGKILL
	// came (sent, not yet deleted from the outbox) is answered again after
	// the restart; at most the updates in flight, per SIGKILL.
	kills := 0
	for _, f := range cfg.faults {
		if f == "kill" {
			kills++
		}
	}
	window := kills * cfg.concurrency
	ok := lost == 0 && doubles <= window && answered+lost == sent
	calls := fake.Calls("sendMessage")
	busiest := telegramtest.BusiestSecond(calls)
	fmt.Printf("send rate   %d sendMessage requests (%d refused 429 by the fake) in %v; busiest second %d, from %d replica(s)\n",
		len(calls), len(calls)-len(fake.Sent(0)), spanOf(calls).Round(time.Millisecond), busiest, cfg.replicas)
	if cfg.replicas > 1 && busiest > cfg.maxPerSec {
		fmt.Printf("check       FAILED: %d sendMessage requests in one second from %d replicas, over %d\n", busiest, cfg.replicas, cfg.maxPerSec)
		ok = false
	}
	verdict := "ok: nothing lost"
	switch {
	case !ok:
		verdict = "FAILED"
	case doubles == 0:
		verdict = "ok: every update answered exactly once"
	}
	fmt.Printf("check       %s (lost %d, answered twice %d; window: at most %d, the updates in flight at %d SIGKILLs)\n",
		verdict, lost, doubles, window, kills)
	return ok, nil
}

// spanOf returns the time from the first call to the last.
func spanOf(calls []telegramtest.Call) time.Duration {
	if len(calls) == 0 {
		return 0
	}
	first, last := calls[0].Time, calls[0].Time
	for _, c := range calls {
		if c.Time.Before(first) {
			first = c.Time
		}
		if c.Time.After(last) {
			last = c.Time
		}
	}
	return last.Sub(first)
}

func dbKind(url string) string {
	if strings.HasPrefix(url, "postgres") {
		return "PostgreSQL"
	}
	return "SQLite"
}

func waitHealthy(ctx context.Context, addr string) {
	for ctx.Err() == nil {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// outage is a proxy in front of the fake Bot API that, once started,
// answers every sendMessage with a 500 or a 429 for a while.
type outage struct {
	srv        *httptest.Server
	url        string
	until      atomic.Int64 // unix nanoseconds
	refused    atomic.Int64
	n500, n429 atomic.Int64
}

func newOutage(target string) *outage {
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	o := &outage{}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") && time.Now().UnixNano() < o.until.Load() {
			w.Header().Set("Content-Type", "application/json")
			if o.refused.Add(1)%2 == 0 {
				o.n429.Add(1)
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`)
				return
			}
			o.n500.Add(1)
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	o.url = o.srv.URL
	return o
}

func (o *outage) start(d time.Duration) { o.until.Store(time.Now().Add(d).UnixNano()) }

func (o *outage) close() { o.srv.Close() }

// dbProxy forwards TCP connections to PostgreSQL; cut drops them all and
// refuses new ones for a while, as a database that went away.
type dbProxy struct {
	ln       net.Listener
	target   string
	down     atomic.Bool
	cutConns atomic.Int64
	refused  atomic.Int64
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
}

func newDBProxy(target string) (*dbProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("db proxy: %w", err)
	}
	p := &dbProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go p.serve()
	return p, nil
}

func (p *dbProxy) addr() string { return p.ln.Addr().String() }

func (p *dbProxy) close() { p.ln.Close() }

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			p.refused.Add(1)
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.track(c, true)
		p.track(up, true)
		go func() {
			io.Copy(up, c)
			up.Close()
			c.Close()
		}()
		go func() {
			io.Copy(c, up)
			up.Close()
			c.Close()
			p.track(c, false)
			p.track(up, false)
		}()
	}
}

func (p *dbProxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

// cut closes every connection and refuses new ones for d.
func (p *dbProxy) cut(d time.Duration) {
	p.down.Store(true)
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
		p.cutConns.Add(1)
	}
	p.mu.Unlock()
	time.Sleep(d)
	p.down.Store(false)
}

// loadTexts reads the dev set's texts, leaving out commands and the
// requests that change what later messages get (nudges, forget).
func loadTexts(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var t struct {
			Text    string   `json:"text"`
			Intents []string `json:"intents"`
		}
		if json.Unmarshal(sc.Bytes(), &t) != nil || t.Text == "" || strings.HasPrefix(strings.TrimSpace(t.Text), "/") {
			continue
		}
		keep := true
		for _, id := range t.Intents {
			if strings.HasPrefix(id, "nudge.") || strings.HasPrefix(id, "privacy.") {
				keep = false
			}
		}
		if keep {
			out = append(out, t.Text)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("texts: none usable in " + path)
	}
	return out, sc.Err()
}
