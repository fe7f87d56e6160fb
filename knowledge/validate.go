package knowledge

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// validate checks the merged base and records every problem. The checks of
// each kind of value live with it: entry.go, keyword.go, sign.go,
// reference.go, synonym.go, message.go.
func (l *loader) validate(b *Base) {
	// The signs are half of the checking (their patterns are parsed) and
	// only read the base and where things are, so they are checked beside
	// the rest, with problems of their own; problems are sorted in the
	// end, so they come out the same.
	// A copy of the loader, so that it reads everything the loader knows
	// (a field listed by hand here was once left out) and shares its maps,
	// which nothing writes while the signs are checked; its problems are
	// its own.
	signs := *l
	signs.probs = nil
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, s := range b.Signs {
			signs.sign(s, b)
		}
	}()
	defer func() {
		<-done
		l.probs = append(l.probs, signs.probs...)
	}()
	l.ids(b)
	for _, e := range b.Entries {
		l.entry(e, b)
	}
	l.keywordClaims(b.Entries)
	l.concepts(b)
	for _, r := range b.References {
		l.reference(r)
	}
	for _, m := range b.Moments {
		l.moment(m)
	}
	l.synonyms()
	l.poseIDs(b)
	for _, p := range b.Poses {
		l.pose(p, b)
	}
}

// validID is what an id may look like: it ends up in button payloads and
// commands, so no spaces and no capitals.
var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ids checks that entries, signs and references have ids, that the ids are
// well formed and that none is used twice across all files.
func (l *loader) ids(b *Base) {
	first := map[string]Pos{}
	check := func(owner any, what, id string) {
		if l.skip(owner, "id") {
			return
		}
		if id == "" {
			l.probs.add(l.at(owner, ""), "%s has no id", what)
			return
		}
		at := l.at(owner, "id")
		if !validID.MatchString(id) {
			l.probs.add(at, "id %q: use lower-case letters, digits, '.', '_' and '-' only", id)
		}
		if p, dup := first[id]; dup {
			l.probs.add(at, "duplicate id %s (first at %s)", id, p)
			return
		}
		first[id] = at
	}
	for _, e := range b.Entries {
		check(e, "entry", e.ID)
	}
	for _, s := range b.Signs {
		check(s, "sign", s.ID)
	}
	for _, r := range b.References {
		check(r, "reference", r.ID)
	}
	for _, m := range b.Moments {
		check(m, "moment", m.ID)
	}
}

