// Package chart draws the /progress chart on gonum.org/v1/plot's vg
// canvas: nudges done per day over the last four weeks as bars (today's
// bar in the accent colour), with the current streak and the week's total
// written large above them, in English or Spanish. It is the only importer
// of gonum/plot, and it imports only its drawing packages (vg, vg/draw,
// vg/vgimg, text, font): the axes and bars are laid out here (layout.go)
// as the root package's Plot.Draw laid them out, because that package's
// init parses twelve Liberation fonts in every carebot command.
// bot/picture's Renderer hands its Progress calls here.
//
// Text is set in the Go fonts built into the binary (golang.org/x/image's
// gofont), never in gonum/plot's default Liberation fonts, and the PNG
// carries no time or other metadata: the same chart and language give the
// same bytes.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"sync"
	"time"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/carebot/carebot/bot"
)

// Default size of the chart in pixels: phone-sized, 4:3, the size of
// bot/picture's frames.
const (
	DefaultWidth  = 480
	DefaultHeight = 360
)

// The colours are bot/picture's palette: the bars in the figure's colour,
// today in the accent.
var (
	background = color.RGBA{0xfc, 0xfa, 0xf7, 0xff}
	barColor   = color.RGBA{0x4f, 0x5f, 0x73, 0xff}
	accent     = color.RGBA{0xe0, 0x6c, 0x4a, 0xff}
	gridColor  = color.RGBA{0xec, 0xe6, 0xdf, 0xff}
	dotColor   = color.RGBA{0xd6, 0xcc, 0xc0, 0xff}
	floorColor = color.RGBA{0x8e, 0x98, 0xa3, 0xff}
	textColor  = color.RGBA{0x2b, 0x36, 0x42, 0xff}
)

// words are the chart's labels in one language.
type words struct {
	title, day, days, week, today string
	months                        [12]string
}

