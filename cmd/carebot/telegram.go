package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram"
)

// Telegram's environment variables.
const (
	envTelegramToken         = "CAREBOT_TELEGRAM_TOKEN"
	envTelegramAPIURL        = "CAREBOT_TELEGRAM_API_URL"
	envTelegramWebhookURL    = "CAREBOT_TELEGRAM_WEBHOOK_URL"
	envTelegramWebhookSecret = "CAREBOT_TELEGRAM_WEBHOOK_SECRET"
)

// wireTelegram adds the Telegram adapter when CAREBOT_TELEGRAM_TOKEN is set:
// long polling, or with CAREBOT_TELEGRAM_WEBHOOK_URL (and its secret) a
// webhook served on the URL's path.
func (s *server) wireTelegram(context.Context) error {
	token := s.c.getenv(envTelegramToken)
	if token == "" {
		return nil
	}
	opts := []telegram.Option{
		telegram.WithStore(s.store),
		telegram.WithLogger(s.log),
	}
	if len(s.cfg.PseudonymKey) > 0 {
		opts = append(opts, telegram.WithPseudonymKey(s.cfg.PseudonymKey))
	}
	if u := s.c.getenv(envTelegramAPIURL); u != "" {
		opts = append(opts, telegram.WithAPIURL(strings.TrimRight(u, "/")))
	}
	if u := s.c.getenv(envTelegramWebhookURL); u != "" {
		opts = append(opts, telegram.WithWebhook(u, s.c.getenv(envTelegramWebhookSecret)))
	}
	// Parents' messages go through the care-team thread forwarder (when
	// Slack runs), and care-team replies reach parents through a.
	a, err := telegram.New(token, s.parentHandler(), opts...)
	if err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	s.senders.register(bot.PlatformTelegram, a)
	if a.Webhook() {
		s.mux.Handle(a.WebhookPath(), a.WebhookHandler())
	}
	s.adapters = append(s.adapters, a)
	s.log.Info("telegram configured", "webhook", a.Webhook())
	return nil
}
