package knowledge

import (
	"fmt"
	"slices"
	"strings"
)

// Pose is the illustrated sequence of one exercise: 2 to 4 frames of a
// simple figure (a torso, a head, arms and legs of fixed lengths), each
// given by its joint angles, the props around it and a one-line caption.
// bot/picture draws it; knowledge/content/README.md explains the angles
// for the clinicians who edit them.
type Pose struct {
	// ID is the id of the exercise entry the pictures illustrate.
	ID string `yaml:"id"`
	// View is where the figure is seen from: "side" (the default: facing
	// right, the floor below), "above" (lying on a mat, seen from the
	// ceiling) or "hand" (a close-up of one hand and forearm).
	View string `yaml:"view"`
	// Anchor is the part of the body that stays in place from frame to
	// frame: "foot" (the default), "hand", "hip" or "shoulder".
	Anchor string `yaml:"anchor"`
	// Frames are the pictures, in order: 2 to 4.
	Frames []Frame `yaml:"frames"`

	// Pos is where the pose starts in its file.
	Pos Pos `yaml:"-"`
}

// Frame is one picture of a Pose. Angles are in degrees; 0 is standing
// straight with the arms hanging by the sides. The near limbs (arm, leg)
// are drawn in front; far_arm and far_leg, when given, set the limbs on the
// other side, which otherwise mirror the near ones.
type Frame struct {
	// Caption is the line under the picture, per language.
	Caption Text `yaml:"caption"`
	// Props are the things drawn around the figure: floor, counter,
	// chair, wall, mat, pillow, crib, baby or table.
	Props []string `yaml:"props"`
	// Highlight names the body parts drawn in the accent colour: where
	// the person should feel the work (neck, upper_back, lower_back,
	// shoulders, arms, glutes, thighs, calves, fingers or wrist).
	Highlight []string `yaml:"highlight"`
	// Torso is the trunk's tilt from upright: positive leans forward (90
	// is bent flat over the hips), negative leans back (-90 is lying on
	// the back).
	Torso float64 `yaml:"torso"`
	// Head is neck flexion: positive tips the chin toward the chest.
	Head float64 `yaml:"head"`
	// ShoulderBlades is "relaxed" (the default) or "squeezed".
	ShoulderBlades string `yaml:"shoulder_blades"`
	// Arm is the near arm; FarArm the other one (default: as Arm).
	Arm    Arm  `yaml:"arm"`
	FarArm *Arm `yaml:"far_arm"`
	// Leg is the near leg; FarLeg the other one (default: as Leg).
	Leg    Leg  `yaml:"leg"`
	FarLeg *Leg `yaml:"far_leg"`
	// Fingers bend the fingers, in the hand view only.
	Fingers *Fingers `yaml:"fingers"`
}

// Arm is the angles of one arm.
type Arm struct {
	// Shoulder is flexion: 0 hangs by the side, 90 points forward, 180
	// points overhead; negative reaches back.
	Shoulder float64 `yaml:"shoulder"`
	// Elbow is flexion: 0 is straight.
	Elbow float64 `yaml:"elbow"`
	// Wrist is flexion toward the palm; negative bends it back.
	Wrist float64 `yaml:"wrist"`
}

// Leg is the angles of one leg.
type Leg struct {
	// Hip is flexion: 0 is standing, 90 is the thigh level when sitting;
	// negative takes the thigh behind the body.
	Hip float64 `yaml:"hip"`
	// Knee is flexion: 0 is straight.
	Knee float64 `yaml:"knee"`
	// Ankle is dorsiflexion (toes up); negative points the toes.
	Ankle float64 `yaml:"ankle"`
}

// Fingers is the flexion of the finger joints in the hand view: the big
// knuckle (mcp), the middle joint (pip) and the end joint (dip).
type Fingers struct {
	MCP float64 `yaml:"mcp"`
	PIP float64 `yaml:"pip"`
	DIP float64 `yaml:"dip"`
}

// The views a Pose can be drawn in.
const (
	ViewSide  = "side"
	ViewAbove = "above"
	ViewHand  = "hand"
)

// knownViews lists every valid Pose.View.
var knownViews = []string{ViewSide, ViewAbove, ViewHand}

// knownAnchors lists every valid Pose.Anchor.
var knownAnchors = []string{"foot", "hand", "hip", "shoulder"}

// knownProps lists the things a frame may show. A baby is only ever drawn
// asleep on its back in a crib: never alone on a changing table or in an
// adult bed, which is why neither exists.
var knownProps = []string{"floor", "counter", "chair", "wall", "mat", "pillow", "crib", "baby", "table"}

// bodyParts lists what Frame.Highlight may name.
var bodyParts = []string{"neck", "upper_back", "lower_back", "shoulders", "arms", "glutes", "thighs", "calves", "fingers", "wrist"}

// Range is the smallest and largest value an angle may take, in degrees.
type Range struct{ Min, Max float64 }

// jointRanges are the human ranges of motion lint holds each angle to, by
// the name it has in the YAML. Seen from above (a person lying on the
// side), an arm that opens behind the back moves in the horizontal plane,
// so "above" allows more shoulder extension than "side": see
// aboveShoulder.
var jointRanges = map[string]Range{
	"torso":       {-135, 135},
	"head":        {-50, 60},
	"shoulder":    {-60, 180},
	"elbow":       {0, 150},
	"wrist":       {-70, 80},
	"hip":         {-30, 130},
	"knee":        {0, 140},
	"ankle":       {-50, 25},
	"fingers.mcp": {0, 90},
	"fingers.pip": {0, 110},
	"fingers.dip": {0, 90},
}

