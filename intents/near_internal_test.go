package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNearFound checks near and unlessed, which look the found
// alternatives up in a sorted list when the list is the longer, against
// reading every alternative of the list.
func TestNearFound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const nAlts = 200
	var masks maskSet
	for range 2000 {
		m := scratch(&masks, nAlts*nPlanes)
		for range r.IntN(12) {
			m.set(int32(r.IntN(nAlts*nPlanes)), 1<<r.IntN(4))
		}
		alts := make([]int32, r.IntN(40))
		for i := range alts {
			alts[i] = int32(r.IntN(nAlts))
		}
		slices.Sort(alts)
		sents := uint64(1) << r.IntN(4)
		var wantNear bool
		var um uint64
		for _, alt := range alts {
			for pl := range nPlanes {
				b := m.bits[int(alt)*nPlanes+pl]
				um |= b
				wantNear = wantNear || b&(sents|sents<<1|sents>>1) != 0
			}
		}
		wantUnless := len(alts) > 0 && sents&^(um|um<<1|um>>1) == 0
		if got := near(m, alts, sents); got != wantNear {
			t.Fatalf("near(%v, %b) = %v, want %v", alts, sents, got, wantNear)
		}
		if got := unlessed(m, alts, sents); got != wantUnless {
			t.Fatalf("unlessed(%v, %b) = %v, want %v", alts, sents, got, wantUnless)
		}
	}
}
