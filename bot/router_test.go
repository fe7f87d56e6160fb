package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/internal/testclock"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// bundle is what most router tests need.
type bundle struct {
	router  *bot.Router
	store   *memory.Store
	kb      *knowledge.Base
	script  bottest.Script
	clock   *testclock.Clock
	alerter *fakeAlerter
	logs    *bytes.Buffer
}

// setup builds a Router over the test knowledge base with a scripted
// matcher; edit the config with opts.
func setup(t *testing.T, opts ...func(*bot.Config)) *bundle {
	t.Helper()
	content := bottest.Content(t)
	b := &bundle{
		kb:      content.KB,
		store:   memory.New(),
		script:  bottest.Script{},
		clock:   testclock.New(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)),
		alerter: &fakeAlerter{},
		logs:    &bytes.Buffer{},
	}
	b.script["tell me about bridges"] = bottest.Topic("exercise.bridge", "en")
	b.script["háblame del puente"] = bottest.Topic("exercise.bridge", "es")
	b.script["what is this joint pain"] = bottest.Topic("overview", "en")
	b.script["more"] = intents.Result{Intent: intents.Fallback, Topic: intents.Fallback, More: true}
	b.script["y eso?"] = intents.Result{Intent: intents.Fallback, Topic: intents.Fallback, More: true, Lang: "es"}
	b.script["how to lift"] = bottest.Topic("tip.lifting", "en")
	b.script["remind me"] = bottest.Topic("nudge.subscribe", "en")
	cfg := bot.Config{
		Content: content,
		Store:   b.store,
		Alerter: b.alerter,
		Logger:  slog.New(slog.NewTextHandler(&lockedWriter{w: b.logs}, nil)),
		Now:     b.clock.Now,
		Match:   b.script.Match,
	}
	for _, o := range opts {
		o(&cfg)
	}
	r, err := bot.NewRouter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.router = r
	return b
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

const chat = "chat-1"

var key = bot.PersonKey{Platform: bot.PlatformConsole, ChatID: chat}

// say sends text from the test person.
func (b *bundle) say(t *testing.T, text string) bot.Reply {
	t.Helper()
	return b.send(t, bot.Message{Platform: bot.PlatformConsole, ChatID: chat, UserID: "u1", Text: text})
}

// tap sends a button payload from the test person.
func (b *bundle) tap(t *testing.T, payload string) bot.Reply {
	t.Helper()
	return b.send(t, bot.Message{Platform: bot.PlatformConsole, ChatID: chat, UserID: "u1", Payload: payload})
}

func (b *bundle) send(t *testing.T, m bot.Message) bot.Reply {
	t.Helper()
	r, err := b.router.Handle(context.Background(), m)
	if err != nil {
		t.Fatalf("Handle(%q, %q): %v", m.Text, m.Payload, err)
	}
	return r
}

func (b *bundle) person(t *testing.T) *bot.Person {
	t.Helper()
	p, err := b.store.Person(context.Background(), key)
	if err != nil {
		t.Fatalf("person: %v", err)
	}
	return p
}

func payloads(r bot.Reply) []string {
	out := make([]string, len(r.Buttons))
	for i, b := range r.Buttons {
		out[i] = b.Payload
	}
	return out
}

func labels(r bot.Reply) []string {
	out := make([]string, len(r.Buttons))
	for i, b := range r.Buttons {
		out[i] = b.Label
	}
	return out
}

func wantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s = %q, want it to contain %q", what, got, want)
	}
}

func wantPayloads(t *testing.T, r bot.Reply, want ...string) {
	t.Helper()
	if got := payloads(r); !slices.Equal(got, want) {
		t.Errorf("button payloads = %q, want %q", got, want)
	}
}

func TestNewRouterNeedsContentAndStore(t *testing.T) {
	t.Parallel()
	content := bottest.Content(t)
	for name, cfg := range map[string]bot.Config{
		"no content": {Store: memory.New()},
		"no store":   {Content: content},
	} {
		if _, err := bot.NewRouter(cfg); !errors.Is(err, bot.ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text     string
		intent   string
		contains string
		payloads []string
	}{
		{"/start", "", "Hi, I'm carebot (test).", []string{"cmd:/lang en setup", "cmd:/lang es setup"}},
		{"/help", "", "/exercises", []string{"kb:overview", "kb:exercises", "kb:see_doctor"}},
		{"/exercises", "exercises", "Gentle exercises help", []string{"kb:exercise.bridge", "kb:exercise.mini_squat"}},
		{"/tips", "treatments", "Rest, gentle movement", []string{"kb:tip.lifting"}},
		{"/lang", "", "Which language", []string{"cmd:/lang en", "cmd:/lang es"}},
		{"/consent", "", "may I alert your care team", []string{"cmd:/consent yes", "cmd:/consent no"}},
		{"/forget", "", knowledge.EmbeddedMessage("forget_confirm", "en"), []string{"cmd:/forget confirm", "cmd:/forget cancel"}},
		{"/progress", "", knowledge.EmbeddedMessage("progress_none", "en"), nil},
		{"/stop", "", knowledge.EmbeddedMessage("nudge_stopped", "en"), nil},
		{"/frobnicate", "", "I don't know that command", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.say(t, "hello") // not a first contact any more: no onboarding button
			r := b.say(t, tt.text)
			if r.Intent != tt.intent {
				t.Errorf("intent = %q, want %q", r.Intent, tt.intent)
			}
			wantContains(t, "text", r.Text, tt.contains)
			wantPayloads(t, r, tt.payloads...)
			if r.Notice != "" {
				t.Errorf("notice = %q, want none after the first message", r.Notice)
			}
		})
	}
}

