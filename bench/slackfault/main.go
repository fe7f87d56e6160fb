// Command slackfault checks that what carebot's Slack adapter acknowledged
// is answered once when `carebot serve` is killed (SIGKILL) or stopped
// (SIGTERM) in the middle of a stream of Slack requests: @mentions (Events
// API), slash commands and taps on follow-up buttons, in turn.
//
// The fake Web API (bot/slack/slacktest) runs in this process on loopback;
// the built binary runs as a child with Slack over HTTP on 127.0.0.1, the
// channel limit lifted and a fixed inbox.instance (a restart takes over at
// once what the killed process left). Each request is sent, signed, until
// it is taken: a 200 (for a command, a 200 with an empty body: a "busy"
// answer in the body means it was not taken). Like Slack for events, and a
// nurse tapping again for the others, a request not taken is sent again
// after 50 ms (also while carebot is down or starting). At each fault point
// (evenly spaced in the stream) the child gets the signal and is started
// again at once (after it exited).
//
// At the end each request must have had exactly one answer: a mention's
// chat.postMessage in its thread, a command's or a tap's post to its
// response_url. A request without an answer after -timeout is lost; a
// second answer is a double. A SIGKILL can double the one answer being
// posted (Slack took it, the process died before deleting it from the
// outbox): answers have one sender, so at most one a SIGKILL.
//
//	go build -o /tmp/carebot ./cmd/carebot
//	go run ./bench/slackfault -bin /tmp/carebot -requests 3000 -faults kill,term,kill,term
//	go run ./bench/slackfault -bin /tmp/carebot -db postgres://... -faults kill,term,kill,term
//
// It exits 1 when a request was lost, or more were answered twice than
// there were SIGKILLs.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/carebot/carebot/bench/internal/loopback"
	"github.com/carebot/carebot/bench/internal/serve"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

const (
	botToken = "xoxb-slackfault"
	secret   = "slackfault-signing-secret"
)

var texts = []string{"wrist pain", "knee hurts when I squat", "exercises for my back", "how do I lift the car seat",
	"me duelen las muñecas", "hip pain when I get up", "tips for carrying the baby", "is it normal my hands feel stiff"}

type request struct {
	i     int
	path  string
	body  []byte
	kind  string // mention, command, tap
	match string // the answer's thread ts (mention) or response_url path
}

func main() {
	bin := flag.String("bin", "", "carebot binary (go build -o /tmp/carebot ./cmd/carebot)")
	n := flag.Int("requests", 3000, "requests in all: mentions, commands and taps in turn")
	channels := flag.Int("channels", 200, "channels the requests come from")
	concurrency := flag.Int("concurrency", 32, "requests in flight at once")
	faultList := flag.String("faults", "kill,term", "signals, evenly spaced in the stream: kill (SIGKILL) or term (SIGTERM)")
	timeout := flag.Duration("timeout", 60*time.Second, "a request without an answer this long after the last was taken is lost")
	dbURL := flag.String("db", "", "CAREBOT_DATABASE_URL (default: a SQLite file in a temporary directory)")
	keep := flag.Bool("keep", false, "keep the temporary directory (database, carebot's logs)")
	flag.Parse()
	var faults []syscall.Signal
	for _, f := range strings.Split(*faultList, ",") {
		switch strings.TrimSpace(f) {
		case "kill":
			faults = append(faults, syscall.SIGKILL)
		case "term":
			faults = append(faults, syscall.SIGTERM)
		case "":
		default:
			fmt.Fprintf(os.Stderr, "slackfault: -faults: %q is neither kill nor term\n", f)
			os.Exit(2)
		}
	}
	if *bin == "" || *n < 1 || *channels < 1 || *concurrency < 1 {
		fmt.Fprintln(os.Stderr, "slackfault: -bin is required; -requests, -channels and -concurrency must be positive")
		os.Exit(2)
	}
	ok, err := run(*bin, *n, *channels, *concurrency, faults, *timeout, *dbURL, *keep)
	serve.Exit("slackfault", ok, err, 2)
}

