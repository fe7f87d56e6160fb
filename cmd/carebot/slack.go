package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
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
	token := s.c.getenv("CAREBOT_SLACK_BOT_TOKEN")
	secret := s.c.getenv("CAREBOT_SLACK_SIGNING_SECRET")
	appToken := s.c.getenv("CAREBOT_SLACK_APP_TOKEN")
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
	// The Router is bound once wireRouter has made it.
	routed := bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		return s.router.Handle(ctx, m)
	})
	opts = append(opts, slack.WithMessages(func(key, lang string) string { return s.router.Message(key, lang) }))
	a, err := slack.New(token, secret, routed, opts...)
	if err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	s.slack = a
	if s.nudger != nil {
		s.nudger.SetRelayReceipt(a)
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
		s.nudger.SetAlerter(s.slack)
		return s.nudger
	}
	return s.slack
}

// parentHandler is the Handler for adapters parents use (Telegram): the
// Router, with parents' messages forwarded to an open care-team thread
// when Slack is on.
func (s *server) parentHandler() bot.Handler {
	routed := bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		return s.router.Handle(ctx, m)
	})
	if s.slack == nil {
		return routed
	}
	return s.slack.Forwarding(routed)
}

// errNoSender is returned when no adapter of a person's platform runs.
var errNoSender = errors.New("no adapter for this platform")

// senders delivers bot.Sender calls through the adapter of the key's
// platform (Telegram for parents, Slack for channels). Adapters register
// as they are wired; Slack relays care-team replies through it and the
// nudge scheduler can send through it.
type senders struct {
	mu sync.RWMutex
	m  map[bot.Platform]bot.Sender
}

var _ bot.Sender = (*senders)(nil)

func (ss *senders) register(p bot.Platform, s bot.Sender) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.m == nil {
		ss.m = make(map[bot.Platform]bot.Sender)
	}
	ss.m[p] = s
}

// Send delivers r through the adapter of key.Platform.
func (ss *senders) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	ss.mu.RLock()
	s := ss.m[key.Platform]
	ss.mu.RUnlock()
	if s == nil {
		return fmt.Errorf("send to %s: %w", key.Platform, errNoSender)
	}
	return s.Send(ctx, key, r)
}
