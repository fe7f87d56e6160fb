package knowledge

import "sync"

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

// embeddedMessages are the interface texts of the embedded knowledge base,
// loaded on first use; nil when it does not load (the content tests and
// `carebot kb lint` report why).
var embeddedMessages = sync.OnceValue(func() map[string]Text {
	b, err := Load(Embedded())
	if err != nil {
		return nil
	}
	return b.Messages
})

// EmbeddedMessage returns the embedded knowledge base's interface text with
// the key in lang, falling back to English, or "" when it has none. It is
// the one stand-in for a key that a knowledge base from elsewhere
// (CAREBOT_KB_DIR) does not define, and the adapters' own words when no
// Router supplies them: the texts live in knowledge/content/messages.yaml
// and care.yaml only.
func EmbeddedMessage(key, lang string) string {
	return embeddedMessages()[key].Get(lang)
}
