package chart

// The layout of the bars: the part of gonum.org/v1/plot's Plot.Draw (plot
// v0.17.0, BSD-3-Clause, © The Gonum Authors) that the chart uses, drawn on
// its vg/draw canvas with the same arithmetic in the same order, so the
// image is the same to the byte. The root package gonum.org/v1/plot is not
// imported: its init parses the twelve Liberation fonts it embeds, and
// every carebot command paid for that at start-up (README, Peak memory).

import (
	"image/color"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// defaultSpace is the width of a space in gonum/plot's default axis label
// font (Liberation Serif, 12 points): Plot.Draw adds it to the y axis's
// width after the tick labels even when the axis has no label.
const defaultSpace vg.Length = 3

// tick is a labelled tick mark on an axis.
type tick struct {
	value float64
	label string
}

// glyphBox is a rectangle around something drawn at (x, y) in the data
// area's unit coordinates, as gonum/plot's GlyphBox: Plot.Draw pads the
// data area so that none sticks out of the canvas.
type glyphBox struct {
	x, y float64
	vg.Rectangle
}

// xAxis is the horizontal axis: the title below the tick labels, the tick
// labels, the tick marks and the axis line.
type xAxis struct {
	min, max   float64
	line, tick draw.LineStyle
	label      text.Style // the tick labels'
	ticks      []tick
	title      string
	titleStyle text.Style
	titlePad   vg.Length
	tickLength vg.Length
}

// yAxis is the vertical axis: tick labels only, no tick marks and no line.
type yAxis struct {
	min, max float64
	label    text.Style
	ticks    []tick
}

// norm maps v from [min, max] to [0, 1].
func norm(min, max, v float64) float64 { return (v - min) / (max - min) }

// tickLabelHeight is the height of the tallest tick label.
func tickLabelHeight(sty text.Style, ticks []tick) vg.Length {
	var h vg.Length
	for _, t := range ticks {
		r := sty.Rectangle(t.label)
		h = max(h, r.Max.Y-r.Min.Y)
	}
	return h
}

// tickLabelWidth is the width of the widest tick label.
func tickLabelWidth(sty text.Style, ticks []tick) vg.Length {
	var w vg.Length
	for _, t := range ticks {
		r := sty.Rectangle(t.label)
		w = max(w, r.Max.X-r.Min.X)
	}
	return w
}

// size is the height of the axis.
func (a *xAxis) size() (h vg.Length) {
	if a.title != "" {
		h += a.titleStyle.Height(a.title)
		h += a.titlePad
	}
	if len(a.ticks) > 0 {
		if a.tick.Width > 0 && a.tickLength > 0 {
			h += a.tickLength
		}
		h += tickLabelHeight(a.label, a.ticks)
	}
	return h + a.line.Width/2
}

// draw draws the axis along the lower edge of c.
func (a *xAxis) draw(c draw.Canvas) {
	x, y := c.Center().X, c.Min.Y
	if a.title != "" {
		descent := a.titleStyle.FontExtents().Descent
		c.FillText(a.titleStyle, vg.Point{X: x, Y: y + descent}, a.title)
		y += a.titleStyle.Height(a.title)
		y += a.titlePad
	}
	height := tickLabelHeight(a.label, a.ticks)
	descent := a.label.FontExtents().Descent
	for _, t := range a.ticks {
		x := c.X(norm(a.min, a.max, t.value))
		if !c.ContainsX(x) || t.label == "" {
			continue
		}
		c.FillText(a.label, vg.Point{X: x, Y: y + height + descent}, t.label)
	}
	if len(a.ticks) > 0 {
		y += height
	} else {
		y += a.line.Width / 2
	}
	if len(a.ticks) > 0 && a.tick.Width > 0 && a.tickLength > 0 {
		for _, t := range a.ticks {
			x := c.X(norm(a.min, a.max, t.value))
			if !c.ContainsX(x) {
				continue
			}
			c.StrokeLine2(a.tick, x, y, x, y+a.tickLength)
		}
		y += a.tickLength
	}
	c.StrokeLine2(a.line, c.Min.X, y, c.Max.X, y)
}

// glyphBoxes are the boxes of the title and the tick labels.
func (a *xAxis) glyphBoxes() []glyphBox {
	var boxes []glyphBox
	var yoff vg.Length
	if a.title != "" {
		descent := a.titleStyle.FontExtents().Descent
		boxes = append(boxes, glyphBox{
			x:         norm(a.min, a.max, 0.5*(a.max+a.min)),
			Rectangle: a.titleStyle.Rectangle(a.title).Add(vg.Point{Y: yoff + descent}),
		})
		yoff += a.titleStyle.Height(a.title)
		yoff += a.titlePad
	}
	height := tickLabelHeight(a.label, a.ticks)
	descent := a.label.FontExtents().Descent
	for _, t := range a.ticks {
		if t.label == "" {
			continue
		}
		boxes = append(boxes, glyphBox{
			x:         norm(a.min, a.max, t.value),
			Rectangle: a.label.Rectangle(t.label).Add(vg.Point{Y: yoff + height + descent}),
		})
	}
	return boxes
}

// size is the width of the axis.
func (a *yAxis) size() (w vg.Length) {
	if len(a.ticks) > 0 {
		if lw := tickLabelWidth(a.label, a.ticks); lw > 0 {
			w += lw
			w += defaultSpace
		}
	}
	return w
}

// draw draws the axis along the left edge of c.
func (a *yAxis) draw(c draw.Canvas) {
	x := c.Min.X
	if w := tickLabelWidth(a.label, a.ticks); len(a.ticks) > 0 && w > 0 {
		x += w
	}
	major := false
	descent := a.label.FontExtents().Descent
	for _, t := range a.ticks {
		y := c.Y(norm(a.min, a.max, t.value))
		if !c.ContainsY(y) || t.label == "" {
			continue
		}
		c.FillText(a.label, vg.Point{X: x, Y: y + descent}, t.label)
		major = true
	}
	if major {
		x += a.label.Width(" ")
	}
	// The axis line, of width 0, as gonum/plot strokes it.
	c.StrokeLine2(draw.LineStyle{Color: color.Black}, x, c.Min.Y, x, c.Max.Y)
}

// glyphBoxes are the boxes of the tick labels.
func (a *yAxis) glyphBoxes() []glyphBox {
	var xoff vg.Length
	if w := tickLabelWidth(a.label, a.ticks); len(a.ticks) != 0 && w > 0 {
		xoff += w
	}
	ext := a.label.FontExtents()
	desc := ext.Height - ext.Ascent // descent + line gap
	var boxes []glyphBox
	for _, t := range a.ticks {
		if t.label == "" {
			continue
		}
		boxes = append(boxes, glyphBox{
			y:         norm(a.min, a.max, t.value),
			Rectangle: a.label.Rectangle(t.label).Add(vg.Point{X: xoff, Y: desc}),
		})
	}
	return boxes
}

// bars is the plot: the axes, the horizontal grid at the y ticks, the bars
// of the past days and of today (one value a day, 0 where the other has
// the day) and a dot on the floor for each day without exercises.
type bars struct {
	x            xAxis
	y            yAxis
	past, today  []float64
	zero         []float64 // days without exercises
	width        vg.Length // of a bar
	withPlotters bool      // glyph boxes of the bars and dots count
}

// dotStyle is the dot of a day without exercises.
var dotStyle = draw.GlyphStyle{Color: dotColor, Radius: 1.8, Shape: draw.CircleGlyph{}}

// glyphBoxes are the boxes of the bars and dots inside the data area.
func (p *bars) glyphBoxes() []glyphBox {
	if !p.withPlotters {
		return nil
	}
	var boxes []glyphBox
	add := func(b glyphBox) {
		if b.Size().X > 0 && (b.x < 0 || b.x > 1) {
			return
		}
		if b.Size().Y > 0 && (b.y < 0 || b.y > 1) {
			return
		}
		boxes = append(boxes, b)
	}
	for _, vs := range [][]float64{p.past, p.today} {
		for i := range vs {
			add(glyphBox{x: norm(p.x.min, p.x.max, float64(i)), Rectangle: vg.Rectangle{
				Min: vg.Point{X: -p.width / 2}, Max: vg.Point{X: p.width / 2}}})
		}
	}
	r := dotStyle.Radius
	for _, d := range p.zero {
		add(glyphBox{x: norm(p.x.min, p.x.max, d), y: norm(p.y.min, p.y.max, 0), Rectangle: vg.Rectangle{
			Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}})
	}
	return boxes
}

// padX shrinks c horizontally so that no glyph box sticks out of it.
func (p *bars) padX(c draw.Canvas) draw.Canvas {
	glyphs := p.glyphBoxes()
	l := leftMost(&c, glyphs)
	glyphs = append(glyphs, p.x.glyphBoxes()...)
	r := rightMost(&c, glyphs)

	minx := c.Min.X - l.Min.X
	maxx := c.Max.X - (r.Min.X + r.Size().X)
	lx := vg.Length(l.x)
	rx := vg.Length(r.x)
	n := (lx*maxx - rx*minx) / (lx - rx)
	m := ((lx-1)*maxx - rx*minx + minx) / (lx - rx)
	return draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: n, Y: c.Min.Y},
		Max: vg.Point{X: m, Y: c.Max.Y},
	}}
}

