package slack

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/sqlite/sqlitetest"
)

// TestAnswersThroughAStorm answers a mention, a slash command and two
// taps on follow-up buttons (one on an ephemeral answer, one in a thread),
// and posts three care-team alerts, while Slack answers chat.postMessage
// and response_url with 20 429s (Retry-After 3 s: a minute of them each)
// and 10 HTTP 500s each: every answer and every alert is posted, once,
// after the storm, on SQLite and PostgreSQL. The adapter's sleep is
// replaced, so the minutes pass in no time; the test adds up the waits.
func TestAnswersThroughAStorm(t *testing.T) {
	t.Parallel()
	eachInboxStore(t, func(t *testing.T, db inboxDB) {
		var (
			mu     sync.Mutex
			waited time.Duration
		)
		b := setup(t, nil, WithStore(db), withSleep(func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			waited += d
			mu.Unlock()
			return ctx.Err()
		}))
		for _, method := range []string{"chat.postMessage", "response_url"} {
			for i := range 30 {
				if i%3 == 2 {
					b.fake.FailStatus(method, http.StatusInternalServerError)
				} else {
					b.fake.RateLimit(method, 3)
				}
			}
		}
		ctx := t.Context()
		p := parent(bot.ConsentGranted, "en")
		if err := db.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		const alerts = 3
		for i := range alerts {
			m := parentMessage(fmt.Sprintf("chest pain %d", i))
			m.Time = m.Time.Add(time.Duration(i) * time.Minute) // another message each
			if err := b.a.Alert(ctx, p, m, emergencyReply()); err != nil {
				t.Fatal(err)
			}
		}
		b.event(t, "EvStorm", mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300"), nil)
		if resp := b.command(t, "CGEN", "UNURSE", "wrist pain", b.fake.ResponseURL("cmd")); resp.StatusCode != http.StatusOK {
			t.Fatalf("command: status %d", resp.StatusCode)
		}
		b.interact(t, blockAction("CGEN", "UNURSE", b.fake.ResponseURL("tap"), true, "", "1700000300.000300", "carebot_btn_0", "kb:more"))
		b.interact(t, blockAction("CGEN", "UNURSE", b.fake.ResponseURL("f1"), false, "1700000300.000100", "1700000300.000200", "carebot_btn_0", "kb:more"))
		b.wait(t, "chat.postMessage", 2+alerts)
		b.wait(t, "response_url", 2)
		b.stop(t) // nothing more can be posted: the counts are final
		var posts, alertPosts []slacktest.Call
		for _, c := range b.fake.Calls("chat.postMessage") {
			if c.Channel == careChannel {
				alertPosts = append(alertPosts, c)
			} else {
				posts = append(posts, c)
			}
		}
		if len(posts) != 2 {
			t.Errorf("%d posts, want 2 (the mention's answer, the tap in the thread)", len(posts))
		}
		for _, c := range posts {
			// Kept in the outbox as JSON and posted whole: blocks and buttons.
			if !hasText(c, "You asked:") || !hasText(c, "Sit tall.") || len(c.ActionIDs()) == 0 {
				t.Errorf("post %q lost its blocks or buttons in the outbox: %s", c.Text, c.BlockText())
			}
		}
		seen := map[string]int{}
		for _, c := range alertPosts {
			for i := range alerts {
				if hasText(c, fmt.Sprintf("chest pain %d", i)) {
					seen[fmt.Sprint(i)]++
				}
			}
		}
		if len(alertPosts) != alerts || len(seen) != alerts {
			t.Errorf("%d alerts posted (%v), want each of %d once", len(alertPosts), seen, alerts)
		}
		paths := map[string]int{}
		for _, c := range b.fake.Calls("response_url") {
			paths[c.Path]++
		}
		if paths["/response/cmd"] != 1 || paths["/response/tap"] != 1 {
			t.Errorf("response_url answers %v, want one to the command and one to the tap", paths)
		}
		if n := b.fake.RateLimited(); n != 40 {
			t.Errorf("%d calls answered 429, want all 40", n)
		}
		mu.Lock()
		defer mu.Unlock()
		if waited < 2*time.Minute {
			t.Errorf("waited %v in all, want at least the two minutes of Retry-After", waited)
		}
		t.Logf("4 answers and %d alerts through 40 429s and 20 500s: all posted once, after %v of waits", alerts, waited)
	})
}

// TestAlertNotHeldUpByAnAnswer: an answer waiting out a two-minute
// Retry-After does not hold up an alert; the alert is posted while the
// answer waits, and the answer after it.
func TestAlertNotHeldUpByAnAnswer(t *testing.T) {
	t.Parallel()
	db := sqlitetest.Open(t)
	hold, held := make(chan struct{}), make(chan struct{}, 1)
	defer close(hold) // before the adapter stops (a cleanup)
	b := setup(t, nil, WithStore(db), withSleep(func(ctx context.Context, d time.Duration) error {
		if d >= time.Minute {
			held <- struct{}{}
			select {
			case <-hold:
			case <-ctx.Done():
			}
		}
		return ctx.Err()
	}))
	b.fake.RateLimit("chat.postMessage", 120)
	b.event(t, "EvSlow", mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300"), nil)
	recv(t, held) // the answer waits out its Retry-After
	ctx := context.Background()
	p := parent(bot.ConsentGranted, "en")
	if err := db.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := b.a.Alert(ctx, p, parentMessage("chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	if c := b.wait(t, "chat.postMessage", 1)[0]; c.Channel != careChannel {
		t.Fatalf("first post to %s, want the alert to %s", c.Channel, careChannel)
	}
	hold <- struct{}{}
	if c := b.wait(t, "chat.postMessage", 2)[1]; c.Channel != "CGEN" {
		t.Errorf("second post to %s, want the answer to CGEN", c.Channel)
	}
}