func TestCommandFromButton(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.tap(t, "cmd:/lang es")
	if r.Lang != "es" || r.Text != "Vale, a partir de ahora en español." {
		t.Errorf("reply = %q in %q, want the Spanish lang_set message", r.Text, r.Lang)
	}
	if got := b.person(t).Lang; got != "es" {
		t.Errorf("stored lang = %q, want es", got)
	}
}

func TestFirstContactAnswersAndOffersOnboarding(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.say(t, "tell me about bridges")
	if r.Intent != "exercise.bridge" || r.Title != "Bridge" {
		t.Fatalf("first question: intent %q title %q, want the bridge answered", r.Intent, r.Title)
	}
	wantContains(t, "notice", r.Notice, "Set up")
	wantPayloads(t, r, "kb:exercise.mini_squat", "kb:exercises", "kb:references", "cmd:/start")
	if b.store.Len() != 1 {
		t.Errorf("store holds %d people, want the new person", b.store.Len())
	}
	r = b.say(t, "tell me about bridges")
	if r.Notice != "" || slices.Contains(payloads(r), "cmd:/start") {
		t.Errorf("second message: notice %q buttons %q, want no onboarding", r.Notice, payloads(r))
	}
}

func TestStartHasNoOnboardingNotice(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.say(t, "/start")
	if r.Notice != "" {
		t.Errorf("notice = %q, want none on /start", r.Notice)
	}
	wantContains(t, "text", r.Text, "not medical advice")
}

func TestEntryRendering(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.tap(t, "kb:exercise.bridge")
	want := bot.Reply{
		Lang:    "en",
		Intent:  "exercise.bridge",
		Title:   "Bridge",
		Text:    "The bridge strengthens your glutes.",
		Steps:   []string{"Lie on your back.", "Lift your hips.", "Lower slowly."},
		Details: []string{"How much: 8 to 10 lifts.", "What you should feel: Work in your buttocks.", "Stop if: Sharp pain."},
		Sources: []string{"Ruchat et al. 2025 · Smith 2020"},
	}
	if r.Intent != want.Intent || r.Title != want.Title || r.Text != want.Text || r.Lang != want.Lang {
		t.Errorf("reply = %+v\nwant %+v", r, want)
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"steps", r.Steps, want.Steps}, {"details", r.Details, want.Details}, {"sources", r.Sources, want.Sources}} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q\nwant %q", c.name, c.got, c.want)
		}
	}
	if got := labels(r); !slices.Equal(got[:2], []string{"Mini squat", "Exercises"}) {
		t.Errorf("button labels = %q", got)
	}
}

// TestSourcesOnRequest checks that an answer carries one short sources line
// and a button to the full references, which the references entry lists.
func TestSourcesOnRequest(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.tap(t, "kb:exercise.bridge")
	if !slices.Contains(payloads(r), "kb:references") {
		t.Errorf("payloads = %q, want a button to the references", payloads(r))
	}
	r = b.tap(t, "kb:references")
	want := []string{"Ruchat SM, Davenport MH (2025). Exercise after birth. Br J Sports Med. doi:10.1000/example"}
	if !slices.Equal(r.Sources, want) {
		t.Errorf("references: sources = %q, want in full %q", r.Sources, want)
	}
	if slices.Contains(payloads(r), "kb:references") {
		t.Errorf("references: payloads = %q, want no button to itself", payloads(r))
	}
}

func TestShortReference(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		authors string
		year    int
		want    string
	}{
		{"Ruchat S-M, Beamish N, Davenport MH", 2025, "Ruchat et al. 2025"},
		{"Smith J", 2020, "Smith 2020"},
		{"American College of Obstetricians and Gynecologists", 2020, "ACOG 2020"},
		{"American Academy of Pediatrics (HealthyChildren.org)", 2020, "AAP 2020"},
		{"Moon RY; Task Force on Sudden Infant Death Syndrome", 2022, "Moon et al. 2022"},
		{"", 0, "A title"},
	} {
		got := bot.ShortReference(&knowledge.Reference{Authors: c.authors, Year: c.year, Title: "A title"})
		if got != c.want {
			t.Errorf("ShortReference(%q, %d) = %q, want %q", c.authors, c.year, got, c.want)
		}
	}
}