// padY shrinks c vertically so that no glyph box sticks out of it.
func (p *bars) padY(c draw.Canvas) draw.Canvas {
	glyphs := p.glyphBoxes()
	b := bottomMost(&c, glyphs)
	glyphs = append(glyphs, p.y.glyphBoxes()...)
	t := topMost(&c, glyphs)

	miny := c.Min.Y - b.Min.Y
	maxy := c.Max.Y - (t.Min.Y + t.Size().Y)
	by := vg.Length(b.y)
	ty := vg.Length(t.y)
	n := (by*maxy - ty*miny) / (by - ty)
	m := ((by-1)*maxy - ty*miny + miny) / (by - ty)
	return draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{Y: n, X: c.Min.X},
		Max: vg.Point{Y: m, X: c.Max.X},
	}}
}

func rightMost(c *draw.Canvas, boxes []glyphBox) glyphBox {
	maxx := c.Max.X
	r := glyphBox{x: 1}
	for _, b := range boxes {
		if b.Size().X <= 0 {
			continue
		}
		if x := c.X(b.x) + b.Min.X + b.Size().X; x > maxx && b.x <= 1 {
			maxx = x
			r = b
		}
	}
	return r
}

func leftMost(c *draw.Canvas, boxes []glyphBox) glyphBox {
	minx := c.Min.X
	l := glyphBox{}
	for _, b := range boxes {
		if b.Size().X <= 0 {
			continue
		}
		if x := c.X(b.x) + b.Min.X; x < minx && b.x >= 0 {
			minx = x
			l = b
		}
	}
	return l
}

