package intents

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// embeddedInternal builds the matcher of the embedded content, with its
// learned second opinion, for the tests that read its tables.
func embeddedInternal(t testing.TB) *Matcher {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(kb)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestWordIndexes checks that the tables by word id answer exactly what the
// string-keyed look-ups they stand for answer, for every known word of the
// embedded content.
func TestWordIndexes(t *testing.T) {
	m := embeddedInternal(t)
	ids := map[wordID]bool{}
	for w, info := range m.v.words {
		if info.id == noWord || int(info.id) > m.v.nWords || ids[info.id] {
			t.Fatalf("%q: word id %d not unique in 1..%d", w, info.id, m.v.nWords)
		}
		ids[info.id] = true
		// the analysis of a known word carries its id
		if got, fixed := m.v.analyse(w); got.id != info.id || fixed != "" {
			t.Errorf("analyse(%q): id %d fixed %q, want id %d", w, got.id, fixed, info.id)
		}
		var want wordFlag
		for _, s := range []struct {
			flag wordFlag
			set  map[string]bool
		}{{flagNow, nowWords}, {flagPain, painWords}, {flagQuestion, questionWds}, {flagWh, whWords}, {flagFever, feverWords},
			{flagDone, doneWords}, {flagDoneSplit, doneSplits}} {
			if s.set[w] {
				want |= s.flag
			}
		}
		if isSpecialWord(w) {
			want |= flagSpecial
		}
		if m.flags[info.id] != want {
			t.Errorf("%q: flags %b, want %b", w, m.flags[info.id], want)
		}
		var cues []int32
		for bi, base := range [3]string{w, strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es")} {
			if bi == 0 || base != w {
				cues = append(cues, m.cueByFirst[base]...)
			}
		}
		var got []int32
		for _, r := range m.cueList[m.cueStart[info.id]:m.cueStart[info.id+1]] {
			got = append(got, r.cue)
		}
		if !slices.Equal(got, cues) {
			t.Errorf("%q: cues %v, want %v", w, got, cues)
		}
		if got, want := m.ctx.byWord[info.id], m.ctx.words[w]; got.first != want.first || got.one != want.one {
			t.Errorf("%q: context %+v, want %+v", w, got, want)
		}
		for l, list := range m.ctx.lists {
			cw := m.ctx.byWord[info.id]
			var got [][]string
			if cw.first&(1<<l) != 0 {
				got = m.ctx.firstSeqs[int(cw.seqs)+bits.OnesCount32(cw.first&(1<<l-1))]
			}
			if want := list.byFirst[w]; !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q: list %d triggers %v, want %v", w, l, got, want)
			}
		}
	}
	s := m.screen
	n := 0
	// the keywords by the term of their first part, in order: what kwList
	// lists
	kwByFirst := make([][]int32, len(m.v.names))
	for i, kw := range m.kws {
		if p := kw.p; p[0].kind != partTerm || p[0].term == noTerm {
			t.Errorf("keyword %v does not start with a term", p)
			continue
		}
		kwByFirst[kw.p[0].term] = append(kwByFirst[kw.p[0].term], int32(i))
	}
	for k, kws := range kwByFirst {
		if len(m.kwCands(termID(k))) != len(kws) {
			t.Errorf("term %d: %d keyword candidates, want %d", k, len(m.kwCands(termID(k))), len(kws))
			continue
		}
		for ci, c := range m.kwCands(termID(k)) {
			p := m.kws[kws[ci]].p
			want := mpart{kind: noPart}
			if len(p) > 1 && p[1].kind == partTerm {
				want = mpart{term: p[1].term, wid: m.v.words[p[1].text].id, kind: partTerm}
			}
			if c.alt != kws[ci] || c.next != want || c.entry != m.kws[kws[ci]].entry {
				t.Errorf("term %d keyword candidate %d: %+v, want keyword %d, %+v", k, ci, c, kws[ci], want)
			}
		}
	}
	for k, alts := range s.altByPairText {
		info, ok := m.v.words[k.text]
		if !ok {
			continue
		}
		n++
		if got := s.pairRuns.get(wordKey(k.first, info.id), 1); got != alts {
			t.Errorf("pair %v: %v by id, want %v", k, got, alts)
		}
	}
	inKeys := map[wordID]bool{}
	byPair, byWord := pairMaps(s)
	for k := range byWord {
		inKeys[wordID(uint32(k))] = true
	}
	for w, ok := range s.pairWord {
		if ok != inKeys[wordID(w)] {
			t.Errorf("word %d: marked %v, in a pair key %v", w, ok, inKeys[wordID(w)])
		}
	}
	if n != len(byWord) {
		t.Errorf("%d pairs by id, want %d", len(byWord), n)
	}
	// tryTermAlts skips the first part of what it finds by a term: it
	// must be that term
	firstIs := func(alt int32, k termID) {
		if p := s.alts[alt]; p[0].kind != partTerm || p[0].term != k {
			t.Errorf("alternative %d (%v) found by term %d does not start with it", alt, p, k)
		}
	}
	for k := range len(s.candStart) - 1 {
		for ci, c := range termCands(s, termID(k)) {
			firstIs(c.alt, termID(k))
			p := s.alts[c.alt]
			want := mpart{kind: noPart}
			if len(p) > 1 && p[1].kind == partTerm {
				want = mpart{term: p[1].term, wid: m.v.words[p[1].text].id, kind: partTerm}
			}
			if c.next != want {
				t.Errorf("term %d candidate %d: %+v, want %+v", k, ci, c, want)
			}
		}
	}
	for k, r := range byPair {
		for _, alt := range runAlts(s, r) {
			firstIs(alt, k.first)
		}
	}
	for k := range m.v.names {
		for _, c := range m.kwCands(termID(k)) {
			if p := m.kws[c.alt].p; p[0].kind != partTerm || p[0].term != termID(k) {
				t.Errorf("keyword %v found by term %d does not start with it", p, k)
			}
		}
	}
	for k, r := range s.altByPairText {
		for _, alt := range runAlts(s, r) {
			firstIs(alt, k.first)
		}
	}
}

