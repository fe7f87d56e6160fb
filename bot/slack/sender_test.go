package slack_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/sendertest"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

// slackFake drives slacktest for the sender contract's suite; the "person"
// is a channel (scheduled posts).
type slackFake struct {
	srv *slacktest.Server
}

func (f *slackFake) Key() bot.PersonKey {
	return bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "CPOSTS"}
}

func (f *slackFake) RateLimit(d time.Duration) {
	f.srv.RateLimit("chat.postMessage", int(d/time.Second))
}

// Block archives the channel: every later post fails with is_archived.
func (f *slackFake) Block() {
	for range 10 {
		f.srv.Fail("chat.postMessage", "is_archived")
	}
}

func (f *slackFake) Delivered() int {
	n := 0
	for _, c := range f.srv.Calls("chat.postMessage") {
		if c.Channel == f.Key().ChatID {
			n++
		}
	}
	return n
}

func TestSenderContract(t *testing.T) {
	t.Parallel()
	sendertest.Run(t, sendertest.Harness{New: func(t *testing.T) (bot.Sender, sendertest.Fake) {
		srv := slacktest.NewServer("xoxb-contract", "")
		t.Cleanup(srv.Close)
		a, err := slack.New("xoxb-contract", "signing-secret", bot.HandlerFunc(func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }),
			slack.WithAPIURL(srv.APIURL()), slack.WithConfig(slack.Config{ChannelRate: math.Inf(1)}))
		if err != nil {
			t.Fatal(err)
		}
		return a, &slackFake{srv: srv}
	}})
}
