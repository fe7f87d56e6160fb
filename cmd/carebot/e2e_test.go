package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// The end-to-end tests run `carebot serve` in-process with the embedded
// knowledge base, the real Router, the real Telegram adapter (long polling
// against telegramtest) and the real Slack adapter (Web API calls to
// slacktest, Events API and interactivity requests signed here).

const (
	e2eCareChannel  = "CCARE"
	e2ePseudonymKey = "e2e-pseudonym-key"
	e2eNurse        = "UNURSE"
	// e2eWait bounds every wait: both adapters pace their posts (about one
	// a second per chat or channel), and -race on a shared machine is slow.
	e2eWait = 30 * time.Second

	payloadConsentYes    = bot.PayloadCommand + "/consent yes"
	payloadConsentNo     = bot.PayloadCommand + "/consent no"
	payloadForgetConfirm = bot.PayloadCommand + "/forget confirm"

	// careTeamPrefix marks a care-team reply relayed to a parent.
	careTeamPrefix = "Message from your care team:"
	// forwardedNote is the Notice a parent gets when their message went to
	// an open care-team thread.
	forwardedNote = "Your care team can see this message too."
)

// e2e is a running `carebot serve` with its fakes.
type e2e struct {
	t      *testing.T
	tg     *telegramtest.Server
	slack  *slacktest.Server
	base   string // http://host:port of serve
	errOut *logBuffer
	stop   func() int
	// msg returns the bot's interface text with the key, in English, from
	// the embedded knowledge base (what the Router says).
	msg func(key string) string
}

// e2eEnv is the environment of a serve in the end-to-end tests: Slack's
// Web API at slackURL, alerts going to e2eCareChannel, and Telegram at tg
// unless tg is nil.
func e2eEnv(tg *telegramtest.Server, slackURL string) map[string]string {
	env := map[string]string{
		"CAREBOT_HTTP_ADDR":            "127.0.0.1:0",
		"CAREBOT_PSEUDONYM_KEY":        e2ePseudonymKey,
		"CAREBOT_SLACK_BOT_TOKEN":      slackTestToken,
		"CAREBOT_SLACK_SIGNING_SECRET": slackTestSecret,
		"CAREBOT_SLACK_API_URL":        slackURL,
		"CAREBOT_SLACK_CARE_CHANNEL":   e2eCareChannel,
	}
	if tg != nil {
		env["CAREBOT_TELEGRAM_TOKEN"] = tg.Token
		env["CAREBOT_TELEGRAM_API_URL"] = tg.URL
	}
	return env
}

// setupE2E starts serve with Telegram (polling) and Slack (Events API)
// configured, alerts going to e2eCareChannel.
func setupE2E(t *testing.T) *e2e {
	t.Helper()
	return setupE2EEnv(t, nil)
}

// setupE2EEnv is setupE2E with more environment variables.
func setupE2EEnv(t *testing.T, extra map[string]string) *e2e {
	t.Helper()
	tg := telegramtest.New(t)
	tg.Timeout = e2eWait
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := e2eEnv(tg, fake.APIURL())
	maps.Copy(env, extra)
	// Its cleanup runs before the fakes close (last-in first-out).
	s := startServe(t, env)
	return &e2e{t: t, tg: tg, slack: fake, base: "http://" + s.addr, errOut: s.log, stop: func() int { return s.stop(t) }, msg: embeddedMessages(t)}
}

// embeddedMessages returns the Router's interface texts from the embedded
// knowledge base.
func embeddedMessages(t *testing.T) func(key string) string {
	t.Helper()
	content, ok := (&cli{stderr: &bytes.Buffer{}}).loadContent(kbSource{})
	if !ok {
		t.Fatal("the embedded knowledge base does not load")
	}
	r, err := bot.NewRouter(bot.Config{Content: content, Store: memory.New()})
	if err != nil {
		t.Fatal(err)
	}
	return func(key string) string { return r.Message(key, "en") }
}

// post sends a request signed with the Slack signing secret to path and
// requires a 200.
func (e *e2e) post(path, contentType string, body []byte) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.base+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	slacktest.Sign(req.Header, slackTestSecret, time.Now(), body)
	resp, err := (&http.Client{Timeout: e2eWait}).Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("POST %s: status %d", path, resp.StatusCode)
	}
}