func TestEntryInSpanish(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.say(t, "háblame del puente")
	if r.Lang != "es" || r.Title != "Puente" || r.Details[0] != "Cuánto: De 8 a 10 elevaciones." {
		t.Errorf("reply lang %q title %q details %q, want Spanish", r.Lang, r.Title, r.Details)
	}
	// A message the knowledge base lacks: the embedded content's, no crash.
	if r.Details[1] != knowledge.EmbeddedMessage("label_feel", "es")+": Trabajo en los glúteos." {
		t.Errorf("details[1] = %q", r.Details[1])
	}
	if got := labels(r); got[0] != "Minisentadilla" {
		t.Errorf("button labels = %q, want Spanish titles", got)
	}
	// A tapped button has no text: the stored language answers.
	r = b.tap(t, "kb:tip.lifting")
	if r.Lang != "es" || r.Title != "Levantar al bebé" {
		t.Errorf("button reply in %q titled %q, want Spanish", r.Lang, r.Title)
	}
}

func TestLangHintFromPlatform(t *testing.T) {
	t.Parallel()
	var hints []string
	b := setup(t, func(c *bot.Config) {
		next := c.Match
		c.Match = func(text, hint string) intents.Result {
			hints = append(hints, hint)
			return next(text, hint)
		}
	})
	m := bot.Message{Platform: bot.PlatformTelegram, ChatID: "9", Text: "hola", LangHint: "es-MX"}
	if r := b.send(t, m); r.Lang != "es" {
		t.Errorf("reply lang = %q, want es from the platform hint", r.Lang)
	}
	m.LangHint = "fr"
	b.send(t, m) // the stored language wins now
	b.send(t, bot.Message{Platform: bot.PlatformTelegram, ChatID: "10", Text: "x", LangHint: "fr"})
	if want := []string{"es", "es", ""}; !slices.Equal(hints, want) {
		t.Errorf("hints = %q, want %q", hints, want)
	}
}

func TestMore(t *testing.T) {
	t.Parallel()
	t.Run("continues the last topic once", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "tell me about bridges")
		r := b.say(t, "more")
		if r.Intent != "exercise.bridge" || r.Text != "Squeeze, then lift." {
			t.Errorf("more: intent %q text %q, want the bridge's more text", r.Intent, r.Text)
		}
		r = b.say(t, "more")
		wantContains(t, "second more", r.Text, "That's all I have")
		wantPayloads(t, r, "kb:exercise.mini_squat", "kb:exercises")
	})
	t.Run("in Spanish", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "háblame del puente")
		if r := b.say(t, "y eso?"); r.Text != "Aprieta y luego sube." {
			t.Errorf("y eso? = %q, want the Spanish more text", r.Text)
		}
	})
	t.Run("entry without more text", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "how to lift")
		r := b.say(t, "more")
		wantContains(t, "text", r.Text, "That's all I have")
		wantPayloads(t, r, "kb:exercise.mini_squat")
	})
	t.Run("no last topic", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "/help")
		r := b.say(t, "more")
		wantContains(t, "text", r.Text, "That's all I have")
		wantPayloads(t, r, "kb:overview", "kb:exercises", "kb:see_doctor")
	})
	t.Run("stale context is forgotten", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "what is this joint pain")
		b.clock.Add(bot.DefaultContextTTL + time.Minute)
		r := b.say(t, "more")
		wantContains(t, "text", r.Text, "That's all I have")
	})
	t.Run("fresh context within the TTL", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "what is this joint pain")
		b.clock.Add(bot.DefaultContextTTL - time.Minute)
		if r := b.say(t, "more"); r.Text != "Hormones, sleep and lifting all play a part." {
			t.Errorf("more = %q, want the overview's more text", r.Text)
		}
	})
}