func topMost(c *draw.Canvas, boxes []glyphBox) glyphBox {
	maxy := c.Max.Y
	t := glyphBox{y: 1}
	for _, b := range boxes {
		if b.Size().Y <= 0 {
			continue
		}
		if y := c.Y(b.y) + b.Min.Y + b.Size().Y; y > maxy && b.y <= 1 {
			maxy = y
			t = b
		}
	}
	return t
}

func bottomMost(c *draw.Canvas, boxes []glyphBox) glyphBox {
	miny := c.Min.Y
	l := glyphBox{}
	for _, b := range boxes {
		if b.Size().Y <= 0 {
			continue
		}
		if y := c.Y(b.y) + b.Min.Y; y < miny && b.y >= 0 {
			miny = y
			l = b
		}
	}
	return l
}

// dataCanvas is the part of c where the data goes, as Plot.DataCanvas.
func (p *bars) dataCanvas(c draw.Canvas) draw.Canvas {
	return p.padY(p.padX(draw.Crop(c, p.y.size(), 0, p.x.size(), 0)))
}

// draw draws the plot on c, as Plot.Draw.
func (p *bars) draw(c draw.Canvas) {
	p.withPlotters = true
	c.SetColor(background)
	c.Fill(c.Rectangle.Path())

	ywidth := p.y.size()
	xheight := p.x.size()
	p.x.draw(p.padX(draw.Crop(c, ywidth, 0, 0, 0)))
	p.y.draw(p.padY(draw.Crop(c, 0, 0, xheight, 0)))

	dc := p.padY(p.padX(draw.Crop(c, ywidth, 0, xheight, 0)))
	trX := func(v float64) vg.Length { return dc.X(norm(p.x.min, p.x.max, v)) }
	trY := func(v float64) vg.Length { return dc.Y(norm(p.y.min, p.y.max, v)) }

	// The grid: a line at each y tick.
	grid := draw.LineStyle{Color: gridColor, Width: 1}
	for _, t := range p.y.ticks {
		if t.label == "" {
			continue
		}
		y := trY(t.value)
		if y > dc.Max.Y || y < dc.Min.Y {
			continue
		}
		dc.StrokeLine2(grid, dc.Min.X, y, dc.Max.X, y)
	}

	// The bars, with an outline of width 0 as gonum/plot's bar chart.
	outline := draw.LineStyle{Color: color.Black, Dashes: []vg.Length{}}
	for _, b := range []struct {
		v []float64
		c color.Color
	}{{p.past, barColor}, {p.today, accent}} {
		for i, ht := range b.v {
			catMin := trX(float64(i))
			if !dc.ContainsX(catMin) {
				continue
			}
			catMin -= p.width / 2
			catMax := catMin + p.width
			valMin, valMax := trY(0), trY(ht)
			pts := []vg.Point{
				{X: catMin, Y: valMin},
				{X: catMin, Y: valMax},
				{X: catMax, Y: valMax},
				{X: catMax, Y: valMin},
			}
			dc.FillPolygon(b.c, dc.ClipPolygonY(pts))
			pts = append(pts, vg.Point{X: catMin, Y: valMin})
			dc.StrokeLines(outline, dc.ClipLinesY(pts)...)
		}
	}

	for _, d := range p.zero {
		dc.DrawGlyph(dotStyle, vg.Point{X: trX(d), Y: trY(0)})
	}
}
