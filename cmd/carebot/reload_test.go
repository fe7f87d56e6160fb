package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

// contentCopy copies the real knowledge base (knowledge/content) to a
// temporary folder.
func contentCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.Embedded()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sentTexts collects what the fake Telegram delivered.
func sentTexts(tg *telegramtest.Server) <-chan telegramtest.Sent {
	ch := make(chan telegramtest.Sent, 100)
	tg.OnSend(func(s telegramtest.Sent) { ch <- s })
	return ch
}

// waitSent waits for a message to chat containing want.
func waitSent(t *testing.T, sent <-chan telegramtest.Sent, chat int64, want string) {
	t.Helper()
	deadline := time.After(serveWait)
	for {
		select {
		case s := <-sent:
			if s.ChatID == chat && strings.Contains(s.Text, want) {
				return
			}
		case <-deadline:
			t.Fatalf("chat %d never got %q", chat, want)
		}
	}
}

const (
	overviewQuestion = "is joint pain after birth normal"
	overviewBefore   = "Yes, it's common: one recent study found"
	overviewAfter    = "Edited while serving: yes, it's common."
)

// An answer edited in CAREBOT_KB_DIR is served without a restart; a broken
// edit keeps the last good content serving and logs the problem as
// file:line.
func TestServeReloadsKnowledgeBase(t *testing.T) {
	t.Parallel()
	dir := contentCopy(t)
	tg := telegramtest.New(t)
	tg.Timeout = serveWait
	sent := sentTexts(tg)
	s := startServe(t, map[string]string{
		"CAREBOT_HTTP_ADDR":        "127.0.0.1:0",
		"CAREBOT_KB_DIR":           dir,
		"CAREBOT_TELEGRAM_TOKEN":   tg.Token,
		"CAREBOT_TELEGRAM_API_URL": tg.URL,
	})
	tg.Push(telegramtest.PrivateText(61, "en", overviewQuestion))
	waitSent(t, sent, 61, overviewBefore)

	file := filepath.Join(dir, "overview.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), overviewBefore) {
		t.Fatal("the overview answer changed: update this test")
	}
	const (
		reloaded = `"msg":"knowledge base reloaded"`
		failed   = `"msg":"knowledge base reload failed; still serving the previous content"`
	)
	good := strings.Replace(string(data), overviewBefore, overviewAfter, 1)
	n := s.log.count(reloaded)
	if err := os.WriteFile(file, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	s.log.waitCount(t, reloaded, n+1)
	tg.Push(telegramtest.PrivateText(62, "en", overviewQuestion))
	waitSent(t, sent, 62, overviewAfter)

	broken := good + "\nmessages:\n  oops: [never closed\n"
	line := strings.Count(broken[:strings.Index(broken, "oops:")], "\n") + 1
	n = s.log.count(failed)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	s.log.waitCount(t, failed, n+1)
	if want := file + ":" + strconv.Itoa(line) + ": "; !strings.Contains(s.log.String(), want) {
		t.Errorf("no problem logged at %s; log:\n%s", want, s.log)
	}
	tg.Push(telegramtest.PrivateText(63, "en", overviewQuestion))
	waitSent(t, sent, 63, overviewAfter)

	if code := s.stop(t); code != exitOK {
		t.Errorf("exit %d: %s", code, s.log)
	}
	if strings.Contains(s.log.String(), overviewQuestion) {
		t.Error("a message's text is in the logs")
	}
}
