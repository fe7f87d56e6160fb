package nudge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
)

// DefaultQuiet are the quiet hours when a person did not choose any: no
// nudge between 21:00 and 08:00 local time.
const DefaultQuiet = bot.DefaultQuietHours

// QuietOff in NudgeSettings.Quiet turns quiet hours off: the person asked
// for nudges at night.
const QuietOff = bot.QuietHoursOff

// MaxTimes is how many nudges a day a person may ask for.
const MaxTimes = 3

// Errors returned by SetNudges for settings it cannot apply.
var (
	// ErrNoTimes: nudges enabled without a time of day.
	ErrNoTimes = errors.New("no nudge time given")
	// ErrTooManyTimes: more than MaxTimes times a day.
	ErrTooManyTimes = fmt.Errorf("more than %d nudge times a day", MaxTimes)
	// ErrBadTime: a time or quiet-hours range that is not HH:MM.
	ErrBadTime = errors.New("not a time of day (HH:MM)")
)

// QuietHoursError is bot.QuietHoursError, returned by SetNudges for a
// nudge time inside the person's quiet hours.
type QuietHoursError = bot.QuietHoursError

// parseHM reads "HH:MM" (or "H:MM") as minutes after midnight.
func parseHM(s string) (int, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 23 || m < 0 || m > 59 ||
		len(s) > 5 {
		return 0, fmt.Errorf("%q: %w", s, ErrBadTime)
	}
	return h*60 + m, nil
}

func formatHM(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// quiet are quiet hours: [from, to) in minutes after local midnight,
// wrapping past midnight when from > to.
type quiet struct {
	from, to int
	off      bool
}

// CheckQuietHours reports whether s is quiet hours the scheduler accepts:
// "HH:MM-HH:MM" (24-hour local time; 21:00-08:00 wraps past midnight) or
// QuietOff. The error wraps ErrBadTime.
func CheckQuietHours(s string) error {
	if s == "" {
		return fmt.Errorf("quiet hours: %w", ErrBadTime)
	}
	_, err := parseQuiet(s)
	return err
}

func parseQuiet(s string) (quiet, error) {
	if s == "" {
		s = DefaultQuiet
	}
	if strings.EqualFold(s, QuietOff) {
		return quiet{off: true}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return quiet{}, fmt.Errorf("quiet hours %q: %w", s, ErrBadTime)
	}
	from, err := parseHM(strings.TrimSpace(a))
	if err != nil {
		return quiet{}, fmt.Errorf("quiet hours: %w", err)
	}
	to, err := parseHM(strings.TrimSpace(b))
	if err != nil {
		return quiet{}, fmt.Errorf("quiet hours: %w", err)
	}
	return quiet{from: from, to: to, off: from == to}, nil
}

func (q quiet) String() string {
	if q.off {
		return QuietOff
	}
	return formatHM(q.from) + "-" + formatHM(q.to)
}

// contains reports whether the minute of the day is quiet.
func (q quiet) contains(min int) bool {
	switch {
	case q.off:
		return false
	case q.from < q.to:
		return min >= q.from && min < q.to
	default:
		return min >= q.from || min < q.to
	}
}

// plan is when a person's nudges are due.
type plan struct {
	loc   *time.Location
	times []int // minutes after local midnight, sorted, unique
	quiet quiet
}

// newPlan checks a person's settings and returns their plan; def is the
// location used when the person has no time zone.
func newPlan(tz string, s bot.NudgeSettings, def *time.Location) (plan, error) {
	loc := def
	if tz != "" {
		l, err := bot.LoadTimeZone(tz)
		if err != nil {
			return plan{}, err
		}
		loc = l
	}
	q, err := parseQuiet(s.Quiet)
	if err != nil {
		return plan{}, err
	}
	pl := plan{loc: loc, quiet: q}
	for _, t := range s.Times {
		min, err := parseHM(strings.TrimSpace(t))
		if err != nil {
			return plan{}, err
		}
		if q.contains(min) {
			return plan{}, &QuietHoursError{Time: formatHM(min), Quiet: q.String()}
		}
		if !slices.Contains(pl.times, min) {
			pl.times = append(pl.times, min)
		}
	}
	if s.Enabled && len(pl.times) == 0 {
		return plan{}, ErrNoTimes
	}
	if len(pl.times) > MaxTimes {
		return plan{}, ErrTooManyTimes
	}
	slices.Sort(pl.times)
	return pl, nil
}

// next returns the first slot strictly after after, in UTC, or the zero
// time when the plan has no times. Slots are local wall-clock times built
// with time.Date on each calendar day, so 08:00 stays 08:00 across
// daylight-saving changes; a time that does not exist on a spring-forward
// day (02:30) is sent once, an hour later by the clock, and a time that
// happens twice on a fall-back day is sent once.
func (pl plan) next(after time.Time) time.Time {
	if len(pl.times) == 0 {
		return time.Time{}
	}
	y, m, d := after.In(pl.loc).Date()
	for day := 0; day < 3; day++ {
		for _, min := range pl.times {
			t := time.Date(y, m, d+day, min/60, min%60, 0, 0, pl.loc)
			if l := t.In(pl.loc); l.Hour()*60+l.Minute() != min {
				// The time falls in a spring-forward gap and time.Date
				// moved it (to 01:30 for 02:30, say); take the instant
				// the clock would have shown it, which reads 03:30.
				diff := (min - (l.Hour()*60 + l.Minute()) + 24*60) % (24 * 60)
				if diff > 12*60 {
					diff -= 24 * 60
				}
				t = t.Add(time.Duration(diff) * time.Minute)
			}
			if t.After(after) {
				return t.UTC()
			}
		}
	}
	return time.Time{} // unreachable: every day has each time
}

// snooze returns when a nudge snoozed at now for d comes back: now+d to the
// minute, or the end of the quiet hours when that falls inside them.
func (pl plan) snooze(now time.Time, d time.Duration) time.Time {
	t := now.Add(d).Truncate(time.Minute)
	local := t.In(pl.loc)
	if !pl.quiet.contains(local.Hour()*60 + local.Minute()) {
		return t.UTC()
	}
	y, m, day := local.Date()
	for i := 0; i < 2; i++ {
		end := time.Date(y, m, day+i, pl.quiet.to/60, pl.quiet.to%60, 0, 0, pl.loc)
		if end.After(t) {
			return end.UTC()
		}
	}
	return t.UTC()
}

// weekStart returns the start (Monday 00:00 local) of the week holding t.
func weekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	offset := (int(l.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, m, d-offset, 0, 0, 0, 0, loc)
}
