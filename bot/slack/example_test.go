package slack_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

// A Slack adapter answering with a handler (the Router in carebot serve),
// its endpoints mounted on a mux, and a scheduled post to a channel.
func ExampleNew() {
	fake := slacktest.NewServer("xoxb-example", "") // stands in for slack.com
	defer fake.Close()

	h := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Title: "Wrist pain", Text: "Rest and a thumb splint help."}, nil
	})
	a, err := slack.New("xoxb-example", "signing-secret", h,
		slack.WithAPIURL(fake.APIURL()),
		slack.WithCareChannel("C0CARE"),
	)
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux) // POST /slack/events, /slack/commands, /slack/interactive
	// go a.Run(ctx) runs the workers until ctx is done.

	tip := bot.Reply{Title: "Tip of the day", Text: "Five mini squats while the bottle warms."}
	if err := a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "C0GENERAL"}, tip); err != nil {
		panic(err)
	}
	post := fake.Calls("chat.postMessage")[0]
	fmt.Println(post.Channel, post.BlockTypes())
	// Output: C0GENERAL [header section]
}
