package slack

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/postgres"
	"github.com/carebot/carebot/bot/store/postgres/pgtest"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
)

// inboxDB is a store with the inbox and the care-team threads: SQLite or
// PostgreSQL.
type inboxDB interface {
	bot.Store
	bot.Inbox
	bot.ThreadStore
	bot.ThreadAudit
}

// eachInboxStore runs f on SQLite and, when CAREBOT_TEST_DATABASE_URL is
// set, on PostgreSQL (a schema of its own).
func eachInboxStore(t *testing.T, f func(t *testing.T, db inboxDB)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		f(t, sqlitetest.Open(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		f(t, pgtest.Open(t, postgres.WithMaxConns(4)))
	})
}

// commandForm is a slash command's body with the trigger_id.
func commandForm(channel, user, text, responseURL, trigger string) []byte {
	return []byte(url.Values{
		"command": {"/carebot"}, "text": {text}, "channel_id": {channel}, "user_id": {user},
		"team_id": {"T0CARE"}, "response_url": {responseURL}, "trigger_id": {trigger},
	}.Encode())
}

func tapForm(t *testing.T, payload map[string]any) []byte {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(raw)}}.Encode())
}

// TestRequestsAfterCrash: a slash command and a tap on a follow-up button
// are acknowledged (200) while the process "dies" before answering them
// (the handler never returns; the adapter is stopped and its work cut
// short); each is also delivered a second time (same trigger_id), as a
// retry would. The next start on the same database answers each once.
func TestRequestsAfterCrash(t *testing.T) {
	t.Parallel()
	eachInboxStore(t, func(t *testing.T, db inboxDB) {
		entered := make(chan struct{}, 4)
		stuck := bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
			entered <- struct{}{}
			<-ctx.Done() // "dies": never answers
			return bot.Reply{}, ctx.Err()
		})
		b := setup(t, stuck, WithStore(db), WithInstance("node-1"),
			WithConfig(Config{ChannelRate: math.Inf(1), DrainTimeout: 100 * time.Millisecond}))
		cmd := commandForm("CGEN", "UNURSE", "wrist pain", b.fake.ResponseURL("cmd"), "trig-crash-cmd")
		tap := tapForm(t, blockAction("CTAP", "UNURSE", b.fake.ResponseURL("tap"), true, "", "1700000300.000300", "carebot_btn_0", "kb:more"))
		tap = []byte(strings.Replace(string(tap), "trig-tap", "trig-crash-tap", 1))
		for range 2 { // the second time: a redelivery, deduplicated
			if resp := b.send(t, PathCommands, "application/x-www-form-urlencoded", cmd, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("command: status %d", resp.StatusCode)
			}
			if resp := b.send(t, PathInteractive, "application/x-www-form-urlencoded", tap, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("tap: status %d", resp.StatusCode)
			}
		}
		<-entered // at least one is in the handler when the process stops
		b.stop(t)
		if n := len(b.fake.Calls("response_url")); n != 0 {
			t.Fatalf("%d answers by the first process", n)
		}
		left, err := db.ClaimInbox(t.Context(), "slack", "peek", time.Nanosecond, 10)
		if err != nil || len(left) != 2 {
			t.Fatalf("inbox after the stop: %d entries, %v; want the command and the tap", len(left), err)
		}
		if err := db.Release(t.Context(), "peek"); err != nil {
			t.Fatal(err)
		}

		stop := runAdapter(t, b, echoHandler(), WithStore(db), WithInstance("node-1"), WithCareChannel(careChannel))
		b.wait(t, "response_url", 2)
		stop() // nothing more can be posted: the counts are final
		paths := map[string]int{}
		for _, c := range b.fake.Calls("response_url") {
			paths[c.Path]++
		}
		if len(paths) != 2 || paths["/response/cmd"] != 1 || paths["/response/tap"] != 1 {
			t.Errorf("answers %v, want one to the command and one to the tap", paths)
		}
		if left, err := db.ClaimInbox(t.Context(), "slack", "peek", time.Minute, 10); err != nil || len(left) != 0 {
			t.Errorf("inbox after the answers: %d entries, %v", len(left), err)
		}
		if left, err := db.ClaimOutbox(t.Context(), "slack", "peek", time.Minute, 10); err != nil || len(left) != 0 {
			t.Errorf("outbox after the answers: %d entries, %v", len(left), err)
		}
	})
}

