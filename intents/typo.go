package intents

import (
	"slices"
	"strings"
)

// typoIndex finds the known word nearest to a misspelled one with the
// symmetric-delete method: every word is indexed under the strings left by
// deleting up to its edit budget of letters (never the first), and a query
// looks up its own deletes. Keys are 64-bit hashes grouped by their top
// bits, so building allocates little and lookups allocate nothing and
// scan a handful of entries; candidates are
// confirmed with the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions, so "wrsit" is one edit from "wrist").
type typoIndex struct {
	// keys and entryWords are the entries, in two arrays (8 bytes an
	// entry): an entry's key and its word. A key keeps the low 32 bits of
	// the hash; the top bucketBits are where it is, so an entry matches
	// on 48 bits (a false match is a candidate the distance check then
	// weighs like any other: one lookup in about 2^32 meets one).
	keys       []uint32
	entryWords []int32
	// text is the words one after the other, in sort order, word i
	// being text[wordAt[i]:wordAt[i+1]]: one pointer-free array rather
	// than a string header a word, so the collector has nothing to scan
	// in the index
	text   string
	wordAt []int32
	// freq is how often each word occurs in the content: between two
	// candidates as near, the more frequent wins ("wirst" is "wrist", not
	// "worst")
	freq []int32
	// bucket[b] is where the entries whose key's top bucketBits bits are b
	// start (and bucket[b+1] where they end): keys are hashes, so buckets
	// hold a handful each, and a lookup is an index and a short scan.
	bucket []int32
}

// bucketBits is how many top bits of a key pick its bucket.
const bucketBits = 16

