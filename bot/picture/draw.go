package picture

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/carebot/carebot/knowledge"
	"github.com/fogleman/gg"
)

// The palette: a neutral figure, one accent colour for where the work is
// felt and for the frame numbers, quiet greys for the props.
var (
	background = color.RGBA{0xfc, 0xfa, 0xf7, 0xff}
	bodyColor  = color.RGBA{0x4f, 0x5f, 0x73, 0xff}
	farColor   = color.RGBA{0xa3, 0xae, 0xbc, 0xff}
	accent     = color.RGBA{0xe0, 0x6c, 0x4a, 0xff}
	farAccent  = color.RGBA{0xef, 0xae, 0x98, 0xff}
	propFill   = color.RGBA{0xec, 0xe6, 0xdf, 0xff}
	propDark   = color.RGBA{0xd6, 0xcc, 0xc0, 0xff}
	propLine   = color.RGBA{0xb4, 0xa9, 0x9c, 0xff}
	matColor   = color.RGBA{0xdc, 0xe4, 0xec, 0xff}
	floorColor = color.RGBA{0x8e, 0x98, 0xa3, 0xff}
	textColor  = color.RGBA{0x2b, 0x36, 0x42, 0xff}
	ghostColor = color.RGBA{0xdf, 0xe4, 0xea, 0xff}
	babyColor  = color.RGBA{0x8d, 0x9b, 0xad, 0xff}
	blanket    = color.RGBA{0xf3, 0xc9, 0xb9, 0xff}
	white      = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// shape is a prop's piece, in figure units.
type shape struct {
	kind          string // "rect", "line", "circle", "ellipse"
	x, y, w, h, r float64
	fill, stroke  color.Color
	lw            float64
}

func (s shape) bounds() bounds {
	b := emptyBounds()
	switch s.kind {
	case "line":
		b.addPt(pt{s.x, s.y}, s.lw/2)
		b.addPt(pt{s.w, s.h}, s.lw/2)
	case "circle":
		b.addPt(pt{s.x, s.y}, s.r)
	case "ellipse":
		b.addPt(pt{s.x - s.w, s.y - s.h}, 0)
		b.addPt(pt{s.x + s.w, s.y + s.h}, 0)
	default:
		b.addPt(pt{s.x, s.y}, 0)
		b.addPt(pt{s.x + s.w, s.y + s.h}, 0)
	}
	return b
}

// scene is one frame laid out in figure units: the floor is y = 0.
type scene struct {
	frame  *knowledge.Frame
	ghost  *skeleton // hand view: the straight hand behind
	body   skeleton
	before []shape // props behind the figure
	after  []shape // props in front of it
}

func (sc *scene) extent() bounds {
	b := sc.body.extent()
	if sc.ghost != nil {
		b.union(sc.ghost.extent())
	}
	for _, s := range slices.Concat(sc.before, sc.after) {
		if s.kind == "line" && s.w-s.x > 200 {
			continue // the floor spans the picture
		}
		b.union(s.bounds())
	}
	return b
}

// layout poses every frame of p and places props, in figure units: the
// floor at y = 0, the anchor at x = 0 in every frame.
func layout(p *knowledge.Pose) []*scene {
	view := p.View
	if view == "" {
		view = knowledge.ViewSide
	}
	scenes := make([]*scene, len(p.Frames))
	var counter, chair *pt // fixed from the first frame that has them
	for i := range p.Frames {
		f := &p.Frames[i]
		sc := &scene{frame: f}
		has := func(prop string) bool { return slices.Contains(f.Props, prop) }
		switch view {
		case knowledge.ViewHand:
			sc.body = hand(f, false)
			g := hand(f, true)
			sc.ghost = &g
			// The elbow rests on the table top (y = 0).
			lift := pt{0, -hForeW / 2}
			sc.body, g = sc.body.move(lift), g.move(lift)
			sc.ghost = &g
			sc.before = append(sc.before, shape{kind: "rect", x: -24, y: 0, w: 48, h: 3, r: 0.6, fill: propFill, stroke: propLine, lw: 0.25})
		case knowledge.ViewAbove:
			sc.body = pose(f)
			sc.body.above = true
			c := sc.body.hip
			sc.body = sc.body.move(pt{-c.X, -c.Y})
		default:
			sc.body = pose(f)
			ground := 0.0
			if has("mat") {
				ground = -3
			}
			ext := sc.body.extent()
			var anchor pt
			switch p.Anchor {
			case "hand":
				anchor = sc.body.hand
			case "hip":
				anchor = sc.body.hip
			case "shoulder":
				anchor = sc.body.shoulder
			default:
				anchor = sc.body.foot
			}
			sc.body = sc.body.move(pt{-anchor.X, ground - ext.maxY})
		}
		s := sc.body
		if view == knowledge.ViewSide && has("counter") && counter == nil {
			c := pt{s.hand.X - 5, s.hand.Y + handW/2}
			counter = &c
		}
		if view == knowledge.ViewSide && has("chair") && chair == nil {
			c := pt{s.hip.X, s.hip.Y + thighW/2}
			chair = &c
		}
		if view == knowledge.ViewSide && has("counter") {
			c := *counter
			sc.after = append(sc.after,
				shape{kind: "rect", x: c.X + 4, y: c.Y + 4, w: 70, h: -c.Y - 4, fill: propFill, stroke: propLine, lw: 0.6},
				shape{kind: "rect", x: c.X + 10, y: c.Y + 12, w: 22, h: 20, r: 1.5, stroke: propLine, lw: 0.5},
				shape{kind: "rect", x: c.X, y: c.Y, w: 78, h: 5, r: 1.5, fill: propDark, stroke: propLine, lw: 0.6},
			)
		}
		if view == knowledge.ViewSide && has("chair") {
			c := *chair
			sc.before = append(sc.before,
				shape{kind: "line", x: c.X - 14, y: c.Y, w: c.X - 16, h: c.Y - 46, lw: 3.2, stroke: propLine},
				shape{kind: "line", x: c.X - 13, y: c.Y, w: c.X - 13, h: 0, lw: 2.6, stroke: propLine},
				shape{kind: "line", x: c.X + 16, y: c.Y, w: c.X + 16, h: 0, lw: 2.6, stroke: propLine},
				shape{kind: "rect", x: c.X - 16, y: c.Y, w: 35, h: 3.5, r: 1.5, fill: propDark, stroke: propLine, lw: 0.5},
			)
		}
		if view == knowledge.ViewSide && has("mat") {
			e := s.extent()
			sc.before = append(sc.before, shape{kind: "rect", x: e.minX - 10, y: -3, w: e.maxX - e.minX + 20, h: 3, r: 1.5, fill: matColor})
		}
		if has("pillow") {
			h := s.head
			if view == knowledge.ViewAbove {
				sc.before = append(sc.before, shape{kind: "ellipse", x: h.X - 3, y: h.Y, w: 13, h: 17, fill: white, stroke: propLine, lw: 0.6})
			} else {
				sc.before = append(sc.before, shape{kind: "ellipse", x: h.X, y: -6, w: 16, h: 5, fill: white, stroke: propLine, lw: 0.6})
			}
		}
		scenes[i] = sc
	}
	// Props that stand beside the figure go outside everything else.
	all := emptyBounds()
	for _, sc := range scenes {
		all.union(sc.extent())
	}
	for _, sc := range scenes {
		f := sc.frame
		if view == knowledge.ViewSide && slices.Contains(f.Props, "crib") {
			sc.before = append(sc.before, crib(all.minX-16, slices.Contains(f.Props, "baby"))...)
		}
		if view == knowledge.ViewAbove && slices.Contains(f.Props, "mat") {
			e := all
			mat := shape{kind: "rect", x: e.minX - 14, y: e.minY - 14, w: e.maxX - e.minX + 28, h: e.maxY - e.minY + 28, r: 6, fill: matColor}
			sc.before = append([]shape{mat}, sc.before...)
		}
		if view == knowledge.ViewSide && slices.Contains(f.Props, "wall") {
			sc.before = append(sc.before, shape{kind: "rect", x: all.minX - 16, y: -175, w: 6, h: 175, fill: propFill, stroke: propLine, lw: 0.6})
		}
	}
	return scenes
}

// crib draws a crib whose right side is at x, with the baby asleep on its
// back inside when baby is set.
func crib(x float64, baby bool) []shape {
	const w, top, mattress = 58.0, -78.0, -34.0
	l := x - w
	out := []shape{
		{kind: "rect", x: l, y: mattress, w: w, h: 5, r: 1.5, fill: white, stroke: propLine, lw: 0.5},
	}
	if baby {
		out = append(out,
			shape{kind: "ellipse", x: l + 30, y: mattress - 3.2, w: 13, h: 3.6, fill: blanket},
			shape{kind: "circle", x: l + 13, y: mattress - 4.4, r: 4.4, fill: babyColor},
		)
	}
	for bx := l + 6.0; bx < x-3; bx += 6.5 {
		out = append(out, shape{kind: "line", x: bx, y: top + 2, w: bx, h: mattress, lw: 1.2, stroke: propLine})
	}
	out = append(out,
		shape{kind: "line", x: l, y: top, w: l, h: 0, lw: 3, stroke: propLine},
		shape{kind: "line", x: x, y: top, w: x, h: 0, lw: 3, stroke: propLine},
		shape{kind: "line", x: l, y: top, w: x, h: top, lw: 2.6, stroke: propLine},
		shape{kind: "line", x: l, y: mattress + 5, w: x, h: mattress + 5, lw: 2.6, stroke: propLine},
	)
	return out
}

// canvas maps figure units to pixels.
type canvas struct {
	dc    *gg.Context
	scale float64
	off   pt
}

func (c canvas) px(p pt) (float64, float64) {
	return (p.X + c.off.X) * c.scale, (p.Y + c.off.Y) * c.scale
}

func (c canvas) shape(s shape) {
	dc := c.dc
	x, y := c.px(pt{s.x, s.y})
	switch s.kind {
	case "line":
		x2, y2 := c.px(pt{s.w, s.h})
		dc.SetLineCapRound()
		dc.DrawLine(x, y, x2, y2)
	case "circle":
		dc.DrawCircle(x, y, s.r*c.scale)
	case "ellipse":
		dc.DrawEllipse(x, y, s.w*c.scale, s.h*c.scale)
	default:
		w, h := s.w*c.scale, s.h*c.scale
		if h < 0 {
			y, h = y+h, -h
		}
		if s.r > 0 {
			dc.DrawRoundedRectangle(x, y, w, h, s.r*c.scale)
		} else {
			dc.DrawRectangle(x, y, w, h)
		}
	}
	if s.fill != nil && s.kind != "line" {
		dc.SetColor(s.fill)
		if s.stroke != nil {
			dc.FillPreserve()
		} else {
			dc.Fill()
		}
	}
	if s.stroke != nil {
		dc.SetColor(s.stroke)
		dc.SetLineWidth(math.Max(s.lw*c.scale, 1))
		dc.Stroke()
	}
	dc.ClearPath()
}

func (c canvas) figure(s skeleton, highlight []string, ghost bool) {
	dc := c.dc
	dc.SetLineCapRound()
	for _, l := range s.limbs {
		col := color.Color(bodyColor)
		lit := slices.Contains(highlight, l.part)
		switch {
		case ghost:
			col = ghostColor
		case l.far && lit:
			col = farAccent
		case l.far:
			col = farColor
		case lit:
			col = accent
		}
		dc.SetColor(col)
		x, y := c.px(l.a)
		if l.round {
			dc.DrawCircle(x, y, l.w/2*c.scale)
			dc.Fill()
			continue
		}
		x2, y2 := c.px(l.b)
		back := !ghost && (l.part == "upper_back" || l.part == "lower_back")
		if back {
			dc.SetColor(bodyColor)
		}
		dc.SetLineWidth(l.w * c.scale)
		dc.DrawLine(x, y, x2, y2)
		dc.Stroke()
		if back && l.part == "upper_back" {
			c.backBand(s, highlight, l.w)
		}
	}
	if ghost || !s.whole {
		return
	}
	if slices.Contains(highlight, "glutes") {
		dc.SetColor(accent)
		// The buttock: behind the hip joint, across the torso's axis.
		x, y := c.px(along(s.hip, s.torsoDir-90, torsoW*0.22))
		dc.DrawCircle(x, y, torsoW*0.5*c.scale)
		dc.Fill()
	}
	if slices.Contains(highlight, "shoulders") {
		dc.SetColor(accent)
		x, y := c.px(s.shoulder)
		dc.DrawCircle(x, y, upperArmW*0.8*c.scale)
		dc.Fill()
	}
	if s.above {
		return // seen from above: no face
	}
	ex, ey := c.px(s.eye)
	dc.SetColor(white)
	dc.DrawCircle(ex, ey, 1.3*c.scale)
	dc.Fill()
}

// seenFromAbove labels the view from the ceiling, in Spanish when true.
var seenFromAbove = map[bool]string{false: "seen from above", true: "visto desde arriba"}

// Pixel layout of a frame: the caption band at the bottom, the floor just
// above it.
const (
	captionBand = 70
	floorGap    = 14
	margin      = 22
)

// drawSequence renders every frame of p at the same scale and position,
// with its number and caption in lang.
func (r *Renderer) drawSequence(p *knowledge.Pose, lang string) []*image.RGBA {
	scenes := layout(p)
	all := emptyBounds()
	for _, sc := range scenes {
		all.union(sc.extent())
	}
	w, h := float64(r.size.X), float64(r.size.Y)
	floorPx := h - captionBand - floorGap
	scale := math.Min((w-2*margin)/(all.maxX-all.minX), (floorPx-margin-8)/(0-all.minY))
	view := p.View
	if view == knowledge.ViewAbove {
		scale = math.Min((w-2*margin)/(all.maxX-all.minX), (floorPx-margin)/(all.maxY-all.minY))
	}
	scale = math.Min(scale, map[bool]float64{true: 9, false: 1.5}[view == knowledge.ViewHand])
	off := pt{w/2/scale - (all.minX+all.maxX)/2, floorPx / scale}
	if view == knowledge.ViewAbove {
		off.Y = (floorPx+margin)/2/scale - (all.minY+all.maxY)/2
	}
	out := make([]*image.RGBA, len(scenes))
	for i, sc := range scenes {
		dc := gg.NewContext(r.size.X, r.size.Y)
		dc.SetColor(background)
		dc.Clear()
		c := canvas{dc: dc, scale: scale, off: off}
		if view == knowledge.ViewSide {
			dc.SetColor(floorColor)
			dc.SetLineWidth(2)
			dc.DrawLine(margin/2, floorPx, w-margin/2, floorPx)
			dc.Stroke()
		}
		for _, s := range sc.before {
			c.shape(s)
		}
		if sc.ghost != nil {
			c.figure(*sc.ghost, nil, true)
		}
		c.figure(sc.body, sc.frame.Highlight, false)
		for _, s := range sc.after {
			c.shape(s)
		}
		if view == knowledge.ViewAbove {
			dc.SetFontFace(r.fonts.regular(14))
			dc.SetColor(floorColor)
			dc.DrawStringAnchored(seenFromAbove[lang == "es"], w-margin, margin+4, 1, 0.5)
		}
		r.caption(dc, i+1, len(scenes), sc.frame.Caption.Get(lang))
		out[i] = dc.Image().(*image.RGBA)
	}
	return out
}

// caption draws the frame's number in the accent colour at the top left
// and its caption, wrapped, in the band at the bottom.
func (r *Renderer) caption(dc *gg.Context, n, total int, text string) {
	w, h := float64(r.size.X), float64(r.size.Y)
	dc.SetColor(accent)
	dc.DrawCircle(margin+4, margin+4, 15)
	dc.Fill()
	dc.SetFontFace(r.fonts.bold(17))
	dc.SetColor(white)
	dc.DrawStringAnchored(strconv.Itoa(n), margin+4, margin+3, 0.5, 0.5)
	if total > 1 {
		dc.SetFontFace(r.fonts.regular(14))
		dc.SetColor(floorColor)
		dc.DrawStringAnchored("/"+strconv.Itoa(total), margin+24, margin+4, 0, 0.5)
	}
	face := r.fonts.regular(19)
	dc.SetFontFace(face)
	dc.SetColor(textColor)
	lines := dc.WordWrap(text, w-2*margin)
	y := h - captionBand + 22
	if len(lines) == 1 {
		y += 11
	}
	for _, l := range lines {
		dc.DrawStringAnchored(l, w/2, y, 0.5, 0.5)
		y += 24
	}
}

// backBand draws the back's muscles, when highlighted, as one band along
// the back of the trunk: the upper half, the lower half or all of it.
func (c canvas) backBand(s skeleton, highlight []string, w float64) {
	upper, lower := slices.Contains(highlight, "upper_back"), slices.Contains(highlight, "lower_back")
	if !upper && !lower {
		return
	}
	from, to := s.hip, s.neck
	mid := along(s.hip, s.torsoDir, torsoLen*0.5)
	switch {
	case upper && !lower:
		from = mid
	case lower && !upper:
		to = mid
	}
	// Inset from the ends so that the round caps stay inside the trunk.
	from = along(from, s.torsoDir, w*0.2)
	to = along(to, s.torsoDir+180, w*0.2)
	d := along(pt{}, s.torsoDir-90, w*0.24)
	ax, ay := c.px(from.add(d))
	bx, by := c.px(to.add(d))
	c.dc.SetColor(accent)
	c.dc.SetLineWidth(w * 0.5 * c.scale)
	c.dc.DrawLine(ax, ay, bx, by)
	c.dc.Stroke()
}
