package intents

import "sort"

// typoIndex finds the known word nearest to a misspelled one with the
// symmetric-delete method: every word is indexed under the strings left by
// deleting up to two of its letters, and a query looks up its own deletes.
// Candidates are confirmed with the optimal-string-alignment distance
// (Levenshtein plus adjacent transpositions, so "wrsit" is one edit from
// "wrist").
type typoIndex struct {
	deletes map[string][]string
}

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

func newTypoIndex(targets map[string]bool) *typoIndex {
	ix := &typoIndex{deletes: make(map[string][]string)}
	sorted := make([]string, 0, len(targets))
	for w := range targets {
		sorted = append(sorted, w)
	}
	sort.Strings(sorted) // deterministic tie-breaking
	for _, w := range sorted {
		n := len([]rune(w))
		if n < 3 {
			continue
		}
		// A target of n letters can be reached from queries of n-2..n+2
		// letters; index deletes deep enough for the longest of them.
		depth := maxEdits(n + 2)
		for _, d := range deletesOf(w, depth) {
			ix.deletes[d] = append(ix.deletes[d], w)
		}
	}
	return ix
}

// deletesOf returns w and every distinct string made by deleting up to
// depth runes of w.
func deletesOf(w string, depth int) []string {
	seen := map[string]bool{w: true}
	level := []string{w}
	out := []string{w}
	for d := 0; d < depth; d++ {
		var next []string
		for _, s := range level {
			rs := []rune(s)
			if len(rs) <= 1 {
				continue
			}
			for i := range rs {
				t := string(rs[:i]) + string(rs[i+1:])
				if !seen[t] {
					seen[t] = true
					next = append(next, t)
					out = append(out, t)
				}
			}
		}
		level = next
	}
	return out
}

// correct returns the indexed word nearest to w within maxEdits(len(w)),
// preferring the smallest distance, then the first in sort order.
func (ix *typoIndex) correct(w string) (string, bool) {
	rs := []rune(w)
	k := maxEdits(len(rs))
	if k == 0 || ix == nil {
		return "", false
	}
	best, bestD := "", k+1
	check := func(s string) {
		for _, cand := range ix.deletes[s] {
			if cand == best {
				continue
			}
			d := osaDistance(rs, []rune(cand), bestD)
			if d < bestD || (d == bestD && d <= k && cand < best) {
				best, bestD = cand, d
			}
		}
	}
	check(w)
	for i := range rs {
		s := string(rs[:i]) + string(rs[i+1:])
		check(s)
		if k >= 2 {
			for j := i; j < len(rs)-1; j++ {
				check(string(rs[:i]) + string(rs[i+1:j+1]) + string(rs[j+2:]))
			}
		}
	}
	if bestD > k {
		return "", false
	}
	return best, true
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
