package telegram_test

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// TestTwoReplicasShareTheSendLimit runs two adapters, each with its own
// connection pool on one PostgreSQL schema, as two `carebot serve`
// replicas would, against one fake Telegram, and sends 120 messages to
// 120 chats through both at once with Telegram's default limits (30 a
// second per bot). Every send takes a slot of the one shared bucket: the
// database's record of the bucket moved on by at least 120 slots of 1/30
// s, whichever replica sent. The sends the fake counted in its busiest
// second are logged (the figure in README; bench/fault measures it too);
// the assertions are on counts and the database's clock, not on how long
// the test took.
func TestTwoReplicasShareTheSendLimit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := telegramtest.New(t)
	key := []byte("replicas share the pseudonym key")
	dbs := pgtest.Replicas(t, 2, postgres.WithMaxConns(8))
	var adapters []*telegram.Adapter
	for i, db := range dbs {
		a, err := telegram.New(srv.Token, newRecorder(), telegram.WithAPIURL(srv.URL), telegram.WithStore(db),
			telegram.WithPseudonymKey(key), telegram.WithInstance(fmt.Sprintf("replica-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		adapters = append(adapters, a)
	}
	start := pgtest.Now(t, dbs[0])
	const sends = 120
	var wg sync.WaitGroup
	for i := range sends {
		wg.Go(func() {
			k := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: strconv.Itoa(1000 + i)}
			if err := adapters[i%2].Send(ctx, k, bot.Reply{Lang: "en", Text: "hello"}); err != nil {
				t.Errorf("send %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	calls := srv.Calls("sendMessage")
	if len(calls) != sends {
		t.Fatalf("the fake got %d messages, want %d", len(calls), sends)
	}
	if got, want := pgtest.BucketTAT(t, dbs[0], "telegram").Sub(start), sends*time.Second/30; got < want-time.Millisecond {
		t.Errorf("%d sends through two replicas moved the shared bucket on by %s, want at least %s", sends, got, want)
	}
	t.Logf("two replicas, %d sends: at most %d in any one second at the fake", sends, telegramtest.BusiestSecond(calls))
}
