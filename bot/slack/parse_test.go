package slack

import (
	"testing"

	"github.com/slack-go/slack/slackevents"
)

func parseForTest(t *testing.T, body []byte) (slackevents.EventsAPIEvent, error) {
	t.Helper()
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	return ev, nil
}
