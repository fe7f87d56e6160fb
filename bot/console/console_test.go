package console_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/console"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// newRouter returns a Router over the test knowledge base whose matcher
// answers from a script, so that transcripts do not change with the real
// matcher.
func newRouter(t *testing.T) *bot.Router {
	t.Helper()
	content := bottest.Content(t)
	chest := bottest.Sign(t, content.KB, "sign.chest_pain")
	script := bottest.Script{
		"hello":                 {Intent: intents.Fallback, Topic: intents.Fallback, Lang: "en"},
		"tell me about bridges": bottest.Topic("exercise.bridge", "en"),
		"more":                  {Intent: intents.Fallback, Topic: intents.Fallback, More: true},
		"my chest hurts, and how do i lift him?": {
			Intent: "see_doctor", Topic: "tip.lifting", Lang: "en", Confidence: 1,
			Candidates: []intents.Candidate{{ID: "tip.lifting", Confidence: 0.8}},
			Level:      knowledge.LevelEmergency, Signs: []*knowledge.Sign{chest},
		},
		// Its clauses: only the one without the sign picks what follows.
		"my chest hurts": {Intent: "see_doctor", Topic: intents.Fallback, Lang: "en", Confidence: 1,
			Level: knowledge.LevelEmergency, Signs: []*knowledge.Sign{chest}},
		"and how do i lift him": {Intent: "tip.lifting", Topic: "tip.lifting", Lang: "en", Confidence: 0.8,
			Candidates: []intents.Candidate{{ID: "tip.lifting", Confidence: 0.8}}},
		"háblame del puente": bottest.Topic("exercise.bridge", "es"),
		"y eso?":             {Intent: intents.Fallback, Topic: intents.Fallback, More: true, Lang: "es"},
	}
	r, err := bot.NewRouter(bot.Config{
		Content: content,
		Store:   memory.New(),
		Now:     func() time.Time { return time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC) },
		Match:   script.Match,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("transcript differs from %s (go test -update rewrites it):\n--- got\n%s", path, got)
	}
}

func TestConversation(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		"hello",
		"tell me about bridges",
		"more",
		"1", // Mini squat, a follow-up button of the bridge
		"/exercises",
		"1", // Bridge
		"",  // blank lines are skipped
		"My chest hurts, and how do I lift him?",
		"/lang",
		"2", // Español
		"háblame del puente",
		"y eso?",
		"/forget",
		"1", // Sí, borrar -> confirm
		"9", // no such button: sent as text
	}, "\n") + "\n"
	var out bytes.Buffer
	a := console.New(newRouter(t), strings.NewReader(in), &out, console.WithEcho(true))
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	golden(t, "conversation.golden", out.Bytes())
}

func TestPipedModePrintsOnlyReplies(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := console.New(newRouter(t), strings.NewReader("tell me about bridges\n"), &out)
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, "Bridge\nThe bridge strengthens your glutes.\n") || strings.Contains(s, "> ") {
		t.Errorf("piped output:\n%s", s)
	}
}

func TestInteractivePrompt(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := console.New(newRouter(t), strings.NewReader("tell me about bridges\n"), &out,
		console.WithInteractive(true), console.WithPrompt("you> "))
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, "you> Bridge\n") || !strings.HasSuffix(s, "you> \n") {
		t.Errorf("interactive output:\n%s", s)
	}
}

func TestLangOptionIsTheHint(t *testing.T) {
	t.Parallel()
	var got bot.Message
	h := bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		got = m
		return bot.Reply{Text: "ok"}, nil
	})
	a := console.New(h, strings.NewReader("hola\n"), io.Discard, console.WithLang("es"), console.WithChatID("c7"))
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := bot.Message{Platform: bot.PlatformConsole, ChatID: "c7", UserID: "c7", Text: "hola", LangHint: "es"}
	if got != want {
		t.Errorf("message = %+v, want %+v", got, want)
	}
}

func TestHandlerErrorApologises(t *testing.T) {
	t.Parallel()
	h := bot.HandlerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{}, errors.New("boom")
	})
	var out bytes.Buffer
	if err := console.New(h, strings.NewReader("hi\nagain\n"), &out).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "Sorry, something went wrong"); n != 2 {
		t.Errorf("%d apologies, want 2:\n%s", n, out.String())
	}
}

func TestRunStopsWhenContextIsDone(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe() // input that never ends
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	a := console.New(newRouter(t), pr, io.Discard)
	go func() { done <- a.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the context was cancelled")
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	r := bot.Reply{
		Alert:   "Call 911 now.",
		Title:   "Bridge",
		Text:    "Lift.\n\nSlowly.",
		Steps:   []string{"Lie down.", "Lift."},
		Details: []string{"How much: 10."},
		Sources: []string{"Doe (2020). T. J."},
		Notice:  "New here?",
		Buttons: []bot.Button{{Label: "Squat", Payload: "kb:x"}, {Label: "Set up", Payload: "cmd:/start"}},
	}
	want := "!! Call 911 now.\n\nBridge\nLift.\n\nSlowly.\n\n  1. Lie down.\n  2. Lift.\n\nHow much: 10.\n\n- Doe (2020). T. J.\n\nNew here?\n\n1) Squat\n2) Set up\n\n"
	if got := console.Render(r); got != want {
		t.Errorf("Render =\n%q\nwant\n%q", got, want)
	}
	if got := console.Render(bot.Reply{}); got != "" {
		t.Errorf("Render of an empty reply = %q", got)
	}
}
