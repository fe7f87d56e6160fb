package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // time zones work on hosts and images without zoneinfo
)

// ErrUnknownTimeZone is returned by ParseTimeZone and LoadTimeZone for text
// that names no time zone they know.
var ErrUnknownTimeZone = errors.New("unknown time zone")

// ParseTimeZone reads a time zone as a person types it and returns the name
// to keep in Person.TimeZone. It accepts an IANA name ("America/New_York",
// any case), a city or region from a small built-in table ("New York",
// "ciudad de méxico", "Madrid", "Eastern"), or an offset from UTC ("UTC-5",
// "GMT+1", "-05:00", "+0530"), which becomes "UTC-05:00": a fixed offset
// that does not follow daylight saving time, so a city is better.
func ParseTimeZone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrUnknownTimeZone
	}
	if !strings.ContainsAny(s, "0123456789") {
		if name, ok := cityZones[foldCity(s)]; ok {
			return name, nil
		}
	}
	if off, ok := parseOffset(s); ok {
		return formatOffset(off), nil
	}
	if strings.Contains(s, "/") {
		for _, name := range []string{s, canonicalIANA(s)} {
			if loc, err := time.LoadLocation(name); err == nil {
				return loc.String(), nil
			}
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownTimeZone, s)
}

// LoadTimeZone returns the location for a name returned by ParseTimeZone:
// an IANA name or "UTC±HH:MM". The empty name is UTC. Locations are kept
// once loaded: time.LoadLocation reads the zone database on every call,
// and every nudge scheduled needs its person's zone.
func LoadTimeZone(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if strings.HasPrefix(name, "UTC+") || strings.HasPrefix(name, "UTC-") {
		if off, ok := parseOffset(name); ok {
			loc := time.FixedZone(name, off)
			zones.Store(name, loc)
			return loc, nil
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownTimeZone, name)
	}
	zones.Store(name, loc)
	return loc, nil
}

// zones holds the locations LoadTimeZone loaded, by name. Names come from
// ParseTimeZone (the IANA database and UTC offsets), so the map stays
// small.
var zones sync.Map

// canonicalIANA fixes the case of an IANA name typed in lower case:
// "america/new_york" -> "America/New_York".
func canonicalIANA(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		words := strings.Split(p, "_")
		for j, w := range words {
			if w != "" {
				words[j] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
			}
		}
		parts[i] = strings.Join(words, "_")
	}
	return strings.Join(parts, "/")
}

// parseOffset reads "UTC-5", "GMT+1", "UTC+05:30", "-05:00", "+0530", "-5"
// as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	u := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	for _, p := range []string{"UTC", "GMT", "UT"} {
		if strings.HasPrefix(u, p) {
			u = u[len(p):]
			break
		}
	}
	if u == "" {
		return 0, true
	}
	if u[0] != '+' && u[0] != '-' {
		return 0, false
	}
	sign := 1
	if u[0] == '-' {
		sign = -1
	}
	u = u[1:]
	var hh, mm string
	switch {
	case strings.Contains(u, ":"):
		hh, mm, _ = strings.Cut(u, ":")
	case len(u) == 4:
		hh, mm = u[:2], u[2:]
	default:
		hh, mm = u, "0"
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || len(hh) > 2 || h > 14 || m > 59 || (m != 0 && m != 30 && m != 45) {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// foldCity lowercases s, drops accents and punctuation and squeezes spaces.
func foldCity(s string) string {
	s = strings.ToLower(s)
	s = accentFolder.Replace(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

var accentFolder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n")

// cityZones maps folded city, region and zone names to IANA names: the
// places carebot's English- and Spanish-speaking parents are most likely to
// live in. Anything else can be typed as an IANA name or an offset.
var cityZones = func() map[string]string {
	m := map[string]string{}
	for zone, names := range map[string][]string{
		"America/New_York":               {"new york", "nyc", "nueva york", "boston", "miami", "atlanta", "philadelphia", "washington", "detroit", "eastern", "est", "edt", "et"},
		"America/Chicago":                {"chicago", "houston", "dallas", "san antonio", "austin", "minneapolis", "new orleans", "central", "cst", "cdt", "ct"},
		"America/Denver":                 {"denver", "salt lake city", "albuquerque", "mountain", "mst", "mdt", "mt"},
		"America/Phoenix":                {"phoenix", "arizona"},
		"America/Los_Angeles":            {"los angeles", "la", "san francisco", "san diego", "seattle", "portland", "las vegas", "pacific", "pst", "pdt", "pt"},
		"America/Anchorage":              {"anchorage", "alaska"},
		"Pacific/Honolulu":               {"honolulu", "hawaii"},
		"America/Puerto_Rico":            {"puerto rico", "san juan"},
		"America/Toronto":                {"toronto", "montreal", "ottawa"},
		"America/Vancouver":              {"vancouver"},
		"America/Mexico_City":            {"mexico city", "ciudad de mexico", "cdmx", "mexico", "guadalajara", "monterrey", "puebla"},
		"America/Tijuana":                {"tijuana", "mexicali"},
		"America/Cancun":                 {"cancun", "quintana roo"},
		"America/Guatemala":              {"guatemala", "ciudad de guatemala"},
		"America/El_Salvador":            {"el salvador", "san salvador"},
		"America/Tegucigalpa":            {"honduras", "tegucigalpa", "san pedro sula"},
		"America/Managua":                {"nicaragua", "managua"},
		"America/Costa_Rica":             {"costa rica", "san jose"},
		"America/Panama":                 {"panama", "ciudad de panama"},
		"America/Havana":                 {"cuba", "havana", "la habana"},
		"America/Santo_Domingo":          {"republica dominicana", "dominican republic", "santo domingo"},
		"America/Bogota":                 {"colombia", "bogota", "medellin", "cali"},
		"America/Caracas":                {"venezuela", "caracas"},
		"America/Guayaquil":              {"ecuador", "quito", "guayaquil"},
		"America/Lima":                   {"peru", "lima"},
		"America/La_Paz":                 {"bolivia", "la paz"},
		"America/Santiago":               {"chile", "santiago"},
		"America/Argentina/Buenos_Aires": {"argentina", "buenos aires"},
		"America/Montevideo":             {"uruguay", "montevideo"},
		"America/Asuncion":               {"paraguay", "asuncion"},
		"Europe/Madrid":                  {"spain", "espana", "madrid", "barcelona", "valencia", "sevilla"},
		"Atlantic/Canary":                {"canarias", "canary islands", "las palmas", "tenerife"},
		"Europe/London":                  {"london", "londres", "uk", "united kingdom", "england"},
		"Europe/Dublin":                  {"dublin", "ireland"},
		"UTC":                            {"utc", "gmt", "zulu"},
	} {
		for _, n := range names {
			m[n] = zone
		}
	}
	return m
}()
