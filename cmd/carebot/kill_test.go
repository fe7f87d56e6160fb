package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// The child process of TestServeAlertSIGKILL: carebot serve with the config
// file in CAREBOT_CHILD_CONFIG.
const alertChildEnv = "CAREBOT_ALERT_CHILD"

func TestServeAlertChild(t *testing.T) {
	if os.Getenv(alertChildEnv) == "" {
		t.Skip("the child process of TestServeAlertSIGKILL")
	}
	os.Exit(runWithSignals([]string{"serve", "--config", os.Getenv("CAREBOT_CHILD_CONFIG")}, strings.NewReader(""), os.Stdout, os.Stderr))
}

// serveChild is `carebot serve` running as a child process.
type serveChild struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    bytes.Buffer
	addr   chan string
	exited chan error
}

// startServeChild starts the test binary as `carebot serve` with env.
func startServeChild(t *testing.T, env map[string]string) *serveChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeAlertChild$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CAREBOT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, alertChildEnv+"=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &serveChild{cmd: cmd, addr: make(chan string, 1), exited: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			c.mu.Lock()
			c.out.WriteString(line + "\n")
			c.mu.Unlock()
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				c.addr <- rec.Addr
			}
		}
		c.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return c
}

// base waits for the child to listen and returns its base URL.
func (c *serveChild) base(t *testing.T) string {
	t.Helper()
	select {
	case a := <-c.addr:
		return "http://" + a
	case err := <-c.exited:
		t.Fatalf("serve exited (%v) before listening:\n%s", err, c.log())
	case <-time.After(serveWait):
		t.Fatalf("serve did not listen:\n%s", c.log())
	}
	return ""
}

func (c *serveChild) log() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// TestServeAlertSIGKILL: a parent reports a warning sign while Slack is
// down; serve is killed with SIGKILL right after the parent got the
// reply; a new serve on the same database, with Slack back, posts the
// alert, once.
func TestServeAlertSIGKILL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A short rescue: a job running when the process died is retried soon.
	config := writeConfig(t, "log: {format: json}\nnudges: {job_timeout: 2s, rescue_after: 3s}\n")
	tg := telegramtest.New(t)
	tg.Timeout = e2eWait
	down := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(down.Close)
	for range 10_000 {
		down.Fail("chat.postMessage", "internal_error")
	}
	env := func(slackURL string) map[string]string {
		env := e2eEnv(tg, slackURL)
		env["CAREBOT_CHILD_CONFIG"] = config
		env["CAREBOT_DATABASE_URL"] = filepath.Join(dir, "carebot.db")
		return env
	}
	first := startServeChild(t, env(down.APIURL()))
	first.base(t)
	e := &e2e{t: t, tg: tg, slack: down, msg: embeddedMessages(t)}
	mum := e.parent(730090001)
	mum.onboard(payloadConsentYes, "consent_yes")
	const sign = "I have chest pain and can't catch my breath"
	mum.say(sign)
	mum.waitFor("the warning reply", containing(e.msg("alert_sent")))
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited

	up := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(up.Close)
	second := startServeChild(t, env(up.APIURL()))
	second.base(t)
	ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
	defer cancel()
	posts, err := up.Wait(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatalf("the alert was not posted after the restart: %v\n%s", err, second.log())
	}
	if !strings.Contains(posts[0].BlockText(), sign) {
		t.Errorf("posted %s", posts[0].BlockText())
	}
	// Stop cleanly, then count: one alert, never two.
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-second.exited:
	case <-time.After(serveWait):
		t.Fatal("serve did not stop")
	}
	if n := len(up.Calls("chat.postMessage")) + len(down.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d alerts posted, want 1", n)
	}
}

// TestServeAlertSIGKILLAfterPost: serve is killed after Slack took the
// alert but before serve heard back (the post's answer never comes), the
// one moment a crash could post an alert twice; the new serve finds the
// alert in the channel (by its delivery id) and does not post it again.
func TestServeAlertSIGKILLAfterPost(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A short job timeout and rescue: the job running when serve dies is
	// taken for stuck as soon as the new serve's rescuer first runs (at
	// start). serve is killed within milliseconds of the post, well before
	// the timeout.
	config := writeConfig(t, "log: {format: json}\nnudges: {job_timeout: 500ms, rescue_after: 1s}\n")
	tg := telegramtest.New(t)
	tg.Timeout = e2eWait
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	fake.Hang()
	env := e2eEnv(tg, fake.APIURL())
	env["CAREBOT_CHILD_CONFIG"] = config
	env["CAREBOT_DATABASE_URL"] = filepath.Join(dir, "carebot.db")
	first := startServeChild(t, env)
	first.base(t)
	e := &e2e{t: t, tg: tg, slack: fake, msg: embeddedMessages(t)}
	mum := e.parent(730090002)
	mum.onboard(payloadConsentYes, "consent_yes")
	mum.say("I have chest pain and my left arm is numb")
	e.waitSlack("chat.postMessage", 1) // Slack has it; serve waits for the answer
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited

	second := startServeChild(t, env)
	second.base(t)
	// The job was running when serve died: River rescues it after
	// rescue_after, and the run again looks in the channel first.
	ctx, cancel := context.WithTimeout(context.Background(), 2*serveWait)
	defer cancel()
	if _, err := fake.Wait(ctx, "conversations.history", 1); err != nil {
		t.Fatalf("no look in the channel: %v\n%s", err, second.log())
	}
	await := time.After(serveWait)
	for !strings.Contains(second.log(), "care alert was already posted") {
		select {
		case <-await:
			t.Fatalf("the run again did not find the alert:\n%s", second.log())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-second.exited
	if n := len(fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d alerts posted, want 1\nfirst serve:\n%s\nsecond serve:\n%s", n, first.log(), second.log())
	}
}
