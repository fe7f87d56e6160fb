package picture

import (
	"image"
	"image/color"
	"sync"
)

// quantize snaps img to a fixed palette: every colour of the drawing (see
// draw.go) blended with the background and with white in 16 steps, which
// covers anti-aliased edges. The nearest colour is taken, without dithering,
// so the result is deterministic and compresses well.
func quantize(img *image.RGBA) *image.Paletted {
	pal := drawingPalette()
	out := image.NewPaletted(img.Bounds(), pal)
	cache := map[uint32]uint8{}
	last, lastIdx := uint32(1<<31), uint8(0) // most pixels repeat their left neighbour
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		dst := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			p := row[4*x : 4*x+3 : 4*x+3]
			key := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2])
			if key != last {
				idx, ok := cache[key]
				if !ok {
					idx = uint8(pal.Index(color.RGBA{p[0], p[1], p[2], 0xff}))
					cache[key] = idx
				}
				last, lastIdx = key, idx
			}
			dst[x] = lastIdx
		}
	}
	return out
}

// drawingPalette is the palette, built once.
var drawingPalette = sync.OnceValue(func() color.Palette {
	base := []color.RGBA{bodyColor, farColor, accent, farAccent, propFill, propDark, propLine,
		matColor, floorColor, textColor, ghostColor, babyColor, blanket}
	seen := map[color.RGBA]bool{}
	var pal color.Palette
	add := func(c color.RGBA) {
		if !seen[c] && len(pal) < 256 {
			seen[c] = true
			pal = append(pal, c)
		}
	}
	add(background)
	add(white)
	mix := func(a, b color.RGBA, t float64) color.RGBA {
		m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
		return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
	}
	for _, c := range base {
		add(c)
	}
	// Edges against the background, then against white and each other's
	// neighbours, as far as the palette has room.
	for _, bg := range []color.RGBA{background, white, propFill, matColor} {
		for _, c := range base {
			for k := 1; k < 8; k++ {
				add(mix(c, bg, float64(k)/8))
			}
		}
	}
	return pal
})