// event posts an Events API callback with the inner event.
func (e *e2e) event(eventID string, inner map[string]any) {
	e.t.Helper()
	body, err := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T0CARE", "api_app_id": "A0CARE", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.post(slack.PathEvents, "application/json", body)
}

// tapAlert posts the block_actions payload of user tapping the button
// actionID under the care-channel message msg (as the fake recorded it,
// with the blocks it shows now).
func (e *e2e) tapAlert(user string, msg slacktest.Call, blocks []slacktest.Block, actionID string) {
	e.t.Helper()
	value, ok := msg.Button(actionID)
	if !ok {
		e.t.Fatalf("no %s button on the alert: %v", actionID, msg.ActionIDs())
	}
	raw, err := json.Marshal(map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "name": "nurse"},
		"channel":    map[string]any{"id": msg.Channel, "name": "care-team"},
		"team":       map[string]any{"id": "T0CARE"},
		"trigger_id": "trig-" + strconv.FormatInt(time.Now().UnixNano(), 10),
		"container":  map[string]any{"type": "message", "channel_id": msg.Channel, "message_ts": msg.TS, "is_ephemeral": false},
		"message":    map[string]any{"type": "message", "ts": msg.TS, "text": msg.Text, "blocks": blocks},
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "carebot_alert_actions",
			"value": value, "action_ts": strconv.FormatInt(time.Now().Unix(), 10) + ".000100"}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.post(slack.PathInteractive, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(raw)}}.Encode()))
}

// waitSlack waits for at least n calls of method on the fake Slack.
func (e *e2e) waitSlack(method string, n int) []slacktest.Call {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
	defer cancel()
	calls, err := e.slack.Wait(ctx, method, n)
	if err != nil {
		e.t.Fatal(err)
	}
	return calls
}

// threadReply is a channel message in a thread, as the Events API sends a
// care-team member's reply under an alert.
func threadReply(channel, user, text, ts, threadTS string) map[string]any {
	return map[string]any{"type": "message", "channel": channel, "channel_type": "channel", "user": user,
		"text": text, "ts": ts, "thread_ts": threadTS, "event_ts": ts}
}

// tgParent is a parent's private chat with the bot on the fake Telegram.
type tgParent struct {
	e    *e2e
	id   int64
	seen int // messages to the chat already looked at
}

func (e *e2e) parent(chatID int64) *tgParent { return &tgParent{e: e, id: chatID} }

func (p *tgParent) key() bot.PersonKey {
	return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: strconv.FormatInt(p.id, 10)}
}

// say sends text from the parent.
func (p *tgParent) say(text string) { p.e.tg.Push(telegramtest.PrivateText(p.id, "en", text)) }

// tap taps the button with the callback data under a message the parent
// got.
func (p *tgParent) tap(under telegramtest.Sent, data string) {
	p.e.t.Helper()
	if !hasButton(under, data) {
		p.e.t.Fatalf("no button %q under %q", data, under.Text)
	}
	p.e.tg.Push(telegramtest.Tap(under, p.id, data))
}

// waitFor waits for the first message to the parent, after those already
// seen, that ok accepts, and returns it with the unseen messages before it.
func (p *tgParent) waitFor(what string, ok func(telegramtest.Sent) bool) (telegramtest.Sent, []telegramtest.Sent) {
	p.e.t.Helper()
	found := false
	defer func() {
		if !found { // WaitSent timed out and stops the test
			p.e.t.Logf("while waiting for %s; messages to chat %d:\n%s", what, p.id, dump(p.e.tg.Sent(p.id)))
		}
	}()
	from := p.seen
	for n := p.seen + 1; ; n++ {
		sent := p.e.tg.WaitSent(p.e.t, p.id, n)
		if ok(sent[n-1]) {
			p.seen, found = n, true
			return sent[n-1], sent[from : n-1]
		}
	}
}

// sync sends a command with a known answer (the consent question, which
// changes nothing) and waits for it. A chat's updates are answered in
// order, so every reply to what the parent sent before is then out; sync
// returns those replies.
func (p *tgParent) sync() []telegramtest.Sent {
	p.e.t.Helper()
	p.say("/consent")
	_, before := p.waitFor("the answer to /consent", withButton(payloadConsentYes))
	return before
}

