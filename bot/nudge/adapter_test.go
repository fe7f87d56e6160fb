package nudge

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// at5People is how many nudges TestTelegramAdapterAt5PerSecond delivers:
// 30 in the test suite (about 6 s at 5 a second); bench/nudges-at5.sh runs
// it with 200, the measured case (at least 40 s at 5 a second).
var at5People = flag.Int("at5.people", 30, "nudges TestTelegramAdapterAt5PerSecond delivers (bench/nudges-at5.sh: 200)")

// TestTelegramAdapterAt5PerSecond delivers nudges through the real Telegram
// adapter to a fake Bot API that allows 5 messages a second and answers
// 429 past that, with the scheduler's limiter at Telegram's usual 30: the
// adapter returns each 429 as a *bot.RateLimitError, the scheduler snoozes
// the job, and every nudge arrives once; none fails.
func TestTelegramAdapterAt5PerSecond(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		people := *at5People
		srv := telegramtest.New(t)
		srv.SetRateLimit(5)
		delivered := make(chan struct{}, people*2)
		srv.OnSend(func(telegramtest.Sent) { delivered <- struct{}{} })
		a, err := telegram.New(srv.Token, bot.HandlerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
			return bot.Reply{}, nil
		}), telegram.WithAPIURL(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		clock := &runningClock{offset: time.Until(monday0759)}
		clock.freeze()
		b := setup(t, kind, monday0759, func(c *Config) {
			c.Senders = map[bot.Platform]bot.Sender{bot.PlatformTelegram: a}
			c.Limits = map[bot.Platform]Limit{bot.PlatformTelegram: {PerSecond: 30, PerChat: 1}}
			c.Now = clock.Now
		})
		for i := range people {
			p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(1000 + i)},
				Lang: "en", TimeZone: "America/New_York", Active: true}
			if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
				t.Fatal(err)
			}
		}
		clock.run(at0800)
		began := time.Now() // for the log only: nothing is asserted on time
		for i := range people {
			select {
			case <-delivered:
			case <-time.After(wait):
				t.Fatalf("%d of %d delivered", i, people)
			}
		}
		b.waitIdle(t, wait)
		refused := len(srv.Calls("sendMessage")) - people
		failed := 0
		for i := range people {
			key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(1000 + i)}
			rec, err := b.db.Nudge(context.Background(), key, at0800)
			if err == nil && rec.State != bot.NudgeSent {
				failed++
			}
			if n := len(srv.Sent(int64(1000 + i))); err != nil || rec.State != bot.NudgeSent || n != 1 {
				t.Errorf("%s: record %+v, %v; delivered %d", key.ChatID, rec, err, n)
			}
		}
		if refused == 0 {
			t.Errorf("no 429 at 5 a second with the limiter at 30: the fake does not limit")
		}
		t.Logf("%s: %d nudges delivered through the adapter in %s, %d sends refused with 429, %d failed",
			kind, people, time.Since(began).Round(100*time.Millisecond), refused, failed)
	})
}
