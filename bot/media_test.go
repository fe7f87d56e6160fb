package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// fakeIllustrator records what it is asked to draw.
type fakeIllustrator struct {
	mu     sync.Mutex
	asked  []string
	charts []bot.ProgressChart
	err    error
}

func (f *fakeIllustrator) Exercise(kb *knowledge.Base, id, lang string) ([]bot.Media, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, id+"/"+lang)
	if f.err != nil {
		return nil, f.err
	}
	return []bot.Media{{Name: id + "-1.png", Type: "image/png", Data: []byte("png"), Alt: "one " + lang},
		{Name: id + "-2.png", Type: "image/png", Data: []byte("png"), Alt: "two " + lang}}, nil
}

func (f *fakeIllustrator) Progress(p bot.ProgressChart, lang string) (bot.Media, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.charts = append(f.charts, p)
	return bot.Media{Name: "progress.png", Type: "image/png", Data: []byte("png"), Alt: "chart " + lang}, f.err
}

func TestExerciseMedia(t *testing.T) {
	t.Parallel()
	ill := &fakeIllustrator{}
	b := setup(t, func(c *bot.Config) { c.Illustrator = ill })
	r := b.say(t, "tell me about bridges")
	if len(r.Media) != 2 || r.Media[0].Alt != "one en" || len(r.Steps) == 0 {
		t.Fatalf("media %+v, %d steps; want two pictures beside the steps", r.Media, len(r.Steps))
	}
	r = b.say(t, "háblame del puente")
	if len(r.Media) != 2 || r.Media[1].Alt != "two es" {
		t.Errorf("es media %+v", r.Media)
	}
	if r := b.say(t, "how to lift"); len(r.Media) != 0 {
		t.Errorf("a tip has %d pictures", len(r.Media))
	}
	ill.err = errors.New("out of ink")
	r = b.say(t, "tell me about bridges")
	if len(r.Media) != 0 || len(r.Steps) == 0 {
		t.Errorf("a failed drawing: %d pictures, %d steps; want the steps alone", len(r.Media), len(r.Steps))
	}
	if !strings.Contains(b.logs.String(), "draw exercise") {
		t.Error("the failed drawing was not logged")
	}
}

func TestExerciseWithoutIllustrator(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if r := b.say(t, "tell me about bridges"); len(r.Media) != 0 {
		t.Errorf("%d pictures without an Illustrator", len(r.Media))
	}
}

// historyNudger is a fakeNudger that also lists nudge records.
type historyNudger struct {
	fakeNudger
	recs  []bot.NudgeRecord
	since time.Time
}

func (n *historyNudger) NudgeHistory(_ context.Context, _ bot.PersonKey, since time.Time) ([]bot.NudgeRecord, error) {
	n.since = since
	return n.recs, nil
}

func TestProgressChart(t *testing.T) {
	t.Parallel()
	// The clock says 2025-03-01 10:00 UTC. Done on each of the last three
	// days (twice today), on 20 February, and long ago; one sent but not
	// done yesterday.
	day := func(d, h int) time.Time { return time.Date(2025, 2, d, h, 0, 0, 0, time.UTC) }
	n := &historyNudger{recs: []bot.NudgeRecord{
		{DoneAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)},
		{DoneAt: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)},
		{DoneAt: day(28, 20)},
		{SentAt: day(28, 9)},
		{DoneAt: day(27, 7)},
		{DoneAt: day(20, 12)},
		{DoneAt: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)},
	}}
	ill := &fakeIllustrator{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n; c.Illustrator = ill })
	r := b.say(t, "/progress")
	wantContains(t, "text", r.Text, "This week: 3 of 5")
	wantContains(t, "text", r.Text, "Streak: 3 days in a row. Last 7 days: 4 done.")
	if len(r.Media) != 1 || r.Media[0].Name != "progress.png" {
		t.Fatalf("media %+v, want the chart", r.Media)
	}
	c := ill.charts[0]
	if len(c.Days) != 28 || c.Days[27] != 2 || c.Days[26] != 1 || c.Days[25] != 1 || c.Days[18] != 1 || c.Streak != 3 || c.Week != 4 {
		t.Errorf("chart %+v", c)
	}
	if want := time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC); !c.First.Equal(want) {
		t.Errorf("first day %v, want %v", c.First, want)
	}
}

func TestProgressStreakUntilYesterday(t *testing.T) {
	t.Parallel()
	// Nothing yet today (the clock is 10:00): the streak still counts
	// yesterday and the day before.
	n := &historyNudger{recs: []bot.NudgeRecord{
		{DoneAt: time.Date(2025, 2, 28, 20, 0, 0, 0, time.UTC)},
		{DoneAt: time.Date(2025, 2, 27, 20, 0, 0, 0, time.UTC)},
	}}
	ill := &fakeIllustrator{}
	b := setup(t, func(c *bot.Config) { c.Nudger = n; c.Illustrator = ill })
	r := b.say(t, "/progress")
	wantContains(t, "text", r.Text, "Streak: 2 days in a row")
}
