package bot

import "fmt"

// DefaultQuietHours are the quiet hours of a person who chose none
// (NudgeSettings.Quiet empty): no nudge between 21:00 and 08:00 local time.
const DefaultQuietHours = "21:00-08:00"

// QuietHoursOff in NudgeSettings.Quiet turns quiet hours off: the person
// asked for nudges at night.
const QuietHoursOff = "off"

// QuietHoursError is returned by Nudger.SetNudges for a nudge time inside
// the person's quiet hours; nothing was changed. Ask whether they really
// want nudges at night and, if so, call SetNudges again with
// NudgeSettings.Quiet set to QuietHoursOff.
type QuietHoursError struct {
	// Time is the nudge time asked for, "HH:MM".
	Time string
	// Quiet are the quiet hours it falls in, "HH:MM-HH:MM".
	Quiet string
}

// Error implements error.
func (e *QuietHoursError) Error() string {
	return fmt.Sprintf("nudge time %s is within quiet hours %s", e.Time, e.Quiet)
}
