package nudge

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustPlan(t *testing.T, tz string, s bot.NudgeSettings) plan {
	t.Helper()
	pl, err := newPlan(tz, s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// slots returns the first n slots after start.
func slots(pl plan, start time.Time, n int) []time.Time {
	var out []time.Time
	t := start
	for range n {
		t = pl.next(t)
		out = append(out, t)
	}
	return out
}

func TestNextAcrossDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	pl := mustPlan(t, "America/New_York", bot.NudgeSettings{Enabled: true, Times: []string{"08:00"}})

	// Spring forward: 2025-03-09 02:00 EST -> 03:00 EDT. 08:00 local is
	// 13:00Z before and 12:00Z after.
	got := slots(pl, time.Date(2025, 3, 7, 9, 0, 0, 0, ny), 3)
	want := []time.Time{
		time.Date(2025, 3, 8, 13, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 9, 12, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC),
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("spring: slot %d = %v, want %v", i, got[i], want[i])
		}
		if h := got[i].In(ny).Hour(); h != 8 {
			t.Errorf("spring: slot %d is %02d:00 local, want 08:00", i, h)
		}
	}

	// Fall back: 2025-11-02 02:00 EDT -> 01:00 EST.
	got = slots(pl, time.Date(2025, 10, 31, 9, 0, 0, 0, ny), 3)
	want = []time.Time{
		time.Date(2025, 11, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2025, 11, 2, 13, 0, 0, 0, time.UTC),
		time.Date(2025, 11, 3, 13, 0, 0, 0, time.UTC),
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("fall: slot %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestNextNightTimesAcrossDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	// A person who asked for nudges at night (quiet hours off).
	pl := mustPlan(t, "America/New_York", bot.NudgeSettings{Enabled: true, Times: []string{"01:30", "02:30"}, Quiet: QuietOff})

	// 02:30 does not exist on 2025-03-09: it is sent once, at 03:30 EDT.
	got := slots(pl, time.Date(2025, 3, 9, 0, 0, 0, 0, ny), 4)
	if got[0].In(ny).Format("15:04 MST") != "01:30 EST" || got[1].In(ny).Format("15:04 MST") != "03:30 EDT" ||
		got[2].In(ny).Format("Jan 2 15:04") != "Mar 10 01:30" {
		t.Errorf("spring-forward night slots = %v", got)
	}
	// 01:30 happens twice on 2025-11-02: it is sent once.
	got = slots(pl, time.Date(2025, 11, 2, 0, 0, 0, 0, ny), 3)
	n := 0
	for _, s := range got {
		if l := s.In(ny); l.Day() == 2 && l.Hour() == 1 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("fall-back: 01:30 sent %d times, want once: %v", n, got)
	}
	for i := 1; i < len(got); i++ {
		if !got[i].After(got[i-1]) {
			t.Errorf("slots not increasing: %v", got)
		}
	}
}

func TestNextSeveralTimes(t *testing.T) {
	t.Parallel()
	pl := mustPlan(t, "UTC-05:00", bot.NudgeSettings{Enabled: true, Times: []string{"19:00", "09:00", "13:00", "09:00"}})
	got := slots(pl, time.Date(2025, 6, 1, 14, 0, 0, 0, time.UTC), 4) // 09:00 local
	want := []string{"13:00", "19:00", "09:00", "13:00"}
	for i, w := range want {
		if g := got[i].Add(-5 * time.Hour).Format("15:04"); g != w {
			t.Errorf("slot %d at %s local, want %s", i, g, w)
		}
	}
	if !got[0].Equal(time.Date(2025, 6, 1, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("first slot %v", got[0])
	}
}

func TestQuietHours(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s     bot.NudgeSettings
		quiet bool
		err   error
	}{
		{bot.NudgeSettings{Enabled: true, Times: []string{"08:00", "20:59"}}, false, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"21:00"}}, true, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"07:59"}}, true, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"03:00"}}, true, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"22:00"}, Quiet: QuietOff}, false, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"07:00"}, Quiet: "23:00-06:30"}, false, nil},
		{bot.NudgeSettings{Enabled: true, Times: []string{"12:30"}, Quiet: "12:00-13:00"}, true, nil},
		{bot.NudgeSettings{Enabled: true}, false, ErrNoTimes},
		{bot.NudgeSettings{Enabled: true, Times: []string{"9:00", "10:00", "11:00", "12:00"}}, false, ErrTooManyTimes},
		{bot.NudgeSettings{Enabled: true, Times: []string{"25:00"}}, false, ErrBadTime},
		{bot.NudgeSettings{Enabled: true, Times: []string{"09:00"}, Quiet: "late"}, false, ErrBadTime},
		{bot.NudgeSettings{Enabled: false}, false, nil},
	} {
		_, err := newPlan("", tc.s, time.UTC)
		var qe *QuietHoursError
		switch {
		case tc.quiet && !errors.As(err, &qe):
			t.Errorf("%+v: err = %v, want a QuietHoursError", tc.s, err)
		case !tc.quiet && tc.err == nil && err != nil:
			t.Errorf("%+v: err = %v, want nil", tc.s, err)
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("%+v: err = %v, want %v", tc.s, err, tc.err)
		}
	}
	var qe *QuietHoursError
	if _, err := newPlan("", bot.NudgeSettings{Times: []string{"22:15"}}, time.UTC); !errors.As(err, &qe) ||
		qe.Time != "22:15" || qe.Quiet != DefaultQuiet {
		t.Errorf("QuietHoursError = %+v", qe)
	}
	if _, err := newPlan("Mars/Base", bot.NudgeSettings{Times: []string{"09:00"}}, time.UTC); !errors.Is(err, bot.ErrUnknownTimeZone) {
		t.Errorf("unknown zone: %v", err)
	}
}

func TestSnoozeSkipsQuietHours(t *testing.T) {
	t.Parallel()
	mad := mustLoc(t, "Europe/Madrid")
	pl := mustPlan(t, "Europe/Madrid", bot.NudgeSettings{Enabled: true, Times: []string{"09:00"}})
	for _, tc := range []struct{ now, want string }{
		{"2025-06-02 10:15:30", "2025-06-02 11:15"},
		{"2025-06-02 19:59:00", "2025-06-02 20:59"},
		{"2025-06-02 20:30:00", "2025-06-03 08:00"}, // 21:30 is quiet
		{"2025-06-02 23:10:00", "2025-06-03 08:00"},
		{"2025-06-03 06:30:00", "2025-06-03 08:00"}, // 07:30 is quiet
	} {
		now, _ := time.ParseInLocation("2006-01-02 15:04:05", tc.now, mad)
		got := pl.snooze(now, time.Hour).In(mad).Format("2006-01-02 15:04")
		if got != tc.want {
			t.Errorf("snooze at %s = %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestWeekStart(t *testing.T) {
	t.Parallel()
	la := mustLoc(t, "America/Los_Angeles")
	// Sunday 2025-03-09 23:30 in Los Angeles is Monday 07:30Z: still the
	// week that began Monday 2025-03-03 there.
	got := weekStart(time.Date(2025, 3, 10, 6, 30, 0, 0, time.UTC), la)
	if want := time.Date(2025, 3, 3, 0, 0, 0, 0, la); !got.Equal(want) {
		t.Errorf("weekStart = %v, want %v", got, want)
	}
}
