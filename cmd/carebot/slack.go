package main

import (
	"context"
	"fmt"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/knowledge"
)

// Slack's environment variables (secrets).
const (
	envSlackBotToken      = "CAREBOT_SLACK_BOT_TOKEN"
	envSlackSigningSecret = "CAREBOT_SLACK_SIGNING_SECRET"
	envSlackAppToken      = "CAREBOT_SLACK_APP_TOKEN"
)

// wireSlack makes the Slack adapter when CAREBOT_SLACK_BOT_TOKEN is set
// with CAREBOT_SLACK_SIGNING_SECRET (Events API: POST /slack/events,
// /slack/commands and /slack/interactive on the HTTP server) or
// CAREBOT_SLACK_APP_TOKEN (Socket Mode: no public URL). It runs before
// wireRouter, which passes the adapter to the Router as its Alerter; the
// adapter answers through the Router, bound once it exists.
// slack.care_channel (CAREBOT_SLACK_CARE_CHANNEL) is where escalation
// alerts go and slack.api_url (CAREBOT_SLACK_API_URL) is the Web API base
// URL; the rest of the config file's slack section tunes the adapter.
func (s *server) wireSlack(context.Context) error {
	token := s.c.getenv(envSlackBotToken)
	secret := s.c.getenv(envSlackSigningSecret)
	appToken := s.c.getenv(envSlackAppToken)
	if token == "" {
		if secret != "" || appToken != "" {
			s.log.Warn("slack: CAREBOT_SLACK_BOT_TOKEN is not set; Slack is off")
		}
		return nil
	}
	if secret == "" && appToken == "" {
		s.log.Warn("slack: set CAREBOT_SLACK_SIGNING_SECRET (Events API) or CAREBOT_SLACK_APP_TOKEN (Socket Mode); Slack is off")
		return nil
	}
	sc := s.cfg.File.Slack
	care := sc.CareChannel // slack.care_channel or CAREBOT_SLACK_CARE_CHANNEL
	opts := []slack.Option{
		slack.WithStore(s.store),
		slack.WithCareChannel(care),
		slack.WithSender(&s.senders),
		slack.WithLogger(s.log.With("adapter", "slack")),
		slack.WithMetrics(s.metrics),
		slack.WithPseudonymKey(s.cfg.PseudonymKey),
		slack.WithSubcommand("schedule", s.scheduleHandler()),
		slack.WithSubcommand("invite", s.inviteHandler()),
		slack.WithAPIURL(sc.APIURL),
		slack.WithInstance(s.instance()),
		slack.WithLease(s.cfg.File.Inbox.Lease),
		slack.WithConfig(slack.Config{
			Workers: sc.Workers, QueueSize: sc.QueueSize, MaxBodyBytes: int64(sc.MaxBodyBytes),
			MaxClockSkew: sc.MaxClockSkew, ChannelRate: sc.ChannelRate, ChannelBurst: sc.ChannelBurst,
			MaxRetries: sc.MaxRetries, JobTimeout: sc.JobTimeout, DrainTimeout: sc.DrainTimeout,
			Lang: sc.Lang,
		}),
	}
	if appToken != "" {
		opts = append(opts, slack.WithAppToken(appToken))
	}
	if s.nudger != nil {
		// Care-team replies to parents are River jobs too.
		opts = append(opts, slack.WithRelayQueue(s.nudger))
	}
	// The adapter's own words come from the content in use.
	opts = append(opts, slack.WithMessages(s.message))
	a, err := slack.New(token, secret, bot.HandlerFunc(s.handle), opts...)
	if err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	s.slack = a
	if s.nudger != nil {
		// The scheduler's care jobs end in Slack: queued alerts are
		// posted through the adapter, relayed replies reported to it.
		s.nudger.SetRelayReceipt(a)
		if care != "" {
			s.nudger.SetAlerter(a)
		}
	}
	s.senders.register(bot.PlatformSlack, a)
	s.adapters = append(s.adapters, a)
	mode := "socket_mode"
	if !a.SocketMode() {
		mode = "events_api"
		a.Mount(s.mux)
	}
	if care == "" {
		s.log.Warn("slack: CAREBOT_SLACK_CARE_CHANNEL is not set; care-team alerts are off")
	}
	s.log.Info("slack adapter on", "mode", mode)
	return nil
}

// alerter is the Router's Alerter: with the nudge scheduler running, the
// scheduler, which queues each alert as a River job and posts it through
// the Slack adapter (retried across Slack outages, 429s and restarts);
// without it, the Slack adapter itself; else none (a nil interface, not a
// nil pointer).
func (s *server) alerter() bot.Alerter {
	if s.slack == nil || s.cfg.File.Slack.CareChannel == "" {
		return nil
	}
	if s.nudger != nil {
		return s.nudger // which posts through s.slack (see wireSlack)
	}
	return s.slack
}

// handle is the Slack adapter's Handler: the Router, which wireRouter makes
// after the adapter (the Router alerts the care team through it). No
// message reaches it before serve runs the adapters, after every wire step.
func (s *server) handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	return s.router.Handle(ctx, m)
}

// message is the interface message key in lang from the content in use,
// numbers filled in as the Router fills them: the adapters' own words.
func (s *server) message(key, lang string) string {
	if s.router != nil {
		return s.router.Message(key, lang)
	}
	return knowledge.EmbeddedMessage(key, lang)
}

// parentHandler is the Handler for adapters parents use (Telegram): the
// Router, with parents' messages forwarded to an open care-team thread
// when Slack is on.
func (s *server) parentHandler() bot.Handler {
	if s.slack == nil {
		return s.router
	}
	return s.slack.Forwarding(s.router)
}
