package slack

import (
	"testing"

	"github.com/slack-go/slack/slackevents"
)

// parseForTest parses an Events API body as the HTTP handler does.
func parseForTest(t *testing.T, body []byte) slackevents.EventsAPIEvent {
	t.Helper()
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	return ev
}
