package telegram_test

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/bot/telegram"
)

// A webhook deployment: the adapter registers the webhook when it runs and
// its handler is mounted on the URL's path.
func ExampleNew() {
	router := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: "Hi! Ask me about wrist or back pain."}, nil
	})
	a, err := telegram.New(os.Getenv("CAREBOT_TELEGRAM_TOKEN"), router,
		telegram.WithStore(memory.New()),
		telegram.WithLogger(slog.Default()),
		telegram.WithWebhook("https://bot.example.org/telegram/webhook", os.Getenv("CAREBOT_TELEGRAM_WEBHOOK_SECRET")),
	)
	if err != nil {
		return // no token or secret in this example's environment
	}
	mux := http.NewServeMux()
	mux.Handle(a.WebhookPath(), a.WebhookHandler())
	go http.ListenAndServe(":8080", mux)
	a.Run(context.Background())
}
