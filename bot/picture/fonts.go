package picture

import (
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// fonts are the Go fonts (BSD licence), parsed once.
type fonts struct {
	reg, bld *opentype.Font
}

var parsed struct {
	once sync.Once
	f    *fonts
}

// goFonts returns the shared Go fonts.
func goFonts() *fonts {
	parsed.once.Do(func() {
		reg, err := opentype.Parse(goregular.TTF)
		if err != nil {
			panic(err) // the embedded font always parses
		}
		bld, err := opentype.Parse(gobold.TTF)
		if err != nil {
			panic(err)
		}
		parsed.f = &fonts{reg: reg, bld: bld}
	})
	return parsed.f
}

func (f *fonts) regular(size float64) font.Face { return f.face(0, size) }
func (f *fonts) bold(size float64) font.Face    { return f.face(1, size) }

// face returns a face of the regular (0) or bold (1) font. Faces keep a
// glyph cache and are not safe for concurrent use, so each call returns a
// fresh face built on the shared parsed font.
func (f *fonts) face(which, size float64) font.Face {
	ft := f.reg
	if which == 1 {
		ft = f.bld
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only fails for invalid options
	}
	return face
}
