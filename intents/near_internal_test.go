package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNearFound checks near and unlessed, which look the found
// alternatives up in a sorted list when the list is the longer, against
// reading every alternative of the list, and the mask set against a map.
func TestNearFound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const nAlts = 200
	var masks maskSet
	for range 2000 {
		m := masks.reset()
		if i := slices.IndexFunc(m.table, func(e maskSlot) bool { return e != maskSlot{} }); i >= 0 {
			t.Fatalf("slot %d not cleared: %v", i, m.table[i])
		}
		want := map[int32]planeMasks{}
		for range r.IntN(80) {
			alt, pl, bit := int32(r.IntN(nAlts)), r.IntN(nPlanes), uint64(1)<<r.IntN(4)
			m.set(alt, pl, bit)
			w := want[alt]
			w[pl] |= bit
			want[alt] = w
		}
		if len(m.keys) != len(want) {
			t.Fatalf("%d keys, want %d", len(m.keys), len(want))
		}
		for alt, w := range want {
			if got := m.get(alt); got == nil || *got != w {
				t.Fatalf("masks of %d: %v, want %v", alt, got, w)
			}
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
			for _, b := range want[alt] {
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
