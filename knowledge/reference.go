package knowledge

import "strings"

// reference checks one reference: a title, a plausible year, and a DOI or
// a URL to find it by. Ids are checked by ids.
func (l *loader) reference(r *Reference) {
	ctx := name(r.ID, "reference")
	if strings.TrimSpace(r.Title) == "" {
		l.probs.add(l.at(r, "title"), "%s: no title", ctx)
	}
	switch {
	case l.skip(r, "year"):
	case r.Year == 0:
		l.probs.add(l.at(r, "year"), "%s: no year", ctx)
	case r.Year < 1800 || r.Year > 2100:
		l.probs.add(l.at(r, "year"), "%s: year %d is not a plausible year", ctx, r.Year)
	}
	if strings.TrimSpace(r.DOI) == "" && strings.TrimSpace(r.URL) == "" {
		l.probs.add(l.at(r, ""), "%s: neither doi nor url", ctx)
	}
}
