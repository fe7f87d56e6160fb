package telegram_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/picture"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

// pngOf returns a w x h PNG.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pictures returns n pictures named like an exercise's frames.
func pictures(t *testing.T, n int) []bot.Media {
	data := pngOf(t, 48, 36)
	ms := make([]bot.Media, n)
	for i := range ms {
		ms[i] = bot.Media{Name: fmt.Sprintf("exercise.bridge-%d.png", i+1), Type: "image/png", Data: data,
			Width: 48, Height: 36, Alt: fmt.Sprintf("Bridge, drawing %d", i+1), Caption: fmt.Sprintf("Step %d", i+1)}
	}
	return ms
}

// TestAlbum checks that an exercise's pictures go as one album, uploaded
// as multipart attachments, before the steps and buttons.
func TestAlbum(t *testing.T) {
	t.Parallel()
	for _, webhook := range []bool{false, true} {
		t.Run(fmt.Sprintf("webhook=%v", webhook), func(t *testing.T) {
			t.Parallel()
			f := setup(t, webhook)
			f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) {
				return bot.Reply{Lang: "en", Title: "Bridge", Steps: []string{"Lie down.", "Lift."},
					Media:   pictures(t, 3),
					Buttons: []bot.Button{{Label: "Mini squat", Payload: "entry:exercise.mini_squat"}}}, nil
			}
			u := telegramtest.PrivateText(2001, "en", "bridge")
			if webhook {
				f.deliver(t, u, 200)
			} else {
				f.srv.Push(u)
			}
			sent := f.srv.WaitSent(t, 2001, 1)
			media := f.srv.Media(2001)
			if len(media) != 1 || media[0].Method != "sendMediaGroup" || len(media[0].Items) != 3 {
				t.Fatalf("media %+v, want one album of 3", media)
			}
			for i, it := range media[0].Items {
				if it.Caption != fmt.Sprintf("Step %d", i+1) || it.Width != 48 || !strings.Contains(it.Name, "exercise.bridge") {
					t.Errorf("item %d: %+v", i, it)
				}
			}
			call := f.srv.Calls("sendMediaGroup")[0]
			if call.ContentType != "multipart/form-data" || len(call.Files) != 3 {
				t.Errorf("sendMediaGroup as %s with %d files, want a multipart upload of 3", call.ContentType, len(call.Files))
			}
			if !strings.Contains(sent[0].Text, "1. Lie down.") || sent[0].Buttons == nil || sent[0].Inline {
				t.Errorf("text %+v: want the steps with the buttons, after the album", sent[0])
			}
			// The album went first.
			var order []string
			for _, c := range f.srv.Calls("") {
				if c.Method == "sendMediaGroup" || c.Method == "sendMessage" {
					order = append(order, c.Method)
				}
			}
			if strings.Join(order, ",") != "sendMediaGroup,sendMessage" {
				t.Errorf("order %v", order)
			}
		})
	}
}

// TestAlbumLimits checks Telegram's limits: one picture is a photo, more
// than ten are split into albums of 2 to 10, pictures too large are left
// out, and after a warning sign the alert comes first.
func TestAlbumLimits(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	huge := pictures(t, 1)[0]
	huge.Name, huge.Width, huge.Height = "huge.png", 9000, 2000
	replies := map[string]bot.Reply{
		"one":    {Lang: "en", Text: "Your week.", Media: pictures(t, 1)},
		"eleven": {Lang: "en", Text: "Many.", Media: pictures(t, 11)},
		"huge":   {Lang: "en", Text: "Too big.", Media: append(pictures(t, 2), huge)},
		"alert":  {Lang: "en", Alert: "Call your provider today.", Text: "Bridge.", Media: pictures(t, 2), Level: bot.LevelProvider},
	}
	f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) { return replies[m.Text], nil }
	chat := int64(3000)
	for _, text := range []string{"one", "eleven", "huge", "alert"} {
		chat++
		f.srv.Push(telegramtest.PrivateText(chat, "en", text))
		f.srv.WaitSent(t, chat, 1)
	}
	if m := f.srv.Media(3001); len(m) != 1 || m[0].Method != "sendPhoto" || m[0].Items[0].Caption != "Step 1" {
		t.Errorf("one picture: %+v, want sendPhoto", m)
	}
	if m := f.srv.Media(3002); len(m) != 2 || len(m[0].Items) != 9 || len(m[1].Items) != 2 {
		t.Errorf("eleven pictures: %d sends, want albums of 9 and 2", len(m))
	}
	if m := f.srv.Media(3003); len(m) != 1 || len(m[0].Items) != 2 {
		t.Errorf("a picture over the limits: %+v, want it left out", m)
	}
	f.srv.WaitMedia(t, 3004, 1)
	var order []string
	for _, c := range f.srv.Calls("") {
		if c.Params["chat_id"] == "3004" && (c.Method == "sendMediaGroup" || c.Method == "sendMessage") {
			order = append(order, c.Method)
		}
	}
	if strings.Join(order, ",") != "sendMessage,sendMediaGroup" {
		t.Errorf("after a warning sign: %v, want the alert first", order)
	}
}

// TestFakeAlbumLimits checks that the fake refuses what Telegram refuses.
func TestFakeAlbumLimits(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Lang: "en", Text: "x"}, nil
	}
	if _, err := f.srv.SendMediaGroup(5001, [][]byte{pngOf(t, 10, 10)}); err == nil || !strings.Contains(err.Error(), "2-10") {
		t.Errorf("one item: %v", err)
	}
	if _, err := f.srv.SendMediaGroup(5001, [][]byte{pngOf(t, 10, 10), pngOf(t, 500, 10)}); err == nil || !strings.Contains(err.Error(), "DIMENSIONS") {
		t.Errorf("50:1 photo: %v", err)
	}
	if _, err := f.srv.SendMediaGroup(5001, [][]byte{pngOf(t, 10, 10), []byte("not a picture")}); err == nil {
		t.Error("a file that is no picture was accepted")
	}
	if _, err := f.srv.SendMediaGroup(5001, [][]byte{pngOf(t, 10, 10), pngOf(t, 20, 10)}); err != nil {
		t.Errorf("a good album: %v", err)
	}
}

// TestAlbumOfRealPictures sends an exercise's frames as bot/picture draws
// them through the fake, which decodes every photo and checks Telegram's
// limits.
func TestAlbumOfRealPictures(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	frames, err := picture.New().Exercise(kb, "exercise.tendon_glides", "es")
	if err != nil || len(frames) != 4 {
		t.Fatalf("%d frames, %v", len(frames), err)
	}
	f := setup(t, false)
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Lang: "es", Title: "Deslizamientos de tendones", Steps: []string{"Uno.", "Dos."}, Media: frames}, nil
	}
	f.srv.Push(telegramtest.PrivateText(4001, "es", "tendones"))
	f.srv.WaitSent(t, 4001, 1)
	m := f.srv.Media(4001)
	if len(m) != 1 || len(m[0].Items) != 4 {
		t.Fatalf("media %+v, want one album of 4", m)
	}
	for i, it := range m[0].Items {
		if it.Width != 480 || it.Height != 360 || it.Caption != frames[i].Caption || !bytes.Equal(it.Data, frames[i].Data) {
			t.Errorf("photo %d: %dx%d %q", i, it.Width, it.Height, it.Caption)
		}
	}
}
