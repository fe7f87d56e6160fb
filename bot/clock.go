package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carebot/carebot/bot/internal/placename"
)

// Times as parents type them, in English and Spanish: "2pm", "6:30pm",
// "6:30 p.m.", "14h", "14:00", "a las 7 de la noche", "7 de la mañana",
// "noon", "mediodía", and several at once ("9am 2pm 8pm").
//
// A bare hour from 1 to 12 without am/pm ("7:30", "2") is read in the
// person's day: when only one of its two readings (07:30 or 19:30) falls
// outside their quiet hours, that one is meant ("2" is 14:00, "10" is
// 10:00 with the default quiet hours 21:00-08:00); when both do, the bot
// asks which ("8:30" could be either). A message that writes another time
// the 24-hour way ("8:30 20h") is read the 24-hour way throughout, and a
// leading zero ("07:30") is always the 24-hour clock.

// clockTime is one time read from a message.
type clockTime struct {
	hm string // "HH:MM"
	// alt is the other reading of an ambiguous bare hour ("19:30" for
	// "7:30"), empty when the time is certain
	alt string
	// clock is true when the time was written as one: minutes, am/pm, a
	// part of the day, "h" or a word ("noon"); not a lone number ("3
	// reminders")
	clock bool
}

// timeWords are times said in words.
var timeWords = map[string]string{
	"noon": "12:00", "midday": "12:00", "mediodia": "12:00", "midnight": "00:00", "medianoche": "00:00",
}

// periods are the words after a time that say which half of the day.
var periods = map[string]byte{
	"am": 'a', "a.m.": 'a', "a.m": 'a', "morning": 'a', "manana": 'a', "madrugada": 'a',
	"pm": 'p', "p.m.": 'p', "p.m": 'p', "afternoon": 'p', "evening": 'p', "night": 'n', "tarde": 'p', "noche": 'n',
}

// readTimes reads every time in s. quiet are the person's quiet hours
// ("HH:MM-HH:MM", "" for the default, QuietHoursOff for none).
func readTimes(s, quiet string) []clockTime {
	f := strings.Fields(strings.ToLower(placename.FoldAccents(s)))
	var out []clockTime
	bare := []int{} // indexes in out of bare hours
	h24 := false
	for i := 0; i < len(f); i++ {
		w := strings.Trim(f[i], ",;")
		if hm, ok := timeWords[w]; ok {
			out = append(out, clockTime{hm: hm, clock: true})
			continue
		}
		num, suffix := splitClock(w)
		if num == "" {
			continue
		}
		h, m, ok := parseHM(num)
		if !ok {
			continue
		}
		period := periods[suffix]
		if suffix == "h" {
			h24 = true
		} else if suffix != "" && period == 0 {
			continue // "3kg", "2nd"
		}
		if period == 0 {
			// "7 pm", "7 de la noche", "7 in the morning"
			for j := i + 1; j < len(f) && j <= i+4; j++ {
				p := strings.Trim(f[j], ",.;")
				if pp, ok := periods[p]; ok {
					period = pp
					break
				}
				if p != "de" && p != "la" && p != "in" && p != "the" && p != "at" && p != "del" && p != "por" {
					break
				}
			}
		}
		clock := period != 0 || suffix == "h" || strings.Contains(num, ":")
		n := len(out)
		switch {
		case period != 0:
			if h < 1 || h > 12 {
				if h > 12 && h < 24 {
					out = append(out, clockTime{hm: hhmm(h, m)}) // "14 pm": the 24-hour number wins
				}
				continue
			}
			h %= 12
			if period == 'p' || period == 'n' && h >= 6 {
				h += 12
			}
			out = append(out, clockTime{hm: hhmm(h, m)})
		case h > 12 || h == 0 || strings.HasPrefix(num, "0"):
			h24 = true
			out = append(out, clockTime{hm: hhmm(h, m)})
		case h == 12:
			out = append(out, clockTime{hm: hhmm(12, m)})
		default:
			bare = append(bare, len(out))
			out = append(out, clockTime{hm: hhmm(h, m), alt: hhmm(h+12, m)})
		}
		if len(out) > n {
			out[n].clock = clock
		}
	}
	for _, i := range bare {
		c := &out[i]
		amQuiet, pmQuiet := inQuiet(c.hm, quiet), inQuiet(c.alt, quiet)
		switch {
		case h24 || amQuiet && pmQuiet:
			c.alt = ""
		case amQuiet:
			c.hm, c.alt = c.alt, ""
		case pmQuiet:
			c.alt = ""
		}
	}
	return out
}

// splitClock splits "6:30pm" into "6:30" and "pm", "14h" into "14" and
// "h"; num is empty when w does not start with a digit.
func splitClock(w string) (num, suffix string) {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == ':' || w[i] == '.' && i+1 < len(w) && w[i+1] >= '0' && w[i+1] <= '9') {
		i++
	}
	if i == 0 {
		return "", ""
	}
	return strings.ReplaceAll(w[:i], ".", ":"), w[i:]
}

// parseHM reads "7", "7:30" or "07:30".
func parseHM(s string) (h, m int, ok bool) {
	hs, ms, colon := strings.Cut(s, ":")
	h, err := strconv.Atoi(hs)
	if err != nil || len(hs) > 2 {
		return 0, 0, false
	}
	if colon {
		if len(ms) != 2 {
			return 0, 0, false
		}
		if m, err = strconv.Atoi(ms); err != nil {
			return 0, 0, false
		}
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

func hhmm(h, m int) string { return fmt.Sprintf("%02d:%02d", h, m) }

// inQuiet reports whether "HH:MM" falls in quiet hours ("HH:MM-HH:MM",
// "" for DefaultQuietHours, QuietHoursOff for none).
func inQuiet(hm, quiet string) bool {
	if quiet == QuietHoursOff {
		return false
	}
	if quiet == "" {
		quiet = DefaultQuietHours
	}
	from, to, ok := strings.Cut(quiet, "-")
	if !ok {
		return false
	}
	switch {
	case from <= to:
		return hm >= from && hm < to
	default: // across midnight
		return hm >= from || hm < to
	}
}

// clockTimes returns the times in s written as times ("remind me at 2pm",
// "a las 7 de la noche"), not lone numbers ("3 reminders"), as /nudge
// arguments; a time that could be morning or evening stays bare ("8:30"),
// so that /nudge asks.
func clockTimes(s string) string {
	var out []string
	for _, ct := range readTimes(s, QuietHoursOff) {
		switch {
		case !ct.clock:
		case ct.alt != "":
			out = append(out, strings.TrimPrefix(ct.hm, "0"))
		default:
			out = append(out, ct.hm)
		}
	}
	return strings.Join(out, " ")
}
