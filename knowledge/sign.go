package knowledge

import (
	"errors"
	"fmt"
	"strings"
)

// ErrLevel is returned by ParseLevel for an unknown level.
var ErrLevel = errors.New("unknown level")

// levelNames are the names of the levels, as in YAML and in the JSON of
// carebot match.
var levelNames = [...]string{LevelNone: "none", LevelCheck: "check", LevelProvider: "provider", LevelEmergency: "emergency"}

// String returns "none", "check", "provider" or "emergency".
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel parses "none", "check", "provider" or "emergency".
func ParseLevel(s string) (Level, error) {
	for l, n := range levelNames {
		if s == n {
			return Level(l), nil
		}
	}
	return LevelNone, fmt.Errorf("level %q: %w", s, ErrLevel)
}

// sign checks one warning-sign rule: a level of check, provider or emergency,
// well-formed patterns and a reply in every language, and replies that
// name the emergency number or crisis line when they must.
func (l *loader) sign(s *Sign, b *Base) {
	ctx := name(s.ID, "sign")
	written, set := l.levels[lineKey{s, "level"}]
	switch {
	case l.skip(s, "level"):
	case !set:
		l.probs.add(l.at(s, "level"), "%s: no level (check, provider or emergency)", ctx)
	case s.Level <= LevelNone:
		l.probs.add(l.at(s, "level"), "%s: level %q: want check, provider or emergency", ctx, written)
	}
	l.list(s, "patterns", ctx, "patterns", s.Patterns, 1, 0)
	for _, lang := range sortedKeys(s.Patterns) {
		for i, p := range s.Patterns[lang] {
			if strings.TrimSpace(p) == "" || l.skip(s, index("patterns."+lang, i)) {
				continue // reported by list or by the decoder
			}
			if err := checkPattern(p); err != nil {
				l.probs.add(l.at(s, index("patterns."+lang, i)), "%s: %v", ctx, err)
			} else {
				l.conceptRefs(b, l.at(s, index("patterns."+lang, i)), ctx, p)
			}
		}
	}
	l.languages(s, "unless", ctx, "unless", sortedKeys(s.Unless))
	for _, lang := range sortedKeys(s.Unless) {
		for i, u := range s.Unless[lang] {
			at := l.at(s, index("unless."+lang, i))
			if l.skip(s, index("unless."+lang, i)) {
				continue
			}
			if strings.TrimSpace(u) == "" {
				l.probs.add(at, "%s: empty unless phrase (%s)", ctx, lang)
				continue
			}
			for _, alt := range strings.Split(u, "|") {
				msg := checkPhrase(alt)
				if strings.TrimSpace(alt) == "" {
					msg = `empty alternative (a "|" with nothing on one side)`
				}
				if msg != "" {
					l.probs.add(at, "%s: unless %q: %s", ctx, u, msg)
					break
				}
			}
		}
	}
	switch s.About {
	case "", "self", "baby", "any":
	default:
		l.probs.add(l.at(s, "about"), "%s: about %q: want self, baby or any", ctx, s.About)
	}
	if s.Check != "" {
		l.checkSign(b, l.at(s, "check"), ctx, "check", s.Check)
	}
	for i, sp := range s.Suppress {
		l.suppression(b, s, sp, ctx, i)
	}
	l.text(s, "reply", ctx, "reply", s.Reply, 0)
	l.placeholders(s, "reply", ctx, "reply", s.Reply)
	for _, lang := range sortedKeys(s.Reply) {
		r := s.Reply[lang]
		if strings.TrimSpace(r) == "" {
			continue // reported by text
		}
		at := l.at(s, "reply."+lang)
		if s.Level == LevelEmergency && !strings.Contains(r, "{emergency}") {
			l.probs.add(at, "%s: emergency reply in %s does not name {emergency}", ctx, lang)
		}
		if s.Crisis && !strings.Contains(r, "{crisis}") {
			l.probs.add(at, "%s: crisis reply in %s does not name {crisis}", ctx, lang)
		}
	}
}

// checkSign reports a reference to a sign that does not exist or is not of
// level check.
func (l *loader) checkSign(b *Base, at Pos, ctx, what, id string) {
	t := b.Sign(id)
	if t == nil {
		l.probs.add(at, "%s: %s %q: no such sign", ctx, what, id)
		return
	}
	if t.Level != LevelCheck {
		l.probs.add(at, "%s: %s %q: want a sign of level check, not %s", ctx, what, id, t.Level)
	}
}

// suppression checks one scoped suppression: a reason, cues, a target.
func (l *loader) suppression(b *Base, s *Sign, sp *Suppression, ctx string, i int) {
	at := l.at(s, index("suppress", i))
	if sp == nil {
		l.probs.add(at, "%s: empty suppression", ctx)
		return
	}
	if strings.TrimSpace(sp.Why) == "" {
		l.probs.add(l.at(sp, ""), "%s: suppression without why (name the ambiguity it lowers)", ctx)
	}
	switch sp.To {
	case "":
		l.probs.add(l.at(sp, ""), "%s: suppression without to (a check sign or none)", ctx)
	case "none":
	default:
		l.checkSign(b, l.at(sp, "to"), ctx, "suppression to", sp.To)
	}
	if len(sp.When) == 0 {
		l.probs.add(l.at(sp, ""), "%s: suppression without when (its cues)", ctx)
	}
	for _, part := range []struct {
		what string
		ls   List
	}{{"when", sp.When}, {"except", sp.Except}} {
		l.languages(sp, part.what, ctx, part.what, sortedKeys(part.ls))
		for _, lang := range sortedKeys(part.ls) {
			for j, u := range part.ls[lang] {
				pat := l.at(sp, index(part.what+"."+lang, j))
				if strings.TrimSpace(u) == "" {
					l.probs.add(pat, "%s: empty %s cue (%s)", ctx, part.what, lang)
					continue
				}
				for _, alt := range strings.Split(u, "|") {
					if msg := checkPhrase(alt); msg != "" || strings.TrimSpace(alt) == "" {
						if msg == "" {
							msg = `empty alternative (a "|" with nothing on one side)`
						}
						l.probs.add(pat, "%s: %s %q: %s", ctx, part.what, u, msg)
						break
					}
				}
				l.conceptRefs(b, pat, ctx, u)
			}
		}
	}
}
