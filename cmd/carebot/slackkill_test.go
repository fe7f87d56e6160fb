package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/bot/store/storetest"
)

// slackRequestsDB is what TestServeSlackRequestsSurviveRestart reads and
// writes beside serve.
type slackRequestsDB interface {
	bot.Store
	bot.ThreadStore
	bot.ThreadAudit
	Close() error
}

// TestServeSlackRequestsSurviveRestart runs `carebot serve` as a child
// process with Slack over HTTP, on SQLite and on PostgreSQL. A nurse's
// slash command (sent twice with one trigger_id, as a redelivery) and her
// tap on Claim under an alert are answered 200 while Slack answers every
// response_url and chat.update with a 500; serve is then killed (SIGKILL)
// or stopped (SIGTERM) and started again on the same database with Slack
// back: the command is answered once, the alert shows the claim once, the
// trail holds one claim. A command signed with another secret is answered
// 401.
func TestServeSlackRequestsSurviveRestart(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"sqlite", "postgres"} {
		for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
			t.Run(store+"/"+sig.String(), func(t *testing.T) {
				t.Parallel()
				serveSlackRestart(t, store, sig)
			})
		}
	}
}

func serveSlackRestart(t *testing.T, store string, sig syscall.Signal) {
	ctx := t.Context()
	dir := t.TempDir()
	var (
		dbURL string
		db    slackRequestsDB
	)
	switch store {
	case "sqlite":
		dbURL = filepath.Join(dir, "carebot.db")
		s, err := sqlite.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		db = s
	default:
		p := pgtest.Open(t, postgres.WithMaxConns(2))
		base, sep := storetest.DatabaseURL(t), "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		dbURL = base + sep + "search_path=" + p.Schema()
		db = p
	}
	// An alert in the care channel, as a parent's warning sign left it.
	parent := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "730091001"}, Lang: "en",
		Consent: bot.ConsentGranted, Active: true}
	if err := db.SavePerson(ctx, parent); err != nil {
		t.Fatal(err)
	}
	const root = "1700000900.000100"
	if err := db.SaveThread(ctx, &bot.Thread{Channel: e2eCareChannel, TS: root, Person: parent.Key, Level: bot.LevelEmergency}); err != nil {
		t.Fatal(err)
	}

	config := writeConfig(t, "log: {format: json}\ninbox: {instance: slack-restart}\nhttp: {shutdown_timeout: 5s}\n")
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	for range 10_000 {
		fake.FailStatus("response_url", http.StatusInternalServerError)
		fake.FailStatus("chat.update", http.StatusInternalServerError)
	}
	env := e2eEnv(nil, fake.APIURL())
	env["CAREBOT_CHILD_CONFIG"] = config
	env["CAREBOT_DATABASE_URL"] = dbURL
	first := startServeChild(t, env)
	base := first.base(t)

	post := func(path string, body []byte, secret string) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		slacktest.Sign(req.Header, secret, time.Now(), body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	command := []byte(url.Values{
		"command": {"/carebot"}, "text": {"wrist pain"}, "channel_id": {"CTEAM"}, "user_id": {e2eNurse},
		"team_id": {"T0CARE"}, "response_url": {fake.ResponseURL("cmd")}, "trigger_id": {"trig-restart-cmd"},
	}.Encode())
	forged := []byte(url.Values{
		"command": {"/carebot"}, "text": {"knee pain"}, "channel_id": {"CTEAM"}, "user_id": {e2eNurse},
		"team_id": {"T0CARE"}, "response_url": {fake.ResponseURL("forged")}, "trigger_id": {"trig-restart-forged"},
	}.Encode())
	tap, err := json.Marshal(map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": e2eNurse, "name": "nurse"},
		"channel":    map[string]any{"id": e2eCareChannel, "name": "care-team"},
		"team":       map[string]any{"id": "T0CARE"},
		"trigger_id": "trig-restart-claim",
		"container":  map[string]any{"type": "message", "channel_id": e2eCareChannel, "message_ts": root, "is_ephemeral": false},
		"message": map[string]any{"type": "message", "ts": root, "text": "carebot alert", "blocks": []any{
			map[string]any{"type": "section", "block_id": "carebot_alert", "text": map[string]any{"type": "mrkdwn", "text": "Emergency"}}}},
		"actions": []any{map[string]any{"type": "button", "action_id": "carebot_claim", "block_id": "carebot_alert_actions",
			"value": "-", "action_ts": "1700000901.000100"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if code := post(slack.PathCommands, forged, "not-the-signing-secret"); code != http.StatusUnauthorized {
		t.Errorf("forged command: %d, want 401", code)
	}
	for i := range 2 { // the second: a redelivery of the same command
		if code := post(slack.PathCommands, command, slackTestSecret); code != http.StatusOK {
			t.Fatalf("command %d: %d", i, code)
		}
	}
	if code := post(slack.PathInteractive, []byte(url.Values{"payload": {string(tap)}}.Encode()), slackTestSecret); code != http.StatusOK {
		t.Fatalf("tap: %d", code)
	}
	if err := first.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-first.exited:
	case <-time.After(serveWait):
		t.Fatalf("serve did not exit after %v:\n%s", sig, first.log())
	}
	if n := len(fake.Calls("response_url")) + len(fake.Calls("chat.update")); n != 0 {
		t.Fatalf("%d answers reached Slack before the restart (it answered 500)", n)
	}

	fake.Heal()
	second := startServeChild(t, env)
	second.base(t)
	wctx, cancel := context.WithTimeout(ctx, e2eWait)
	defer cancel()
	if _, err := fake.Wait(wctx, "response_url", 1); err != nil {
		t.Fatalf("the command was not answered after the restart: %v\nfirst:\n%s\nsecond:\n%s", err, first.log(), second.log())
	}
	if _, err := fake.Wait(wctx, "chat.update", 1); err != nil {
		t.Fatalf("the claim was not shown after the restart: %v\n%s", err, second.log())
	}
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-second.exited:
	case <-time.After(serveWait):
		t.Fatal("serve did not stop")
	}
	answers := fake.Calls("response_url")
	if len(answers) != 1 || answers[0].Path != "/response/cmd" {
		var paths []string
		for _, a := range answers {
			paths = append(paths, a.Path)
		}
		t.Errorf("answers %v, want one to the command", paths)
	}
	updates := fake.Calls("chat.update")
	if len(updates) != 1 || !strings.Contains(updates[0].BlockText(), "Claimed by <@"+e2eNurse+">") {
		t.Errorf("%d alert updates, want one showing the claim", len(updates))
	}
	th, err := db.ThreadByTS(ctx, e2eCareChannel, root)
	if err != nil || th.ClaimedBy != e2eNurse {
		t.Errorf("thread %+v, %v: want claimed by %s", th, err, e2eNurse)
	}
	evs, err := db.ThreadEvents(ctx, e2eCareChannel, root)
	if err != nil || len(evs) != 1 || evs[0].Kind != bot.ThreadClaimed {
		t.Errorf("trail %+v, %v: want one claim", evs, err)
	}
	t.Logf("%s, %v: command answered %d time(s), claim shown %d time(s)", store, sig, len(answers), len(updates))
}
