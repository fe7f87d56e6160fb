package intents

// wordFilter is a cheap test run before a string-keyed map look-up: it
// records the first byte and the length of every key, so a word no key
// could be is turned away without hashing it. A word it lets through may
// still be no key: the map decides.
type wordFilter struct {
	bits  [256]uint64 // bits[b] has bit min(n, 63) set for a key of n bytes starting with b
	empty bool        // the empty string is a key
}

func (f *wordFilter) add(w string) {
	if len(w) == 0 {
		f.empty = true
		return
	}
	f.bits[w[0]] |= 1 << min(len(w), 63)
}

// may reports whether w may be a key: false means it is none.
func (f *wordFilter) may(w string) bool {
	if len(w) == 0 {
		return f.empty
	}
	return f.bits[w[0]]>>min(len(w), 63)&1 != 0
}

// filterOf returns the filter of the keys of the maps m.
func filterOf[V any](m map[string]V) *wordFilter {
	f := &wordFilter{}
	addKeys(f, m)
	return f
}

func addKeys[V any](f *wordFilter, m map[string]V) {
	for w := range m {
		f.add(w)
	}
}
