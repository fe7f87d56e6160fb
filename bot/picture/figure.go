package picture

import (
	"math"

	"github.com/carebot/carebot/knowledge"
)

// Segment lengths of the figure, in figure units (about a centimetre on a
// person 170 tall). They are constants: a pose only gives angles, so a limb
// can never stretch from one frame to the next.
const (
	torsoLen    = 50.0 // hip to the base of the neck
	neckLen     = 8.0
	headR       = 10.5
	upperArmLen = 29.0
	forearmLen  = 25.0
	handLen     = 8.0
	thighLen    = 42.0
	shankLen    = 41.0
	footLen     = 13.0

	// Thicknesses (full widths) of the rounded limbs.
	torsoW    = 17.0
	upperArmW = 6.5
	forearmW  = 5.5
	handW     = 5.0
	thighW    = 10.0
	shankW    = 8.0
	footW     = 5.0
)

// Hand-view lengths: a close-up of a forearm, palm and fingers.
const (
	hForearm = 13.0
	hPalm    = 9.0
	hProx    = 4.6
	hMid     = 2.9
	hDist    = 2.3
	hForeW   = 5.6
	hPalmW   = 4.6
	hFingerW = 2.5
)

// pt is a point in figure units; y grows downward, the figure faces +x.
type pt struct{ X, Y float64 }

func (p pt) add(q pt) pt { return pt{p.X + q.X, p.Y + q.Y} }

// along is the point l units from "from" in the screen direction deg.
func along(from pt, deg, l float64) pt {
	r := deg * math.Pi / 180
	return pt{from.X + l*math.Cos(r), from.Y + l*math.Sin(r)}
}

// limb is one rounded segment of the figure.
type limb struct {
	a, b  pt
	w     float64
	part  string // body part, for highlights
	far   bool   // on the far side: drawn behind, lighter
	round bool   // a circle at a (the head): b is unused
}

// skeleton is a posed figure: its segments in drawing order and the points
// props attach to.
type skeleton struct {
	limbs                     []limb
	hip, neck, shoulder, head pt
	hand, farHand, foot, toe  pt
	eye                       pt
	whole                     bool    // the whole figure, not the hand view
	above                     bool    // seen from above
	torsoDir                  float64 // screen angle from hip to neck
}

// pose computes the figure of frame f by forward kinematics from the hip.
// Screen angles are in degrees, 0 pointing right (forward) and 90 down.
func pose(f *knowledge.Frame) skeleton {
	s := skeleton{whole: true}
	torsoDir := -90 + f.Torso
	s.torsoDir = torsoDir
	down := torsoDir + 180
	s.hip = pt{}
	s.neck = along(s.hip, torsoDir, torsoLen)
	s.shoulder = along(s.hip, torsoDir, torsoLen-5)
	if f.ShoulderBlades == "squeezed" {
		// The shoulder girdle draws back and down a little.
		s.shoulder = along(s.shoulder, torsoDir+180, 1.5)
		s.shoulder = along(s.shoulder, torsoDir-90, 3)
	}
	headDir := torsoDir + f.Head
	s.head = along(s.neck, headDir, neckLen+headR*0.6)
	s.eye = along(along(s.head, headDir+90, headR*0.55), headDir, headR*0.15)

	arm := func(a knowledge.Arm, far bool) []limb {
		d1 := down - a.Shoulder
		elbow := along(s.shoulder, d1, upperArmLen)
		d2 := d1 - a.Elbow
		wrist := along(elbow, d2, forearmLen)
		d3 := d2 - a.Wrist
		hand := along(wrist, d3, handLen)
		if far {
			s.farHand = hand
		} else {
			s.hand = hand
		}
		return []limb{
			{a: s.shoulder, b: elbow, w: upperArmW, part: "arms", far: far},
			{a: elbow, b: wrist, w: forearmW, part: "arms", far: far},
			{a: wrist, b: hand, w: handW, part: "wrist", far: far},
		}
	}
	leg := func(g knowledge.Leg, far bool) []limb {
		d1 := down - g.Hip
		knee := along(s.hip, d1, thighLen)
		d2 := d1 + g.Knee
		ankle := along(knee, d2, shankLen)
		d3 := d2 - 90 - g.Ankle
		heel := along(ankle, d3+180, 2.5)
		toe := along(ankle, d3, footLen-2.5)
		if !far {
			s.foot, s.toe = ankle, toe
		}
		return []limb{
			{a: s.hip, b: knee, w: thighW, part: "thighs", far: far},
			{a: knee, b: ankle, w: shankW, part: "calves", far: far},
			{a: heel, b: toe, w: footW, part: "feet", far: far},
		}
	}
	farArm, farLeg := f.Arm, f.Leg
	if f.FarArm != nil {
		farArm = *f.FarArm
	}
	if f.FarLeg != nil {
		farLeg = *f.FarLeg
	}
	// Far limbs first, then the body, then the near limbs on top.
	s.limbs = append(s.limbs, arm(farArm, true)...)
	s.limbs = append(s.limbs, leg(farLeg, true)...)
	mid := along(s.hip, torsoDir, torsoLen*0.5)
	s.limbs = append(s.limbs,
		limb{a: s.hip, b: mid, w: torsoW, part: "lower_back"},
		limb{a: mid, b: s.neck, w: torsoW, part: "upper_back"},
		limb{a: s.neck, b: along(s.neck, headDir, neckLen), w: 6, part: "neck"},
		limb{a: s.head, w: headR * 2, part: "head", round: true},
	)
	s.limbs = append(s.limbs, leg(f.Leg, false)...)
	s.limbs = append(s.limbs, arm(f.Arm, false)...)
	return s
}

