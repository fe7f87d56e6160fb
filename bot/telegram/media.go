package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Telegram's limits on the pictures the adapter sends.
const (
	// MaxAlbum is the most photos in one sendMediaGroup; an album needs
	// at least two, so a single picture goes with sendPhoto.
	MaxAlbum = 10
	// MaxPhotoBytes is the largest photo upload.
	MaxPhotoBytes = 10 << 20
	// MaxPhotoSides is the largest width + height of a photo.
	MaxPhotoSides = 10000
	// MaxCaptionLength is the longest photo caption, in UTF-16 code units.
	MaxCaptionLength = 1024
)

// sendable keeps the pictures Telegram accepts as photos: PNG, GIF or JPEG
// data within the size limits. The reply's text says what the pictures
// show, so a picture left out loses nothing.
func sendable(ms []bot.Media) []bot.Media {
	var out []bot.Media
	for _, m := range ms {
		w, h := m.Width, m.Height
		if len(m.Data) == 0 || len(m.Data) > MaxPhotoBytes || w <= 0 || h <= 0 ||
			w+h > MaxPhotoSides || max(w, h) > 20*min(w, h) || !strings.HasPrefix(m.Type, "image/") {
			continue
		}
		out = append(out, m)
	}
	return out
}

// albums splits pictures into Telegram albums of 2 to MaxAlbum photos; a
// lone picture is an album of one, sent with sendPhoto.
func albums(ms []bot.Media) [][]bot.Media {
	var out [][]bot.Media
	for len(ms) > 0 {
		n := min(len(ms), MaxAlbum)
		if len(ms)-n == 1 { // do not leave one behind: 10+1 becomes 9+2
			n--
		}
		out = append(out, ms[:n])
		ms = ms[n:]
	}
	return out
}

// caption cuts a caption to Telegram's limit.
func caption(s string) string {
	if len16(s) <= MaxCaptionLength {
		return s
	}
	r := []rune(s)
	for len16(string(r)) > MaxCaptionLength-1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// deliverMedia sends one album (sendMediaGroup, the files uploaded as
// multipart attachments) or one photo (sendPhoto), within the rate limits
// and with the same retries as deliver. Telegram has no alt text: each
// photo's caption is its caption, else its alt text.
func (a *Adapter) deliverMedia(ctx context.Context, c *chatState, album []bot.Media) error {
	for attempt := 0; ; attempt++ {
		if err := a.waitLimits(ctx, c, false); err != nil {
			return err
		}
		var err error
		if len(album) == 1 {
			m := album[0]
			_, err = a.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{
				ChatID:  c.id,
				Photo:   &models.InputFileUpload{Filename: m.Name, Data: bytes.NewReader(m.Data)},
				Caption: caption(captionOf(m)),
			})
		} else {
			items := make([]models.InputMedia, len(album))
			for i, m := range album {
				items[i] = &models.InputMediaPhoto{
					Media:           "attach://" + attachName(i, m),
					MediaAttachment: bytes.NewReader(m.Data),
					Caption:         caption(captionOf(m)),
				}
			}
			_, err = a.tg.SendMediaGroup(ctx, &tgbot.SendMediaGroupParams{ChatID: c.id, Media: items})
		}
		if err == nil {
			a.opts.metrics.MessageOut(bot.PlatformTelegram)
			return nil
		}
		var tooMany *tgbot.TooManyRequestsError
		switch {
		case errors.As(err, &tooMany) && attempt < a.opts.maxRetries:
			a.opts.metrics.RateLimited(bot.PlatformTelegram)
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if err := a.opts.sleep(ctx, wait); err != nil {
				return fmt.Errorf("telegram send media: %w", err)
			}
		case errors.Is(err, tgbot.ErrorForbidden):
			a.markInactive(ctx, c.id)
			return fmt.Errorf("telegram send media: %w: %w", bot.ErrBlocked, a.redact(err))
		default:
			return fmt.Errorf("telegram send media: %w", a.redact(err))
		}
	}
}

// captionOf is what goes under a photo.
func captionOf(m bot.Media) string {
	if m.Caption != "" {
		return m.Caption
	}
	return m.Alt
}

// attachName is the multipart field of album item i: the picture's name
// made safe for a form field, numbered so that names never collide.
func attachName(i int, m bot.Media) string {
	var b strings.Builder
	fmt.Fprintf(&b, "p%d_", i+1)
	for _, r := range m.Name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