func run(bin string, n, channels, concurrency int, faults []syscall.Signal, timeout time.Duration, dbURL string, keep bool) (bool, error) {
	dir, remove, err := serve.Workdir("slackfault-", keep, &dbURL)
	if err != nil {
		return false, err
	}
	defer remove()
	addr, err := loopback.FreeAddr()
	if err != nil {
		return false, err
	}
	conf, err := serve.WriteConfig(dir, "carebot.yaml", "log: {format: json}\ninbox: {instance: slackfault}\nslack: {channel_rate: .inf}\n")
	if err != nil {
		return false, err
	}
	fake := slacktest.NewServer(botToken, "")
	defer fake.Close()

	nonce := make([]byte, 4)
	rand.Read(nonce)
	run := hex.EncodeToString(nonce) // ids unique to this run: a reused database deduplicates
	reqs := make([]request, n)
	for i := range reqs {
		reqs[i] = makeRequest(fake, run, i, fmt.Sprintf("C%05d", i%channels))
	}

	started := 0
	startChild := func() (*exec.Cmd, <-chan error, error) {
		started++
		cmd := serve.Command(context.Background(), bin, []string{"serve", "--config", conf},
			"CAREBOT_HTTP_ADDR="+addr, "CAREBOT_DATABASE_URL="+dbURL,
			"CAREBOT_SLACK_BOT_TOKEN="+botToken, "CAREBOT_SLACK_SIGNING_SECRET="+secret,
			"CAREBOT_SLACK_API_URL="+fake.APIURL(), "CAREBOT_PSEUDONYM_KEY=slackfault-pseudonym-key")
		exited, err := serve.Start(cmd, filepath.Join(dir, fmt.Sprintf("carebot-%d.log", started)))
		return cmd, exited, err
	}
	cmd, exited, err := startChild()
	if err != nil {
		return false, err
	}

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}}
	var refused, taken atomic.Int64
	var (
		latMu sync.Mutex
		lats  []time.Duration // of the POST that was taken: the acknowledgement's time
	)
	send := func(r request) {
		for {
			req, _ := http.NewRequest(http.MethodPost, "http://"+addr+r.path, strings.NewReader(string(r.body)))
			if r.kind == "mention" {
				req.Header.Set("Content-Type", "application/json")
			} else {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			slacktest.Sign(req.Header, secret, time.Now(), r.body)
			at := time.Now()
			resp, err := client.Do(req)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK && len(strings.TrimSpace(string(body))) == 0 {
					d := time.Since(at)
					latMu.Lock()
					lats = append(lats, d)
					latMu.Unlock()
					taken.Add(1)
					return
				}
			}
			refused.Add(1)
			time.Sleep(50 * time.Millisecond)
		}
	}

	began := time.Now()
	jobs := make(chan request)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for r := range jobs {
				send(r)
			}
		})
	}
	var restarts []time.Duration
	next := 0
	for i, r := range reqs {
		if next < len(faults) && i == (next+1)*n/(len(faults)+1) {
			sig := faults[next]
			next++
			at := time.Now()
			if !serve.Stop(cmd, exited, sig, 30*time.Second) {
				fmt.Printf("%v: serve did not exit in 30 s; killed\n", sig)
			}
			if cmd, exited, err = startChild(); err != nil {
				return false, err
			}
			restarts = append(restarts, time.Since(at))
			fmt.Printf("fault %d: %v at request %d (%d taken); started again\n", next, sig, i, taken.Load())
		}
		jobs <- r
	}
	close(jobs)
	wg.Wait()
	allTaken := time.Since(began)

	// Wait for every answer, or the timeout.
	deadline := time.Now().Add(timeout)
	var counts map[string]int
	for {
		counts = answers(fake)
		have := 0
		for _, r := range reqs {
			if counts[r.match] > 0 {
				have++
			}
		}
		if have == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	answered := time.Since(began)
	serve.Stop(cmd, exited, syscall.SIGTERM, 30*time.Second)
	counts = answers(fake) // final: serve has exited
	lost, doubles := map[string]int{}, map[string]int{}
	for _, r := range reqs {
		switch c := counts[r.match]; {
		case c == 0:
			lost[r.kind]++
		case c > 1:
			doubles[r.kind] += c - 1
		}
	}
	kind := "SQLite"
	if strings.HasPrefix(dbURL, "postgres") {
		kind = "PostgreSQL"
	}
	fmt.Printf("database    %s\n", kind)
	fmt.Printf("requests    %d (%d mentions, %d commands, %d taps) from %d channels, %d in flight\n",
		n, (n+2)/3, (n+1)/3, n/3, channels, concurrency)
	fmt.Printf("faults      %v, signal to restarted (exited, started again) %v\n", faults, restarts)
	fmt.Printf("taken       all in %.1f s (%.0f/s); %d sends not taken and sent again (503, busy, refused)\n",
		allTaken.Seconds(), float64(n)/allTaken.Seconds(), refused.Load())
	slices.Sort(lats)
	q := func(f float64) time.Duration {
		return lats[min(len(lats)-1, int(f*float64(len(lats))))].Round(100 * time.Microsecond)
	}
	fmt.Printf("acknowledged (200, stored) p50 %v, p99 %v, max %v; over 3 s (Slack's deadline): %d\n",
		q(0.5), q(0.99), lats[len(lats)-1].Round(100*time.Microsecond), len(lats)-sort.Search(len(lats), func(i int) bool { return lats[i] > 3*time.Second }))
	fmt.Printf("answered    all but the lost in %.1f s\n", answered.Seconds())
	fmt.Printf("lost        %d %v\n", sum(lost), lost)
	kills := 0
	for _, f := range faults {
		if f == syscall.SIGKILL {
			kills++
		}
	}
	// The window: an answer Slack took and the killed process had not yet
	// deleted from the outbox. Answers have one sender: one a kill.
	fmt.Printf("doubled     %d %v (window: <= %d, one answer in flight a SIGKILL)\n", sum(doubles), doubles, kills)
	if keep {
		fmt.Println("logs in", dir)
	}
	return sum(lost) == 0 && sum(doubles) <= kills, nil
}

