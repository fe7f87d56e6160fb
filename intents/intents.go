// Package intents is carebot's matcher: it normalises a message, screens it
// for warning signs and finds the knowledge-base entry it asks about. It is
// pure (no I/O), immutable once built and safe for concurrent use.
package intents

import "github.com/carebot/carebot/knowledge"

// Fallback is the intent of a message that matches no entry well enough.
const Fallback = knowledge.FallbackID

// ParseCommand splits a leading slash command: "/Nudge@CareBot 8pm" gives
// "/nudge", "8pm". ok is false when text does not start with a command.
// It is how Match reads Result.Command, for callers that parse a command
// themselves (a button's payload).
func ParseCommand(text string) (cmd, args string, ok bool) { return parseCommand(text) }

// Result is what the matcher found in one message.
type Result struct {
	// Intent is the best entry id, or Fallback. When a warning sign was
	// found it is the escalation entry ("see_doctor").
	Intent string
	// Topic is the best entry id ignoring warning signs (what else the
	// message asked about), or Fallback.
	Topic string
	// Confidence is how sure the matcher is of Intent, 0 to 1: 1 for an
	// escalation (sign rules are deterministic), else the confidence of
	// Topic (also in Candidates[0]).
	Confidence float64
	// Lang is the detected language ("en" or "es").
	Lang string
	// Level is the highest warning-sign level found.
	Level knowledge.Level
	// Signs lists the warning-sign rules found, highest level first.
	Signs []*knowledge.Sign
	// Crisis is true when a fired sign asks for the crisis line.
	Crisis bool
	// Candidates are the best entries, best first (at most 3), for
	// "did you mean" buttons.
	Candidates []Candidate
	// Ambiguous is true when the top two candidates are too close to pick.
	Ambiguous bool
	// Command is a slash command at the start of the message, lower-case,
	// without the @BotName suffix ("/start"); empty if none.
	Command string
	// Args is the rest of the message after Command.
	Args string
	// More is true when the message asks to continue the last topic
	// ("more", "tell me more", "y eso?").
	More bool
	// Areas lists body areas mentioned in the message.
	Areas []string
	// Moment is the id of the baby-care moment the parent says they are
	// in right now ("warming a bottle now"), or "".
	Moment string
}

// Candidate is an entry and its score.
type Candidate struct {
	ID         string
	Confidence float64
}
