package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/carebot/carebot/bot"
)

// errNoSender is returned when no adapter of a person's platform runs.
var errNoSender = errors.New("no adapter for this platform")

// platforms are the chat platforms whose adapters serve will run, decided
// once from the environment: Telegram with CAREBOT_TELEGRAM_TOKEN, Slack
// with CAREBOT_SLACK_BOT_TOKEN and a way to receive events
// (CAREBOT_SLACK_SIGNING_SECRET or CAREBOT_SLACK_APP_TOKEN). wireTelegram
// and wireSlack make an adapter for exactly these.
func (s *server) platforms() []bot.Platform {
	var out []bot.Platform
	if s.c.getenv(envTelegramToken) != "" {
		out = append(out, bot.PlatformTelegram)
	}
	if s.c.getenv(envSlackBotToken) != "" &&
		(s.c.getenv(envSlackSigningSecret) != "" || s.c.getenv(envSlackAppToken) != "") {
		out = append(out, bot.PlatformSlack)
	}
	return out
}

// senders delivers bot.Sender calls through the adapter of the key's
// platform (Telegram for parents, Slack for channels): the one way out to
// people for the Slack adapter (care-team replies to parents) and the
// nudge scheduler. Each adapter registers itself when it is made.
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

// byPlatform returns ss as the Sender of each of the platforms, for the
// nudge scheduler, made before the adapters register.
func (ss *senders) byPlatform(platforms []bot.Platform) map[bot.Platform]bot.Sender {
	out := make(map[bot.Platform]bot.Sender, len(platforms))
	for _, p := range platforms {
		out[p] = ss
	}
	return out
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
