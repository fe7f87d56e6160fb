package knowledge

// Base is a loaded, validated knowledge base. It is immutable: a reload
// builds a new Base. Load is the only way to get a valid one.
type Base struct {
	// Entries are all entries, in file order.
	Entries []*Entry
	// Signs are all warning-sign rules, in file order.
	Signs []*Sign
	// Synonyms are the synonym groups per language, in file order.
	Synonyms map[string][][]string
	// References are all references, in file order.
	References []*Reference
	// Messages are the interface texts by key.
	Messages map[string]Text
	// Concepts are the named vocabularies of sign patterns, in file order.
	Concepts []*Concept
	// Context are the trigger lists of the screen's context rules.
	Context []*Concept
	// Scope are the scope cues by class and language, every file's merged.
	Scope map[string]List
	// Moments are all baby-care moments, in file order.
	Moments []*Moment
	// Poses are the exercises' illustrated sequences, in file order.
	Poses []*Pose

	entries map[string]*Entry
	signs   map[string]*Sign
	refs    map[string]*Reference
	concept map[string]*Concept
	context map[string]*Concept
	poses   map[string]*Pose
}

// Concept returns the concept named id, or nil.
func (b *Base) Concept(id string) *Concept { return b.concept[id] }

// ContextList returns the trigger list named id in lang, or nil.
func (b *Base) ContextList(id, lang string) []string {
	if c := b.context[id]; c != nil {
		return c.Words[lang]
	}
	return nil
}

// Entry returns the entry with the id, or nil.
func (b *Base) Entry(id string) *Entry { return b.entries[id] }

// Sign returns the warning-sign rule with the id, or nil.
func (b *Base) Sign(id string) *Sign { return b.signs[id] }

// Reference returns the reference with the id, or nil.
func (b *Base) Reference(id string) *Reference { return b.refs[id] }

// Pose returns the illustrated sequence of the exercise with the id, or
// nil when it has none.
func (b *Base) Pose(id string) *Pose { return b.poses[id] }

// Message returns the interface text for key in lang, falling back to the
// first language, or "" when there is no such message.
func (b *Base) Message(key, lang string) string { return b.Messages[key].Get(lang) }

// OfKind returns the entries of kind k, in file order.
func (b *Base) OfKind(k Kind) []*Entry {
	var out []*Entry
	for _, e := range b.Entries {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// Skeleton returns a copy of b that keeps, of its entries and moments,
// only their ids and kinds (Entry still finds an entry by id), and nothing
// else: what a matcher reads once built. A matcher that holds the skeleton
// rather than b lets a program that only matches (carebot match) have the
// texts, keywords and examples collected after the build; a program that
// answers holds b itself.
func (b *Base) Skeleton() *Base {
	s := &Base{Entries: make([]*Entry, len(b.Entries)), Moments: make([]*Moment, len(b.Moments))}
	entries := make([]Entry, len(b.Entries))
	for i, e := range b.Entries {
		entries[i] = Entry{ID: e.ID, Kind: e.Kind}
		s.Entries[i] = &entries[i]
	}
	moments := make([]Moment, len(b.Moments))
	for i, m := range b.Moments {
		moments[i] = Moment{ID: m.ID}
		s.Moments[i] = &moments[i]
	}
	s.index()
	return s
}

// index builds the lookup maps. When an id is used twice (a problem Load
// reports) the first one wins.
func (b *Base) index() {
	b.entries = byID(b.Entries, func(e *Entry) string { return e.ID })
	b.signs = byID(b.Signs, func(s *Sign) string { return s.ID })
	b.concept = byID(b.Concepts, func(c *Concept) string { return c.ID })
	b.context = byID(b.Context, func(c *Concept) string { return c.ID })
	b.poses = byID(b.Poses, func(p *Pose) string { return p.ID })
	b.refs = byID(b.References, func(r *Reference) string { return r.ID })
}

// byID maps each item's id to the first item with it.
func byID[T any](items []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		if _, dup := m[id(it)]; !dup {
			m[id(it)] = it
		}
	}
	return m
}

// Get returns the text in lang, falling back to the first language.
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLanguage]
}

// Get returns the list in lang, falling back to the first language.
func (l List) Get(lang string) []string {
	if s, ok := l[lang]; ok && len(s) > 0 {
		return s
	}
	return l[DefaultLanguage]
}