// count returns how many messages the parent got that contain sub.
func (p *tgParent) count(sub string) int {
	n := 0
	for _, s := range p.e.tg.Sent(p.id) {
		if strings.Contains(s.Text, sub) {
			n++
		}
	}
	return n
}

func hasButton(s telegramtest.Sent, data string) bool {
	for _, row := range s.Buttons {
		for _, b := range row {
			if b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

func withButton(data string) func(telegramtest.Sent) bool {
	return func(s telegramtest.Sent) bool { return hasButton(s, data) }
}

func containing(sub string) func(telegramtest.Sent) bool {
	return func(s telegramtest.Sent) bool { return strings.Contains(s.Text, sub) }
}

func dump(sent []telegramtest.Sent) string {
	var b strings.Builder
	for i, s := range sent {
		b.WriteString(strconv.Itoa(i+1) + ": " + strings.ReplaceAll(s.Text, "\n", " / ") + "\n")
	}
	return b.String()
}

// onboard runs /start, taps English, then the consent button with payload
// (set-up goes one step at a time: language, consent, nudges).
func (p *tgParent) onboard(consent, confirmationKey string) {
	p.e.t.Helper()
	p.say("/start")
	lang := bot.PayloadCommand + "/lang en setup"
	start, _ := p.waitFor("the /start menu", withButton(lang))
	p.tap(start, lang)
	consent += " setup"
	step, _ := p.waitFor("the consent step", withButton(consent))
	p.tap(step, consent)
	p.waitFor("the consent confirmation", containing(p.e.msg(confirmationKey)))
}

// TestServeEscalationLoop follows a warning sign from a parent on Telegram
// to the care team on Slack and back, through `carebot serve`: the alert
// goes out only with consent, a nurse's reply in the alert's thread reaches
// the parent, the parent's next message reaches the thread, Claim and
// Resolved update the alert and close the link, a parent who declined is
// never posted, and /forget removes the link and the parent's words.
func TestServeEscalationLoop(t *testing.T) {
	t.Parallel()
	e := setupE2E(t)
	alertSent := e.msg("alert_sent")

	// (a) A parent agrees to alerts, then reports a warning sign.
	mum := e.parent(730050001)
	chatID := strconv.FormatInt(mum.id, 10)
	handle := bot.Pseudonym(mum.key(), []byte(e2ePseudonymKey))
	mum.onboard(payloadConsentYes, "consent_yes")

	const sign = "My left calf has been swollen, red and hot since last night"
	mum.say(sign)
	warned, _ := mum.waitFor("the warning-sign reply", containing(alertSent))
	// The guidance opens the reply; the note that the care team knows
	// follows it.
	if first, _, _ := strings.Cut(warned.Text, "\n\n"); !strings.Contains(first, "provider") && !strings.Contains(first, "911") {
		t.Errorf("the reply does not open by telling the parent to call the provider or 911:\n%s", warned.Text)
	}

	alert := e.waitSlack("chat.postMessage", 1)[0]
	text := alert.BlockText()
	if alert.Channel != e2eCareChannel || alert.ThreadTS != "" {
		t.Errorf("alert posted to %s (thread %q), want the care channel %s", alert.Channel, alert.ThreadTS, e2eCareChannel)
	}
	for _, want := range []string{handle, "*Level*\nprovider", sign, "Claim", "Resolved"} {
		if !strings.Contains(text, want) {
			t.Errorf("the alert does not show %q:\n%s", want, text)
		}
	}
	if ids := alert.ActionIDs(); !slices.Equal(ids, []string{"carebot_claim", "carebot_resolve"}) {
		t.Errorf("alert buttons %v, want Claim and Resolved", ids)
	}
	if !strings.Contains(alert.Text, handle) {
		t.Errorf("the alert's fallback text %q does not name the parent's handle", alert.Text)
	}
	// The alert job links the thread right after the post; it counts the
	// alert once it did.
	e.waitMetric(alertsPosted, 1)

	// (b) A nurse answers in the alert's thread: the parent gets it on
	// Telegram, marked as from the care team, and the reply gets a check
	// mark.
	const nurseReply = "Hi, this is Sam from the clinic. Please keep your leg up; I will call you in ten minutes."
	e.event("EvE2E01", threadReply(e2eCareChannel, e2eNurse, nurseReply, "1700000100.000100", alert.TS))
	relayed, _ := mum.waitFor("the nurse's reply", containing(nurseReply))
	if !strings.HasPrefix(relayed.Text, careTeamPrefix) {
		t.Errorf("the relayed reply is not marked as from the care team: %q", relayed.Text)
	}
	if r := e.waitSlack("reactions.add", 1)[0]; r.Channel != e2eCareChannel || r.Form.Get("timestamp") != "1700000100.000100" || r.Form.Get("name") != "white_check_mark" {
		t.Errorf("delivery mark %+v", r)
	}

	// (c) The parent's next message goes into the same thread.
	const thanks = "Thank you, I'll keep my leg up and wait for your call"
	mum.say(thanks)
	mum.waitFor("the note that the care team sees the message", containing(forwardedNote))
	fwd := e.waitSlack("chat.postMessage", 2)[1]
	if fwd.Channel != e2eCareChannel || fwd.ThreadTS != alert.TS {
		t.Errorf("forwarded to %s thread %q, want %s thread %s", fwd.Channel, fwd.ThreadTS, e2eCareChannel, alert.TS)
	}
	if bt := fwd.BlockText(); !strings.Contains(bt, thanks) || !strings.Contains(bt, handle) {
		t.Errorf("forwarded message:\n%s", bt)
	}

	// (d) Claim shows who took it; Resolved closes the thread.
	e.tapAlert(e2eNurse, alert, alert.BlockList(), "carebot_claim")
	claimed := e.waitSlack("chat.update", 1)[0]
	if claimed.Channel != e2eCareChannel || claimed.TS != alert.TS {
		t.Errorf("claim updated %s %s, want the alert %s %s", claimed.Channel, claimed.TS, e2eCareChannel, alert.TS)
	}
	if bt := claimed.BlockText(); !strings.Contains(bt, "Claimed by <@"+e2eNurse+">") || !strings.Contains(bt, handle) {
		t.Errorf("claimed alert:\n%s", bt)
	}
	if ids := claimed.ActionIDs(); !slices.Equal(ids, []string{"carebot_resolve"}) {
		t.Errorf("buttons after Claim %v, want Resolved only (Claim works once)", ids)
	}
	e.tapAlert(e2eNurse, claimed, claimed.BlockList(), "carebot_resolve")
	resolved := e.waitSlack("chat.update", 2)[1]
	if bt := resolved.BlockText(); resolved.TS != alert.TS || !strings.Contains(bt, "Resolved by <@"+e2eNurse+">") {
		t.Errorf("resolved alert %s:\n%s", resolved.TS, bt)
	}
	if ids := resolved.ActionIDs(); len(ids) != 0 {
		t.Errorf("buttons after Resolved %v, want none", ids)
	}
	if note := e.waitSlack("chat.postMessage", 3)[2]; note.ThreadTS != alert.TS || !strings.Contains(note.Text, "Resolved") {
		t.Errorf("resolve note %+v", note)
	}

	// A nurse's reply after that is not relayed (the nurse is told so)...
	relays := mum.count(careTeamPrefix)
	e.event("EvE2E02", threadReply(e2eCareChannel, e2eNurse, "Are you still there?", "1700000200.000100", alert.TS))
	if eph := e.waitSlack("chat.postEphemeral", 1)[0]; eph.User != e2eNurse || eph.ThreadTS != alert.TS || !strings.Contains(eph.Text, "resolved") {
		t.Errorf("ephemeral to the nurse %+v", eph)
	}
	if n := mum.count(careTeamPrefix); n != relays {
		t.Errorf("%d care-team messages after Resolved, want %d", n, relays)
	}
	// ... and the parent's next message is not forwarded.
	mum.say("My knees ache a bit when I get up at night to feed her")
	for _, s := range mum.sync() {
		if strings.Contains(s.Text, forwardedNote) {
			t.Errorf("after Resolved the parent is told the care team sees the message: %q", s.Text)
		}
	}
	if posts := e.slack.Calls("chat.postMessage"); len(posts) != 3 {
		t.Errorf("%d messages posted to Slack after Resolved, want 3 (alert, forwarded, resolve note); last %+v", len(posts), posts[len(posts)-1])
	}

	// (e) A parent who declined alerts reports an emergency: they get the
	// emergency number at once and nothing goes to Slack.
	dad := e.parent(730050002)
	dad.onboard(payloadConsentNo, "consent_no")
	posted := len(e.slack.Calls(""))
	dad.say("I suddenly can't breathe and my chest hurts")
	em, _ := dad.waitFor("the emergency reply", containing("911"))
	if first, _, _ := strings.Cut(em.Text, "\n\n"); !strings.Contains(first, "911") {
		t.Errorf("the reply does not open with the emergency number:\n%s", em.Text)
	}
	if strings.Contains(em.Text, alertSent) {
		t.Errorf("a parent who declined is told the care team was alerted:\n%s", em.Text)
	}
	// The Router alerts before it replies: had anything been posted, the
	// fake would hold it by now.
	if calls := e.slack.Calls(""); len(calls) != posted {
		t.Errorf("Slack calls for a parent who declined: %+v", calls[posted:])
	}

	// (f) A new warning sign opens a new thread; /forget takes the parent's
	// words out of Slack and tells the threads; a reply after that reaches
	// nobody, even once the parent is back and consents again, and the
	// nurse is told so in the thread.
	const sign2 = "The swelling in my calf is worse now and it's hot to the touch"
	mum.say(sign2)
	mum.waitFor("the second warning-sign reply", containing(alertSent))
	alert2 := e.waitSlack("chat.postMessage", 4)[3]
	if alert2.Channel != e2eCareChannel || alert2.ThreadTS != "" || alert2.TS == alert.TS || !strings.Contains(alert2.BlockText(), sign2) {
		t.Fatalf("second alert %+v, want a new alert in the care channel", alert2)
	}
	e.waitMetric(alertsPosted, 2)
	e.event("EvE2E03", threadReply(e2eCareChannel, e2eNurse, "Calling you now.", "1700000300.000100", alert2.TS))
	mum.waitFor("the reply in the new thread", containing("Calling you now."))
	e.waitSlack("reactions.add", 2)

	mum.say("/forget")
	confirm, _ := mum.waitFor("the /forget question", withButton(payloadForgetConfirm))
	mum.tap(confirm, payloadForgetConfirm)
	mum.waitFor("the /forget confirmation", containing(e.msg("forget_done")))
	// The parent's words left Slack: each thread is told, and the last
	// version of every message that held them holds them no more.
	const leftNote = "used /forget and left carebot"
	var left int
	for _, c := range e.waitSlack("chat.postMessage", 6)[4:] {
		if c.ThreadTS != "" && strings.Contains(c.Text, leftNote) {
			left++
		}
	}
	if left != 2 {
		t.Errorf("%d threads told the parent left, want 2", left)
	}
	last := map[string]slacktest.Call{}
	for _, u := range e.slack.Calls("chat.update") {
		last[u.TS] = u
	}
	for _, ts := range []string{alert.TS, alert2.TS} {
		u, ok := last[ts]
		if !ok || strings.Contains(u.BlockText(), sign2) || strings.Contains(u.BlockText(), "calf") || !strings.Contains(u.BlockText(), "/forget") {
			t.Errorf("alert %s after /forget (updated %v):\n%s", ts, ok, u.BlockText())
		}
	}
	// The parent comes back and agrees to alerts again: the forgotten
	// thread must not link the new record to the care team.
	mum.onboard(payloadConsentYes, "consent_yes")
	relays = mum.count(careTeamPrefix)
	e.event("EvE2E04", threadReply(e2eCareChannel, e2eNurse, "Did my call come through?", "1700000400.000100", alert2.TS))
	// The nurse is told in the thread that the parent left.
	if note := e.waitSlack("chat.postMessage", 7)[6]; note.ThreadTS != alert2.TS || !strings.Contains(note.Text, "your reply was not sent") {
		t.Errorf("post %+v, want the note that the parent left", note)
	}
	// Events of one channel are handled in order: once a look-up asked
	// after the reply is answered, the reply was handled.
	e.event("EvE2E05", map[string]any{"type": "app_mention", "channel": e2eCareChannel, "user": e2eNurse,
		"text": "<@" + e.slack.BotUserID + "> wrist pain", "ts": "1700000500.000100", "event_ts": "1700000500.000100"})
	if answer := e.waitSlack("chat.postMessage", 8)[7]; answer.ThreadTS != "1700000500.000100" {
		t.Errorf("post %+v, want the look-up's answer", answer)
	}
	if n := mum.count(careTeamPrefix); n != relays {
		t.Errorf("a reply after /forget reached the parent (%d care-team messages, want %d)", n, relays)
	}
	if n := len(e.slack.Calls("reactions.add")); n != 2 {
		t.Errorf("%d delivery marks, want 2: a reply after /forget was marked delivered", n)
	}
	mum.say(thanks)
	for _, s := range mum.sync() {
		if strings.Contains(s.Text, forwardedNote) {
			t.Errorf("after /forget the parent's message went to the old thread: %q", s.Text)
		}
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 8 {
		t.Errorf("%d messages posted to Slack, want 8: a message after /forget went to the old thread", n)
	}

	if code := e.stop(); code != 0 {
		t.Errorf("serve exited %d:\n%s", code, e.errOut)
	}
	// Nothing that identifies a parent went to Slack, and the logs hold no
	// chat ids, message text or tokens.
	for _, c := range e.slack.Calls("") {
		for _, id := range []string{chatID, strconv.FormatInt(dad.id, 10)} {
			if strings.Contains(c.Form.Encode(), id) || strings.Contains(string(c.Blocks), id) {
				t.Errorf("a Telegram chat id went to Slack in %s: %+v", c.Method, c)
			}
		}
	}
	logs := e.errOut.String()
	for _, secret := range []string{chatID, strconv.FormatInt(dad.id, 10), sign, sign2, thanks, nurseReply, "Calling you now", slackTestToken, slackTestSecret, strings.SplitN(e.tg.Token, ":", 2)[1]} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
}

// TestServeOneHandlePerParent wires serve without CAREBOT_PSEUDONYM_KEY: the
// Router's logs and the Slack alert still name a parent by the same
// handle, so a care-team alert can be traced in the logs.
func TestServeOneHandlePerParent(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := slackEnv(t, fake)
	c := &cli{getenv: func(k string) string { return env[k] }}
	cfg, err := c.loadServeConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.File.Knowledge.AllowSignRemoval = true // the test knowledge base has few of the built-in signs
	logs := &logBuffer{}
	s := &server{c: c, cfg: cfg, log: slog.New(slog.NewJSONHandler(logs, nil)), mux: http.NewServeMux()}
	for _, wire := range []func(context.Context) error{s.wireStore, s.wireContent, s.wireNudges, s.wireSlack, s.wireRouter} {
		if err := wire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "5550002"}
	if err := s.store.SavePerson(ctx, &bot.Person{Key: key, Lang: "en", Consent: bot.ConsentGranted, Active: true}); err != nil {
		t.Fatal(err)
	}
	startNudger(t, s) // alerts are River jobs
	if _, err := s.parentHandler().Handle(ctx, bot.Message{Platform: key.Platform, ChatID: key.ChatID, Text: "I have chest pain"}); err != nil {
		t.Fatal(err)
	}
	// The alert is in the outbox; the Slack adapter's Run posts it.
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- s.slack.Run(runCtx) }()
	defer func() { stop(); <-ran }()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	alert, err := fake.Wait(wctx, "chat.postMessage", 1)
	if err != nil || len(alert) != 1 {
		t.Fatalf("%d alerts posted (%v), want 1", len(alert), err)
	}
	var logged string
	for line := range strings.SplitSeq(logs.String(), "\n") {
		var rec struct{ Msg, Person string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "message" {
			logged = rec.Person
		}
	}
	if logged == "" || !strings.Contains(alert[0].BlockText(), "`"+logged+"`") {
		t.Errorf("the Router logged the parent as %q; the alert shows:\n%s", logged, alert[0].BlockText())
	}
	other, err := c.loadServeConfig("")
	if err != nil || len(cfg.PseudonymKey) < 32 || bytes.Equal(other.PseudonymKey, cfg.PseudonymKey) {
		t.Errorf("without CAREBOT_PSEUDONYM_KEY: keys %x and %x (%v), want two random keys", cfg.PseudonymKey, other.PseudonymKey, err)
	}
}
