package slack_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
)

// TestTwoReplicasShareTheChannelLimit runs two adapters, each with its own
// connection pool on one PostgreSQL schema, as two `carebot serve`
// replicas would, and posts 20 messages to one channel through both at
// once, with a channel limit of 10 a second. Every post takes a slot of
// the channel's one shared bucket: the database's record of it moved on
// by at least 20 slots of 0.1 s, whichever replica posted. The assertions
// are on counts and the database's clock, not on how long the test took.
func TestTwoReplicasShareTheChannelLimit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := slacktest.NewServer("xoxb-replicas", "")
	t.Cleanup(srv.Close)
	dbs := pgtest.Replicas(t, 2, postgres.WithMaxConns(4))
	var adapters []*slack.Adapter
	for _, db := range dbs {
		a, err := slack.New("xoxb-replicas", "signing-secret",
			bot.HandlerFunc(func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }),
			slack.WithAPIURL(srv.APIURL()), slack.WithStore(db), slack.WithConfig(slack.Config{ChannelRate: 10}))
		if err != nil {
			t.Fatal(err)
		}
		adapters = append(adapters, a)
	}
	start := pgtest.Now(t, dbs[0])
	const posts = 20
	key := bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "CPOSTS"}
	var wg sync.WaitGroup
	for i := range posts {
		wg.Go(func() {
			if err := adapters[i%2].Send(ctx, key, bot.Reply{Lang: "en", Text: fmt.Sprintf("post %d", i)}); err != nil {
				t.Errorf("post %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if got := len(srv.Calls("chat.postMessage")); got != posts {
		t.Fatalf("the fake got %d posts, want %d", got, posts)
	}
	if got, want := pgtest.BucketTAT(t, dbs[0], "slack:channel:CPOSTS").Sub(start), posts*time.Second/10; got < want-time.Millisecond {
		t.Errorf("%d posts through two replicas moved the channel's bucket on by %s, want at least %s", posts, got, want)
	}
}