// pairMaps returns the keys of s.pairRuns and their runs, those tagged 0
// by pair and those tagged 1 by word key.
func pairMaps(s *screen) (map[termPair]pairRun, map[uint64]pairRun) {
	byPair, byWord := map[termPair]pairRun{}, map[uint64]pairRun{}
	for _, e := range s.pairRuns.slots {
		switch x := e.key &^ (1 << 63); {
		case e.run.end == 0:
		case e.key>>63 == 0:
			byPair[termPair{termID(x >> 32), termID(uint32(x))}] = e.run
		default:
			byWord[x] = e.run
		}
	}
	return byPair, byWord
}

// termCands returns the candidates of term k.
func termCands(s *screen, k termID) []altCand { return s.cands[s.candStart[k]:s.candStart[k+1]] }

// runAlts returns the alternatives of run r.
func runAlts(s *screen, r pairRun) []int32 {
	var out []int32
	for _, e := range s.pairs[r.start:r.end] {
		out = append(out, e.alt)
	}
	return out
}

// TestByteScans checks asks and hasSpanishMarks against the
// strings.ContainsAny they stand for, on valid and invalid UTF-8.
func TestByteScans(t *testing.T) {
	texts := []string{"", "?", "¿", "¿qué", "what?", "hola", "mañana", "ÑU", "\xc2", "\xbf", "a\xc2?", "\xe0\xc2\xbf",
		"\xc2\xc2\xbf", "\xf0\x9f\x98\x80 ok", "café", "\xff\xfe¡", "long ascii text with no marks at all here"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("a ?\xc2\xbf\xc3\xb1\xa1\xe2\x80\xff")
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := asks(s), strings.ContainsAny(s, "?¿"); got != want {
			t.Errorf("asks(%q) = %v, want %v", s, got, want)
		}
		if got, want := hasSpanishMarks(s), strings.ContainsAny(s, "ñÑ¿¡áéíóúÁÉÍÓÚ"); got != want {
			t.Errorf("hasSpanishMarks(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestPairIndexes checks the screen's term and pair indexes against their
// definition: every alternative whose first part is a term is listed
// under that term, in the order of the alternatives, unless its term
// has pairFrom alternatives or more and its second part is a term; those
// are listed under (first term, second term) and (first term, second
// word) instead, in the same order.
func TestPairIndexes(t *testing.T) {
	m := embeddedInternal(t)
	s := m.screen
	byFirst := map[termID][]int32{}
	for a, p := range s.alts {
		if p[0].kind == partTerm {
			byFirst[p[0].term] = append(byFirst[p[0].term], int32(a))
		}
	}
	byTerm := map[termID][]int32{}
	byPair := map[termPair][]int32{}
	byText := map[termText][]int32{}
	for k, alts := range byFirst {
		for _, a := range alts {
			p := s.alts[a]
			if len(alts) < pairFrom || len(p) < 2 || p[1].kind != partTerm {
				byTerm[k] = append(byTerm[k], a)
				continue
			}
			byPair[termPair{k, p[1].term}] = append(byPair[termPair{k, p[1].term}], a)
			byText[termText{k, p[1].text}] = append(byText[termText{k, p[1].text}], a)
			if !s.paired[k] || !s.pairSecond[p[1].term] || !s.pairText.may(p[1].text) {
				t.Errorf("alternative %d: first term %d, second %d %q not flagged", a, k, p[1].term, p[1].text)
			}
		}
	}
	for k := range len(s.candStart) - 1 {
		var alts []int32
		for _, c := range termCands(s, termID(k)) {
			alts = append(alts, c.alt)
		}
		if !slices.Equal(alts, byTerm[termID(k)]) {
			t.Errorf("term %d's candidates %v, want %v", k, alts, byTerm[termID(k)])
		}
	}
	runs, _ := pairMaps(s)
	if len(runs) != len(byPair) || len(s.altByPairText) != len(byText) {
		t.Errorf("%d pairs by term and %d by word, want %d and %d", len(runs), len(s.altByPairText), len(byPair), len(byText))
	}
	for k, alts := range byPair {
		if got := runAlts(s, s.pairRuns.get(pairKey(k.first, k.second), 0)); !slices.Equal(got, alts) {
			t.Errorf("altByPair[%v] = %v, want %v", k, got, alts)
		}
	}
	for k, alts := range byText {
		if got := runAlts(s, s.altByPairText[k]); !slices.Equal(got, alts) {
			t.Errorf("altByPairText[%v] = %v, want %v", k, got, alts)
		}
	}
	// A paired alternative's parts after the first, as tryPaired reads
	// them: those of shapeTerm by term and word id, none otherwise.
	for pi, e := range s.pairs {
		p := s.alts[e.alt]
		var want []termPart
		if s.shape[e.alt] == shapeTerm {
			for _, pt := range p[1:] {
				want = append(want, termPart{pt.term, m.v.words[pt.text].id})
			}
		}
		if got := s.pairRest[e.rest : e.rest+int32(e.n)]; int(e.n) != len(want) || !slices.Equal(got, want) {
			t.Errorf("pair entry %d (alternative %d): parts %v, want %v", pi, e.alt, got, want)
		}
	}
}
