package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

// TestServeSlackSchedule drives `/carebot schedule` through serve: a daily
// tip is scheduled in the channel (a River job on SQLite), listed and
// cancelled.
func TestServeSlackSchedule(t *testing.T) {
	t.Parallel()
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := slackEnv(t, fake)
	base := "http://" + startServe(t, env).addr
	n := 0
	command := func(text string) string {
		t.Helper()
		n++
		form := url.Values{"command": {"/carebot"}, "text": {text}, "channel_id": {"CTEAM"}, "user_id": {"UNURSE"},
			"team_id": {"T0CARE"}, "response_url": {fake.ResponseURL("r")}, "trigger_id": {fmt.Sprint("trig", n)}}
		body := []byte(form.Encode())
		req, _ := http.NewRequest(http.MethodPost, base+slack.PathCommands, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		slacktest.Sign(req.Header, slackTestSecret, time.Now(), body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d", text, resp.StatusCode)
		}
		wctx, wcancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer wcancel()
		calls, err := fake.Wait(wctx, "response_url", n)
		if err != nil {
			t.Fatalf("%q: no answer: %v", text, err)
		}
		return calls[n-1].Text
	}
	if got := command("schedule daily 09:00 tip America/Chicago es"); !strings.Contains(got, "every day at 09:00 America/Chicago") {
		t.Fatalf("schedule: %q", got)
	}
	list := command("schedule list")
	if !strings.Contains(list, "daily 09:00 America/Chicago, a tip in es") {
		t.Fatalf("list: %q", list)
	}
	id := strings.TrimSuffix(strings.Fields(strings.SplitN(list, "• ", 2)[1])[0], ":")
	if got := command("schedule cancel " + id); !strings.Contains(got, "Cancelled post "+id) {
		t.Fatalf("cancel: %q", got)
	}
	if got := command("schedule list"); !strings.Contains(got, "Nothing is scheduled") {
		t.Errorf("list after cancel: %q", got)
	}
	if got := command("schedule weekly tuesday"); !strings.Contains(got, "Usage") {
		t.Errorf("bad spec: %q", got)
	}
}