func TestFallback(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.say(t, "hello")
	r := b.say(t, "what's the weather")
	if r.Intent != "fallback" || r.Text != "Sorry, I didn't get that. Pick a topic." {
		t.Errorf("fallback: intent %q text %q", r.Intent, r.Text)
	}
	wantPayloads(t, r, "kb:overview", "kb:exercises", "kb:see_doctor")
	if r.Level != bot.LevelNone || r.Alert != "" {
		t.Errorf("fallback escalated: %v %q", r.Level, r.Alert)
	}
	if r := b.tap(t, "kb:no.such.entry"); r.Intent != "fallback" {
		t.Errorf("unknown entry button: intent %q, want fallback", r.Intent)
	}
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.script["squat or bridge"] = intents.Result{
		Intent: "exercise.mini_squat", Topic: "exercise.mini_squat", Confidence: 0.5, Ambiguous: true,
		Candidates: []intents.Candidate{{ID: "exercise.mini_squat", Confidence: 0.5}, {ID: "exercise.bridge", Confidence: 0.48}},
	}
	b.say(t, "hello")
	r := b.say(t, "squat or bridge")
	wantContains(t, "text", r.Text, "Did you mean")
	wantPayloads(t, r, "kb:exercise.mini_squat", "kb:exercise.bridge")
	if got := labels(r); !slices.Equal(got, []string{"Mini squat", "Bridge"}) {
		t.Errorf("labels = %q", got)
	}
}

func TestWarningSigns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		signs     []string
		topic     string
		lang      string
		alert     []string // substrings of the alert, in order
		notInText bool     // no answer after the alert
		title     string
		level     bot.Level
	}{
		{
			name: "emergency then the topic", signs: []string{"sign.chest_pain"}, topic: "exercise.bridge", lang: "en",
			alert: []string{"Chest pain can be serious. Call 911 now."}, title: "Bridge", level: bot.LevelEmergency,
		},
		{
			name: "emergency alone", signs: []string{"sign.chest_pain"}, topic: intents.Fallback, lang: "en",
			alert: []string{"Call 911 now."}, notInText: true, level: bot.LevelEmergency,
		},
		{
			name: "provider in Spanish", signs: []string{"sign.numbness"}, topic: "tip.lifting", lang: "es",
			alert: []string{"El adormecimiento"}, title: "Levantar al bebé", level: bot.LevelProvider,
		},
		{
			name: "highest level wins", signs: []string{"sign.numbness", "sign.chest_pain"}, topic: intents.Fallback, lang: "en",
			alert: []string{"Chest pain can be serious"}, notInText: true, level: bot.LevelEmergency,
		},
		{
			name: "crisis line added", signs: []string{"sign.chest_pain", "sign.self_harm"}, topic: intents.Fallback, lang: "en",
			alert: []string{"Chest pain can be serious. Call 911 now.", "call or text 988"}, notInText: true, level: bot.LevelEmergency,
		},
		{
			name: "nothing follows a crisis disclosure", signs: []string{"sign.self_harm"}, topic: "tip.lifting", lang: "en",
			alert: []string{"988"}, notInText: true, level: bot.LevelEmergency,
		},
		{
			name: "crisis sign names the line itself", signs: []string{"sign.self_harm"}, topic: intents.Fallback, lang: "en",
			alert: []string{"crisis line 988 now."}, notInText: true, level: bot.LevelEmergency,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			res := intents.Result{Intent: "see_doctor", Topic: tt.topic, Lang: tt.lang, Confidence: 1,
				Candidates: []intents.Candidate{{ID: tt.topic, Confidence: 0.7}}}
			for _, id := range tt.signs {
				s := bottest.Sign(t, b.kb, id)
				res.Signs = append(res.Signs, s)
				res.Crisis = res.Crisis || s.Crisis
				res.Level = max(res.Level, s.Level)
			}
			// The sign's clause and a clause that asks about the topic.
			b.script["the sign, the question"] = res
			b.script["the sign"] = res
			b.script["the question"] = intents.Result{Intent: tt.topic, Topic: tt.topic, Lang: tt.lang, Confidence: 0.7,
				Candidates: []intents.Candidate{{ID: tt.topic, Confidence: 0.7}}}
			r := b.say(t, "the sign, the question")
			if r.Level != tt.level {
				t.Errorf("level = %v, want %v", r.Level, tt.level)
			}
			if !slices.Equal(r.Signs, tt.signs) {
				t.Errorf("signs = %q, want %q", r.Signs, tt.signs)
			}
			rest := r.Alert
			for _, s := range tt.alert {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("alert = %q, want %q in it (in order)", r.Alert, s)
				}
				rest = rest[i+len(s):]
			}
			if strings.Contains(r.Alert, "{") {
				t.Errorf("alert has an unfilled placeholder: %q", r.Alert)
			}
			if tt.notInText && (r.Text != "" || r.Title != "") {
				t.Errorf("text %q title %q, want only the alert", r.Text, r.Title)
			}
			if r.Title != tt.title {
				t.Errorf("title = %q, want %q", r.Title, tt.title)
			}
		})
	}
}

func TestWarningSignOnCommand(t *testing.T) {
	t.Parallel()
	b := setup(t)
	res := b.script.Match("/start", "")
	res.Signs = []*knowledge.Sign{bottest.Sign(t, b.kb, "sign.chest_pain")}
	res.Level = bot.LevelEmergency
	b.script["/start my chest hurts"] = res
	r := b.say(t, "/start my chest hurts")
	wantContains(t, "alert", r.Alert, "Call 911 now")
	wantContains(t, "text", r.Text, "Hi, I'm carebot")
}

