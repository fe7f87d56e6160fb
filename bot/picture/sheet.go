package picture

import (
	"image"
	"image/draw"

	"github.com/carebot/carebot/knowledge"
	"github.com/fogleman/gg"
)

// ContactSheet draws every frame of every pose of kb in lang: one row per
// exercise, its title on the left, for checking the pictures by eye.
func (r *Renderer) ContactSheet(kb *knowledge.Base, lang string) *image.RGBA {
	const label, gap = 150, 6
	cols := 0
	for _, p := range kb.Poses {
		cols = max(cols, len(p.Frames))
	}
	w := label + cols*(r.size.X+gap)
	h := len(kb.Poses) * (r.size.Y + gap)
	dc := gg.NewContext(w, h)
	dc.SetRGB(1, 1, 1)
	dc.Clear()
	dc.SetFontFace(r.fonts.bold(18))
	dc.SetColor(textColor)
	sheet := dc.Image().(*image.RGBA)
	for row, p := range kb.Poses {
		y := row * (r.size.Y + gap)
		title := p.ID
		if e := kb.Entry(p.ID); e != nil {
			title = e.Title.Get(lang)
		}
		for i, l := range dc.WordWrap(title, label-16) {
			dc.DrawString(l, 10, float64(y+r.size.Y/2+i*22))
		}
		for col, img := range r.Frames(p, lang) {
			at := image.Pt(label+col*(r.size.X+gap), y)
			draw.Draw(sheet, img.Bounds().Add(at), img, image.Point{}, draw.Src)
		}
	}
	return sheet
}

// EncodePNG encodes a picture drawn by this package (a frame, a
// contact sheet) as a small palette PNG.
func EncodePNG(img *image.RGBA) ([]byte, error) { return encodePNG(img) }
