package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/go-telegram/bot/models"
)

// BenchmarkWebhook measures the webhook path end to end on loopback: the
// fake Bot API posts an update to the webhook (as Telegram does) and an
// iteration ends when the reply reached the fake, inline in the webhook
// response or through sendMessage. Each parallel client is one chat, so
// chats run concurrently and each waits for its reply before the next
// update, like a person would.
//
// The bare variants are plain net/http handlers under the same load: they
// decode the update into the same type and answer a fixed text, inline or
// through a plain JSON sendMessage, with no dedup, queue, rendering or
// limits. Rate and flood limits are off for the adapter: they measure
// Telegram's rules, not the code.
func BenchmarkWebhook(b *testing.B) {
	b.Run("bare/inline", func(b *testing.B) { benchWebhook(b, bareHandler(true)) })
	b.Run("adapter/inline", func(b *testing.B) { benchWebhook(b, nil, telegram.WithInlineReplies(true)) })
	b.Run("bare/sendMessage", func(b *testing.B) { benchWebhook(b, bareHandler(false)) })
	b.Run("adapter/sendMessage", func(b *testing.B) { benchWebhook(b, nil, telegram.WithInlineReplies(false)) })
	// Through the durable inbox and outbox on a SQLite file: three writes
	// per update (received, reply recorded, reply sent).
	b.Run("adapter/inline/sqlite-inbox", func(b *testing.B) {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "carebot.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		benchWebhook(b, nil, telegram.WithInlineReplies(true), telegram.WithStore(db))
	})
}

// bareHandler returns a minimal webhook handler for the fake at apiURL.
func bareHandler(inline bool) func(apiURL, token string) http.Handler {
	return func(apiURL, token string) http.Handler {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
			var u models.Update
			if err != nil || json.Unmarshal(body, &u) != nil || u.Message == nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			call, _ := json.Marshal(map[string]any{"method": "sendMessage", "chat_id": u.Message.Chat.ID, "text": "echo: " + u.Message.Text})
			if inline {
				w.Header().Set("Content-Type", "application/json")
				w.Write(call)
				return
			}
			w.WriteHeader(http.StatusOK)
			resp, err := client.Post(apiURL+"/bot"+token+"/sendMessage", "application/json", bytes.NewReader(call))
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}

func benchWebhook(b *testing.B, bare func(apiURL, token string) http.Handler, opts ...telegram.Option) {
	srv := telegramtest.NewServer(telegramtest.DefaultToken)
	defer srv.Close()
	var replies sync.Map // chat id -> chan struct{}
	srv.OnSend(func(m telegramtest.Sent) {
		if ch, ok := replies.Load(m.ChatID); ok {
			ch.(chan struct{}) <- struct{}{}
		}
	})
	mux := http.NewServeMux()
	hook := httptest.NewServer(mux)
	defer hook.Close()
	url := hook.URL + "/telegram/webhook"

	if bare != nil {
		mux.Handle("/telegram/webhook", bare(srv.URL, srv.Token))
		ctx := context.Background()
		if _, err := srv.Post(ctx, srv.URL+"/bot"+srv.Token+"/setWebhook", "", []byte(`{"url":"`+url+`","secret_token":"bench"}`)); err != nil {
			b.Fatal(err)
		}
		// Post above hit the fake's API, which set the webhook.
	} else {
		h := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
			return bot.Reply{Lang: "en", Intent: "echo", Text: "echo: " + m.Text, Buttons: []bot.Button{{Label: "More", Payload: "kb:more"}}}, nil
		})
		a, err := telegram.New(srv.Token, h, append(append(noLimits(),
			telegram.WithAPIURL(srv.URL),
			telegram.WithStore(newMemStore()),
			telegram.WithWebhook(url, "bench"),
			telegram.WithConcurrency(64)), opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		mux.Handle("/telegram/webhook", a.WebhookHandler())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- a.Run(ctx) }()
		defer func() { cancel(); <-done }()
	}
	srv.WaitWebhook(b)

	var nextChat atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		chat := 1_000_000 + nextChat.Add(1)
		ch := make(chan struct{}, 4)
		replies.Store(chat, ch)
		text := "my wrist hurts " + strconv.FormatInt(chat, 10)
		for pb.Next() {
			code, err := srv.Deliver(context.Background(), telegramtest.PrivateText(chat, "en", text))
			if err != nil || code != http.StatusOK {
				b.Errorf("deliver: %d %v", code, err)
				return
			}
			<-ch
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkSendFanout sends a nudge to each of 90 chats at once through
// Send with the default rate limits, against the fake in rate-limit mode
// (30 messages a second, then 429): it reports the rate achieved and how
// many 429s came back (Send returns each as a *bot.RateLimitError; the
// caller waits its retry_after and sends again).
func BenchmarkSendFanout(b *testing.B) {
	srv := telegramtest.NewServer(telegramtest.DefaultToken)
	defer srv.Close()
	srv.SetRateLimit(30)
	a, err := telegram.New(srv.Token, bot.HandlerFunc(nil), telegram.WithAPIURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	const chats = 90
	chat := int64(0)
	for b.Loop() {
		var wg sync.WaitGroup
		for range chats {
			chat++
			key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: strconv.FormatInt(chat, 10)}
			wg.Go(func() {
				// As the nudge scheduler does: a 429 is waited out.
				for {
					err := a.Send(context.Background(), key, bot.Reply{Text: "Five mini squats while the bottle warms?"})
					var rl *bot.RateLimitError
					if !errors.As(err, &rl) {
						if err != nil {
							b.Error(err)
						}
						return
					}
					time.Sleep(rl.RetryAfter)
				}
			})
		}
		wg.Wait()
	}
	sent, calls := len(srv.Sent(0)), len(srv.Calls("sendMessage"))
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(calls-sent)/float64(b.N), "429s/op")
}
