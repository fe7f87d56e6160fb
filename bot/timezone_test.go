package bot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func TestParseTimeZone(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"America/New_York":   "America/New_York",
		"america/new_york":   "America/New_York",
		"Etc/GMT+5":          "Etc/GMT+5",
		"New York":           "America/New_York",
		"  ciudad de México": "America/Mexico_City",
		"Bogotá":             "America/Bogota",
		"ESPAÑA":             "Europe/Madrid",
		"Pacific":            "America/Los_Angeles",
		"UTC":                "UTC",
		"UTC-5":              "UTC-05:00",
		"GMT+1":              "UTC+01:00",
		"-05:00":             "UTC-05:00",
		"+0530":              "UTC+05:30",
		"utc +9":             "UTC+09:00",
	} {
		got, err := bot.ParseTimeZone(in)
		if err != nil || got != want {
			t.Errorf("ParseTimeZone(%q) = %q, %v; want %q", in, got, err, want)
			continue
		}
		if _, err := bot.LoadTimeZone(got); err != nil {
			t.Errorf("LoadTimeZone(%q) = %v", got, err)
		}
	}
	for _, in := range []string{"", "Atlantis", "UTC+15", "+05:17", "Mars/Olympus", "5"} {
		if got, err := bot.ParseTimeZone(in); !errors.Is(err, bot.ErrUnknownTimeZone) {
			t.Errorf("ParseTimeZone(%q) = %q, %v; want ErrUnknownTimeZone", in, got, err)
		}
	}
}

func TestLoadTimeZoneOffset(t *testing.T) {
	t.Parallel()
	loc, err := bot.LoadTimeZone("UTC-05:00")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 7, 1, 8, 0, 0, 0, loc)
	if got := at.UTC().Hour(); got != 13 {
		t.Errorf("08:00 UTC-05:00 is %02d:00 UTC, want 13:00", got)
	}
	if loc, err := bot.LoadTimeZone(""); err != nil || loc != time.UTC {
		t.Errorf("LoadTimeZone(\"\") = %v, %v; want UTC", loc, err)
	}
	if _, err := bot.LoadTimeZone("Nowhere/Land"); !errors.Is(err, bot.ErrUnknownTimeZone) {
		t.Errorf("LoadTimeZone(unknown) = %v, want ErrUnknownTimeZone", err)
	}
}