func TestWarningSignWithoutRuleStillEscalates(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) { c.EmergencyNumber = "112" })
	b.script["unsure"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency}
	r := b.say(t, "unsure")
	if r.Level != bot.LevelEmergency || !strings.Contains(r.Alert, "Call 112 now") {
		t.Errorf("level %v alert %q, want a built-in emergency alert naming 112", r.Level, r.Alert)
	}
}

func TestConfiguredNumbers(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) { c.EmergencyNumber, c.CrisisLine = "112", "024" })
	s := bottest.Sign(t, b.kb, "sign.self_harm")
	b.script["x"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency, Signs: []*knowledge.Sign{s}, Crisis: true}
	r := b.say(t, "x")
	if r.Alert != "Please call 112 or the crisis line 024 now." {
		t.Errorf("alert = %q", r.Alert)
	}
	if r := b.tap(t, "kb:see_doctor"); !strings.HasSuffix(r.Text, "call 112.") {
		t.Errorf("answer text = %q, want {emergency} filled with 112", r.Text)
	}
}

type fakeAlerter struct {
	mu    sync.Mutex
	calls []bot.Reply
	err   error
}

func (a *fakeAlerter) Alert(_ context.Context, p *bot.Person, m bot.Message, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, r)
	return a.err
}

func (a *fakeAlerter) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.calls)
}

func TestAlerterOnlyWithConsent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	chest := bottest.Sign(t, b.kb, "sign.chest_pain")
	b.script["chest pain"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency, Signs: []*knowledge.Sign{chest}}

	r := b.say(t, "chest pain")
	if b.alerter.count() != 0 || strings.Contains(r.Alert, "care team") {
		t.Fatalf("alerted without consent: %d calls, alert %q", b.alerter.count(), r.Alert)
	}
	b.tap(t, "cmd:/consent no")
	b.say(t, "chest pain")
	if b.alerter.count() != 0 {
		t.Fatalf("alerted after consent was denied")
	}
	if r := b.tap(t, "cmd:/consent yes"); !strings.Contains(r.Text, b.router.Message("consent_yes", "en")) {
		t.Errorf("consent yes: %q", r.Text)
	}
	if got := b.person(t).Consent; got != bot.ConsentGranted {
		t.Fatalf("consent = %v, want granted", got)
	}
	b.say(t, "how to lift")
	if b.alerter.count() != 0 {
		t.Fatalf("alerted for a message without a warning sign")
	}
	r = b.say(t, "chest pain")
	if b.alerter.count() != 1 {
		t.Fatalf("alerter called %d times, want 1", b.alerter.count())
	}
	if !strings.HasPrefix(r.Alert, "Chest pain can be serious. Call 911 now.") || !strings.HasSuffix(r.Alert, b.router.Message("alert_sent", "en")) {
		t.Errorf("alert = %q, want the emergency text then alert_sent", r.Alert)
	}
	if b.alerter.calls[0].Level != bot.LevelEmergency {
		t.Errorf("alerter got level %v", b.alerter.calls[0].Level)
	}

	b.alerter.mu.Lock()
	b.alerter.err = errors.New("slack down")
	b.alerter.mu.Unlock()
	r = b.say(t, "chest pain")
	if r.Alert != "Chest pain can be serious. Call 911 now." {
		t.Errorf("alert after a failed care-team alert = %q, want the emergency text alone", r.Alert)
	}
}

func TestForget(t *testing.T) {
	t.Parallel()
	t.Run("confirm with the button", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.tap(t, "cmd:/consent yes")
		r := b.say(t, "/forget")
		wantPayloads(t, r, "cmd:/forget confirm", "cmd:/forget cancel")
		if b.person(t).Context.Pending != "forget_confirm" {
			t.Errorf("pending = %q", b.person(t).Context.Pending)
		}
		r = b.tap(t, "cmd:/forget confirm")
		wantContains(t, "text", r.Text, b.router.Message("forget_done", "en"))
		if _, err := b.store.Person(context.Background(), key); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("person still stored after /forget: err %v", err)
		}
		// Asking again works and is a first contact again.
		r = b.say(t, "tell me about bridges")
		if r.Title != "Bridge" || r.Notice == "" {
			t.Errorf("after forget: title %q notice %q, want an answer with onboarding", r.Title, r.Notice)
		}
		if b.person(t).Consent != bot.ConsentUnknown {
			t.Errorf("consent survived /forget")
		}
	})
	t.Run("confirm by typing yes", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "/forget")
		b.say(t, "yes")
		if b.store.Len() != 0 {
			t.Errorf("typed yes did not forget")
		}
	})
	t.Run("cancel", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "/forget")
		r := b.tap(t, "cmd:/forget cancel")
		wantContains(t, "text", r.Text, "nothing was deleted")
		if p := b.person(t); p.Context.Pending != "" {
			t.Errorf("pending = %q after cancel", p.Context.Pending)
		}
	})
	t.Run("another message drops the question", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.say(t, "/forget")
		b.say(t, "how to lift")
		b.say(t, "yes")
		if b.store.Len() != 1 {
			t.Errorf("a later yes deleted the person")
		}
	})
}

