package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

// TestResolvedShowsTheTrail: who claimed, what the care team told the
// parent and who resolved are recorded and shown on Resolved.
func TestResolvedShowsTheTrail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	ms := b.store
	p := b.saveParent(t, bot.ConsentGranted, "en")
	alert := b.alert(t, p, "chest pain", emergencyReply())
	b.interact(t, alertAction("UANA", alert.TS, actionClaim, rootFromMessage, alert.BlockList()))
	claimed := b.wait(t, "chat.update", 1)[0]
	b.event(t, "EvTrailReply", threadReply(careChannel, "UANA", "We are calling you now", "1700000900.000100", alert.TS), nil)
	recv(t, b.sender.sent)
	b.wait(t, "reactions.add", 1)
	b.interact(t, alertAction("UBEA", alert.TS, actionResolve, rootFromMessage, claimed.BlockList()))
	note := b.wait(t, "chat.postMessage", 2)[1]
	for _, want := range []string{"Resolved by <@UBEA>", "Audit trail", "claimed by <@UANA>",
		"<@UANA> told the parent: We are calling you now", "resolved by <@UBEA>"} {
		if !hasText(note, want) {
			t.Errorf("resolve note lacks %q:\n%s", want, note.Text)
		}
	}
	events, err := ms.ThreadEvents(ctx, careChannel, alert.TS)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, ","); got != "posted,claimed,replied,resolved" {
		t.Errorf("trail %s, want posted,claimed,replied,resolved", got)
	}
	if strings.Contains(events[0].Text, "chest") {
		t.Errorf("the trail holds the parent's words: %+v", events[0])
	}
}

// TestForgetErasesWords: /forget replaces every message with the parent's
// words, tells the thread, and a later nurse reply gets a note in the
// thread instead of going nowhere.
func TestForgetErasesWords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	ms := b.store
	p := b.saveParent(t, bot.ConsentGranted, "en")
	alert := b.alert(t, p, "i want to hurt myself", emergencyReply())
	if ok, err := b.a.ForwardToThread(ctx, p, parentMessage("my address is 5 Elm St")); !ok || err != nil {
		t.Fatalf("ForwardToThread = %v, %v", ok, err)
	}
	fwd := b.wait(t, "chat.postMessage", 2)[1]

	if err := b.a.EraseAlerts(ctx, parentKey); err != nil {
		t.Fatal(err)
	}
	if err := ms.Forget(ctx, parentKey); err != nil { // what /forget does next
		t.Fatal(err)
	}
	updates := b.wait(t, "chat.update", 2)
	byTS := map[string]bool{}
	for _, u := range updates {
		byTS[u.TS] = true
		if hasText(u, "hurt myself") || hasText(u, "Elm St") || !hasText(u, "/forget") {
			t.Errorf("update of %s still holds the parent's words or no note:\n%s", u.TS, u.BlockText())
		}
	}
	if !byTS[alert.TS] || !byTS[fwd.TS] {
		t.Errorf("updated %v, want the alert %s and the forwarded message %s", byTS, alert.TS, fwd.TS)
	}
	left := b.wait(t, "chat.postMessage", 3)[2]
	if left.ThreadTS != alert.TS || !hasText(left, "used /forget and left carebot") {
		t.Errorf("thread note %+v", left)
	}

	b.event(t, "EvAfterLeft", threadReply(careChannel, "UANA", "are you there?", "1700001000.000100", alert.TS), nil)
	note := b.wait(t, "chat.postMessage", 4)[3]
	if note.ThreadTS != alert.TS || !hasText(note, "<@UANA> your reply was not sent") {
		t.Errorf("reply after forget: %+v", note)
	}
	b.stop(t)
	if len(b.sender.sent) != 0 {
		t.Error("relayed to a parent who left")
	}
}

// TestAlertShowsLabel: a parent linked by an invite is shown with the care
// team's label.
func TestAlertShowsLabel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	ms := b.store
	p := b.saveParent(t, bot.ConsentGranted, "en")
	_, hash := bot.NewInviteCode()
	if err := ms.AddInvite(ctx, &bot.Invite{CodeHash: hash, Label: "chart 0042 <b>", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.RedeemInvite(ctx, hash, parentKey, time.Now()); err != nil {
		t.Fatal(err)
	}
	alert := b.alert(t, p, "chest pain", emergencyReply())
	if !hasText(alert, "*Label*\nchart 0042 &lt;b&gt;") {
		t.Errorf("alert without the escaped label:\n%s", alert.BlockText())
	}
}

// TestClaimRace: two nurses press Claim on the same unclaimed alert: one
// claim wins, the other is told who has it. (On one replica a channel's
// actions run in order; between replicas the store's conditional
// ClaimThread decides, which the conformance suite checks.)
func TestClaimRace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	ms := b.store
	p := b.saveParent(t, bot.ConsentGranted, "en")
	alert := b.alert(t, p, "chest pain", emergencyReply())
	// Both presses carry the unclaimed alert's blocks, as two clients
	// showing it at the same moment would.
	b.interact(t, alertAction("UANA", alert.TS, actionClaim, rootFromMessage, alert.BlockList()))
	b.interact(t, alertAction("UBEA", alert.TS, actionClaim, rootFromMessage, alert.BlockList()))
	b.wait(t, "chat.update", 1)
	told := b.wait(t, "chat.postEphemeral", 1)[0]
	b.stop(t)
	th, _ := ms.ThreadByTS(ctx, careChannel, alert.TS)
	if n := len(b.fake.Calls("chat.update")); n != 1 || th.ClaimedBy == "" ||
		told.User == th.ClaimedBy || !hasText(told, "<@"+th.ClaimedBy+"> already claimed") {
		t.Errorf("%d updates, claimed by %q, told %s %q", n, th.ClaimedBy, told.User, told.Text)
	}
	events, _ := ms.ThreadEvents(ctx, careChannel, alert.TS)
	claims := 0
	for _, e := range events {
		if e.Kind == bot.ThreadClaimed {
			claims++
		}
	}
	if claims != 1 {
		t.Errorf("%d claims in the trail, want 1", claims)
	}
}

// TestAlertRunAgainPostsOnce: a durable delivery run again (its first run
// posted, then died before recording it) finds its alert in the channel's
// history and does not post it twice.
func TestAlertRunAgainPostsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	ms := b.store
	p := b.saveParent(t, bot.ConsentGranted, "en")
	first := bot.Delivery{ID: "alert-1", Since: time.Now()}
	if err := b.a.Alert(bot.WithDelivery(ctx, first), p, parentMessage("chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	alert := b.wait(t, "chat.postMessage", 1)[0]
	again := first
	again.Again = true
	if err := b.a.Alert(bot.WithDelivery(ctx, again), p, parentMessage("chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	if n := len(b.fake.Calls("conversations.history")); n != 1 {
		t.Errorf("%d history look-ups, want 1", n)
	}
	// Another delivery run again, never posted: it is posted.
	other := bot.Delivery{ID: "alert-2", Since: time.Now(), Again: true}
	if err := b.a.Alert(bot.WithDelivery(ctx, other), p, parentMessage("worse"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	b.stop(t)
	posts := b.fake.Calls("chat.postMessage")
	if len(posts) != 2 || posts[1].ThreadTS != alert.TS {
		t.Errorf("%d posts (want 2: the alert once, then the other in its thread): %+v", len(posts), posts)
	}
	if th, err := ms.ThreadByTS(ctx, careChannel, alert.TS); err != nil || th.Person != parentKey {
		t.Errorf("thread %+v, %v", th, err)
	}
}
