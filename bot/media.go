package bot

import (
	"context"
	"time"

	"github.com/carebot/carebot/knowledge"
)

// Media is a picture attached to a reply: a frame of an exercise's
// illustrated sequence, or the /progress chart. Adapters send the pictures
// of a reply together (a Telegram album, Slack files in the answer's
// thread, files on the console), next to the reply's text.
type Media struct {
	// Name is a file name for the picture ("exercise.bridge-1.png").
	Name string
	// Type is its media type: "image/png" or "image/gif".
	Type string
	// Data is the encoded picture.
	Data []byte
	// Width and Height are its size in pixels.
	Width, Height int
	// Alt describes the picture for screen readers and for platforms
	// that cannot show it; always set.
	Alt string
	// Caption is the one line shown under the picture; may be empty.
	Caption string
}

// Illustrator draws the pictures that go with replies: bot/picture
// implements it. Config.Illustrator may be nil: then replies carry text
// only. Implementations cache what they draw and must be safe for
// concurrent use; a failure to draw never holds back the text.
type Illustrator interface {
	// Exercise returns the illustrated sequence of the exercise entry id in
	// lang, from the poses of kb; nil when the exercise has none.
	Exercise(kb *knowledge.Base, id, lang string) ([]Media, error)
	// Progress returns the /progress chart in lang.
	Progress(p ProgressChart, lang string) (Media, error)
}

// ProgressChart is what the /progress chart shows.
type ProgressChart struct {
	// Days are the nudges done per day, oldest first, the last being
	// today (in the person's time zone).
	Days []int
	// First is the date of Days[0].
	First time.Time
	// Streak is the number of days in a row, up to today or yesterday,
	// with at least one nudge done.
	Streak int
	// Week is the number of nudges done in the last seven days.
	Week int
	// Sent is the number of nudges sent in the last seven days.
	Sent int
}

// NudgeHistory is implemented by a Nudger that can list a person's nudges,
// for the /progress chart; without it /progress answers with text only.
type NudgeHistory interface {
	// NudgeHistory returns the person's sent nudges with their slot at or
	// after since, newest first.
	NudgeHistory(ctx context.Context, key PersonKey, since time.Time) ([]NudgeRecord, error)
}
