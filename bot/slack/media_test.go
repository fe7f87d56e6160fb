package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
)

// pictureHandler answers with text and n pictures.
func pictureHandler(n int) bot.Handler {
	return handlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		r := bot.Reply{Lang: "en", Title: "Bridge", Text: "Lift your hips.", Steps: []string{"Lie down.", "Lift."}}
		for i := range n {
			r.Media = append(r.Media, bot.Media{Name: fmt.Sprintf("exercise.bridge-%d.png", i+1), Type: "image/png",
				Data: []byte(strings.Repeat("png", i+1)), Width: 480, Height: 360,
				Alt: fmt.Sprintf("Bridge, drawing %d of %d", i+1, n), Caption: fmt.Sprintf("Step %d", i+1)})
		}
		return r, nil
	})
}

type handlerFunc func(context.Context, bot.Message) (bot.Reply, error)

func (f handlerFunc) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) { return f(ctx, m) }

// TestPicturesUploadedIntoThread checks the upload flow: one
// files.getUploadURLExternal and one upload per picture (with its alt
// text), then one files.completeUploadExternal into the answer's thread.
func TestPicturesUploadedIntoThread(t *testing.T) {
	t.Parallel()
	b := setup(t, pictureHandler(3))
	b.event(t, "EvPic", mention("CGEN", "UNURSE", "<@UCAREBOT> bridge", "1700000100.000200"), nil)
	b.wait(t, "chat.postMessage", 1)
	done := b.wait(t, "files.completeUploadExternal", 1)[0]
	if done.Channel != "CGEN" || done.ThreadTS != "1700000100.000200" {
		t.Errorf("shared in %s thread %q, want the mention's thread", done.Channel, done.ThreadTS)
	}
	if n := len(b.fake.Calls("files.getUploadURLExternal")); n != 3 {
		t.Errorf("%d files.getUploadURLExternal, want 3", n)
	}
	ups := b.fake.Uploads()
	if len(ups) != 3 {
		t.Fatalf("%d files shared, want 3", len(ups))
	}
	for i, u := range ups {
		if u.Name != fmt.Sprintf("exercise.bridge-%d.png", i+1) || string(u.Data) != strings.Repeat("png", i+1) ||
			u.Alt != fmt.Sprintf("Bridge, drawing %d of 3", i+1) || u.Title != fmt.Sprintf("Step %d", i+1) {
			t.Errorf("upload %d: %+v", i, u)
		}
	}
	// The answer came first, the pictures after it.
	var order []string
	for _, c := range b.fake.Calls("") {
		order = append(order, c.Method)
	}
	if got := strings.Join(order, ","); !strings.HasPrefix(got, "chat.postMessage,files.getUploadURLExternal,upload,") {
		t.Errorf("calls %s", got)
	}
}

// TestPicturesInDMThread checks that pictures answering a direct message
// go into the thread of the answer.
func TestPicturesInDMThread(t *testing.T) {
	t.Parallel()
	b := setup(t, pictureHandler(2))
	b.event(t, "EvDMPic", dm("DNURSE", "UNURSE", "bridge", "1700000100.000400"), nil)
	answer := b.wait(t, "chat.postMessage", 1)[0]
	done := b.wait(t, "files.completeUploadExternal", 1)[0]
	if done.Channel != "DNURSE" || done.ThreadTS != answer.TS {
		t.Errorf("shared in %s thread %q, want the answer's thread %s", done.Channel, done.ThreadTS, answer.TS)
	}
}

// TestPictureUploadFails checks that a failed upload leaves the answer
// posted and shares the rest.
func TestPictureUploadFails(t *testing.T) {
	t.Parallel()
	b := setup(t, pictureHandler(2))
	b.fake.Fail("files.getUploadURLExternal", "invalid_arguments") // not transient: no retry
	b.event(t, "EvPicFail", mention("CGEN", "UNURSE", "<@UCAREBOT> bridge", "1700000100.000300"), nil)
	b.wait(t, "files.completeUploadExternal", 1)
	if ups := b.fake.Uploads(); len(ups) != 1 || ups[0].Name != "exercise.bridge-2.png" {
		t.Errorf("shared %+v, want the second picture only", ups)
	}
}
