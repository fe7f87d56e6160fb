package bot

import (
	"context"
	"time"
)

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
	// returns what it did: "done", "snooze" or "stop", optionally followed
	// by ":" and a detail: "done:again" (already counted), "snooze:done"
	// (the nudge was done: nothing scheduled), "snooze:HH:MM" (it comes
	// back at that local time, after quiet hours, not in an hour).
	Answer(ctx context.Context, key PersonKey, payload string) (string, error)
	// Forget deletes everything stored about the person and their pending
	// nudges in one transaction.
	Forget(ctx context.Context, key PersonKey) error
}
