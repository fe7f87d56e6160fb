package picture

import (
	"bytes"
	"fmt"
	"image/gif"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// FrameDelay is how long each frame of an animation shows, in hundredths
// of a second.
const FrameDelay = 150

// Animation draws p in lang as one looping animated GIF, each frame shown
// for FrameDelay: for platforms or people who prefer one moving picture to
// an album. The alt text lists every frame's caption.
func (r *Renderer) Animation(p *knowledge.Pose, title, lang string) (bot.Media, error) {
	imgs := r.drawSequence(p, lang)
	anim := &gif.GIF{LoopCount: 0}
	alt := title + ":"
	for i, img := range imgs {
		anim.Image = append(anim.Image, quantize(img))
		anim.Delay = append(anim.Delay, FrameDelay)
		alt += fmt.Sprintf(" %d. %s", i+1, p.Frames[i].Caption.Get(lang))
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return bot.Media{}, fmt.Errorf("animation %s: %w", p.ID, err)
	}
	b := imgs[0].Bounds()
	return bot.Media{Name: p.ID + ".gif", Type: "image/gif", Data: buf.Bytes(),
		Width: b.Dx(), Height: b.Dy(), Alt: alt}, nil
}
