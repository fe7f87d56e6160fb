package slack

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

var parentKey = bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "424242"}

func parent(consent bot.Consent, lang string) *bot.Person {
	return &bot.Person{Key: parentKey, Lang: lang, Consent: consent, Active: true}
}

func emergencyReply() bot.Reply {
	return bot.Reply{
		Lang: "en", Level: bot.LevelEmergency, Signs: []string{"sign.chest_pain"},
		Alert: "Call 911 now.", Intent: "escalation.emergency",
	}
}

func parentMessage(text string) bot.Message {
	return bot.Message{Platform: bot.PlatformTelegram, ChatID: parentKey.ChatID, UserID: "777",
		Text: text, Time: time.Date(2025, 3, 1, 3, 12, 0, 0, time.UTC)}
}

func TestAlertNeedsConsent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	for _, tt := range []struct {
		name   string
		p      *bot.Person
		stored *bot.Person
	}{
		{"unknown", parent(bot.ConsentUnknown, "en"), parent(bot.ConsentUnknown, "en")},
		{"denied", parent(bot.ConsentDenied, "en"), parent(bot.ConsentDenied, "en")},
		{"nil person", nil, nil},
		{"granted in the message but denied in the store", parent(bot.ConsentGranted, "en"), parent(bot.ConsentDenied, "en")},
		{"granted but never stored", parent(bot.ConsentGranted, "en"), nil},
	} {
		if err := b.store.Forget(ctx, parentKey); err != nil {
			t.Fatal(err)
		}
		if tt.stored != nil {
			if err := b.store.SavePerson(ctx, tt.stored); err != nil {
				t.Fatal(err)
			}
		}
		err := b.a.Alert(ctx, tt.p, parentMessage("chest pain"), emergencyReply())
		if !errors.Is(err, ErrNoConsent) {
			t.Errorf("%s: Alert = %v, want ErrNoConsent", tt.name, err)
		}
		fwd, err := b.a.ForwardToThread(ctx, tt.p, parentMessage("hello"))
		if fwd || err != nil {
			t.Errorf("%s: ForwardToThread = %v, %v", tt.name, fwd, err)
		}
	}
	b.stop(t)
	if n := len(b.fake.Calls("")); n != 0 {
		t.Errorf("%d Web API calls for parents without consent, want 0", n)
	}
}

func TestAlertNeedsWarningSign(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "en")
	if err := b.a.Alert(context.Background(), p, parentMessage("wrist"), bot.Reply{Text: "tips"}); !errors.Is(err, ErrNotEscalated) {
		t.Errorf("Alert = %v, want ErrNotEscalated", err)
	}
}