// maxEdits is the number of edits tolerated for a word of n letters: none
// under four letters, one from four, two from eight.
func maxEdits(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// minTypoLen is the length a word needs to be a typo target.
const minTypoLen = 3

// typoTarget is a word the typo index corrects to, its keys while
// building, and how often its terms occur in the content.
type typoTarget struct {
	word string
	keys [2]termID
	freq int32
}

// newTypoIndex indexes the words of targets, each with its frequency.
func newTypoIndex(targets map[string]int32) *typoIndex {
	ts := make([]typoTarget, 0, len(targets))
	for w, n := range targets {
		if len(w) >= minTypoLen {
			ts = append(ts, typoTarget{word: w, freq: n})
		}
	}
	return buildTypoIndex(ts)
}

// buildTypoIndex indexes targets (each word once, minTypoLen bytes or
// more).
func buildTypoIndex(targets []typoTarget) *typoIndex {
	words := make([]string, len(targets))
	freq := make(map[string]int32, len(targets))
	n := 0
	for i, t := range targets {
		words[i] = t.word
		freq[t.word] = t.freq
		n += len(t.word)
	}
	slices.Sort(words) // deterministic tie-breaking
	ix := &typoIndex{wordAt: make([]int32, len(words)+1), freq: make([]int32, len(words))}
	var text strings.Builder
	text.Grow(n)
	for i, w := range words {
		text.WriteString(w)
		ix.wordAt[i+1], ix.freq[i] = int32(text.Len()), freq[w]
	}
	ix.text = text.String()
	// A counting sort by bucket, in two passes over the deletes: the
	// first counts, the second places. Deleting up to the target's own
	// budget is enough: a query deletes up to its own budget too, and the
	// two meet.
	ix.bucket = make([]int32, 1<<bucketBits+1)
	for _, w := range words {
		forIndexHashes(w, func(h uint64) { ix.bucket[h>>(64-bucketBits)+1]++ })
	}
	for b := 1; b < len(ix.bucket); b++ {
		ix.bucket[b] += ix.bucket[b-1]
	}
	ix.keys = make([]uint32, ix.bucket[len(ix.bucket)-1])
	ix.entryWords = make([]int32, len(ix.keys))
	next := slices.Clone(ix.bucket[:1<<bucketBits])
	for i, w := range words {
		forIndexHashes(w, func(h uint64) {
			b := h >> (64 - bucketBits)
			ix.keys[next[b]], ix.entryWords[next[b]] = uint32(h), int32(i)
			next[b]++
		})
	}
	return ix
}

// word is indexed word i.
func (ix *typoIndex) word(i int) string { return ix.text[ix.wordAt[i]:ix.wordAt[i+1]] }

// lookup calls f with the word of every entry whose key is h.
func (ix *typoIndex) lookup(h uint64, f func(word int)) {
	b := h >> (64 - bucketBits)
	lo, hi := ix.bucket[b], ix.bucket[b+1]
	for e, key := range ix.keys[lo:hi] {
		if key == uint32(h) {
			f(int(ix.entryWords[lo+int32(e)]))
		}
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashSkip is the FNV-1a hash of w without the bytes at i and j (-1: none).
func hashSkip(w string, i, j int) uint64 {
	h := uint64(fnvOffset)
	for k := 0; k < len(w); k++ {
		if k == i || k == j {
			continue
		}
		h ^= uint64(w[k])
		h *= fnvPrime
	}
	return h
}

// forIndexHashes calls f with every key a word is indexed under: its
// deletes from the second letter on and, from five letters, the word
// without its first letter ("rist" for "wrist").
func forIndexHashes(w string, f func(uint64)) {
	forDeleteHashes(w, 1, maxEdits(len(w)), f)
	if len(w) >= 5 {
		f(hashSkip(w, 0, -1))
	}
}

// forDeleteHashes calls f with the hash of w and of every string made by
// deleting up to depth bytes of w from position from on, in this order:
// w, then for each i the string without byte i and, for each j after i,
// without bytes i and j. Duplicates are harmless: candidates are
// verified. The hashes are hashSkip's, but FNV-1a reads bytes in order,
// so the hash of what comes before a deleted byte is carried over rather
// than computed again for every delete: a third of the bytes hashed for
// two deletes (the build indexes every word of the content this way).
func forDeleteHashes(w string, from, depth int, f func(uint64)) {
	f(hashSkip(w, -1, -1))
	if depth < 1 {
		return
	}
	h := fnvFeed(fnvOffset, w[:min(from, len(w))]) // the hash of w[:i]
	for i := from; i < len(w); i++ {
		if i == from || w[i] != w[i-1] { // deleting either of a double letter gives the same
			f(fnvFeed(h, w[i+1:]))
			if depth >= 2 {
				t := h // the hash of w[:i] + w[i+1:j]
				for j := i + 1; j < len(w); j++ {
					f(fnvFeed(t, w[j+1:]))
					t = (t ^ uint64(w[j])) * fnvPrime
				}
			}
		}
		h = (h ^ uint64(w[i])) * fnvPrime
	}
}

// fnvFeed continues the FNV-1a hash h with the bytes of s.
func fnvFeed(h uint64, s string) uint64 {
	for k := 0; k < len(s); k++ {
		h ^= uint64(s[k])
		h *= fnvPrime
	}
	return h
}

// correct returns the indexed word nearest to w within maxEdits(len(w)),
// preferring the smallest distance, then the most frequent in the content,
// then the first in sort order.
func (ix *typoIndex) correct(w string) (string, bool) {
	k := maxEdits(len(w))
	if k == 0 || ix == nil || len(ix.keys) == 0 {
		return "", false
	}
	best, bestD := -1, k+1
	var rs [64]rune
	typed := []rune(w)
	if len(typed) > len(rs) {
		return "", false
	}
	forDeleteHashes(w, 0, k, func(h uint64) {
		ix.lookup(h, func(c int) {
			if c == best {
				return
			}
			cand := ix.word(c)
			cr := rs[:0]
			for _, r := range cand {
				cr = append(cr, r)
			}
			if !plausibleTypo(typed, cr) {
				return
			}
			d := osaDistance(typed, cr, k+1)
			if d > k {
				return
			}
			if d < bestD || d == bestD && morePreferred(ix.freq[c], ix.freq[best], c < best) {
				best, bestD = c, d
			}
		})
	})
	if best < 0 {
		return "", false
	}
	return ix.word(best), true
}

// plausibleTypo reports whether typed could be a slip for known: people
// rarely miss the first letter, and in short words rarely the last one
// unless the word was cut short ("shoulde") or run on.
func plausibleTypo(typed, known []rune) bool {
	if len(typed) == 0 || len(known) == 0 {
		return false
	}
	if len(typed) >= 4 && len(known) == len(typed)+1 && string(known[1:]) == string(typed) {
		return true // the first letter missed: "rist"
	}
	firstOK := typed[0] == known[0] || (len(typed) > 1 && len(known) > 1 && typed[0] == known[1] && typed[1] == known[0])
	if !firstOK {
		return false
	}
	if len(typed) >= 8 {
		return true
	}
	last := func(r []rune) rune { return r[len(r)-1] }
	if last(typed) == last(known) {
		return true
	}
	short, long := typed, known
	if len(short) > len(long) {
		short, long = long, short
	}
	return string(long[:len(short)]) == string(short)
}

// osaDistance is the optimal-string-alignment distance between a and b,
// or limit when it is limit or more.
func osaDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit)
}

// morePreferred reports whether a candidate occurring freq times in the
// content beats one as near occurring other times: clearly more frequent
// (twice or more), else first in sort order.
func morePreferred(freq, other int32, first bool) bool {
	switch {
	case freq >= 2*other:
		return true
	case other >= 2*freq:
		return false
	}
	return first
}