// at returns the most precise known place of the value at owner/path: the
// value itself, else the nearest enclosing field, else the owner.
func (l *loader) at(owner any, path string) Pos {
	for {
		if p, ok := l.pos[lineKey{owner, path}]; ok {
			return p
		}
		if p, ok := l.item(owner, path); ok {
			return p
		}
		if path == "" {
			return Pos{File: "?", Line: 1} // not reached: owners are recorded
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// item returns the line of the item at owner/path of a list of texts or
// keywords, which the decoder keeps apart (decoder.lists).
func (l *loader) item(owner any, path string) (Pos, bool) {
	open := strings.LastIndexByte(path, '[')
	if open < 0 || !strings.HasSuffix(path, "]") {
		return Pos{}, false
	}
	i, err := strconv.Atoi(path[open+1 : len(path)-1])
	list, ok := l.lists[lineKey{owner, path[:open]}]
	if err != nil || !ok || i < 0 || i >= int(list.len) {
		return Pos{}, false
	}
	return Pos{File: list.file, Line: int(l.lines[int(list.off)+i])}, true
}

// skip reports whether the value at owner/path had the wrong type: the
// decoder reported it already, so validation says nothing more about it.
func (l *loader) skip(owner any, path string) bool { return l.bad[lineKey{owner, path}] }

// text checks a text per language: present and not blank in every language,
// no unknown language, at most maxLen characters when maxLen > 0.
func (l *loader) text(owner any, path, ctx, what string, t Text, maxLen int) {
	if l.skip(owner, path) {
		return
	}
	if len(t) == 0 {
		l.probs.add(l.at(owner, path), "%s: no %s (write it in %s)", ctx, what, strings.Join(languages, " and "))
		return
	}
	for _, lang := range languages {
		s, ok := t[lang]
		switch {
		case l.skip(owner, path+"."+lang):
		case !ok:
			l.probs.add(l.at(owner, path), "%s: no %s in %s", ctx, what, lang)
		case strings.TrimSpace(s) == "":
			l.probs.add(l.at(owner, path+"."+lang), "%s: %s in %s is empty", ctx, what, lang)
		case maxLen > 0 && utf8.RuneCountInString(s) > maxLen:
			l.probs.add(l.at(owner, path+"."+lang), "%s: %s in %s is %d characters, over %d",
				ctx, what, lang, utf8.RuneCountInString(s), maxLen)
		}
	}
	l.languages(owner, path, ctx, what, sortedKeys(t))
}

// list checks a list per language: at least minItems items in every
// language, no blank item, no unknown language, items of at most maxLen
// characters when maxLen > 0.
func (l *loader) list(owner any, path, ctx, what string, ls List, minItems, maxLen int) {
	if l.skip(owner, path) {
		return
	}
	if len(ls) == 0 {
		l.probs.add(l.at(owner, path), "%s: no %s (write them in %s)", ctx, what, strings.Join(languages, " and "))
		return
	}
	for _, lang := range languages {
		items, ok := ls[lang]
		p := path + "." + lang
		switch {
		case l.skip(owner, p):
		case !ok || len(items) == 0:
			l.probs.add(l.at(owner, path), "%s: no %s in %s", ctx, what, lang)
		case len(items) < minItems:
			l.probs.add(l.at(owner, p), "%s: %d %s in %s, want at least %d", ctx, len(items), what, lang, minItems)
		}
		for i, s := range items {
			ip := p + "[" + strconv.Itoa(i) + "]"
			switch n := utf8.RuneCountInString(s); {
			case l.skip(owner, ip):
			case strings.TrimSpace(s) == "":
				l.probs.add(l.at(owner, ip), "%s: empty item in %s (%s)", ctx, what, lang)
			case maxLen > 0 && n > maxLen:
				l.probs.add(l.at(owner, ip), "%s: item in %s (%s) is %d characters, over %d", ctx, what, lang, n, maxLen)
			}
		}
	}
	l.languages(owner, path, ctx, what, sortedKeys(ls))
}

// languages reports every language in langs that is not in languages.
func (l *loader) languages(owner any, path, ctx, what string, langs []string) {
	for _, lang := range langs {
		if !slices.Contains(languages, lang) {
			l.probs.add(l.at(owner, path+"."+lang), "%s: %s in unknown language %q (languages are %s)",
				ctx, what, lang, strings.Join(languages, ", "))
		}
	}
}

// placeholder finds {name} placeholders in answers and replies.
var placeholder = regexp.MustCompile(`\{[^{}\s]*\}`)

// knownPlaceholders are the placeholders the bot fills in everywhere: the
// emergency number, the crisis line and the maternal mental health line.
var knownPlaceholders = []string{"{emergency}", "{crisis}", "{maternal_line}"}

// placeholders reports placeholders other than knownPlaceholders.
func (l *loader) placeholders(owner any, path, ctx, what string, t Text) {
	for _, lang := range sortedKeys(t) {
		for _, ph := range placeholder.FindAllString(t[lang], -1) {
			if !slices.Contains(knownPlaceholders, ph) {
				l.probs.add(l.at(owner, path+"."+lang), "%s: unknown placeholder %s in %s (%s); use {emergency}, {crisis} or {maternal_line}",
					ctx, ph, what, lang)
			}
		}
	}
}

// name is how a message refers to a value: its id, or what it is when it
// has none.
func name(id, what string) string {
	if id == "" {
		return what
	}
	return id
}

// index returns the path of item i of the list at path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