// chartText are the chart's words per language.
var chartText = map[string]words{
	"en": {"Exercises done, last 4 weeks", "day in a row", "days in a row", "done, last 7 days", "today",
		[12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	"es": {"Ejercicios hechos, últimas 4 semanas", "día seguido", "días seguidos", "hechos, últimos 7 días", "hoy",
		[12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}},
}

// lookup returns the chart's words in lang and the language used: lang if
// the chart speaks it, else English.
func lookup(lang string) (words, string) {
	if t, ok := chartText[lang]; ok {
		return t, lang
	}
	return chartText["en"], "en"
}

// dateLabel writes a short date: "Nov 9" or "9 nov".
func dateLabel(t time.Time, lang string) string {
	m := chartText[lang].months[t.Month()-1]
	if lang == "es" {
		return strconv.Itoa(t.Day()) + " " + m
	}
	return m + " " + strconv.Itoa(t.Day())
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Alt is the chart's alt text in lang: the title and the two figures.
func Alt(p bot.ProgressChart, lang string) string {
	t, _ := lookup(lang)
	return fmt.Sprintf("%s. %d %s; %d %s.", t.title, p.Streak, plural(p.Streak, t.day, t.days), p.Week, t.week)
}

// Progress draws the chart w by h pixels (the defaults when either is not
// positive) in lang and encodes it as a PNG with its alt text.
func Progress(p bot.ProgressChart, lang string, w, h int) (bot.Media, error) {
	img, err := Draw(p, lang, w, h)
	if err != nil {
		return bot.Media{}, err
	}
	data, err := Encode(img)
	if err != nil {
		return bot.Media{}, err
	}
	return bot.Media{Name: "progress.png", Type: "image/png", Data: data,
		Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), Alt: Alt(p, lang)}, nil
}

// Encode writes img as a PNG: no ancillary chunks, so no time stamps.
// Default compression: best compression saves 4% of the bytes for four
// times the time.
func Encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("progress chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// goFonts is a gonum/plot font cache holding only the Go fonts.
var goFonts = sync.OnceValue(func() *font.Cache {
	parse := func(ttf []byte) *opentype.Font {
		f, err := opentype.Parse(ttf)
		if err != nil {
			panic(err) // the embedded fonts always parse
		}
		return f
	}
	return font.NewCache(font.Collection{
		{Font: font.Font{Typeface: "Go"}, Face: parse(goregular.TTF)},
		{Font: font.Font{Typeface: "Go", Weight: xfont.WeightBold}, Face: parse(gobold.TTF)},
	})
})

// style is the Go font, bold or regular, at size points.
func style(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Go", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// Draw draws the chart without encoding it. One point is one pixel.
func Draw(p bot.ProgressChart, lang string, w, h int) (*image.RGBA, error) {
	if w <= 0 || h <= 0 {
		w, h = DefaultWidth, DefaultHeight
	}
	t, lang := lookup(lang)
	hdlr := text.Plain{Fonts: goFonts()}
	style := func(size vg.Length, bold bool, c color.Color) text.Style {
		return text.Style{Color: c, Font: style(size, bold), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: hdlr}
	}

	vc := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(72), vgimg.UseBackgroundColor(background))
	dc := draw.New(vc)
	W, H := vg.Length(w), vg.Length(h)

	// The two figures, large: the streak in the accent colour and the
	// week's total; y counts up from the bottom.
	figure := func(x vg.Length, n int, label string, c color.Color) {
		dc.FillText(style(40, true, c), vg.Point{X: x, Y: H - 44}, strconv.Itoa(n))
		dc.FillText(style(16, false, floorColor), vg.Point{X: x, Y: H - 80}, label)
	}
	figure(W*0.27, p.Streak, plural(p.Streak, t.day, t.days), accent)
	figure(W*0.73, p.Week, t.week, textColor)

	// The bars, below the figures, with the title as the x axis's label.
	n := max(len(p.Days), 1)
	maxN := 3
	for _, v := range p.Days {
		maxN = max(maxN, v)
	}
	pl := &bars{
		x: xAxis{min: -0.5, max: float64(n) - 0.5,
			line:  draw.LineStyle{Color: floorColor, Width: 1.5},
			tick:  draw.LineStyle{Color: floorColor, Width: 1},
			label: style(14, false, textColor),
			title: t.title, titleStyle: style(15, false, textColor), titlePad: 8, tickLength: 5},
		y: yAxis{min: 0, max: float64(maxN), label: style(13, false, floorColor)},
	}
	pl.x.label.YAlign = draw.YTop
	pl.x.titleStyle.YAlign = draw.YBottom
	pl.y.label.XAlign = draw.XRight
	for i := 0; i < len(p.Days); i += 7 {
		if len(p.Days)-1-i >= 4 { // leave room for "today"
			pl.x.ticks = append(pl.x.ticks, tick{float64(i), dateLabel(p.First.AddDate(0, 0, i), lang)})
		}
	}
	if len(p.Days) > 0 {
		pl.x.ticks = append(pl.x.ticks, tick{float64(len(p.Days) - 1), t.today})
	}
	for k := 0; k <= maxN; k++ {
		if maxN > 4 && k%2 == 1 && k != maxN {
			continue
		}
		pl.y.ticks = append(pl.y.ticks, tick{float64(k), strconv.Itoa(k)})
	}

	area := draw.Crop(dc, 16, -26, 10, -104)
	// The bars' width comes from the data area before the bars are in.
	slot := pl.dataCanvas(area).Size().X / vg.Length(n)
	width := slot * 0.68
	pl.past, pl.today = make([]float64, n), make([]float64, n)
	for i, v := range p.Days {
		switch {
		case v == 0:
			pl.zero = append(pl.zero, float64(i))
		case i == len(p.Days)-1:
			pl.today[i] = float64(v)
		default:
			pl.past[i] = float64(v)
		}
	}
	if width <= 0 {
		// What gonum/plot's plotter.NewBarChart said.
		return nil, errors.New("progress chart: plotter: width parameter was not positive")
	}
	pl.width = width
	pl.draw(area)

	img, ok := vc.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("progress chart: canvas is a %T", vc.Image())
	}
	return img, nil
}