// hand computes the hand view of frame f: a forearm standing on a table
// from the elbow, the palm and one finger seen from the side (the fingers
// stacked), plus the thumb. The ghost is the same hand with straight
// fingers, drawn faintly behind it to show where the movement starts.
func hand(f *knowledge.Frame, ghost bool) skeleton {
	var s skeleton
	fg := knowledge.Fingers{}
	if f.Fingers != nil && !ghost {
		fg = *f.Fingers
	}
	elbow := pt{}
	d := -90.0
	wrist := along(elbow, d, hForearm)
	d += f.Arm.Wrist // flexion turns toward the palm, which faces forward (+x)
	knuckle := along(wrist, d, hPalm)
	d1 := d + fg.MCP
	pip := along(knuckle, d1, hProx)
	d2 := d1 + fg.PIP
	dip := along(pip, d2, hMid)
	d3 := d2 + fg.DIP
	tip := along(dip, d3, hDist)
	// The thumb lies along the palm, and across the fingers in a fist.
	thumbBase := along(wrist, d, hPalm*0.35)
	thumbDir := d + 32
	if fg.MCP+fg.PIP > 120 {
		thumbDir = d + 48
	}
	thumbMid := along(thumbBase, thumbDir, 3.8)
	thumbTip := along(thumbMid, thumbDir+20, 2.6)
	s.hip, s.hand = elbow, knuckle
	if !ghost {
		// Seen from the little finger's side, the thumb is behind the
		// hand: drawn first, in the far colour.
		s.limbs = append(s.limbs,
			limb{a: thumbBase, b: thumbMid, w: hFingerW * 1.1, part: "thumb", far: true},
			limb{a: thumbMid, b: thumbTip, w: hFingerW * 1.05, part: "thumb", far: true})
	}
	s.limbs = append(s.limbs, []limb{
		{a: elbow, b: wrist, w: hForeW, part: "arms", far: ghost},
		{a: wrist, b: knuckle, w: hPalmW, part: "wrist", far: ghost},
		{a: knuckle, b: pip, w: hFingerW, part: "fingers", far: ghost},
		{a: pip, b: dip, w: hFingerW, part: "fingers", far: ghost},
		{a: dip, b: tip, w: hFingerW * 0.95, part: "fingers", far: ghost},
	}...)
	return s
}

// bounds is a rectangle in figure units.
type bounds struct{ minX, minY, maxX, maxY float64 }

func emptyBounds() bounds { return bounds{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *bounds) addPt(p pt, r float64) {
	b.minX, b.maxX = math.Min(b.minX, p.X-r), math.Max(b.maxX, p.X+r)
	b.minY, b.maxY = math.Min(b.minY, p.Y-r), math.Max(b.maxY, p.Y+r)
}

func (b *bounds) union(o bounds) {
	b.minX, b.maxX = math.Min(b.minX, o.minX), math.Max(b.maxX, o.maxX)
	b.minY, b.maxY = math.Min(b.minY, o.minY), math.Max(b.maxY, o.maxY)
}

// extent is the rectangle the skeleton's drawn shapes cover.
func (s skeleton) extent() bounds {
	b := emptyBounds()
	for _, l := range s.limbs {
		if l.round {
			b.addPt(l.a, l.w/2)
			continue
		}
		b.addPt(l.a, l.w/2)
		b.addPt(l.b, l.w/2)
	}
	return b
}

// move shifts every point of the skeleton by d.
func (s skeleton) move(d pt) skeleton {
	out := s
	out.limbs = make([]limb, len(s.limbs))
	for i, l := range s.limbs {
		l.a, l.b = l.a.add(d), l.b.add(d)
		out.limbs[i] = l
	}
	for _, p := range []*pt{&out.hip, &out.neck, &out.shoulder, &out.head, &out.hand, &out.farHand, &out.foot, &out.toe, &out.eye} {
		*p = p.add(d)
	}
	return out
}
