package bot

import (
	"slices"
	"testing"
)

func TestReadTimes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // "HH:MM", or "HH:MM|HH:MM" for a question
	}{
		{"2pm", []string{"14:00"}},
		{"6:30pm", []string{"18:30"}},
		{"6:30 pm", []string{"18:30"}},
		{"6.30 p.m.", []string{"18:30"}},
		{"14h", []string{"14:00"}},
		{"14:00", []string{"14:00"}},
		{"9am 2pm 8pm", []string{"09:00", "14:00", "20:00"}},
		{"a las 7 de la noche", []string{"19:00"}},
		{"7 de la mañana", []string{"07:00"}},
		{"a las 3 de la tarde", []string{"15:00"}},
		{"noon", []string{"12:00"}},
		{"al mediodía", []string{"12:00"}},
		{"2", []string{"14:00"}},          // 02:00 is quiet: the afternoon
		{"10", []string{"10:00"}},         // 22:00 is quiet: the morning
		{"7:30", []string{"19:30"}},       // 07:30 is before 08:00: quiet
		{"8:30", []string{"08:30|20:30"}}, // both in the day: ask
		{"8:30 20h", []string{"08:30", "20:00"}},
		{"07:30", []string{"07:30"}},
		{"12:30", []string{"12:30"}},
		{"3kg", nil},
		{"25:00", nil},
	} {
		var got []string
		for _, ct := range readTimes(c.in, "") {
			if ct.alt != "" {
				got = append(got, ct.hm+"|"+ct.alt)
			} else {
				got = append(got, ct.hm)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("readTimes(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestClockTimes(t *testing.T) {
	for in, want := range map[string]string{
		"remind me every day at 2pm":       "14:00",
		"recuérdame a las 7 de la noche":   "19:00",
		"send me 3 reminders a day":        "",
		"remind me at 8:30":                "8:30",
		"nudge me at 9am and 14:30 please": "09:00 14:30",
	} {
		if got := clockTimes(in); got != want {
			t.Errorf("clockTimes(%q) = %q, want %q", in, got, want)
		}
	}
}