type fakeNudger struct {
	mu       sync.Mutex
	settings []bot.NudgeSettings
	stops    int
	forgets  int
	answers  []string
	zones    []string
	store    bot.Store
	err      error
}

func (n *fakeNudger) SetNudges(_ context.Context, p *bot.Person, s bot.NudgeSettings) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if s.Quiet != bot.QuietHoursOff {
		for _, hm := range s.Times {
			if hm < "08:00" || hm >= "21:00" {
				return &bot.QuietHoursError{Time: hm, Quiet: "21:00-08:00"}
			}
		}
	}
	n.settings = append(n.settings, s)
	n.zones = append(n.zones, p.TimeZone)
	return n.err
}

func (n *fakeNudger) Stop(context.Context, bot.PersonKey) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stops++
	return n.err
}

func (n *fakeNudger) Progress(context.Context, bot.PersonKey, time.Time) (int, int, error) {
	return 3, 5, n.err
}

func (n *fakeNudger) Answer(_ context.Context, _ bot.PersonKey, payload string) (bot.NudgeAnswer, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.answers = append(n.answers, payload)
	action, _, _ := strings.Cut(strings.TrimPrefix(payload, bot.PayloadNudge), ":")
	return bot.NudgeAnswer{Action: bot.NudgeAction(action)}, n.err
}

func (n *fakeNudger) Forget(ctx context.Context, key bot.PersonKey) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.forgets++
	if n.err == nil && n.store != nil {
		return n.store.Forget(ctx, key) // the scheduler deletes the person too
	}
	return n.err
}

func TestNudgeWithoutNudger(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.say(t, "/nudge")
	wantContains(t, "text", r.Text, "I can send you a short exercise every day.")
	wantContains(t, "text", r.Text, b.router.Message("nudge_serve_only", "en"))
	r = b.say(t, "remind me")
	wantContains(t, "typed request", r.Text, b.router.Message("nudge_serve_only", "en"))
	if r.Intent != "nudge.subscribe" {
		t.Errorf("intent = %q", r.Intent)
	}
}

func TestNudgeWithNudger(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	r := b.say(t, "/nudge")
	wantPayloads(t, r, "cmd:/nudge 09:00", "cmd:/nudge 13:00", "cmd:/nudge 19:00")
	r = b.say(t, "/nudge 8:30 20h")
	wantContains(t, "text", r.Text, "08:30, 20:00")
	if len(n.settings) != 1 || !n.settings[0].Enabled || !slices.Equal(n.settings[0].Times, []string{"08:30", "20:00"}) {
		t.Fatalf("SetNudges got %+v", n.settings)
	}
	if p := b.person(t); !p.Nudge.Enabled || len(p.Nudge.Times) != 2 {
		t.Errorf("stored nudge settings %+v", p.Nudge)
	}
	r = b.say(t, "/progress")
	if want := strings.NewReplacer("{done}", "3", "{sent}", "5").Replace(b.router.Message("progress", "en")); r.Text != want {
		t.Errorf("progress = %q", r.Text)
	}
	b.say(t, "/stop")
	if n.stops != 1 || b.person(t).Nudge.Enabled {
		t.Errorf("stop: %d calls, enabled %v", n.stops, b.person(t).Nudge.Enabled)
	}
	n.err = errors.New("db down")
	r = b.say(t, "/nudge 9")
	wantContains(t, "text", r.Text, "couldn't change your reminders")
	if b.person(t).Nudge.Enabled {
		t.Errorf("settings changed although the nudger failed")
	}
	r = b.say(t, "/forget confirm")
	wantContains(t, "text", r.Text, "couldn't delete")
	if b.store.Len() != 1 {
		t.Errorf("forgot the person although their nudges could not be stopped")
	}
}

func TestLogsHoldNoTextNamesOrChatIDs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const secretChat, secretText = "chat-7788991122", "my name is Zelda Quimby and my wrists hurt"
	b.script[strings.ToLower(secretText)] = bottest.Topic("tip.lifting", "en")
	b.send(t, bot.Message{Platform: bot.PlatformTelegram, ChatID: secretChat, UserID: "user-55443322", Text: secretText})
	logs := b.logs.String()
	for _, s := range []string{secretChat, "7788991122", "Zelda", "wrists", "user-55443322"} {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain %q:\n%s", s, logs)
		}
	}
	for _, s := range []string{"person=p-", "intent=tip.lifting", "escalation=none", "confidence=0.9", "latency="} {
		if !strings.Contains(logs, s) {
			t.Errorf("logs lack %q:\n%s", s, logs)
		}
	}
}

