package console_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/console"
)

// pictureHandler answers every message with text and two pictures.
type pictureHandler struct{}

func (pictureHandler) Handle(context.Context, bot.Message) (bot.Reply, error) {
	return bot.Reply{Title: "Bridge", Steps: []string{"Lie down.", "Lift."},
		Media: []bot.Media{
			{Name: "exercise.bridge-1.png", Data: []byte("one"), Alt: "Bridge, drawing 1 of 2: lie down."},
			{Name: "exercise.bridge-2.png", Data: []byte("two"), Alt: "Bridge, drawing 2 of 2: lift."},
		},
		Buttons: []bot.Button{{Label: "Mini squat", Payload: "entry:exercise.mini_squat"}},
	}, nil
}

func TestMedia(t *testing.T) {
	t.Parallel()
	saved := map[string][]byte{}
	save := func(m bot.Media) (string, error) {
		if strings.HasSuffix(m.Name, "-2.png") {
			return "", errors.New("disk full")
		}
		saved[m.Name] = m.Data
		return "/tmp/pics/" + m.Name, nil
	}
	var out bytes.Buffer
	a := console.New(pictureHandler{}, strings.NewReader("bridge\n"), &out, console.WithMedia(save))
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := "[picture] /tmp/pics/exercise.bridge-1.png: Bridge, drawing 1 of 2: lie down.\n" +
		"[picture] Bridge, drawing 2 of 2: lift.\n\n1) Mini squat\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output:\n%s\nwant the pictures before the buttons:\n%s", out.String(), want)
	}
	if string(saved["exercise.bridge-1.png"]) != "one" {
		t.Errorf("saved %v", saved)
	}
	if got := console.Render(bot.Reply{Media: []bot.Media{{Alt: "a chart"}}}); got != "[picture] a chart\n\n" {
		t.Errorf("Render = %q", got)
	}
}
