package intents

import (
	"slices"
	"testing"
)

// TestDeleteHashes holds forDeleteHashes to the hashes, and the order,
// of deleting with hashSkip byte by byte.
func TestDeleteHashes(t *testing.T) {
	for _, w := range []string{"", "a", "ab", "wrist", "wirst", "shoulder", "llorar", "aaab", "contracciones", "dolor de cabeza", "ñandú", "mmm"} {
		for from := 0; from <= 1; from++ {
			for depth := 0; depth <= 2; depth++ {
				var want []uint64
				want = append(want, hashSkip(w, -1, -1))
				if depth >= 1 {
					for i := from; i < len(w); i++ {
						if i > from && w[i] == w[i-1] {
							continue
						}
						want = append(want, hashSkip(w, i, -1))
						if depth >= 2 {
							for j := i + 1; j < len(w); j++ {
								want = append(want, hashSkip(w, i, j))
							}
						}
					}
				}
				var got []uint64
				forDeleteHashes(w, from, depth, func(h uint64) { got = append(got, h) })
				if !slices.Equal(got, want) {
					t.Errorf("forDeleteHashes(%q, %d, %d): %d hashes, want %d (or not the same)", w, from, depth, len(got), len(want))
				}
			}
		}
	}
}