// failingStore fails every call.
type failingStore struct{}

var errStore = errors.New("store down")

func (failingStore) Person(context.Context, bot.PersonKey) (*bot.Person, error) { return nil, errStore }
func (failingStore) SavePerson(context.Context, *bot.Person) error              { return errStore }
func (failingStore) Forget(context.Context, bot.PersonKey) error                { return errStore }
func (failingStore) MarkProcessed(context.Context, string, string) (bool, error) {
	return false, errStore
}

func TestStoreFailureStillAnswersWarningSign(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) { c.Store = failingStore{} })
	b.script["chest pain"] = intents.Result{Intent: "see_doctor", Topic: intents.Fallback, Level: bot.LevelEmergency,
		Signs: []*knowledge.Sign{bottest.Sign(t, b.kb, "sign.chest_pain")}}
	r := b.say(t, "chest pain")
	wantContains(t, "alert", r.Alert, "Call 911 now")
	if !strings.Contains(b.logs.String(), "store down") {
		t.Errorf("store failure not logged")
	}
	r = b.say(t, "/forget confirm")
	wantContains(t, "text", r.Text, "couldn't delete")
}

func TestHandleWithDoneContext(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.router.Handle(ctx, bot.Message{Text: "hi"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSetContent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	old := b.router.Content()
	next := &bot.Content{KB: old.KB, Matcher: old.Matcher}
	b.router.SetContent(next)
	if b.router.Content() != next {
		t.Errorf("content not swapped")
	}
	b.router.SetContent(nil)
	if b.router.Content() != next {
		t.Errorf("nil content replaced the content")
	}
}

func TestConcurrentHandle(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			m := bot.Message{Platform: bot.PlatformConsole, ChatID: string(rune('a' + i)), Text: "tell me about bridges"}
			if _, err := b.router.Handle(context.Background(), m); err != nil {
				t.Error(err)
			}
			b.router.SetContent(b.router.Content())
		})
	}
	wg.Wait()
	if b.store.Len() != 8 {
		t.Errorf("store holds %d people, want 8", b.store.Len())
	}
}

func TestFormatReference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref  knowledge.Reference
		want string
	}{
		{knowledge.Reference{Authors: "Doe J", Year: 2021, Title: "A title.", Journal: "J Med", DOI: "doi:10.1/x"}, "Doe J (2021). A title. J Med. doi:10.1/x"},
		{knowledge.Reference{Title: "Only a title"}, "Only a title."},
		{knowledge.Reference{Authors: "Roe R", Title: "Why?", URL: "https://x.org"}, "Roe R. Why? https://x.org"},
	}
	for _, tt := range tests {
		if got := bot.FormatReference(&tt.ref); got != tt.want {
			t.Errorf("FormatReference(%+v) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestMessageKeysHaveBuiltinTexts(t *testing.T) {
	t.Parallel()
	keys := bot.MessageKeys()
	for _, k := range []string{"welcome", "fallback", "did_you_mean", "more_none", "alert_sent", "forget_done", "crisis_line"} {
		if !slices.Contains(keys, k) {
			t.Errorf("MessageKeys lacks %q", k)
		}
	}
}

func TestRouterMessage(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *bot.Config) { c.EmergencyNumber = "112" })
	tests := []struct{ key, lang, want string }{
		{"lang_set", "es", "Vale, a partir de ahora en español."},                     // from the KB
		{"welcome", "fr", "Hi, I'm carebot (test)."},                                  // KB, English fallback
		{"alert_emergency", "es", "Esto podría ser una emergencia. Llama ya al 112."}, // the embedded content
		{"no_such_key", "en", "no_such_key"},
	}
	for _, tt := range tests {
		if got := b.router.Message(tt.key, tt.lang); got != tt.want {
			t.Errorf("Message(%q, %q) = %q, want %q", tt.key, tt.lang, got, tt.want)
		}
	}
}

// TestUnsureTopicDoesNotFollowEmergency checks that an emergency alert is
// not followed by an answer the message did not clearly ask for.
func TestUnsureTopicDoesNotFollowEmergency(t *testing.T) {
	t.Parallel()
	b := setup(t)
	res := intents.Result{Intent: "see_doctor", Topic: "tip.lifting", Lang: "en", Confidence: 1,
		Candidates: []intents.Candidate{{ID: "tip.lifting", Confidence: 0.3}},
		Level:      bot.LevelEmergency, Signs: []*knowledge.Sign{bottest.Sign(t, b.kb, "sign.chest_pain")}}
	b.script["chest and maybe lifting"] = res
	r := b.say(t, "chest and maybe lifting")
	if r.Alert == "" || r.Title != "" || r.Text != "" {
		t.Errorf("alert %q title %q text %q, want only the alert", r.Alert, r.Title, r.Text)
	}
	if strings.Contains(r.Notice, "Set up") {
		t.Errorf("notice %q after an emergency, want no onboarding", r.Notice)
	}
}

