package picture

import (
	"fmt"
	"image"
	"math"
	"strconv"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/fogleman/gg"
)

// Chart colours: the bars in the figure's colour, today in the accent.
var (
	chartGrid  = propFill
	chartBar   = bodyColor
	chartToday = accent
)

// chartWords are the chart's labels in one language.
type chartWords struct {
	title, day, days, week, today string
	months                        [12]string
}

// chartText are the chart's words per language.
var chartText = map[string]chartWords{
	"en": {"Exercises done, last 4 weeks", "day in a row", "days in a row", "done, last 7 days", "today",
		[12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	"es": {"Ejercicios hechos, últimas 4 semanas", "día seguido", "días seguidos", "hechos, últimos 7 días", "hoy",
		[12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}},
}

// dateLabel writes a short date: "Nov 9" or "9 nov".
func dateLabel(t time.Time, lang string) string {
	m := chartText[lang].months[t.Month()-1]
	if lang == "es" {
		return strconv.Itoa(t.Day()) + " " + m
	}
	return m + " " + strconv.Itoa(t.Day())
}

// Progress draws the /progress chart: nudges done per day over the last
// four weeks as bars (today in the accent colour), with the streak and the
// week's total written large above them, in lang.
//
// It is drawn with gg rather than gonum/plot: 28 bars, a few labels and two
// numbers do not need a plotting library, and gonum/plot would bring its
// own rasteriser, fonts, PDF, SVG and LaTeX modules into a binary that
// already draws with gg.
func (r *Renderer) Progress(p bot.ProgressChart, lang string) (bot.Media, error) {
	img := r.DrawProgress(p, lang)
	data, err := encodePNG(img)
	if err != nil {
		return bot.Media{}, fmt.Errorf("progress chart: %w", err)
	}
	t := text(lang)
	alt := fmt.Sprintf("%s. %d %s; %d %s.", t.title, p.Streak, plural(p.Streak, t.day, t.days), p.Week, t.week)
	return bot.Media{Name: "progress.png", Type: "image/png", Data: data,
		Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), Alt: alt}, nil
}

// text returns the chart's words in lang, else in English.
func text(lang string) chartWords {
	if t, ok := chartText[lang]; ok {
		return t
	}
	return chartText["en"]
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// DrawProgress draws the chart without encoding it.
func (r *Renderer) DrawProgress(p bot.ProgressChart, lang string) *image.RGBA {
	t := text(lang)
	if _, ok := chartText[lang]; !ok {
		lang = "en"
	}
	w, h := float64(r.size.X), float64(r.size.Y)
	dc := gg.NewContext(r.size.X, r.size.Y)
	dc.SetColor(background)
	dc.Clear()

	// The two figures, large: the streak and the week's total.
	big, small := r.fonts.bold(40), r.fonts.regular(16)
	col := func(x float64, n int, label string, c any) {
		dc.SetFontFace(big)
		if c != nil {
			dc.SetColor(accent)
		} else {
			dc.SetColor(textColor)
		}
		dc.DrawStringAnchored(strconv.Itoa(n), x, 44, 0.5, 0.5)
		dc.SetFontFace(small)
		dc.SetColor(floorColor)
		dc.DrawStringAnchored(label, x, 80, 0.5, 0.5)
	}
	col(w*0.27, p.Streak, plural(p.Streak, t.day, t.days), true)
	col(w*0.73, p.Week, t.week, nil)

	// The bars.
	left, right, top, bottom := 40.0, w-18, 118.0, h-54
	maxN := 1
	for _, n := range p.Days {
		maxN = max(maxN, n)
	}
	maxN = max(maxN, 3)
	dc.SetFontFace(r.fonts.regular(13))
	for k := 0; k <= maxN; k++ {
		if maxN > 4 && k%2 == 1 && k != maxN {
			continue
		}
		y := bottom - float64(k)/float64(maxN)*(bottom-top)
		dc.SetColor(chartGrid)
		dc.SetLineWidth(1)
		dc.DrawLine(left, y, right, y)
		dc.Stroke()
		dc.SetColor(floorColor)
		dc.DrawStringAnchored(strconv.Itoa(k), left-10, y, 1, 0.5)
	}
	n := len(p.Days)
	if n == 0 {
		n = 28
	}
	slot := (right - left) / float64(n)
	for i, v := range p.Days {
		x := left + float64(i)*slot
		c := chartBar
		if i == len(p.Days)-1 {
			c = chartToday
		}
		if v > 0 {
			bh := float64(v) / float64(maxN) * (bottom - top)
			dc.SetColor(c)
			dc.DrawRoundedRectangle(x+slot*0.16, bottom-bh, slot*0.68, bh, math.Min(3, slot*0.2))
			dc.Fill()
		} else {
			dc.SetColor(propDark)
			dc.DrawCircle(x+slot/2, bottom-2, 1.6)
			dc.Fill()
		}
	}
	dc.SetColor(floorColor)
	dc.SetLineWidth(1.5)
	dc.DrawLine(left, bottom, right, bottom)
	dc.Stroke()
	// Dates under the first day of each week.
	dc.SetFontFace(r.fonts.regular(14))
	for i := 0; i < len(p.Days); i += 7 {
		x := left + float64(i)*slot + slot/2
		dc.SetColor(floorColor)
		dc.DrawLine(x, bottom, x, bottom+5)
		dc.Stroke()
		dc.SetColor(textColor)
		dc.DrawStringAnchored(dateLabel(p.First.AddDate(0, 0, i), lang), x, bottom+16, 0.5, 0.5)
	}
	if len(p.Days) > 0 {
		dc.SetColor(accent)
		dc.DrawStringAnchored(t.today, left+float64(len(p.Days)-1)*slot+slot/2, bottom+16, 0.5, 0.5)
	}
	dc.SetFontFace(r.fonts.regular(15))
	dc.SetColor(textColor)
	dc.DrawStringAnchored(t.title, w/2, h-16, 0.5, 0.5)
	return dc.Image().(*image.RGBA)
}
