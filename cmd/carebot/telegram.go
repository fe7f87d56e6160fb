package main

import (
	"context"
	"fmt"
	"net"
	"os"
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
	tc := s.cfg.File.Telegram
	opts := []telegram.Option{
		telegram.WithStore(s.store),
		telegram.WithLogger(s.log),
		telegram.WithMetrics(s.metrics),
		telegram.WithAPIURL(strings.TrimRight(tc.APIURL, "/")),
		telegram.WithPollTimeout(tc.PollTimeout),
		telegram.WithInlineReplies(tc.InlineReplies),
		telegram.WithInlineWait(tc.InlineWait),
		telegram.WithConcurrency(tc.Concurrency),
		telegram.WithMaxRetries(tc.MaxRetries),
		telegram.WithShutdownTimeout(tc.ShutdownTimeout),
		telegram.WithRateLimits(telegram.RateLimits{PerChat: tc.Send.PerChat, ChatBurst: tc.Send.ChatBurst,
			Overall: tc.Send.Overall, OverallBurst: tc.Send.OverallBurst}),
		telegram.WithFloodLimits(telegram.FloodLimits{Rate: tc.Flood.Rate, Burst: tc.Flood.Burst, MaxMerged: tc.Flood.MaxMerged}),
		telegram.WithInstance(s.instance()),
		telegram.WithLease(s.cfg.File.Inbox.Lease),
		telegram.WithScreen(s.router.Screen),
		telegram.WithMessages(s.router.Message),
	}
	if len(s.cfg.PseudonymKey) > 0 {
		opts = append(opts, telegram.WithPseudonymKey(s.cfg.PseudonymKey))
	}
	if u := tc.WebhookURL; u != "" { // telegram.webhook_url or CAREBOT_TELEGRAM_WEBHOOK_URL
		opts = append(opts, telegram.WithWebhook(u, s.c.getenv(envTelegramWebhookSecret)))
	}
	// Parents' messages go through the care-team thread forwarder (when
	// Slack runs), and care-team replies reach parents through a.
	a, err := telegram.New(token, s.parentHandler(), opts...)
	if err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	s.telegram = a
	s.senders.register(bot.PlatformTelegram, a)
	if a.Webhook() {
		s.mux.Handle(a.WebhookPath(), a.WebhookHandler())
	}
	s.adapters = append(s.adapters, a)
	s.log.Info("telegram configured", "webhook", a.Webhook())
	return nil
}

// instance is this process's name in the inbox's leases: inbox.instance,
// else the host name and the HTTP port (two processes on one host listen
// on different ports).
func (s *server) instance() string {
	if n := s.cfg.File.Inbox.Instance; n != "" {
		return n
	}
	host, _ := os.Hostname()
	_, port, _ := net.SplitHostPort(s.cfg.HTTPAddr)
	return host + ":" + port
}