// TestClaimAfterCrash: a Claim tap and a Resolved tap are each taken from
// the inbox again after the process stopped between recording the claim
// (the thread's row and its trail) and recording the alert's new status
// in the outbox. The next start shows them on the alert (chat.update),
// posts the resolved note once, and neither says "already claimed" nor
// adds a second entry to the trail.
func TestClaimAfterCrash(t *testing.T) {
	t.Parallel()
	eachInboxStore(t, func(t *testing.T, db inboxDB) {
		ctx := t.Context()
		b := setup(t, nil, WithStore(db), WithInstance("node-1"))
		b.stop(t)
		p := parent(bot.ConsentGranted, "en")
		if err := db.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		// Alert A was claimed by UANA, alert B resolved by UBEA, each up to
		// the crash: the thread's row written, the trail not yet for B.
		const rootA, rootB = "1700000500.000100", "1700000500.000200"
		for _, root := range []string{rootA, rootB} {
			if err := db.SaveThread(ctx, &bot.Thread{Channel: careChannel, TS: root, Person: p.Key, Level: bot.LevelEmergency}); err != nil {
				t.Fatal(err)
			}
		}
		if won, err := db.ClaimThread(ctx, careChannel, rootA, "UANA"); err != nil || !won {
			t.Fatalf("ClaimThread: %v, %v", won, err)
		}
		if err := db.AddThreadEvent(ctx, &bot.ThreadEvent{Channel: careChannel, TS: rootA, Kind: bot.ThreadClaimed, Actor: "UANA"}); err != nil {
			t.Fatal(err)
		}
		if won, err := db.ResolveThread(ctx, careChannel, rootB); err != nil || !won {
			t.Fatalf("ResolveThread: %v, %v", won, err)
		}
		blocks := []map[string]any{{"type": "section", "block_id": "carebot_alert", "text": map[string]any{"type": "mrkdwn", "text": "Emergency"}}}
		for i, tap := range []struct{ root, action, user string }{{rootA, actionClaim, "UANA"}, {rootB, actionResolve, "UBEA"}} {
			cb := alertAction(tap.user, tap.root, tap.action, rootFromMessage, blocks)
			trigger := "trig-claim-" + tap.action
			cb["trigger_id"] = trigger
			raw, err := json.Marshal(cb)
			if err != nil {
				t.Fatal(err)
			}
			body, err := json.Marshal(storedRequest{Kind: requestInteraction, Payload: raw})
			if err != nil {
				t.Fatal(err)
			}
			id := requestID(requestInteraction, trigger, body)
			if first, err := db.Receive(ctx, bot.InboxEntry{Source: "slack", ID: id, Chat: careChannel, Body: body}, "node-1/slack", time.Minute); err != nil || !first {
				t.Fatalf("tap %d: Receive %v, %v", i, first, err)
			}
		}

		stop := runAdapter(t, b, echoHandler(), WithStore(db), WithInstance("node-1"), WithCareChannel(careChannel))
		b.wait(t, "chat.update", 2)
		b.wait(t, "chat.postMessage", 1)
		stop()
		updates := map[string]string{}
		for _, u := range b.fake.Calls("chat.update") {
			updates[u.TS] += u.BlockText()
		}
		if len(updates) != 2 || !strings.Contains(updates[rootA], "Claimed by <@UANA>") || !strings.Contains(updates[rootB], "Resolved by <@UBEA>") {
			t.Errorf("updates %q, want A claimed by UANA and B resolved by UBEA", updates)
		}
		if notes := b.fake.Calls("chat.postMessage"); len(notes) != 1 || notes[0].ThreadTS != rootB {
			t.Errorf("%d resolved notes, want 1 in B's thread", len(notes))
		}
		if eph := b.fake.Calls("chat.postEphemeral"); len(eph) != 0 {
			t.Errorf("told the nurse %q", eph[0].Text)
		}
		for root, want := range map[string]bot.ThreadEventKind{rootA: bot.ThreadClaimed, rootB: bot.ThreadResolved} {
			evs, err := db.ThreadEvents(ctx, careChannel, root)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 || evs[0].Kind != want {
				t.Errorf("trail of %s: %+v, want one %s", root, evs, want)
			}
		}
	})
}

// TestForgedCommandStoresNothing: a slash command signed with another
// secret is answered 401 and leaves nothing in the inbox or the outbox.
func TestForgedCommandStoresNothing(t *testing.T) {
	t.Parallel()
	db := sqlitetest.Open(t)
	b := setup(t, nil, WithStore(db))
	body := commandForm("CGEN", "UNURSE", "wrist pain", b.fake.ResponseURL("forged"), "trig-forged")
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+PathCommands, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	slacktest.Sign(req.Header, "not-the-signing-secret", time.Now(), body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged command: status %d, want 401", resp.StatusCode)
	}
	b.stop(t)
	if n := len(b.fake.Calls("")); n > 1 { // auth.test only
		t.Errorf("%d calls to Slack after a forged command", n)
	}
	if left, err := db.ClaimInbox(t.Context(), "slack", "peek", time.Minute, 10); err != nil || len(left) != 0 {
		t.Errorf("inbox after a forged command: %d entries, %v", len(left), err)
	}
}
