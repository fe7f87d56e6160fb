// Command flood checks, against the built `carebot serve`, that a warning
// sign sent inside a flood from one chat is answered first: the chat sends
// -messages updates to the Telegram webhook one after another, as fast as
// each is acknowledged, with "I have crushing chest pain and I can't
// breathe" in the middle, under carebot's default flood control and send
// limits (1 message a second per chat, bursts of 3; replies by
// sendMessage, not inline). The fake Bot API (telegramtest) runs in this
// process on loopback and records the replies in order.
//
// It reports how many of the chat's replies went out after the warning
// was acknowledged and before its emergency reply (the message in hand
// may be one; anything more means the warning waited behind the queue)
// and how long the emergency reply took after the warning's 200; the
// number of replies is the number of messages the flood was merged into
// (that the merge keeps every byte is TestFloodKeepsEverythingAndUrgentFirst's
// part). It exits 1 when more than one reply went ahead of the warning's.
//
//	go build -o /tmp/carebot ./cmd/carebot
//	go run ./bench/flood -bin /tmp/carebot
//	go run ./bench/flood -bin /tmp/carebot -db postgres://...
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/carebot/carebot/bench/internal/loopback"
	"github.com/carebot/carebot/bench/internal/serve"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

const (
	token  = telegramtest.DefaultToken
	secret = "flood-bench-secret"
	urgent = "I have crushing chest pain and I can't breathe"
)

type reply struct {
	at   time.Time
	text string
}

func main() {
	bin := flag.String("bin", "", "carebot binary (go build -o /tmp/carebot ./cmd/carebot)")
	n := flag.Int("messages", 1000, "messages the chat sends, the warning sign in the middle")
	dbURL := flag.String("db", "", "CAREBOT_DATABASE_URL (default: a SQLite file in a temporary directory)")
	settle := flag.Duration("settle", 5*time.Second, "the run ends this long after the last reply")
	timeout := flag.Duration("timeout", 3*time.Minute, "give up after this long")
	flag.Parse()
	if *bin == "" || *n < 2 {
		fmt.Fprintln(os.Stderr, "flood: -bin is required; -messages at least 2")
		os.Exit(2)
	}
	ok, err := run(*bin, *n, *dbURL, *settle, *timeout)
	serve.Exit("flood", ok, err, 2)
}

// chatID and the update ids are new each run: a reused database
// deduplicates update ids it saw before.
var (
	chatID   = 9_100_000_000 + time.Now().UnixNano()%1_000_000
	updateID = time.Now().UnixNano() / 1000 % 1_000_000_000_000
)

func run(bin string, n int, dbURL string, settle, timeout time.Duration) (bool, error) {
	dir, remove, err := serve.Workdir("carebot-flood-", os.Getenv("FLOOD_KEEP") != "", &dbURL)
	if err != nil {
		return false, err
	}
	defer remove()
	addr, err := loopback.FreeAddr()
	if err != nil {
		return false, err
	}
	conf, err := serve.WriteConfig(dir, "carebot.yaml", "log: {format: json}\ntelegram: {inline_replies: false}\n")
	if err != nil {
		return false, err
	}
	// The notices (first contact, the flood) are not answers.
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		return false, err
	}
	notices := map[string]bool{}
	for _, lang := range knowledge.Languages() {
		for _, key := range []string{"onboarding", "flood"} {
			notices[strings.TrimSpace(kb.Message(key, lang))] = true
		}
	}
	fake := telegramtest.NewServer(token)
	defer fake.Close()
	var (
		mu      sync.Mutex
		replies []reply
		last    = time.Now()
	)
	fake.OnSend(func(s telegramtest.Sent) {
		if s.ChatID != chatID || notices[strings.TrimSpace(s.Text)] {
			return
		}
		mu.Lock()
		replies = append(replies, reply{time.Now(), s.Text})
		last = time.Now()
		mu.Unlock()
	})
	cmd := serve.Command(context.Background(), bin, []string{"serve", "--config", conf},
		serve.TelegramWebhookEnv(addr, fake.URL, token, secret, dbURL, "flood-bench-pseudonym-key")...)
	exited, err := serve.Start(cmd, filepath.Join(dir, "carebot.log"))
	if err != nil {
		return false, err
	}
	defer serve.Stop(cmd, exited, os.Interrupt, time.Minute)

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	hook := "http://" + addr + "/telegram/webhook"
	deliver := func(text string) (time.Time, error) {
		updateID++
		body, _ := json.Marshal(telegramtest.Update{UpdateID: updateID, Message: &telegramtest.Message{
			From: &telegramtest.User{ID: chatID, FirstName: "Flood", LanguageCode: "en"},
			Date: time.Now().Unix(), Chat: telegramtest.Chat{ID: chatID, Type: "private"}, Text: text}})
		for {
			status, err := fake.Post(ctx, hook, secret, body)
			if err == nil && status == http.StatusOK {
				return time.Now(), nil
			}
			if ctx.Err() != nil {
				return time.Time{}, ctx.Err()
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	var (
		urgentAt time.Time
		before   int // replies already sent when the warning was acknowledged
		bytes    int
	)
	began := time.Now()
	for i := range n {
		if i == n/2 {
			if urgentAt, err = deliver(urgent); err != nil {
				return false, err
			}
			mu.Lock()
			before = len(replies)
			mu.Unlock()
		}
		text := fmt.Sprintf("%04d my wrist hurts when I lift the baby", i)
		bytes += len(text)
		if _, err := deliver(text); err != nil {
			return false, err
		}
	}
	sentAll := time.Since(began)
	for {
		mu.Lock()
		quiet := time.Since(last)
		mu.Unlock()
		if quiet > settle || ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	idx := -1
	for i, r := range replies {
		if strings.Contains(r.text, "911") {
			idx = i
			break
		}
	}
	kind := "SQLite"
	if strings.HasPrefix(dbURL, "postgres") {
		kind = "PostgreSQL"
	}
	fmt.Printf("database    %s\n", kind)
	fmt.Printf("flood       %d messages (%d bytes) from one chat in %.1f s, the warning sign after message %d\n", n, bytes, sentAll.Seconds(), n/2)
	fmt.Printf("answers     %d to the chat in all, notices aside (the flood merged into fewer messages), %d sent before the warning was acknowledged\n", len(replies), before)
	if idx < 0 {
		fmt.Println("emergency   no reply naming 911: NOT ANSWERED")
		return false, nil
	}
	ahead := idx - before
	fmt.Printf("emergency   answer %d of %d; %d answer(s) went out between the warning's 200 and its answer; %.2f s after its 200\n",
		idx+1, len(replies), ahead, replies[idx].at.Sub(urgentAt).Seconds())
	return ahead <= 1, nil
}