// TestEscalationLoop: a consenting parent's emergency message is posted to
// the care channel; a nurse's reply in the thread reaches the parent
// through the Sender; the parent's next message goes to the thread; Claim
// and Resolved update the alert; after that nothing is relayed.
func TestEscalationLoop(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "es")
	handle := bot.Pseudonym(parentKey, testPseudoKey)

	// 1. Alert posted.
	alert := b.alert(t, p, "tengo dolor en el pecho <y> no puedo respirar", emergencyReply())
	if alert.Channel != careChannel || alert.ThreadTS != "" {
		t.Errorf("alert posted to %s thread %q", alert.Channel, alert.ThreadTS)
	}
	text := alert.BlockText()
	for _, want := range []string{handle, "emergency", "es", "tengo dolor en el pecho &lt;y&gt; no puedo respirar",
		"<!date^1740798720^", "sign.chest_pain", "Call 911 now."} {
		if !strings.Contains(text, want) {
			t.Errorf("alert lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, parentKey.ChatID) || strings.Contains(alert.Text, "pecho") {
		t.Errorf("alert leaks the chat id or puts the message in the notification text: %q", alert.Text)
	}
	if ids := alert.ActionIDs(); !slices.Equal(ids, []string{actionClaim, actionResolve}) {
		t.Errorf("alert buttons %v", ids)
	}
	th, err := b.store.ThreadByTS(ctx, careChannel, alert.TS)
	if err != nil || th.Person != parentKey || th.Level != bot.LevelEmergency || th.Resolved {
		t.Fatalf("thread %+v, %v", th, err)
	}

	// 2. A nurse replies in the thread: the parent gets it, in Spanish.
	b.event(t, "EvReply1", threadReply(careChannel, "UNURSE", "Hola, soy Ana. &lt;Llama&gt; al 911 <@UOTHER>", "1700000500.000100", alert.TS), nil)
	got := recv(t, b.sender.sent)
	if got.key != parentKey || got.r.Text != "Mensaje de tu equipo de atención:\nHola, soy Ana. <Llama> al 911" {
		t.Errorf("parent got %+v", got)
	}
	if r := b.wait(t, "reactions.add", 1)[0]; r.Form.Get("timestamp") != "1700000500.000100" {
		t.Errorf("delivery reaction on %q", r.Form.Get("timestamp"))
	}

	// An internal note and a mention of carebot are not relayed; the
	// mention is answered as a look-up in the thread.
	b.event(t, "EvNote", threadReply(careChannel, "UNURSE", "// calling her now", "1700000500.000200", alert.TS), nil)
	// Slack sends a mention in a thread as two events.
	b.event(t, "EvMention", threadReply(careChannel, "UNURSE", "<@UCAREBOT> chest pain", "1700000500.000300", alert.TS), nil)
	am := mention(careChannel, "UNURSE", "<@UCAREBOT> chest pain", "1700000500.000300")
	am["thread_ts"] = alert.TS
	b.event(t, "EvMentionApp", am, nil)

	// 3. The parent's next message goes into the thread.
	fwd, err := b.a.ForwardToThread(ctx, p, parentMessage("ok, gracias"))
	if err != nil || !fwd {
		t.Fatalf("ForwardToThread = %v, %v", fwd, err)
	}
	// Posts so far: the alert, the look-up answer, the forwarded message
	// (the last two in either order).
	var forwarded int
	for _, c := range b.wait(t, "chat.postMessage", 3) {
		if hasText(c, "ok, gracias") {
			forwarded++
			if c.ThreadTS != alert.TS || !hasText(c, handle) {
				t.Errorf("forwarded %+v", c)
			}
		}
	}
	if forwarded != 1 {
		t.Errorf("parent message forwarded %d times", forwarded)
	}

	// 4. Claim shows who took it.
	blocks := alert.BlockList()
	b.interact(t, alertAction("UANA", alert.TS, actionClaim, rootFromMessage, blocks))
	claimed := b.wait(t, "chat.update", 1)[0]
	if claimed.TS != alert.TS || !hasText(claimed, "Claimed by <@UANA>") || !hasText(claimed, handle) {
		t.Errorf("claim update %+v\n%s", claimed, claimed.BlockText())
	}
	if ids := claimed.ActionIDs(); !slices.Equal(ids, []string{actionResolve}) {
		t.Errorf("buttons after claim %v, want Resolved only", ids)
	}
	if th, _ := b.store.ThreadByTS(ctx, careChannel, alert.TS); th.ClaimedBy != "UANA" {
		t.Errorf("claimed by %q", th.ClaimedBy)
	}

	// 5. Resolved closes it.
	b.interact(t, alertAction("UANA", alert.TS, actionResolve, rootFromMessage, claimed.BlockList()))
	resolved := b.wait(t, "chat.update", 2)[1]
	if !hasText(resolved, "Resolved by <@UANA>") || len(resolved.ActionIDs()) != 0 || strings.Contains(resolved.BlockText(), "Claimed by") {
		t.Errorf("resolve update %s, buttons %v", resolved.BlockText(), resolved.ActionIDs())
	}
	if th, _ := b.store.ThreadByTS(ctx, careChannel, alert.TS); !th.Resolved {
		t.Error("thread not resolved")
	}
	if fwd, err := b.a.ForwardToThread(ctx, p, parentMessage("hola?")); fwd || err != nil {
		t.Errorf("ForwardToThread after resolve = %v, %v", fwd, err)
	}

	// 6. A reply after that is not relayed; the nurse is told.
	b.event(t, "EvReply2", threadReply(careChannel, "UNURSE", "still there?", "1700000500.000400", alert.TS), nil)
	if c := b.wait(t, "chat.postEphemeral", 1)[0]; c.User != "UNURSE" || !hasText(c, "resolved") {
		t.Errorf("ephemeral %+v", c)
	}
	b.stop(t)
	if len(b.sender.sent) != 0 {
		t.Errorf("%d more messages relayed to the parent, want 0", len(b.sender.sent))
	}
	posts := b.fake.Calls("chat.postMessage")
	// alert, look-up answer to the mention, forwarded message, resolve note
	if len(posts) != 4 {
		t.Fatalf("%d posts, want 4", len(posts))
	}
	var lookups int
	for _, c := range posts {
		if hasText(c, "You asked: chest pain") {
			lookups++
		}
	}
	if lookups != 1 {
		t.Errorf("mention in the alert thread answered %d times, want 1", lookups)
	}
}

func TestSecondAlertGoesToOpenThread(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "en")
	provider := bot.Reply{Level: bot.LevelProvider, Alert: "Call your provider today.", Signs: []string{"sign.fever"}}
	if err := b.a.Alert(ctx, p, parentMessage("fever"), provider); err != nil {
		t.Fatal(err)
	}
	if err := b.a.Alert(ctx, p, parentMessage("now chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	calls := b.wait(t, "chat.postMessage", 2)
	root, second := calls[0], calls[1]
	if second.ThreadTS != root.TS || !second.Broadcast {
		t.Errorf("second alert thread %q broadcast %v, want in thread %s and shown in the channel", second.ThreadTS, second.Broadcast, root.TS)
	}
	if v, _ := second.Button(actionClaim); v != root.TS {
		t.Errorf("Claim in the thread points at %q, want the root %s", v, root.TS)
	}
	th, err := b.store.ThreadByTS(ctx, careChannel, root.TS)
	if err != nil || th.Level != bot.LevelEmergency {
		t.Errorf("thread %+v, %v: want level raised to emergency", th, err)
	}
}

func TestRelayFailureTold(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "en")
	alert := b.alert(t, p, "calf hot and swollen", emergencyReply())
	b.sender.setFail(errTelegramDown)
	b.event(t, "EvFail", threadReply(careChannel, "UNURSE", "please call us", "1700000600.000100", alert.TS), nil)
	if c := b.wait(t, "chat.postMessage", 2)[1]; c.ThreadTS != alert.TS || !hasText(c, "could not be delivered") {
		t.Errorf("failure note %+v", c)
	}
}

func TestForgetRemovesLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "en")
	alert := b.alert(t, p, "chest pain", emergencyReply())
	if err := b.store.Forget(ctx, parentKey); err != nil { // what /forget does
		t.Fatal(err)
	}
	b.event(t, "EvAfterForget", threadReply(careChannel, "UNURSE", "are you ok?", "1700000700.000100", alert.TS), nil)
	b.stop(t)
	if len(b.sender.sent) != 0 {
		t.Error("relayed to a forgotten parent")
	}
	if fwd, _ := b.a.ForwardToThread(ctx, p, parentMessage("hi")); fwd {
		t.Error("forwarded for a forgotten parent")
	}
}