func TestNudgeQuietHoursAndTimeZone(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	b.say(t, "hello")
	r := b.say(t, "/nudge 22:30")
	wantContains(t, "text", r.Text, "quiet hours")
	if len(n.settings) != 0 {
		t.Fatalf("a night time was set without asking: %+v", n.settings)
	}
	wantPayloads(t, r, "cmd:/nudge 22:30 night", "cmd:/nudge")
	r = b.tap(t, "cmd:/nudge 22:30 night")
	if len(n.settings) != 1 || n.settings[0].Quiet != bot.QuietHoursOff {
		t.Fatalf("confirmed night time: %+v", n.settings)
	}
	wantContains(t, "text", r.Text, "Which city")
	r = b.say(t, "Chicago")
	wantContains(t, "text", r.Text, "America/Chicago")
	if p := b.person(t); p.TimeZone != "America/Chicago" || p.Context.Pending != "" {
		t.Errorf("stored time zone %q pending %q", p.TimeZone, p.Context.Pending)
	}
	if last := n.zones[len(n.zones)-1]; last != "America/Chicago" {
		t.Errorf("nudges not moved to the new time zone: %q", last)
	}
	r = b.say(t, "/tz UTC-5")
	wantContains(t, "text", r.Text, "UTC-05:00")
}

func TestNudgeButtonsAndForget(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	n.store = b.store
	b.say(t, "/nudge 9")
	for payload, want := range map[string]string{
		bot.PayloadNudge + "done:1700000000":   "Marked as done",
		bot.PayloadNudge + "snooze:1700000000": "in an hour",
	} {
		if r := b.tap(t, payload); !strings.Contains(r.Text, want) {
			t.Errorf("tap %s: %q, want %q in it", payload, r.Text, want)
		}
	}
	b.tap(t, bot.PayloadNudge+"stop")
	if b.person(t).Nudge.Enabled {
		t.Errorf("Stop button left nudges on")
	}
	if len(n.answers) != 3 {
		t.Errorf("Answer calls %v", n.answers)
	}
	b.say(t, "/forget confirm")
	if n.forgets != 1 || b.store.Len() != 0 {
		t.Errorf("forget: %d scheduler calls, %d people left", n.forgets, b.store.Len())
	}
}

func TestScreenMatchesHandle(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, tt := range []struct {
		signs []string
		want  bot.Level
	}{
		{nil, bot.LevelNone},
		{[]string{"sign.numbness"}, bot.LevelProvider},
		{[]string{"sign.numbness", "sign.chest_pain"}, bot.LevelEmergency},
	} {
		text := fmt.Sprint("screen ", tt.signs)
		res := intents.Result{Intent: intents.Fallback, Topic: intents.Fallback, Lang: "en"}
		for _, id := range tt.signs {
			s := bottest.Sign(t, b.kb, id)
			res.Signs = append(res.Signs, s)
			res.Level = max(res.Level, s.Level) // as the matcher's result says
		}
		b.script[text] = res
		if got := b.router.Screen(text); got != tt.want {
			t.Errorf("Screen(%v signs) = %v, want %v", tt.signs, got, tt.want)
		}
		if r := b.say(t, text); r.Level != tt.want {
			t.Errorf("Handle(%v signs).Level = %v, Screen said %v", tt.signs, r.Level, tt.want)
		}
	}
}

// A person whose nudges were cancelled when they blocked the bot (Active
// false) gets them scheduled again when they write again, once.
func TestNudgesResumeOnce(t *testing.T) {
	t.Parallel()
	n := &fakeNudger{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n })
	ns := bot.NudgeSettings{Enabled: true, Times: []string{"09:00"}}
	if err := b.store.SavePerson(t.Context(), &bot.Person{Key: key, Active: false, Lang: "en", Nudge: ns}); err != nil {
		t.Fatal(err)
	}
	b.say(t, "hello")
	if len(n.settings) != 1 || !n.settings[0].Enabled || !slices.Equal(n.settings[0].Times, ns.Times) {
		t.Fatalf("SetNudges got %+v, want the stored settings once", n.settings)
	}
	if !b.person(t).Active {
		t.Error("still inactive after writing")
	}
	b.say(t, "hello again")
	if len(n.settings) != 1 {
		t.Errorf("SetNudges called %d times, want once (only on the way back)", len(n.settings))
	}
}