// aboveShoulder is the shoulder's range in the view from above, where the
// arm opens in the horizontal plane (the open book rotation).
var aboveShoulder = Range{-135, 180}

// Frame counts and caption length, checked by Load.
const (
	MinFrames  = 2
	MaxFrames  = 4
	MaxCaption = 60
)

// pose checks one pose: its exercise, view, anchor, frames, captions,
// props and the angles of every joint.
func (l *loader) pose(p *Pose, b *Base) {
	ctx := "pose " + name(p.ID, "(no id)")
	switch e := b.Entry(p.ID); {
	case l.skip(p, "id"):
	case p.ID == "":
		l.probs.add(l.at(p, ""), "pose has no id: use the id of the exercise it illustrates")
	case e == nil && !l.broken:
		l.probs.add(l.at(p, "id"), "%s: no such entry", ctx)
	case e != nil && e.Kind != KindExercise:
		l.probs.add(l.at(p, "id"), "%s: entry is a %s, poses illustrate exercises", ctx, e.Kind)
	}
	if p.View != "" && !slices.Contains(knownViews, p.View) {
		l.probs.add(l.at(p, "view"), "%s: unknown view %q (views are %s)", ctx, p.View, strings.Join(knownViews, ", "))
	}
	if p.Anchor != "" && !slices.Contains(knownAnchors, p.Anchor) {
		l.probs.add(l.at(p, "anchor"), "%s: unknown anchor %q (anchors are %s)", ctx, p.Anchor, strings.Join(knownAnchors, ", "))
	}
	if n := len(p.Frames); !l.skip(p, "frames") && (n < MinFrames || n > MaxFrames) {
		l.probs.add(l.at(p, "frames"), "%s: %d %s, want %d to %d", ctx, n, plural(n, "frame", "frames"), MinFrames, MaxFrames)
	}
	for i := range p.Frames {
		l.frame(p, i, ctx)
	}
}

// frame checks frame i of p.
func (l *loader) frame(p *Pose, i int, ctx string) {
	f := &p.Frames[i]
	path := index("frames", i)
	fctx := fmt.Sprintf("%s frame %d", ctx, i+1)
	l.text(p, path+".caption", fctx, "caption", f.Caption, MaxCaption)
	seen := map[string]bool{}
	for j, prop := range f.Props {
		at := l.at(p, index(path+".props", j))
		switch {
		case !slices.Contains(knownProps, prop):
			l.probs.add(at, "%s: unknown prop %q (props are %s)", fctx, prop, strings.Join(knownProps, ", "))
		case seen[prop]:
			l.probs.add(at, "%s: prop %s is listed twice", fctx, prop)
		}
		seen[prop] = true
	}
	if seen["baby"] && !seen["crib"] {
		l.probs.add(l.at(p, path+".props"), "%s: a baby is only shown asleep in a crib: add crib, or take the baby out", fctx)
	}
	for j, part := range f.Highlight {
		if !slices.Contains(bodyParts, part) {
			l.probs.add(l.at(p, index(path+".highlight", j)), "%s: unknown body part %q to highlight (parts are %s)",
				fctx, part, strings.Join(bodyParts, ", "))
		}
	}
	if s := f.ShoulderBlades; s != "" && s != "relaxed" && s != "squeezed" {
		l.probs.add(l.at(p, path+".shoulder_blades"), "%s: shoulder_blades is relaxed or squeezed, got %q", fctx, s)
	}
	hand := p.View == ViewHand
	switch {
	case hand && f.Fingers == nil:
		l.probs.add(l.at(p, path), "%s: the hand view needs fingers (mcp, pip, dip)", fctx)
	case !hand && f.Fingers != nil:
		l.probs.add(l.at(p, path+".fingers"), "%s: fingers are drawn in the hand view only (view: hand)", fctx)
	}
	check := func(field, joint string, v float64) {
		r := jointRanges[joint]
		if joint == "shoulder" && p.View == ViewAbove {
			r = aboveShoulder
		}
		if v < r.Min || v > r.Max {
			l.probs.add(l.at(p, path+"."+field), "%s: %s %g° is outside the human range %g° to %g°",
				fctx, field, v, r.Min, r.Max)
		}
	}
	check("torso", "torso", f.Torso)
	check("head", "head", f.Head)
	arm := func(field string, a *Arm) {
		if a == nil {
			return
		}
		check(field+".shoulder", "shoulder", a.Shoulder)
		check(field+".elbow", "elbow", a.Elbow)
		check(field+".wrist", "wrist", a.Wrist)
	}
	leg := func(field string, g *Leg) {
		if g == nil {
			return
		}
		check(field+".hip", "hip", g.Hip)
		check(field+".knee", "knee", g.Knee)
		check(field+".ankle", "ankle", g.Ankle)
	}
	arm("arm", &f.Arm)
	arm("far_arm", f.FarArm)
	leg("leg", &f.Leg)
	leg("far_leg", f.FarLeg)
	if g := f.Fingers; g != nil {
		check("fingers.mcp", "fingers.mcp", g.MCP)
		check("fingers.pip", "fingers.pip", g.PIP)
		check("fingers.dip", "fingers.dip", g.DIP)
	}
}

// poseIDs checks that no exercise has two poses; Base.Pose returns the
// first.
func (l *loader) poseIDs(b *Base) {
	first := map[string]Pos{}
	for _, p := range b.Poses {
		if p.ID == "" {
			continue
		}
		at := l.at(p, "id")
		if q, dup := first[p.ID]; dup {
			l.probs.add(at, "pose %s is given twice (first at %s)", p.ID, q)
			continue
		}
		first[p.ID] = at
	}
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
