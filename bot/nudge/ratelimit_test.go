package nudge

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge/nudgetest"
)

// TestRateLimitedPlatform delivers nudges due at the same minute to a
// fake Telegram that enforces 30 messages a second with 429s. With the
// limiter matched to it, nothing is refused; with the limiter set too
// fast, the 429s snooze the jobs and everything still arrives, once.
//
// A loaded machine (SQLite's one writer, -race, two cores shared with
// other tests) may claim nudges more slowly than 30 a second, so that even
// a limiter ten times too fast never reaches the fake's limit; in TooFast
// the first sends are therefore held until 20 are ready and then go out
// together, the burst a fast machine makes, so that the 429 path runs on
// any machine.
func TestRateLimitedPlatform(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		limit      float64
		max429     int
		wantNo429s bool
		burst      int // the first sends go out together, this many
	}{
		// Matched: a paced sender delayed by a loaded machine can still
		// bunch a few sends into one of the fake's seconds (five were seen
		// under -race with eight test processes); without pacing nearly
		// all 60 would be refused.
		{"Matched", 30, 6, true, 0},
		{"TooFast", 300, -1, false, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachStore(t, func(t *testing.T, kind storeKind) {
				const people = 60
				fake := &nudgetest.RateLimited{Rate: 30, Burst: 5, PerChat: 1}
				delivered := make(chan struct{}, people*2)
				fake.OnDeliver = func(bot.PersonKey, bot.Reply) { delivered <- struct{}{} }
				var snd bot.Sender = fake
				if tc.burst > 0 {
					snd = &burstGate{Sender: fake, n: tc.burst, open: make(chan struct{})}
				}
				// A clock that runs: 429s snooze jobs for real seconds.
				clock := &runningClock{offset: time.Until(monday0759)}
				clock.freeze()
				b := setup(t, kind, monday0759, func(c *Config) {
					c.Senders = map[bot.Platform]bot.Sender{bot.PlatformTelegram: snd}
					c.Limits = map[bot.Platform]Limit{bot.PlatformTelegram: {PerSecond: tc.limit, PerChat: 1}}
					c.Now = clock.Now
				})
				for i := range people {
					p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(i)},
						Lang: "en", TimeZone: "America/New_York", Active: true}
					if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
						t.Fatal(err)
					}
				}
				clock.run(at0800) // due now; time moves on
				for i := range people {
					select {
					case <-delivered:
					case <-time.After(wait):
						t.Fatalf("%d of %d delivered; stats %+v", i, people, fake.Stats())
					}
				}
				b.waitIdle(t, wait)
				st := fake.Stats()
				if st.Delivered != people || st.Duplicates != 0 {
					t.Errorf("stats %+v: want %d delivered, no duplicate", st, people)
				}
				if tc.wantNo429s && st.Refused > tc.max429 {
					t.Errorf("%d messages refused with 429 with a matched limiter, want at most %d", st.Refused, tc.max429)
				}
				if !tc.wantNo429s && st.Refused == 0 {
					t.Errorf("no 429 with a limiter ten times too fast: the fake does not limit")
				}
				t.Logf("%s/%s: %d delivered in %s, %d refused with 429", tc.name, kind, st.Delivered,
					st.Last.Sub(st.First).Round(time.Millisecond), st.Refused)
				// No loss, no duplicate in the records either.
				for i := range people {
					key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: fmt.Sprint(i)}
					rec, err := b.db.Nudge(context.Background(), key, at0800)
					if err != nil || rec.State != bot.NudgeSent || fake.Count(key) != 1 {
						t.Errorf("%s: record %+v, %v; delivered %d", key.ChatID, rec, err, fake.Count(key))
					}
				}
			})
		})
	}
}

// burstGate holds the first n sends until n are waiting, then lets them
// through together; later sends pass straight through.
type burstGate struct {
	bot.Sender
	n       int
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

func (g *burstGate) Send(ctx context.Context, key bot.PersonKey, r bot.Reply) error {
	g.mu.Lock()
	select {
	case <-g.open:
	default:
		if g.waiting++; g.waiting == g.n {
			close(g.open)
		}
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Sender.Send(ctx, key, r)
}
