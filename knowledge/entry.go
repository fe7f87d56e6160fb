package knowledge

import (
	"slices"
	"strings"
)

// Limits on entries, checked by Load.
const (
	// MaxTitle is the longest a title may be, in characters: titles are
	// button labels on a phone.
	MaxTitle = 32
	// MaxPrompt is the longest an exercise micro-prompt may be, in
	// characters: it has to fit a notification.
	MaxPrompt = 120
	// MinPrompts is how many micro-prompts an exercise needs per language,
	// so that nudges can rotate.
	MinPrompts = 3
	// FallbackID is the id of the entry answered when nothing matches; it
	// is the only entry that needs no keywords.
	FallbackID = "fallback"
)

// entry checks one entry. Ids are checked by ids, keywords claimed by two
// entries by keywordClaims.
func (l *loader) entry(e *Entry, b *Base) {
	ctx := name(e.ID, "entry")
	switch {
	case l.skip(e, "kind"):
	case e.Kind == "":
		l.probs.add(l.at(e, "kind"), "%s: no kind (kinds are %s)", ctx, kindList())
	case !slices.Contains(kinds, e.Kind):
		l.probs.add(l.at(e, "kind"), "%s: unknown kind %q (kinds are %s)", ctx, e.Kind, kindList())
	}
	l.text(e, "title", ctx, "title", e.Title, MaxTitle)
	l.text(e, "answer", ctx, "answer", e.Answer, 0)
	l.placeholders(e, "answer", ctx, "answer", e.Answer)
	if len(e.More) > 0 {
		l.text(e, "more", ctx, "more text", e.More, 0)
		l.placeholders(e, "more", ctx, "more text", e.More)
	}
	if e.ID != FallbackID {
		l.keywords(e, ctx)
	}
	if len(e.Examples) > 0 {
		l.list(e, "examples", ctx, "examples", e.Examples, 1, 0)
	}
	l.links(e, ctx, b)
	for i, a := range e.Areas {
		if !slices.Contains(areas, a) {
			l.probs.add(l.at(e, index("areas", i)), "%s: unknown area %q (areas are %s)", ctx, a, strings.Join(areas, ", "))
		}
	}
	l.exercise(e, ctx)
}

// links checks follow-up and reference ids. When a file could not be
// parsed its ids are unknown, so dangling ids are not reported: they would
// only be noise next to the syntax error.
func (l *loader) links(e *Entry, ctx string, b *Base) {
	seen := map[string]bool{}
	for i, id := range e.FollowUp {
		at := l.at(e, index("follow_up", i))
		switch {
		case id == "":
			l.probs.add(at, "%s: empty follow_up id", ctx)
		case id == e.ID:
			l.probs.add(at, "%s: follow_up points to the entry itself", ctx)
		case seen[id]:
			l.probs.add(at, "%s: follow_up %s is listed twice", ctx, id)
		case b.Entry(id) == nil && !l.broken:
			l.probs.add(at, "%s: follow_up %s: no such entry", ctx, id)
		}
		seen[id] = true
	}
	for i, id := range e.References {
		if b.Reference(id) == nil && !l.broken {
			l.probs.add(l.at(e, index("references", i)), "%s: reference %s: no such reference", ctx, id)
		}
	}
}

// exercise checks the exercise block: there must be one on an exercise
// entry and only there, with steps, dose, feel, stop and enough short
// micro-prompts in every language.
func (l *loader) exercise(e *Entry, ctx string) {
	x := e.Exercise
	switch {
	case l.skip(e, "exercise"):
		return
	case e.Kind != KindExercise && x != nil:
		l.probs.add(l.at(e, "exercise"), "%s: exercise block on a %s entry; only kind exercise has one", ctx, e.Kind)
		return
	case e.Kind == KindExercise && x == nil:
		l.probs.add(l.at(e, "exercise"), "%s: exercise entry without an exercise block (steps, dose, feel, stop, prompts)", ctx)
		return
	case x == nil:
		return
	}
	l.list(e, "exercise.steps", ctx, "steps", x.Steps, 1, 0)
	l.text(e, "exercise.dose", ctx, "dose", x.Dose, 0)
	l.text(e, "exercise.feel", ctx, "feel", x.Feel, 0)
	l.text(e, "exercise.stop", ctx, "stop", x.Stop, 0)
	l.list(e, "exercise.prompts", ctx, "prompts", x.Prompts, MinPrompts, MaxPrompt)
}

// kindList lists the kinds for messages.
func kindList() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
