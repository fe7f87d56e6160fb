package knowledge

// messages merges the interface texts of f into b and checks them: a
// non-empty text in every language, no key defined in two files.
func (l *loader) messages(f *File, b *Base) {
	if l.msgFirst == nil {
		l.msgFirst = map[string]Pos{}
	}
	for _, key := range sortedKeys(f.Messages) {
		path := "messages." + key
		at := l.at(f, path)
		if p, dup := l.msgFirst[key]; dup {
			l.probs.add(at, "duplicate message %s (first at %s)", key, p)
			continue
		}
		l.msgFirst[key] = at
		b.Messages[key] = f.Messages[key]
		l.text(f, path, "message "+key, "text", f.Messages[key], 0)
	}
}
