// Command slowclients holds connections to a running `carebot serve` the
// way slow and idle clients do, and reports how many the server still
// holds after a while (deploy/README.md, "Slow and idle clients"):
//
//	go run ./bench/slowclients -addr 127.0.0.1:8080                       # 2,000 silent connections, 300 unsigned slow Slack bodies
//	go run ./bench/slowclients -addr 127.0.0.1:8080 -idle 0 -signed       # 300 slow bodies with a fresh timestamp and a forged signature
//	go run ./bench/slowclients -addr 127.0.0.1:8080 -keepalive -slow 0 -after 90s   # 2,000 kept-alive connections left idle
//
// Serve needs Slack's Events API on (CAREBOT_SLACK_BOT_TOKEN and
// CAREBOT_SLACK_SIGNING_SECRET set) for the Slack bodies. Loopback only.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "`host:port` of carebot serve")
	idle := flag.Int("idle", 2000, "connections that send nothing (or, with -keepalive, one request)")
	slow := flag.Int("slow", 300, "POST /slack/events requests whose body never comes")
	signed := flag.Bool("signed", false, "send a fresh timestamp and a well-formed signature")
	after := flag.Duration("after", 20*time.Second, "how long to wait before counting the connections still open")
	keepalive := flag.Bool("keepalive", false, "idle connections first make one request")
	flag.Parse()
	var held atomic.Int64
	var heldSlow, heldIdle atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	open := func(slowBody bool) {
		defer wg.Done()
		c, err := net.Dial("tcp", *addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dial:", err)
			return
		}
		defer c.Close()
		if !slowBody && *keepalive {
			fmt.Fprint(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			b := make([]byte, 512)
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			c.Read(b)
		}
		if slowBody {
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			fmt.Fprintf(c, "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n")
			if *signed {
				fmt.Fprintf(c, "X-Slack-Request-Timestamp: %s\r\nX-Slack-Signature: v0=%064d\r\n", ts, 0)
			}
			fmt.Fprint(c, "\r\n{\"type\":")
		}
		// Read until the server closes or the deadline.
		c.SetReadDeadline(start.Add(*after))
		buf := make([]byte, 4096)
		for {
			if _, err := c.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					held.Add(1)
					if slowBody {
						heldSlow.Add(1)
					} else {
						heldIdle.Add(1)
					}
				}
				return
			}
		}
	}
	for range *idle {
		wg.Add(1)
		go open(false)
	}
	for range *slow {
		wg.Add(1)
		go open(true)
	}
	wg.Wait()
	fmt.Printf("after %s: %d of %d idle and %d of %d slow Slack bodies still held\n", *after, heldIdle.Load(), *idle, heldSlow.Load(), *slow)
}
