package main

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack"
	"github.com/carebot/carebot/bot/slack/slacktest"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

// careSigns is a check-level sign only these tests use, so that they do
// not depend on the screen's own rules.
const careSigns = `signs:
  - id: sign.e2e_low_mood
    level: check
    patterns:
      en: [zorblax]
      es: [zorblax]
    reply:
      en: "I'm sorry it feels so heavy. Are you having thoughts of hurting yourself?"
      es: "Siento que pese tanto. ¿Tienes pensamientos de hacerte daño?"
`

// careKB writes the embedded content and careSigns to a directory for
// CAREBOT_KB_DIR.
func careKB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(knowledge.Embedded(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		b, err := fs.ReadFile(knowledge.Embedded(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, filepath.Base(path)), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "e2e_signs.yaml"), []byte(careSigns), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sayIn sends text from the parent with a Telegram language_code.
func (p *tgParent) sayIn(lang, text string) {
	p.e.tg.Push(telegramtest.PrivateText(p.id, lang, text))
}

// TestServeCareLoop walks the care loop through `carebot serve` against
// the fake Telegram and Slack: a safety question answered yes (English,
// typed) and no (Spanish, typed) and yes by the button (Spanish); /sos;
// the consent offer after a first warning sign and the alert after the
// tap.
func TestServeCareLoop(t *testing.T) {
	t.Parallel()
	e := setupE2EEnv(t, map[string]string{"CAREBOT_KB_DIR": careKB(t)})
	const (
		checkYes   = bot.PayloadCommand + "/check yes"
		checkNo    = bot.PayloadCommand + "/check no"
		sos        = bot.PayloadCommand + "/sos"
		offer      = bot.PayloadCommand + "/consent yes alert"
		maternal   = "1-833-852-6262"
		askEnglish = "Are you having thoughts of hurting yourself?"
	)

	// (a) English, consented: the question, then a typed "yes": the
	// crisis reply and an alert naming the safety question.
	mum := e.parent(730060001)
	mum.onboard(payloadConsentYes, "consent_yes")
	mum.say("everything is zorblax today")
	q, _ := mum.waitFor("the safety question", containing(askEnglish))
	for _, b := range []string{checkYes, checkNo, sos} {
		if !hasButton(q, b) {
			t.Errorf("safety question lacks the %s button: %+v", b, q.Buttons)
		}
	}
	mum.say("yes")
	yes, _ := mum.waitFor("the crisis reply", containing("988"))
	if !strings.Contains(yes.Text, "911") || !strings.Contains(yes.Text, e.msg("alert_sent")) {
		t.Errorf("yes reply %q, want 911, 988 and that the care team knows", yes.Text)
	}
	alert := e.waitSlack("chat.postMessage", 1)[0]
	if !strings.Contains(alert.BlockText(), "answered yes to a safety question") {
		t.Errorf("alert header:\n%s", alert.BlockText())
	}

	// (b) Spanish, typed "no": a warm answer with the provider and the
	// lines; no alert.
	ana := e.parent(730060002)
	ana.sayIn("es", "todo es zorblax")
	q, _ = ana.waitFor("the Spanish safety question", containing("¿Tienes pensamientos de hacerte daño?"))
	if lbl := buttonLabel(q, checkYes); lbl != "Sí" {
		t.Errorf("Spanish yes button %q", lbl)
	}
	ana.sayIn("es", "no")
	no, _ := ana.waitFor("the low-mood answer", containing(maternal))
	if !strings.Contains(no.Text, "Gracias por contestarme") || !strings.Contains(no.Text, "profesional de salud") {
		t.Errorf("Spanish no reply %q", no.Text)
	}

	// (c) Spanish, the Yes button, without consent: the crisis reply, the
	// offer to tell the care team.
	q, _ = func() (telegramtest.Sent, []telegramtest.Sent) {
		ana.sayIn("es", "zorblax otra vez")
		return ana.waitFor("the second question", withButton(checkYes))
	}()
	ana.tap(q, checkYes)
	yes, _ = ana.waitFor("the Spanish crisis reply", containing("988"))
	if !strings.Contains(yes.Text, "Gracias por decírmelo") || !hasButton(yes, sos) {
		t.Errorf("Spanish yes reply %q buttons %+v", yes.Text, yes.Buttons)
	}

	// (d) /sos at once, no consent: no alert.
	dad := e.parent(730060003)
	dad.say("/sos")
	help, _ := dad.waitFor("the /sos reply", containing("911"))
	for _, want := range []string{"988", maternal} {
		if !strings.Contains(help.Text, want) {
			t.Errorf("/sos reply lacks %s: %q", want, help.Text)
		}
	}

	// (e) A first warning sign from someone who has not chosen: the offer;
	// the tap alerts the care team.
	bea := e.parent(730060004)
	bea.say("my calf is swollen, red and hot")
	warn, _ := bea.waitFor("the warning reply with the offer", withButton(offer))
	if !hasButton(warn, sos) {
		t.Errorf("warning reply without /sos: %+v", warn.Buttons)
	}
	bea.tap(warn, offer)
	bea.waitFor("the care team was told", containing(e.msg("alert_sent")))
	posts := e.waitSlack("chat.postMessage", 2)
	if !strings.Contains(posts[1].BlockText(), "Provider today") {
		t.Errorf("alert after the tap:\n%s", posts[1].BlockText())
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d alerts, want 2 (mum's yes, bea's tap)", n)
	}
}

// alertsPosted is the /metrics series of care-team alerts posted.
const alertsPosted = `carebot_care_deliveries_total{result="posted",what="alert"}`

// waitMetric polls /metrics until the series reaches at least want.
func (e *e2e) waitMetric(series string, want float64) float64 {
	e.t.Helper()
	return e.waitMetricWithin(series, want, e2eWait)
}

// waitMetricWithin is waitMetric with its own bound.
func (e *e2e) waitMetricWithin(series string, want float64, within time.Duration) float64 {
	e.t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(within)
	for {
		_, body := get(e.t, e.base+"/metrics")
		if v := metricValue(body, series); v >= want {
			return v
		}
		select {
		case <-tick.C:
		case <-deadline:
			e.t.Fatalf("%s never reached %v", series, want)
			return 0
		}
	}
}

// buttonLabel returns the label of the button with the callback data.
func buttonLabel(s telegramtest.Sent, data string) string {
	for _, row := range s.Buttons {
		for _, b := range row {
			if b.CallbackData == data {
				return b.Text
			}
		}
	}
	return ""
}

// TestServeDurableAlert: Slack answers 429 (with Retry-After) and fails
// for a while; the alert is retried and posted once, and /metrics counts
// the retries and the post. Then serve stops while Slack is down and a
// new serve on the same database posts the queued alert once.
func TestServeDurableAlert(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "carebot.db")
	e := setupE2EEnv(t, map[string]string{"CAREBOT_DATABASE_URL": db})
	mum := e.parent(730070001)
	mum.onboard(payloadConsentYes, "consent_yes")
	// A minute of 429s (three asking for 20 s each): the alert job snoozes
	// for each Retry-After (the adapter does not wait in-process for a
	// durable caller); then an error: it backs off and retries.
	for range 3 {
		e.slack.RateLimit("chat.postMessage", 20)
	}
	e.slack.Fail("chat.postMessage", "internal_error")
	mum.say("I have chest pain")
	mum.waitFor("the warning reply", containing(e.msg("alert_sent")))
	start := time.Now()
	e.waitMetricWithin(alertsPosted, 1, 3*time.Minute)
	if waited := time.Since(start); waited < 60*time.Second {
		t.Errorf("posted after %s, want the Retry-Afters (3 × 20 s) honoured", waited)
	}
	_, body := get(t, e.base+"/metrics")
	if v := metricValue(body, `carebot_care_deliveries_total{result="retried",what="alert"}`); v != 4 {
		t.Errorf("alerts retried %v, want 4 (three 429s, an error)", v)
	}
	if n := len(e.slack.Calls("chat.postMessage")); n != 1 || e.slack.RateLimited() != 3 {
		t.Errorf("%d alerts posted after %d 429s, want 1 after 3", n, e.slack.RateLimited())
	}

	// Slack down when serve stops: the alert waits in the database.
	for range 1000 {
		e.slack.Fail("chat.postMessage", "internal_error")
	}
	mum.say("the chest pain is worse")
	mum.waitFor("the second warning reply", containing(e.msg("alert_sent")))
	e.waitMetric(`carebot_care_deliveries_total{result="retried",what="alert"}`, 5)
	if code := e.stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}

	// A new serve, Slack back: the queued alert is posted, once.
	fake := slacktest.NewServer(slackTestToken, "")
	t.Cleanup(fake.Close)
	env := e2eEnv(nil, fake.APIURL())
	env["CAREBOT_DATABASE_URL"] = db
	startServe(t, env)
	ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
	defer cancel()
	posts, err := fake.Wait(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(posts[0].BlockText(), "the chest pain is worse") {
		t.Errorf("after the restart: %s", posts[0].BlockText())
	}
}

// TestServeInvite: a nurse's `/carebot invite bed 4` gives a t.me link only
// she sees; the parent who opens it (/start <code>) is linked, and her
// alert shows the label; the link works once.
func TestServeInvite(t *testing.T) {
	t.Parallel()
	e := setupE2E(t)
	form := url.Values{
		"command": {"/carebot"}, "text": {"invite bed 4"}, "channel_id": {e2eCareChannel}, "user_id": {e2eNurse},
		"team_id": {"T0CARE"}, "response_url": {e.slack.ResponseURL("invite")}, "trigger_id": {"trig"},
	}
	e.post(slack.PathCommands, "application/x-www-form-urlencoded", []byte(form.Encode()))
	answer := e.waitSlack("response_url", 1)[0]
	if answer.ResponseType != "ephemeral" {
		t.Errorf("invite answered %q, want ephemeral", answer.ResponseType)
	}
	m := regexp.MustCompile(`https://t\.me/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)`).FindStringSubmatch(answer.BlockText() + answer.Text)
	if m == nil || m[1] != telegramtest.DefaultUsername {
		t.Fatalf("no invite link for @%s in %q", telegramtest.DefaultUsername, answer.BlockText()+answer.Text)
	}
	code := m[2]

	mum := e.parent(730080001)
	mum.say("/start " + code)
	mum.waitFor("the invite welcome", containing(e.msg("invite_linked")))
	mum.onboard(payloadConsentYes, "consent_yes")
	mum.say("I have chest pain")
	mum.waitFor("the warning reply", containing(e.msg("alert_sent")))
	alert := e.waitSlack("chat.postMessage", 1)[0]
	if !strings.Contains(alert.BlockText(), "*Label*\nbed 4") {
		t.Errorf("alert without the label:\n%s", alert.BlockText())
	}

	dad := e.parent(730080002)
	dad.say("/start " + code)
	dad.waitFor("the used-invite note", containing(e.msg("invite_invalid")))
}

// TestServeDurableReply: a nurse's reply while Telegram fails for the
// parent is retried and delivered once Telegram is back; the reply gets
// its check mark then, and /metrics counts it.
func TestServeDurableReply(t *testing.T) {
	t.Parallel()
	e := setupE2E(t)
	mum := e.parent(730070002)
	mum.onboard(payloadConsentYes, "consent_yes")
	mum.say("I have chest pain")
	mum.waitFor("the warning reply", containing(e.msg("alert_sent")))
	alert := e.waitSlack("chat.postMessage", 1)[0]
	e.waitMetric(alertsPosted, 1)

	e.tg.FailChat(mum.id, telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	const reply = "This is Sam from the clinic, calling you now."
	e.event("EvDurable1", threadReply(e2eCareChannel, e2eNurse, reply, "1700000100.000100", alert.TS))
	e.waitMetric(`carebot_care_deliveries_total{result="retried",what="reply"}`, 1)
	if n := len(e.slack.Calls("reactions.add")); n != 0 {
		t.Errorf("%d check marks before delivery", n)
	}
	e.tg.ClearChat(mum.id)
	mum.waitFor("the nurse's reply", containing(reply))
	e.waitMetric(`carebot_care_deliveries_total{result="posted",what="reply"}`, 1)
	if r := e.waitSlack("reactions.add", 1)[0]; r.Form.Get("timestamp") != "1700000100.000100" {
		t.Errorf("check mark on %q", r.Form.Get("timestamp"))
	}
	if n := mum.count(reply); n != 1 {
		t.Errorf("the parent got the reply %d times, want 1", n)
	}
}
