package slack

import (
	"bytes"
	"context"
	"fmt"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// MaxAltText is Slack's limit on a file's alt text, in characters.
const MaxAltText = 1000

// uploadMedia uploads a reply's pictures into a thread: for each picture
// files.getUploadURLExternal (name, size, alt text) and a POST of the bytes
// to the URL it returns, then one files.completeUploadExternal that shares
// them all in channel, in the thread thread. A picture that fails to
// upload is logged and left out: the answer's text already says it all.
func (a *Adapter) uploadMedia(ctx context.Context, channel, thread string, media []bot.Media) error {
	if len(media) == 0 || channel == "" {
		return nil
	}
	var files []slackapi.FileSummary
	for _, m := range media {
		alt := []rune(m.Alt)
		if len(alt) > MaxAltText {
			alt = alt[:MaxAltText]
		}
		var up *slackapi.GetUploadURLExternalResponse
		err := a.call(ctx, "files.getUploadURLExternal", "", func(ctx context.Context) error {
			var err error
			up, err = a.api.GetUploadURLExternalContext(ctx, slackapi.GetUploadURLExternalParameters{
				FileName: m.Name, FileSize: len(m.Data), AltTxt: string(alt)})
			return err
		})
		if err == nil {
			err = a.call(ctx, "file upload", "", func(ctx context.Context) error {
				return a.api.UploadToURL(ctx, slackapi.UploadToURLParameters{
					UploadURL: up.UploadURL, Filename: m.Name, Reader: bytes.NewReader(m.Data)})
			})
		}
		if err != nil {
			a.log.Warn("slack: picture upload failed", "name", m.Name, "err", err)
			continue
		}
		title := m.Caption
		if title == "" {
			title = m.Alt
		}
		files = append(files, slackapi.FileSummary{ID: up.FileID, Title: title})
	}
	if len(files) == 0 {
		return fmt.Errorf("upload pictures: none of %d uploaded", len(media))
	}
	return a.call(ctx, "files.completeUploadExternal", channel, func(ctx context.Context) error {
		_, err := a.api.CompleteUploadExternalContext(ctx, slackapi.CompleteUploadExternalParameters{
			Files: files, Channel: channel, ThreadTimestamp: thread})
		return err
	})
}

// postWithMedia posts a reply's message and then its pictures into the
// answer's thread: the thread the message went to, or the thread the
// message starts. A failed upload is logged, not returned: the answer is
// out.
func (a *Adapter) postWithMedia(ctx context.Context, m message, media []bot.Media) (channel, ts string, err error) {
	channel, ts, err = a.post(ctx, m)
	if err != nil || len(media) == 0 {
		return channel, ts, err
	}
	thread := m.threadTS
	if thread == "" {
		thread = ts
	}
	if channel == "" {
		channel = m.channel
	}
	if err := a.uploadMedia(ctx, channel, thread, media); err != nil {
		a.log.Warn("slack: pictures not shared", "err", err)
	}
	return channel, ts, nil
}
