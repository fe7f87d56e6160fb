package knowledge

// Base is a loaded, validated knowledge base. It is immutable: a reload
// builds a new Base.
type Base struct {
	// Entries are all entries, in file order.
	Entries []*Entry
	// Signs are all warning-sign rules, in file order.
	Signs []*Sign
	// Synonyms are the synonym groups per language.
	Synonyms map[string][][]string
	// References are all references, in file order.
	References []*Reference
	// Messages are the interface texts by key.
	Messages map[string]Text

	entries map[string]*Entry
	refs    map[string]*Reference
}

// Entry returns the entry with the id, or nil.
func (b *Base) Entry(id string) *Entry { return b.entries[id] }

// Reference returns the reference with the id, or nil.
func (b *Base) Reference(id string) *Reference { return b.refs[id] }

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

// Get returns the text in lang, falling back to the first language.
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[Languages[0]]
}

// Get returns the list in lang, falling back to the first language.
func (l List) Get(lang string) []string {
	if s, ok := l[lang]; ok && len(s) > 0 {
		return s
	}
	return l[Languages[0]]
}
