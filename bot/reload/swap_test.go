package reload_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/carebot/carebot/bot"
)

const (
	exercisesV1 = "title: {en: Exercises, es: Ejercicios}"
	exercisesV2 = "title: {en: V2 Exercises, es: Ejercicios}"
	fallbackV1  = "Sorry, I didn't get that. Pick a topic."
	fallbackV2  = "V2 sorry, I did not get that."
)

// version2 is the test knowledge base with three texts changed that one
// reply shows together: an answer or the fallback, and a button label.
func version2(t *testing.T) string {
	t.Helper()
	s := edited(t)
	for _, old := range []string{exercisesV1, fallbackV1} {
		if !strings.Contains(s, old) {
			t.Fatalf("the test knowledge base changed: %q is gone", old)
		}
	}
	s = strings.Replace(s, exercisesV1, exercisesV2, 1)
	return strings.Replace(s, fallbackV1, fallbackV2, 1)
}

// replyVersion tells which knowledge base a reply came from, or an error
// when its parts come from both.
func replyVersion(r bot.Reply) (int, error) {
	text := 1
	if strings.Contains(r.Text, "V2 ") {
		text = 2
	}
	label := 0
	for _, b := range r.Buttons {
		switch b.Label {
		case "Exercises":
			label = 1
		case "V2 Exercises":
			label = 2
		}
	}
	if label == 0 {
		return 0, fmt.Errorf("no Exercises button in %+v", r.Buttons)
	}
	if label != text {
		return 0, fmt.Errorf("mixed reply: text from version %d, button from version %d: %q %+v", text, label, r.Text, r.Buttons)
	}
	return text, nil
}

// Readers answering while reloads swap the content see the old or the new
// knowledge base in each reply, never parts of both. Run with -race.
func TestSwapIsAtomicForConcurrentReaders(t *testing.T) {
	t.Parallel()
	mixed := bot.Reply{Text: overviewV2, Buttons: []bot.Button{{Label: "Exercises"}}}
	if _, err := replyVersion(mixed); err == nil {
		t.Fatal("replyVersion does not catch a mixed reply")
	}
	h := setup(t, false)
	versions := []string{original(t), version2(t)}
	const swaps = 20
	var (
		stop    atomic.Bool
		seen    [3]atomic.Int64
		readers sync.WaitGroup
	)
	for i := range 4 {
		readers.Go(func() {
			ctx := context.Background()
			for n := 0; !stop.Load(); n++ {
				m := bot.Message{Platform: bot.PlatformConsole, ChatID: fmt.Sprint("reader", i)}
				if n%2 == 0 {
					m.Payload = bot.PayloadEntry + "overview"
				} else {
					m.Text = "zzz qqq" // the fallback, through the matcher
				}
				r, err := h.router.Handle(ctx, m)
				if err != nil {
					t.Error(err)
					return
				}
				v, err := replyVersion(r)
				if err != nil {
					t.Error(err)
					return
				}
				seen[v].Add(1)
				if c := h.router.Content(); c == nil || c.KB == nil || c.Matcher == nil {
					t.Error("Content() returned an incomplete content")
					return
				}
			}
		})
	}
	for i := range swaps {
		h.write(kbFile, versions[(i+1)%2])
		if err := h.w.Reload(); err != nil {
			t.Fatalf("swap %d: %v", i, err)
		}
	}
	stop.Store(true)
	readers.Wait()
	if seen[1].Load() == 0 || seen[2].Load() == 0 {
		// Not a failure of the swap, but the test proved less than it says.
		t.Logf("replies seen: version 1 %d, version 2 %d", seen[1].Load(), seen[2].Load())
	}
}
