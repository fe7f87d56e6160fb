package bot

import (
	"context"
	"time"
)

// NudgeAction is what a nudge's button asks for; it is the action in the
// button's payload ("nudge:done:<slot>").
type NudgeAction string

// The actions of a nudge's buttons.
const (
	NudgeDone   NudgeAction = "done"
	NudgeSnooze NudgeAction = "snooze"
	NudgeStop   NudgeAction = "stop"
)

// NudgeAnswer is what Nudger.Answer did with a tapped nudge button.
type NudgeAnswer struct {
	// Action is the button's action.
	Action NudgeAction
	// Again is true for a Done of a nudge already done: it counts once.
	Again bool
	// WasDone is true for a Snooze of a nudge already done: nothing is
	// scheduled.
	WasDone bool
	// Until is the local time ("15:04") a snoozed nudge comes back at when
	// quiet hours put it later than in an hour; "" otherwise.
	Until string
}

// Nudger schedules the exercise nudges a person asked for. bot/nudge
// implements it on River; the Router calls it for /nudge, /stop, /progress
// and /forget. Config.Nudger may be nil: then nudges are off.
type Nudger interface {
	// SetNudges replaces the person's nudge settings and reschedules their
	// nudges accordingly (none when s.Enabled is false). p is the person
	// as stored before the change; the Router saves p with the new
	// settings after SetNudges succeeds.
	SetNudges(ctx context.Context, p *Person, s NudgeSettings) error
	// Stop cancels every pending nudge for the person.
	Stop(ctx context.Context, key PersonKey) error
	// Progress reports how many nudges the person marked done and how many
	// were sent since the given time.
	Progress(ctx context.Context, key PersonKey, since time.Time) (done, sent int, err error)
	// Answer handles a tapped nudge button (a PayloadNudge payload) and
	// returns what it did.
	Answer(ctx context.Context, key PersonKey, payload string) (NudgeAnswer, error)
	// Forget deletes everything stored about the person and their pending
	// nudges in one transaction.
	Forget(ctx context.Context, key PersonKey) error
}