func TestClaimUnknownAlert(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.interact(t, alertAction("UANA", "1700000800.000100", actionClaim, rootFromMessage, nil))
	if c := b.wait(t, "chat.postEphemeral", 1)[0]; !hasText(c, "no longer linked") {
		t.Errorf("ephemeral %+v", c)
	}
}

func alertAction(user, msgTS, actionID, value string, blocks any) map[string]any {
	p := blockAction(careChannel, user, "", false, "", msgTS, actionID, value)
	p["message"] = map[string]any{"type": "message", "ts": msgTS, "text": "Emergency warning sign", "blocks": blocks}
	return p
}

func TestForwardingWrapper(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "es")
	router := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		if strings.Contains(m.Text, "pecho") {
			return emergencyReply(), nil
		}
		return bot.Reply{Lang: "es", Text: "respuesta"}, nil
	})
	h := b.a.Forwarding(router)

	// No open thread yet: nothing forwarded, no notice.
	r, err := h.Handle(ctx, parentMessage("gracias"))
	if err != nil || r.Notice != "" {
		t.Fatalf("without a thread: %+v, %v", r, err)
	}
	alert := b.alert(t, p, "dolor en el pecho", emergencyReply())

	r, err = h.Handle(ctx, parentMessage("ya estoy mejor"))
	if err != nil || r.Text != "respuesta" || r.Notice != "Tu equipo de atención también puede ver este mensaje." {
		t.Errorf("forwarded reply %+v, %v", r, err)
	}
	if c := b.wait(t, "chat.postMessage", 2)[1]; c.ThreadTS != alert.TS || !hasText(c, "ya estoy mejor") {
		t.Errorf("forwarded post %+v", c)
	}
	// Not forwarded: an escalated message (Alert does it), a command, a
	// button tap, a Slack message.
	for _, m := range []bot.Message{
		parentMessage("otra vez dolor en el pecho"),
		parentMessage("/stop"),
		{Platform: bot.PlatformTelegram, ChatID: parentKey.ChatID, Payload: "kb:x"},
		{Platform: bot.PlatformSlack, ChatID: "CGEN", Text: "hola"},
	} {
		r, _ := h.Handle(ctx, m)
		if r.Notice != "" {
			t.Errorf("%+v forwarded", m)
		}
	}
	b.stop(t)
	if n := len(b.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d posts, want the alert and one forwarded message", n)
	}
}

// storeOnly hides the ThreadStore of a store.
type storeOnly struct{ bot.Store }

func TestAlertWithoutThreadStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	a, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(b.fake.APIURL()), WithStore(storeOnly{b.store}),
		WithCareChannel(careChannel), WithPseudonymKey(testPseudoKey))
	if err != nil {
		t.Fatal(err)
	}
	p := b.saveParent(t, bot.ConsentGranted, "en")
	if err := a.Alert(ctx, p, parentMessage("chest pain"), emergencyReply()); err != nil {
		t.Fatal(err)
	}
	alert := b.wait(t, "chat.postMessage", 1)[0]
	if hasText(alert, "Reply in this thread") {
		t.Error("alert promises relaying without a thread store")
	}
	if fwd, err := a.ForwardToThread(ctx, p, parentMessage("hi")); fwd || err != nil {
		t.Errorf("ForwardToThread = %v, %v", fwd, err)
	}
	cb := alertAction("UANA", alert.TS, actionClaim, rootFromMessage, alert.BlockList())
	raw, _ := json.Marshal(cb)
	var ic slackapi.InteractionCallback
	if err := json.Unmarshal(raw, &ic); err != nil {
		t.Fatal(err)
	}
	if err := a.processInteraction(ctx, "", ic, false); err != nil {
		t.Fatal(err)
	}
	if c := b.wait(t, "chat.update", 1)[0]; !hasText(c, "Claimed by <@UANA>") {
		t.Errorf("claim update %s", c.BlockText())
	}
}

func TestAlertHeaderNamesWhatItIsAbout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		level bot.Level
		signs []string
		want  string
	}{
		{bot.LevelEmergency, []string{"sign.self_harm"}, ":rotating_light: Emergency: thoughts of self-harm"},
		{bot.LevelEmergency, []string{"sign.harm_baby", "sign.self_harm"}, ":rotating_light: Emergency: thoughts of self-harm and of harming the baby"},
		{bot.LevelEmergency, []string{"sign.harm_baby_fear"}, ":rotating_light: Emergency: the baby may be at risk"},
		{bot.LevelEmergency, []string{bot.SignSOS}, ":rotating_light: Emergency: the parent pressed SOS"},
		{bot.LevelEmergency, []string{bot.SignCheckYes, "sign.low_mood"}, ":rotating_light: Emergency: the parent answered yes to a safety question"},
		{bot.LevelProvider, []string{"sign.leg_clot"}, ":warning: Provider today: leg clot"},
		{bot.LevelEmergency, nil, ":rotating_light: Emergency: warning sign"},
	}
	for _, tt := range tests {
		if got := (&Adapter{}).alertTitle(tt.level, tt.signs); got != tt.want {
			t.Errorf("alertTitle(%v, %q) = %q, want %q", tt.level, tt.signs, got, tt.want)
		}
	}
}

// TestAlertButtonsWorkOnce: a second Claim and any press after Resolved
// change nothing and tell the presser why.
func TestAlertButtonsWorkOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil)
	p := b.saveParent(t, bot.ConsentGranted, "en")
	self := emergencyReply()
	self.Signs = []string{"sign.self_harm"}
	alert := b.alert(t, p, "i want to hurt myself", self)
	if !hasText(alert, "thoughts of self-harm") || !strings.Contains(alert.Text, "thoughts of self-harm") {
		t.Errorf("alert header and notification text should name self-harm: %q\n%s", alert.Text, alert.BlockText())
	}
	b.interact(t, alertAction("UANA", alert.TS, actionClaim, rootFromMessage, alert.BlockList()))
	claimed := b.wait(t, "chat.update", 1)[0]
	b.interact(t, alertAction("UBEA", alert.TS, actionClaim, rootFromMessage, alert.BlockList()))
	if c := b.wait(t, "chat.postEphemeral", 1)[0]; c.User != "UBEA" || !hasText(c, "<@UANA> already claimed") {
		t.Errorf("second claim told %+v", c)
	}
	if th, _ := b.store.ThreadByTS(ctx, careChannel, alert.TS); th.ClaimedBy != "UANA" {
		t.Errorf("claimed by %q after a second claim, want UANA", th.ClaimedBy)
	}
	b.interact(t, alertAction("UANA", alert.TS, actionResolve, rootFromMessage, claimed.BlockList()))
	b.wait(t, "chat.update", 2)
	b.interact(t, alertAction("UBEA", alert.TS, actionResolve, rootFromMessage, claimed.BlockList()))
	if c := b.wait(t, "chat.postEphemeral", 2)[1]; c.User != "UBEA" || !hasText(c, "already resolved") {
		t.Errorf("second resolve told %+v", c)
	}
	b.stop(t)
	if n := len(b.fake.Calls("chat.update")); n != 2 {
		t.Errorf("%d chat.update calls, want 2 (claim, resolve)", n)
	}
	if n := len(b.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d posts, want 2 (alert, one resolve note)", n)
	}
}