func sum(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

// answers counts the fake's answers by what they answer: a mention's
// thread ts, a response_url's path.
func answers(fake *slacktest.Server) map[string]int {
	counts := map[string]int{}
	for _, c := range fake.Calls("chat.postMessage") {
		if c.ThreadTS != "" {
			counts["ts:"+c.ThreadTS]++
		}
	}
	for _, c := range fake.Calls("response_url") {
		counts["path:"+c.Path]++
	}
	return counts
}

func makeRequest(fake *slacktest.Server, run string, i int, channel string) request {
	text := texts[i%len(texts)]
	switch i % 3 {
	case 0:
		ts := fmt.Sprintf("1700%06d.000100", i)
		body, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": fmt.Sprintf("Ev%s%07d", run, i),
			"event": map[string]any{"type": "app_mention", "channel": channel, "user": "UNURSE",
				"text": "<@" + fake.BotUserID + "> " + text, "ts": ts}})
		return request{i: i, path: "/slack/events", body: body, kind: "mention", match: "ts:" + ts}
	case 1:
		name := fmt.Sprintf("c%d", i)
		body := url.Values{"command": {"/carebot"}, "text": {text}, "channel_id": {channel}, "user_id": {"UNURSE"},
			"team_id": {"T0CARE"}, "response_url": {fake.ResponseURL(name)}, "trigger_id": {fmt.Sprintf("trig-%s-%d", run, i)}}.Encode()
		return request{i: i, path: "/slack/commands", body: []byte(body), kind: "command", match: "path:/response/" + name}
	}
	name := fmt.Sprintf("t%d", i)
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "UNURSE", "name": "nurse"},
		"channel": map[string]any{"id": channel, "name": "team"}, "team": map[string]any{"id": "T0CARE"},
		"response_url": fake.ResponseURL(name), "trigger_id": fmt.Sprintf("trig-%s-%d", run, i),
		"container": map[string]any{"type": "message", "channel_id": channel, "message_ts": "1700000000.000100", "is_ephemeral": true},
		"message":   map[string]any{"type": "message", "ts": "1700000000.000100", "text": "answer"},
		"actions": []any{map[string]any{"type": "button", "action_id": "carebot_btn_0", "block_id": "b",
			"value": "kb:exercise.bridge", "action_ts": "1700000001.000100"}},
	})
	body := url.Values{"payload": {string(payload)}}.Encode()
	return request{i: i, path: "/slack/interactive", body: []byte(body), kind: "tap", match: "path:/response/" + name}
}
