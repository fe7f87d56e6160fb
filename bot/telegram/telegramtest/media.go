package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // photos may be GIFs
	_ "image/png" // and PNGs
	"io"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Telegram's limits on photos and albums, as the fake enforces them.
const (
	// MaxPhotoBytes is the largest photo upload.
	MaxPhotoBytes = 10 << 20
	// MaxPhotoSides is the largest width + height of a photo.
	MaxPhotoSides = 10000
	// MaxPhotoRatio is the largest ratio of a photo's long side to its
	// short side.
	MaxPhotoRatio = 20
	// MinAlbum and MaxAlbum bound the items of sendMediaGroup.
	MinAlbum = 2
	MaxAlbum = 10
	// MaxCaption is the longest caption, in UTF-16 code units.
	MaxCaption = 1024
)

// SentMedia is an album (sendMediaGroup) or a photo (sendPhoto) the bot
// sent.
type SentMedia struct {
	// Method is "sendMediaGroup" or "sendPhoto".
	Method string
	// ChatID is the chat it went to.
	ChatID int64
	// Items are the photos, in order.
	Items []Photo
}

// Photo is one uploaded photo.
type Photo struct {
	// Name is the multipart field (the "attach://" name).
	Name string
	// Data is the file as uploaded.
	Data []byte
	// Width and Height are the decoded image's size.
	Width, Height int
	// Caption is the photo's caption.
	Caption string
}

// Media returns the albums and photos sent so far, to every chat when
// chatID is 0.
func (s *Server) Media(chatID int64) []SentMedia {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SentMedia
	for _, m := range s.media {
		if chatID == 0 || m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// WaitMedia waits until at least n albums or photos were sent to chatID
// (any chat when 0) and returns them.
func (s *Server) WaitMedia(tb testing.TB, chatID int64, n int) []SentMedia {
	tb.Helper()
	timer := time.NewTimer(s.Timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		k := 0
		for _, m := range s.media {
			if chatID == 0 || m.ChatID == chatID {
				k++
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if k >= n {
			return s.Media(chatID)
		}
		select {
		case <-ch:
		case <-timer.C:
			tb.Fatalf("telegramtest: timed out after %v waiting for %d albums or photos to chat %d", s.Timeout, n, chatID)
			return nil
		case <-s.closed:
			tb.Fatalf("telegramtest: server closed while waiting for media")
			return nil
		}
	}
}

// sendMedia performs sendMediaGroup and sendPhoto with uploaded files,
// checking Telegram's limits: 2 to 10 photos an album, each a decodable
// image of at most 10 MB, width + height at most 10000, sides at most 20
// to 1, captions at most 1024 characters, and every attach:// name
// uploaded.
func (s *Server) sendMedia(method string, p map[string]string, files map[string][]byte) (any, *Failure) {
	bad := func(why string) (any, *Failure) {
		return nil, &Failure{Code: 400, Description: "Bad Request: " + why}
	}
	chatID, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil {
		return bad("chat not found")
	}
	type item struct {
		Type    string `json:"type"`
		Media   string `json:"media"`
		Caption string `json:"caption"`
	}
	var items []item
	switch method {
	case "sendMediaGroup":
		if err := json.Unmarshal([]byte(p["media"]), &items); err != nil {
			return bad("can't parse InputMedia JSON object")
		}
		if len(items) < MinAlbum || len(items) > MaxAlbum {
			return bad("media must include 2-10 items")
		}
	default:
		items = []item{{Type: "photo", Media: p["photo"], Caption: p["caption"]}}
		if _, ok := files["photo"]; ok && p["photo"] == "" {
			items[0].Media = "attach://photo"
		}
	}
	photos := make([]Photo, 0, len(items))
	for i, it := range items {
		if it.Type != "photo" {
			return bad(fmt.Sprintf("item %d: the fake accepts photos only, got %q", i, it.Type))
		}
		name, ok := strings.CutPrefix(it.Media, "attach://")
		if !ok {
			return bad(fmt.Sprintf("item %d: wrong file identifier/HTTP URL specified (the fake wants uploads)", i))
		}
		data, ok := files[name]
		if !ok {
			return bad(fmt.Sprintf("item %d: file %q was not uploaded", i, name))
		}
		if len(data) > MaxPhotoBytes {
			return bad("PHOTO_INVALID_DIMENSIONS: file is too big")
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return bad("IMAGE_PROCESS_FAILED")
		}
		long, short := max(cfg.Width, cfg.Height), min(cfg.Width, cfg.Height)
		if cfg.Width+cfg.Height > MaxPhotoSides || short == 0 || long > MaxPhotoRatio*short {
			return bad("PHOTO_INVALID_DIMENSIONS")
		}
		if Len16(it.Caption) > MaxCaption {
			return bad("message caption is too long")
		}
		photos = append(photos, Photo{Name: name, Data: data, Width: cfg.Width, Height: cfg.Height, Caption: it.Caption})
	}
	s.mu.Lock()
	if f, ok := s.failChat[chatID]; ok {
		s.mu.Unlock()
		return nil, &f
	}
	s.media = append(s.media, SentMedia{Method: method, ChatID: chatID, Items: photos})
	typ := "private"
	if chatID < 0 {
		typ = "supergroup"
	}
	msgs := make([]Message, len(photos))
	for i, ph := range photos {
		s.nextMsgID++
		msgs[i] = Message{MessageID: s.nextMsgID, From: &s.Me, Date: time.Now().Unix(), Chat: Chat{ID: chatID, Type: typ}, Caption: ph.Caption}
	}
	s.notify()
	s.mu.Unlock()
	if method == "sendPhoto" {
		return msgs[0], nil
	}
	return msgs, nil
}

// readFile reads an uploaded multipart file.
func readFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// SendMediaGroup performs a sendMediaGroup of the files as photos straight
// on the fake, without HTTP: for testing the fake's own checks.
func (s *Server) SendMediaGroup(chatID int64, files [][]byte) ([]Message, error) {
	var items []string
	byName := map[string][]byte{}
	for i, f := range files {
		name := "f" + strconv.Itoa(i)
		byName[name] = f
		items = append(items, `{"type":"photo","media":"attach://`+name+`"}`)
	}
	p := map[string]string{"chat_id": strconv.FormatInt(chatID, 10), "media": "[" + strings.Join(items, ",") + "]"}
	res, f := s.sendMedia("sendMediaGroup", p, byName)
	if f != nil {
		return nil, fmt.Errorf("%d %s", f.Code, f.Description)
	}
	return res.([]Message), nil
}
