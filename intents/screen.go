package intents

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// screen is the compiled warning-sign rules. A rule fires when one of its
// patterns has every group within two neighbouring sentences, each group's
// phrase not negated. Where the phrase stands decides how: in a clause
// about the baby a sign of the writer's becomes the baby's sign of the same
// level; in a hypothetical or past-history clause it is no sign, or its
// check sign; a scoped suppression may lower it when the one ambiguity it
// names is likely.
type screen struct {
	rules []signRule
	alts  []phrase
	// altByTerm is the alternatives by their first term (byFirstTerm),
	// dense by termID, from freeze until indexWords makes it the
	// candidates (cands).
	altByTerm [][]int32
	// For a first term with many alternatives ("no", "me", "se"), those
	// whose second part is a term are found through the next tokens
	// instead of tried one by one: by that term (altByPair) or by the
	// word itself (altByPairText), the two ways matchPart matches a term.
	// paired[k] says whether first term k has such alternatives.
	paired []bool
	// pairSecond[k] says whether term k is the second part of a paired
	// alternative; pairText filters the second words of altByPairText
	pairSecond    []bool
	pairText      wordFilter
	altByPair     map[termPair]pairRun
	altByPairText map[termText]pairRun
	// altByPairWord is altByPairText keyed by the word's id, for a token
	// whose text is a known word (wordKey)
	altByPairWord map[uint64]pairRun
	// pairRuns holds altByPair (tagged 0) and altByPairWord (tagged 1)
	// once the words are indexed (the two maps are then dropped): a
	// probe reads one slot of one array, where a map's reads a directory,
	// a table, a control word and a slot.
	pairRuns pairTable
	// pairs are the lists of the pair maps, each a run, with what
	// tryPaired reads of every alternative: read in a row, not each at
	// its alternative's place in shape, restStart and rest.
	pairs []pairAlt
	// pairRest are the parts after the first of the paired alternatives
	// of shapeTerm (pairAlt.rest), those of a run by term side by side.
	pairRest []termPart
	// pairWord[w] says whether known word w is in a key of altByPairWord
	pairWord    []bool
	altByPrefix map[string][]int32 // by the first prefixLen bytes
	altShort    []int32            // prefixes shorter than prefixLen
	altSpecial  []int32
	// patterns are the rule of each pattern: its groups are in refs
	patterns []int32
	// refs lists, for every alternative, the pattern groups it is in:
	// those of alternative a are refs[refStart[a]:refStart[a+1]], in the
	// order of the patterns (one array, not a slice an alternative);
	// nGroups counts the groups of all patterns.
	refs     []groupRef
	refStart []int32
	nGroups  int32
	// refPairs are the alternatives' groups as the patterns are
	// compiled, and refStamp[a] the last group (base+g+1) alternative a
	// was recorded in; freeze turns them into refs.
	refPairs []altGroup
	refStamp []int32
	altIndex byLang[int32] // one alternative per distinct phrase in a language
	altsSize int           // the size altIndex's maps are made with
	// shape[a] is how alternative a goes on after its first part
	// (shapeOne, shapeTerm or shapeOther): one byte an alternative, so
	// that tryFrom decides most alternatives without reading the phrase.
	shape []uint8
	// rest[restStart[a]:restStart[a+1]] are the parts after the first of
	// an alternative of shapeTerm, by term and word id: one array read
	// where the phrase would be two (its slice, then its parts).
	rest      []termPart
	restStart []int32
	// cands[candStart[k]:candStart[k+1]] are term k's candidates (its
	// termCands): altByTerm[k] with each alternative's second part
	// (indexWords), as most alternatives tried at a token fail on it,
	// told from the list and the next tokens without reading the
	// alternative. An offset a term is read where a slice header (six
	// times its size) would be, and holds no pointer for the collector.
	cands     []altCand
	candStart []int32
	// pairBits has the bit pairBit of every key of altByPair and
	// altByPairWord: most pairs the next tokens make are in neither, and
	// are told so from a small array rather than by a map probe.
	pairBits []uint64
}

// pairBitsLog is the base-2 logarithm of the number of bits in pairBits.
const pairBitsLog = 15

// pairBit is the bit of screen.pairBits of key x (of altByPair, tagged
// 0, or altByPairWord, tagged 1).
func pairBit(x uint64, tag uint64) uint64 {
	return ((x ^ tag<<63) * 0x9E3779B97F4A7C15) >> (64 - pairBitsLog)
}

// mayPair reports whether key x tagged tag may be in a pair map.
func (s *screen) mayPair(x, tag uint64) bool {
	b := pairBit(x, tag)
	return s.pairBits[b/64]&(1<<(b%64)) != 0
}

// addPair sets the bit of key x tagged tag.
func (s *screen) addPair(x, tag uint64) {
	b := pairBit(x, tag)
	s.pairBits[b/64] |= 1 << (b % 64)
}

// pairTable maps the keys of pairBits (pairKey tagged 0, wordKey tagged
// 1) to their runs: open addressing over one array, at most half full.
type pairTable struct {
	slots []pairSlot
	shift uint8 // 64 - log2(len(slots))
}

// pairSlot is a key of a pairTable, tagged, and its run; a run is never
// empty, so a slot whose run ends at 0 is free.
type pairSlot struct {
	key uint64
	run pairRun
}

// tagged is key x with tag in its top bit, which a pairKey's or a
// wordKey's is not: their first half is a term.
func tagged(x, tag uint64) uint64 { return x ^ tag<<63 }

// newPairTable returns a pairTable for n keys.
func newPairTable(n int) pairTable {
	log := uint8(4)
	for 1<<log < 2*n {
		log++
	}
	return pairTable{slots: make([]pairSlot, 1<<log), shift: 64 - log}
}

// get returns the run of key x tagged tag, or none.
func (t *pairTable) get(x, tag uint64) pairRun {
	key := tagged(x, tag)
	mask := uint64(len(t.slots) - 1)
	for h := key * 0x9E3779B97F4A7C15 >> t.shift; ; h = (h + 1) & mask {
		e := &t.slots[h]
		if e.key == key || e.run.end == 0 {
			return e.run
		}
	}
}

// put sets the run of key x tagged tag, a key not yet in t.
func (t *pairTable) put(x, tag uint64, r pairRun) {
	key := tagged(x, tag)
	mask := uint64(len(t.slots) - 1)
	h := key * 0x9E3779B97F4A7C15 >> t.shift
	for t.slots[h].run.end != 0 {
		h = (h + 1) & mask
	}
	t.slots[h] = pairSlot{key, r}
}

// pairKey is the key of a termPair in pairBits.
func pairKey(k, k2 termID) uint64 { return uint64(uint32(k))<<32 | uint64(uint32(k2)) }

// pairRun is a list of paired alternatives: screen.pairs[start:end].
type pairRun struct{ start, end int32 }

// pairAlt is a paired alternative as tryPaired reads it: its parts after
// the first are pairRest[rest:rest+n] when it is of shapeTerm with n
// parts after the first (n is 0 otherwise).
type pairAlt struct {
	alt  int32
	rest int32
	n    uint8
}

// termPart is a term part of a phrase as tryFrom reads it.
type termPart struct {
	term termID
	wid  wordID // the part's text as a known word; noWord: not known
}

// The shapes of an alternative (screen.shape).
const (
	shapeOther uint8 = iota // a second part that is no term, or more parts
	shapeOne                // one part
	shapeTerm               // two parts or more, all after the first terms
)

// altCand is an alternative (or a keyword) and its second part; a next
// of kind noPart tells nothing (one part, or a second part that is no
// term).
type altCand struct {
	alt  int32
	next mpart
}

// nextPart is the next of an altCand of phrase p, once v is finished.
func nextPart(v *vocab, p phrase) mpart {
	if !p.termSecond() {
		return mpart{kind: noPart}
	}
	return mpart{term: p[1].term, wid: v.words[p[1].text].id, kind: partTerm}
}

// mpart is a part as an altCand holds it: its word by id, so that a
// known word is compared with a token's by id, without reading either
// string.
type mpart struct {
	term termID
	wid  wordID // the part's text as a known word; noWord: not known
	kind partKind
}

// noPart is the kind of an altCand's next part that tells nothing.
const noPart partKind = 255

// altGroup is alternative alt in the group ref, while compiling.
type altGroup struct {
	alt int32
	ref groupRef
}

// groupRef is group g of pattern p; base is the index of the pattern's
// first group among all groups.
type groupRef struct {
	p    int32
	base int32
	g    int16
	n    int16 // the pattern's groups
}

// byLang maps a language and a phrase to a value: one string map per
// language, so that a look-up hashes the phrase alone. English and
// Spanish, the content's languages, have a field each, so that finding
// the map of a language (once a phrase or a field of one while
// compiling) is a comparison rather than a map look-up of its own.
type byLang[V any] struct {
	en, es map[string]V
	other  map[string]map[string]V
}

// in returns the map of lang, adding it.
func (b *byLang[V]) in(lang string, size int) map[string]V {
	var m *map[string]V
	switch lang {
	case "en":
		m = &b.en
	case "es":
		m = &b.es
	default:
		mm, ok := b.other[lang]
		if !ok {
			if b.other == nil {
				b.other = map[string]map[string]V{}
			}
			mm = make(map[string]V, size)
			b.other[lang] = mm
		}
		return mm
	}
	if *m == nil {
		*m = make(map[string]V, size)
	}
	return *m
}

type signRule struct {
	sign  *knowledge.Sign
	level knowledge.Level
	// unless are the alternatives of the deprecated unless list.
	unless []int32
	// baby is the rule to answer with when the sign is found in a clause
	// about the baby (-1: keep this one); check the rule for a hedged
	// match (-1: none).
	baby, check int32
	suppress    []suppression
}

// suppression is a compiled knowledge.Suppression.
type suppression struct {
	when, except []int32
	to           int32 // rule index, or -1 for none
}

// pattern is a pattern while compiling: the alternatives of each group.
type pattern struct {
	base   int32 // index of the first group among all groups
	groups [][]int32
}

// Mask planes: where a matched phrase stood.
const (
	planeSelf   = iota // the writer (or a partner or patient)
	planeBaby          // a clause about the baby
	planeHedged        // a hypothetical or past-history clause
	planeTypo          // a word read through a typo correction
	nPlanes
)

// screen.run reads a group's four planes at once: a fifth plane must be
// added there too (this fails to compile until then).
var _ = [1]struct{}{}[nPlanes-4]

func compileScreen(kb *knowledge.Base, v *vocab, probs *knowledge.Problems) *screen {
	signs := kb.Signs
	// Sized for the content's alternatives, so the tables do not grow
	// step by step while thousands of phrases are added.
	n, np := 0, 0
	for _, sg := range signs {
		for _, ps := range sg.Patterns {
			for _, p := range ps {
				n += strings.Count(p, "|") + strings.Count(p, "+") + 1
			}
			np += len(ps)
		}
	}
	counted := n
	n += n / 2 // concepts expand (the embedded content: 13,793 counted, 19,337 alternatives)
	s := &screen{
		altByPrefix: make(map[string][]int32, n/16), altIndex: byLang[int32]{},
		alts: make([]phrase, 0, n), patterns: make([]int32, 0, np),
		// an alternative is in about one and a half groups (the embedded
		// content: 27,267 for 19,337)
		refPairs: make([]altGroup, 0, n*3/2), refStamp: make([]int32, n),
		// most alternatives are in one of two languages (the embedded
		// content: 11,375 English and 7,962 Spanish phrases)
		altsSize: counted * 5 / 6,
	}
	bad := func(sg *knowledge.Sign, msg string, args ...any) {
		*probs = append(*probs, knowledge.Problem{Pos: sg.Pos, Msg: fmt.Sprintf("sign %s: ", sg.ID) + fmt.Sprintf(msg, args...)})
	}
	// alts compiles the alternatives of one group, concepts expanded. A
	// concept is used by many signs: its expansion is compiled once.
	expanded := byLang[[]int32]{}
	alts := func(sg *knowledge.Sign, what, src, g, lang string) []int32 {
		var out []int32
		for alt := range strings.SplitSeq(g, "|") {
			if !strings.Contains(alt, "@") {
				id, err := s.alt(v, alt, lang)
				if err != nil {
					bad(sg, "%s %q: %v", what, src, err)
					continue
				}
				out = append(out, id)
				continue
			}
			ex, k := expanded.in(lang, len(kb.Concepts)*4), strings.TrimSpace(alt)
			ids, ok := ex[k]
			if !ok {
				eachExpansion(kb, alt, lang, func(x []byte) {
					id, err := s.altBytes(v, x, lang)
					if err != nil {
						bad(sg, "%s %q: %v", what, src, err)
						return
					}
					ids = append(ids, id)
				})
				ex[k] = ids
			}
			out = append(out, ids...)
		}
		return out
	}
	byID := map[string]int32{}
	for _, sg := range signs {
		level := sg.Level
		if level <= knowledge.LevelNone || level > knowledge.LevelEmergency {
			bad(sg, "level must be check, provider or emergency, not %s", sg.Level)
			continue
		}
		ri := int32(len(s.rules))
		byID[sg.ID] = ri
		rule := signRule{sign: sg, level: level, baby: -1, check: -1}
		for lang, ps := range sg.Unless {
			for _, u := range ps {
				rule.unless = append(rule.unless, alts(sg, "unless", u, u, lang)...)
			}
		}
		s.rules = append(s.rules, rule)
		for lang, ps := range sg.Patterns {
			for _, src := range ps {
				var pat pattern
				for g := range strings.SplitSeq(src, "+") {
					group := alts(sg, "pattern", src, g, lang)
					if len(group) == 0 {
						bad(sg, "pattern %q: empty group", src)
						pat.groups = nil
						break
					}
					pat.groups = append(pat.groups, group)
				}
				if len(pat.groups) == 0 {
					continue
				}
				pi := int32(len(s.patterns))
				pat.base = s.nGroups
				s.nGroups += int32(len(pat.groups))
				s.patterns = append(s.patterns, ri)
				for len(s.refStamp) < len(s.alts) {
					s.refStamp = append(s.refStamp, 0)
				}
				for gi, g := range pat.groups {
					ref := groupRef{p: pi, base: pat.base, g: int16(gi), n: int16(len(pat.groups))}
					stamp := pat.base + int32(gi) + 1
					for _, a := range g {
						if s.refStamp[a] != stamp { // once a group
							s.refStamp[a] = stamp
							s.refPairs = append(s.refPairs, altGroup{a, ref})
						}
					}
				}
			}
		}
	}
	// Links between rules, once every rule has its index.
	ref := func(sg *knowledge.Sign, what, id string) int32 {
		if id == "none" {
			return -1
		}
		ri, ok := byID[id]
		if !ok {
			bad(sg, "%s %q: no such sign", what, id)
			return -1
		}
		return ri
	}
	for ri := range s.rules {
		r := &s.rules[ri]
		sg := r.sign
		// A sign written "about: self" or "about: any" is never the
		// baby's: "self" is the writer's mood ("my baby cries every
		// day" is no low mood), "any" may name the baby as its object
		// ("the baby is the devil").
		if sg.About == "" && !sg.Crisis {
			for bi, b := range s.rules {
				if b.sign.About == "baby" && b.level == r.level {
					r.baby = int32(bi)
					break
				}
			}
		}
		if sg.Check != "" {
			r.check = ref(sg, "check", sg.Check)
		}
		for _, sp := range sg.Suppress {
			if sp == nil {
				continue
			}
			c := suppression{to: ref(sg, "suppression to", sp.To)}
			for lang, us := range sp.When {
				for _, u := range us {
					c.when = append(c.when, alts(sg, "suppression when", u, u, lang)...)
				}
			}
			for lang, us := range sp.Except {
				for _, u := range us {
					c.except = append(c.except, alts(sg, "suppression except", u, u, lang)...)
				}
			}
			r.suppress = append(r.suppress, c)
		}
	}
	return s
}

// expandConcepts replaces every @name in alt by each word of the concept
// in lang (in both languages when lang has none), giving every phrase the
// alternative stands for: the first field's words vary slowest.
func expandConcepts(kb *knowledge.Base, alt, lang string) []string {
	if !strings.Contains(alt, "@") {
		return []string{alt}
	}
	var out []string
	eachExpansion(kb, alt, lang, func(phrase []byte) { out = append(out, string(phrase)) })
	return out
}

// eachExpansion calls f with each phrase of expandConcepts, in its order,
// in a buffer f must not keep: the screen looks most of them up as
// phrases it has compiled already, and a string each was garbage. Each
// phrase is written once, word by word as TrimSpace(before + " " + word),
// rather than built up through a list of every prefix.
func eachExpansion(kb *knowledge.Base, alt, lang string, f func(phrase []byte)) {
	// a field is a word of alt, or a concept's words
	type field struct {
		word  string
		words []string
	}
	var fs []field
	for w := range strings.FieldsSeq(alt) {
		f := field{word: w}
		if id, ok := strings.CutPrefix(w, "@"); ok {
			if c := kb.Concept(id); c != nil {
				f.words = c.Words[lang]
			}
			if len(f.words) == 0 {
				return // unknown concept: reported by the loader
			}
		}
		fs = append(fs, f)
	}
	at := make([]int, len(fs)) // the word of each concept field
	var buf []byte
	for {
		buf = buf[:0]
		for i, f := range fs {
			x := f.word
			if f.words != nil {
				x = f.words[at[i]]
			}
			buf = append(buf, ' ')
			buf = append(buf, x...)
			buf = append(buf[:0], bytes.TrimSpace(buf)...)
		}
		f(buf)
		i := len(fs) - 1
		for ; i >= 0; i-- {
			if fs[i].words == nil {
				continue
			}
			if at[i]++; at[i] < len(fs[i].words) {
				break
			}
			at[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// altBytes is alt for a phrase in a buffer: one already indexed as it is
// written is found without a string made for it.
func (s *screen) altBytes(v *vocab, text []byte, lang string) (int32, error) {
	if id, ok := s.altIndex.in(lang, s.altsSize)[string(text)]; ok {
		return id, nil
	}
	return s.alt(v, string(text), lang)
}

// alt returns the alternative for a phrase, compiling and indexing it the
// first time it is seen.
func (s *screen) alt(v *vocab, text, lang string) (int32, error) {
	text = strings.TrimSpace(text)
	if strings.Contains(text, "  ") {
		text = strings.Join(strings.Fields(text), " ")
	}
	index := s.altIndex.in(lang, s.altsSize)
	if id, ok := index[text]; ok {
		return id, nil
	}
	p, err := v.compilePhrase(text, lang)
	if err != nil {
		return 0, err
	}
	id := s.addAlt(p)
	index[text] = id
	return id, nil
}

// addAlt indexes a phrase by its first part.
func (s *screen) addAlt(p phrase) int32 {
	id := int32(len(s.alts))
	s.alts = append(s.alts, p)
	switch first := p[0]; first.kind {
	case partTerm:
		// indexed by term in freeze (byFirstTerm), once the terms are
		// renumbered
		if isDigits(first.text) {
			// A number has no term: "phq9 q9 = 1" is tried at the
			// number, like the special tokens.
			s.altSpecial = append(s.altSpecial, id)
		}
	case partPrefix:
		if len(first.text) < prefixLen {
			s.altShort = append(s.altShort, id)
		} else {
			k := first.text[:prefixLen]
			s.altByPrefix[k] = append(s.altByPrefix[k], id)
		}
	default:
		s.altSpecial = append(s.altSpecial, id)
	}
	return id
}

// prefixLen is how many leading bytes index prefix alternatives.
const prefixLen = 3

// termPair is a first term and the term of the part after it.
type termPair struct{ first, second termID }

// termText is a first term and the word of the part after it.
type termText struct {
	first termID
	text  string
}

// pairFrom is how many alternatives a first term needs before those with a
// second term are indexed by it.
const pairFrom = 8

// byFirstTerm is the alternatives whose first part is a term, by that
// term, each term's in the order they were added: counted, then cut from
// one array, rather than a slice a term grown an alternative at a time
// as they are compiled.
func (s *screen) byFirstTerm(nTerms int) [][]int32 {
	count := make([]int32, nTerms)
	n := 0
	for _, p := range s.alts {
		if p[0].kind == partTerm {
			count[p[0].term]++
			n++
		}
	}
	all := make([]int32, n)
	out := make([][]int32, nTerms)
	off := 0
	for t, c := range count {
		if c > 0 {
			out[t] = all[off : off : off+int(c)]
			off += int(c)
		}
	}
	for a, p := range s.alts {
		if k := p[0].term; p[0].kind == partTerm {
			out[k] = append(out[k], int32(a))
		}
	}
	return out
}

// freeze makes the term index dense once every term exists, and moves the
// alternatives of crowded first terms that go on with a term into the pair
// indexes.
func (s *screen) freeze(nTerms int) {
	// near and unlessed look the found alternatives up in these lists
	for ri := range s.rules {
		slices.Sort(s.rules[ri].unless)
		for _, sp := range s.rules[ri].suppress {
			slices.Sort(sp.when)
			slices.Sort(sp.except)
		}
	}
	// The alternatives' groups, by a counting sort that keeps the order
	// they were recorded in.
	s.refStart = make([]int32, len(s.alts)+1)
	for _, ag := range s.refPairs {
		s.refStart[ag.alt+1]++
	}
	for a := 1; a < len(s.refStart); a++ {
		s.refStart[a] += s.refStart[a-1]
	}
	s.refs = make([]groupRef, len(s.refPairs))
	next := slices.Clone(s.refStart[:len(s.alts)])
	for _, ag := range s.refPairs {
		s.refs[next[ag.alt]] = ag.ref
		next[ag.alt]++
	}
	s.refPairs, s.refStamp = nil, nil
	s.altByTerm = s.byFirstTerm(nTerms)
	s.altIndex = byLang[int32]{} // only the compilation looks alternatives up by phrase
	s.paired = make([]bool, nTerms)
	s.pairSecond = make([]bool, nTerms)
	// A pair's alternatives all have the same first term, so each first
	// term's pairs are gathered on their own (its alternatives sorted by
	// the second part, then by id: the order they were appended in) and
	// every list goes into its map once, whole, cut at
	// its length from one array a map: no counting maps, no list grown
	// an alternative at a time, and each phrase read once.
	// Sized for the content: about two alternatives a pair (the embedded
	// content: 8,232 for 3,766 pairs and 4,011 second words). The arrays
	// hold every alternative of the crowded first terms, a few hundred
	// more than go into pairs.
	paired := 0
	for _, alts := range s.altByTerm {
		if len(alts) >= pairFrom {
			paired += len(alts)
		}
	}
	var ents []pairEntry
	s.pairs = make([]pairAlt, 0, 2*paired)
	s.altByPair = make(map[termPair]pairRun, paired/2)
	s.pairBits = make([]uint64, 1<<pairBitsLog/64)
	s.altByPairText = make(map[termText]pairRun, paired/2)
	for k, alts := range s.altByTerm {
		if len(alts) < pairFrom {
			continue
		}
		first := termID(k)
		ents = s.pairEntries(ents[:0], alts)
		if nRest := len(alts) - len(ents); nRest > 0 {
			rest := make([]int32, 0, nRest)
			for _, alt := range alts {
				if !s.alts[alt].termSecond() {
					rest = append(rest, alt)
				}
			}
			s.altByTerm[k] = rest
		} else {
			s.altByTerm[k] = nil
		}
		for _, e := range ents {
			if e.term != noTerm {
				s.pairSecond[e.term] = true
			}
			s.pairText.add(e.text)
			s.paired[k] = true
		}
		slices.SortFunc(ents, byPairTerm)
		s.altRuns(ents, func(a, b *pairEntry) bool { return a.term == b.term }, func(e *pairEntry, r pairRun) {
			s.altByPair[termPair{first, e.term}] = r
			s.addPair(pairKey(first, e.term), 0)
		})
		slices.SortFunc(ents, byPairText)
		s.altRuns(ents, func(a, b *pairEntry) bool { return a.text == b.text }, func(e *pairEntry, r pairRun) {
			s.altByPairText[termText{first, e.text}] = r
		})
	}
}

// pairEntry is an alternative whose second part is a term, while freeze
// gathers the pairs of its first term.
type pairEntry struct {
	text string
	term termID
	alt  int32
}

// pairEntries appends to ents the alternatives of alts whose second part
// is a term, in order.
func (s *screen) pairEntries(ents []pairEntry, alts []int32) []pairEntry {
	for _, alt := range alts {
		if p := s.alts[alt]; p.termSecond() {
			ents = append(ents, pairEntry{text: p[1].text, term: p[1].term, alt: alt})
		}
	}
	return ents
}

// altRuns calls put with each run of neighbours of ents that same holds
// between, its alternatives appended to pairs.
func (s *screen) altRuns(ents []pairEntry, same func(a, b *pairEntry) bool, put func(e *pairEntry, r pairRun)) {
	for i := 0; i < len(ents); {
		j := i + 1
		for j < len(ents) && same(&ents[i], &ents[j]) {
			j++
		}
		r := pairRun{start: int32(len(s.pairs))}
		for _, e := range ents[i:j] {
			s.pairs = append(s.pairs, pairAlt{alt: e.alt})
		}
		r.end = int32(len(s.pairs))
		put(&ents[i], r)
		i = j
	}
}

// byPairTerm orders pair entries by second term, then by alternative.
func byPairTerm(a, b pairEntry) int {
	return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.alt, b.alt))
}

// byPairText orders pair entries by second word, then by alternative.
func byPairText(a, b pairEntry) int {
	return cmp.Or(strings.Compare(a.text, b.text), cmp.Compare(a.alt, b.alt))
}

// specialFilter lets through the number words and the month names.
var specialFilter = func() *wordFilter {
	f := filterOf(numberWords)
	addKeys(f, months)
	return f
}()

// isSpecialWord reports whether w is a number word or a month name, a
// word the special alternatives may start at.
func isSpecialWord(w string) bool {
	_, ok := numberWords[w]
	return ok || months[w] > 0
}

// eachPrefixAlt calls f with every alternative whose first part is a
// prefix pattern that word starts with.
func (s *screen) eachPrefixAlt(word string, f func(int32)) {
	if len(word) >= prefixLen {
		for _, alt := range s.altByPrefix[word[:prefixLen]] {
			if strings.HasPrefix(word, s.alts[alt][0].text) {
				f(alt)
			}
		}
	}
	for _, alt := range s.altShort {
		if strings.HasPrefix(word, s.alts[alt][0].text) {
			f(alt)
		}
	}
}

// wordKey is the key of altByPairWord: a first term and a word id.
func wordKey(k termID, w wordID) uint64 { return uint64(uint32(k))<<32 | uint64(uint32(w)) }

// indexWords records, for every known word, the prefix alternatives it
// starts, so matching a known word needs no prefix look-ups, and keys the
// pairs by word ids.
func (s *screen) indexWords(v *vocab) {
	n := 0
	for _, alts := range s.altByTerm {
		n += len(alts)
	}
	cands := make([]altCand, 0, n)
	s.candStart = make([]int32, len(s.altByTerm)+1)
	for k, alts := range s.altByTerm {
		s.candStart[k] = int32(len(cands))
		for _, alt := range alts {
			cands = append(cands, altCand{alt: alt, next: nextPart(v, s.alts[alt])})
		}
	}
	s.candStart[len(s.altByTerm)] = int32(len(cands))
	s.cands = cands
	s.altByTerm = nil // a slice a term, for the collector to scan
	s.shape = make([]uint8, len(s.alts))
	s.restStart = make([]int32, len(s.alts)+1)
	restOf := func(rest []termPart, p phrase) []termPart {
		for _, pt := range p[1:] {
			rest = append(rest, termPart{pt.term, v.words[pt.text].id})
		}
		return rest
	}
	// Both rests are kept for matching: counted first, they are made at
	// their size rather than grown (and left with the spare capacity of
	// the last doubling). A paired alternative has no rest of its own:
	// it is tried from pairs alone.
	ownRest := func(p phrase) bool { return p[0].kind != partTerm || !s.paired[p[0].term] || !p.termSecond() }
	nRest := 0
	for a, p := range s.alts {
		if len(p) == 1 {
			s.shape[a] = shapeOne
		} else if !slices.ContainsFunc(p[1:], func(pt part) bool { return pt.kind != partTerm }) {
			s.shape[a] = shapeTerm
			if ownRest(p) {
				nRest += len(p) - 1
			}
		}
	}
	s.rest = make([]termPart, 0, nRest)
	for a, p := range s.alts {
		if s.shape[a] == shapeTerm && ownRest(p) {
			s.rest = restOf(s.rest, p)
		}
		s.restStart[a+1] = int32(len(s.rest))
	}
	// The runs by term come first in pairs: each alternative's parts go
	// where it is first met. at[alt] is where they went, plus one (0: not
	// yet).
	at := make([]int32, len(s.alts))
	nRest = 0
	for _, e := range s.pairs {
		if p := s.alts[e.alt]; s.shape[e.alt] == shapeTerm && len(p)-1 <= 255 && at[e.alt] == 0 {
			at[e.alt] = 1
			nRest += len(p) - 1
		}
	}
	clear(at)
	s.pairRest = make([]termPart, 0, nRest)
	for pi := range s.pairs {
		e := &s.pairs[pi]
		p := s.alts[e.alt]
		if s.shape[e.alt] != shapeTerm || len(p)-1 > 255 {
			continue // matchRest reads it
		}
		r := at[e.alt] - 1
		if r < 0 {
			r = int32(len(s.pairRest))
			at[e.alt] = r + 1
			s.pairRest = restOf(s.pairRest, p)
		}
		e.rest, e.n = r, uint8(len(p)-1)
	}
	s.altByPairWord = make(map[uint64]pairRun, len(s.altByPairText))
	s.pairWord = make([]bool, v.nWords+1)
	for k, alts := range s.altByPairText {
		if info, ok := v.words[k.text]; ok {
			s.altByPairWord[wordKey(k.first, info.id)] = alts
			s.addPair(wordKey(k.first, info.id), 1)
			s.pairWord[info.id] = true
		}
	}
	s.pairRuns = newPairTable(len(s.altByPair) + len(s.altByPairWord))
	for k, r := range s.altByPair {
		s.pairRuns.put(pairKey(k.first, k.second), 0, r)
	}
	for k, r := range s.altByPairWord {
		s.pairRuns.put(k, 1, r)
	}
	s.altByPair, s.altByPairWord = nil, nil
	v.prefixAlts = append(v.prefixAlts[:0], nil)
	for w, info := range v.words {
		var alts []int32
		s.eachPrefixAlt(w, func(alt int32) { alts = append(alts, alt) })
		if len(alts) > 0 {
			info.pre = int32(len(v.prefixAlts))
			v.prefixAlts = append(v.prefixAlts, alts)
			v.words[w] = info
		}
	}
}

// try matches alternative alt at token i and records where it was found
// in masks.
func (s *screen) try(m *Matcher, a *analysis, masks *maskSet, alt int32, i int) {
	s.tryFrom(m, a, masks, alt, i, false)
}

// tryFrom is try; firstMatched says the alternative's first part is known
// to match token i.
func (s *screen) tryFrom(m *Matcher, a *analysis, masks *maskSet, alt int32, i int, firstMatched bool) {
	if a.toks[i].neg {
		// A negated sign is no sign, and a negated cue of an
		// ambiguity is no cue: "it never went away" lowers nothing.
		return
	}
	end, ok := i, true // a one-word alternative whose word is known to match
	switch {
	case !firstMatched:
		end, ok = m.matchAt(a, s.alts[alt], i)
	case s.shape[alt] == shapeTerm:
		end, ok = s.restFrom(m, a, alt, s.rest[s.restStart[alt]:s.restStart[alt+1]], i)
	case s.shape[alt] != shapeOne:
		end, ok = m.matchRest(a, s.alts[alt], i)
	}
	if ok {
		s.found(a, masks, alt, i, end)
	}
}

// restAt is matchRest for the term parts after the first of a phrase,
// told by term and word id; sure is false where a token would be compared
// by its text (an unknown word, an emoji, a number), and then it tells
// nothing.
func restAt(a *analysis, rest []termPart, i int) (end int, ok, sure bool) {
	j := i
	for pi := range rest {
		pt := &rest[pi]
		found := false
		for k := j + 1; k <= j+1+maxGap && k < len(a.toks); k++ {
			t := &a.toks[k]
			if t.kind == tokBreak {
				break
			}
			if t.kind == tokWord {
				if t.has(pt.term) || t.wid != noWord && t.wid == pt.wid {
					j, found = k, true
					break
				}
				if t.wid == noWord {
					return 0, false, false
				}
			} else if t.kind == tokEmoji || t.kind == tokNumber {
				return 0, false, false
			}
		}
		if !found {
			return 0, false, true
		}
	}
	return j, true, true
}

// restFrom is matchRest for alternative alt of shapeTerm, whose parts
// after the first are rest.
func (s *screen) restFrom(m *Matcher, a *analysis, alt int32, rest []termPart, i int) (end int, ok bool) {
	end, ok, sure := restAt(a, rest, i)
	if !sure {
		end, ok = m.matchRest(a, s.alts[alt], i)
	}
	return end, ok
}

// tryPaired is tryFrom for a paired alternative whose second part token j
// (after token i, not negated: run) is known to match.
func (s *screen) tryPaired(m *Matcher, a *analysis, masks *maskSet, e *pairAlt, i int, first bool) {
	end, ok := i, true
	switch {
	case !first:
		end, ok = m.matchAt(a, s.alts[e.alt], i)
	case e.n > 0:
		end, ok = s.restFrom(m, a, e.alt, s.pairRest[e.rest:e.rest+int32(e.n)], i)
	default: // a paired alternative has two parts or more
		end, ok = m.matchRest(a, s.alts[e.alt], i)
	}
	if ok {
		s.found(a, masks, e.alt, i, end)
	}
}

// found records alternative alt found from token i to token end.
func (s *screen) found(a *analysis, masks *maskSet, alt int32, i, end int) {
	t := &a.toks[i]
	plane := int32(planeSelf)
	switch {
	case t.hedge && (t.kind != tokScore || t.firm):
		// A reading written down ("145/95") is a fact even in a
		// question ("what does 145/95 mean?").
		plane = planeHedged
	case a.typos && corrected(a, s.alts[alt], i, end):
		// A typo correction never makes a sign on its own
		// ("wirst pain" is not "worst pain", "in coke" is not
		// "in code").
		plane = planeTypo
	case t.baby:
		plane = planeBaby
	}
	masks.set(alt, int(plane), 1<<t.sent)
}

// tryTermAlts tries at token i every alternative whose first part is term
// k and that could start there: all those indexed by k, and of the paired
// ones those whose second part one of the next tokens matches (the tokens
// matchAt looks at, matched as matchPart does), so that matchAt is spared
// the rest.
func (s *screen) tryTermAlts(m *Matcher, a *analysis, masks *maskSet, i int, k termID) {
	// Every alternative found here starts with a part of term k, which a
	// word token carrying k matches (matchPart).
	first := a.toks[i].kind == tokWord && a.toks[i].has(k)
	cands := s.cands[s.candStart[k]:s.candStart[k+1]]
	for ci := range cands {
		if c := &cands[ci]; c.next.kind == noPart || mayFollow(a, i, &c.next) {
			s.tryFrom(m, a, masks, c.alt, i, first)
		}
	}
	if !s.paired[k] {
		return
	}
	for j := i + 1; j <= i+1+maxGap && j < len(a.toks); j++ {
		t := &a.toks[j]
		switch t.kind {
		case tokBreak:
			return
		case tokWord:
			for ki, k2 := range t.keys {
				if k2 == noTerm || (ki == 1 && k2 == t.keys[0]) || !s.pairSecond[k2] || !s.mayPair(pairKey(k, k2), 0) {
					continue
				}
				s.tryRun(m, a, masks, s.pairRuns.get(pairKey(k, k2), 0), i, first)
			}
			fallthrough
		case tokEmoji, tokNumber: // "en 2 horas": a number is matched by its text
			s.tryRun(m, a, masks, s.pairTextAlts(t, k), i, first)
		}
	}
}

// mayFollow reports whether term part p may match one of the tokens after
// token i that matchRest tries for the second part of an alternative or a
// keyword: false only where termAt is sure to be false.
func mayFollow(a *analysis, i int, p *mpart) bool {
	for j := i + 1; j <= i+1+maxGap && j < len(a.toks); j++ {
		switch t := &a.toks[j]; t.kind {
		case tokBreak:
			return false
		case tokWord:
			if t.wid == noWord || t.wid == p.wid || t.has(p.term) {
				return true
			}
		case tokEmoji, tokNumber:
			return true // matched by text
		}
	}
	return false
}

// tryRun tries the paired alternatives of run r at token i (tryPaired).
// One of two parts that starts at a matched first part is found, where it
// ends mattering only for a typo.
func (s *screen) tryRun(m *Matcher, a *analysis, masks *maskSet, r pairRun, i int, first bool) {
	for pi := r.start; pi < r.end; pi++ {
		if e := &s.pairs[pi]; first && e.n == 1 && !a.typos {
			s.found(a, masks, e.alt, i, i)
		} else {
			s.tryPaired(m, a, masks, e, i, first)
		}
	}
}

// pairTextAlts returns the paired alternatives of first term k whose
// second part is the word of token t.
func (s *screen) pairTextAlts(t *token, k termID) pairRun {
	if t.wid != noWord {
		if int(t.wid) >= len(s.pairWord) || !s.pairWord[t.wid] || !s.mayPair(wordKey(k, t.wid), 1) {
			return pairRun{} // no paired alternative goes on with the word
		}
		return s.pairRuns.get(wordKey(k, t.wid), 1)
	}
	if !s.pairText.may(t.text) {
		return pairRun{}
	}
	return s.altByPairText[termText{k, t.text}]
}

// tryPrefixAlts tries at token i every alternative eachPrefixAlt finds for
// word, in the same order.
func (s *screen) tryPrefixAlts(m *Matcher, a *analysis, masks *maskSet, word string, i int) {
	if len(word) >= prefixLen {
		for _, alt := range s.altByPrefix[word[:prefixLen]] {
			if strings.HasPrefix(word, s.alts[alt][0].text) {
				s.try(m, a, masks, alt, i)
			}
		}
	}
	for _, alt := range s.altShort {
		if strings.HasPrefix(word, s.alts[alt][0].text) {
			s.try(m, a, masks, alt, i)
		}
	}
}

// run finds the signs in a and records them in r.
func (s *screen) run(m *Matcher, a *analysis, r *Result) {
	if len(s.alts) == 0 {
		return
	}
	masks := a.scratchMasks()
	for i := range a.toks {
		t := &a.toks[i]
		if t.neg {
			continue // try would turn every alternative down
		}
		switch t.kind {
		case tokWord, tokEmoji:
			for ki, k := range t.keys {
				if k == noTerm || (ki == 1 && k == t.keys[0]) {
					continue
				}
				s.tryTermAlts(m, a, masks, i, k)
			}
			if t.kind == tokWord {
				if t.surf != noTerm && t.surf != t.keys[0] && t.surf != t.keys[1] {
					s.tryTermAlts(m, a, masks, i, t.surf)
				}
				if t.known {
					for _, alt := range t.pre {
						s.try(m, a, masks, alt, i)
					}
				} else {
					s.tryPrefixAlts(m, a, masks, t.orig, i)
					if t.text != t.orig {
						s.tryPrefixAlts(m, a, masks, t.text, i)
					}
				}
				if t.text[0] >= '0' && t.text[0] <= '9' || m.isSpecial(t) {
					for _, alt := range s.altSpecial {
						s.try(m, a, masks, alt, i)
					}
				}
			}
		case tokNumber, tokScore:
			for _, alt := range s.altSpecial {
				s.try(m, a, masks, alt, i)
			}
		}
	}
	if len(masks.keys) == 0 {
		return
	}
	// Each rule's best outcome: found for the writer, for the baby, or
	// only hedged; with the sentences it was found in.
	type found struct {
		rule  int32
		how   int // planeSelf, planeBaby or planeHedged
		sents uint64
	}
	var hits []found
	// Each found phrase adds its sentences to the groups it is in, so a
	// pattern is judged from its groups alone, never by going through
	// every alternative of a concept. A pattern with its first group
	// found is judged once: one with a group missing is found over no
	// planes (evalPattern), so only the complete ones are evaluated.
	groups := a.scratchGroups()
	heads := a.patterns[:0]
	defer func() { a.patterns = heads[:0] }()
	for i, alt := range masks.keys {
		for _, ref := range s.refs[s.refStart[alt]:s.refStart[alt+1]] {
			gm, added := groups.at(ref.base + int32(ref.g))
			if added && ref.g == 0 {
				heads = append(heads, ref)
			}
			am := &masks.vals[i]
			for pl := range gm {
				gm[pl] |= am[pl]
			}
		}
	}
	for _, ref := range heads {
		if !complete(groups, ref) {
			continue
		}
		rule := s.patterns[ref.p]
		how, sents, ok := s.evalPattern(groups, ref, s.rules[rule].sign.About)
		if !ok {
			continue
		}
		k := slices.IndexFunc(hits, func(h found) bool { return h.rule == rule })
		switch {
		case k < 0:
			hits = append(hits, found{rule, how, sents})
		case how < hits[k].how:
			hits[k] = found{rule, how, sents}
		case how == hits[k].how:
			hits[k].sents |= sents
		}
	}
	var out []*knowledge.Sign
	add := func(ri int32) {
		if ri < 0 {
			return
		}
		rule := &s.rules[ri]
		if slices.Contains(out, rule.sign) {
			return
		}
		out = append(out, rule.sign)
		r.Level = max(r.Level, rule.level)
		r.Crisis = r.Crisis || rule.sign.Crisis
	}
	for _, h := range hits {
		rule := &s.rules[h.rule]
		if h.how == planeHedged && !(rule.sign.Crisis && intrusive(a, h.sents)) {
			// Only in a hypothetical or past clause: the rules read the
			// context and ask at most (cleared for the learned model).
			// A crisis what-if told as a thought that keeps coming back
			// and frightens her is one she has now.
			a.cleared = true
			add(rule.check)
			continue
		}
		if unlessed(masks, rule.unless, h.sents) {
			continue
		}
		target := h.rule
		for _, sp := range rule.suppress {
			if near(masks, sp.when, h.sents) && !near(masks, sp.except, h.sents) {
				target = sp.to
				a.cleared = a.cleared || target < 0
				break
			}
		}
		if target == h.rule && h.how == planeBaby && rule.baby >= 0 {
			target = rule.baby
		}
		add(target)
	}
	r.Signs = append(r.Signs, out...)
	sortSigns(r.Signs)
}

// planeSets are the planes a pattern is evaluated over, in order of
// preference: found for the writer (a typo never on its own), then with
// the baby clauses, then with the hedged ones.
var planeSets = [...]struct {
	how    int
	planes uint8
}{
	{planeSelf, 1<<planeSelf | 1<<planeTypo},
	{planeBaby, 1<<planeSelf | 1<<planeTypo | 1<<planeBaby},
	{planeHedged, 1<<planeSelf | 1<<planeTypo | 1<<planeBaby | 1<<planeHedged},
}

// complete reports whether every group of the pattern whose first group
// is ref has a phrase found.
func complete(groups *maskSet, ref groupRef) bool {
	for g := int32(1); g < int32(ref.n); g++ {
		if groups.get(ref.base+g) == nil {
			return false
		}
	}
	return true
}

// evalPattern reports how the pattern whose first group is ref is found,
// if it is, and in which sentences; every group of it has a phrase found
// (complete). Every group must be in one sentence or the next: a sign is
// often told across a full stop ("4 months in. No change."). At least one
// group must be found without a typo correction.
func (s *screen) evalPattern(groups *maskSet, ref groupRef, about string) (how int, sents uint64, ok bool) {
	for _, ps := range planeSets {
		if about == "self" {
			ps.planes &^= 1 << planeBaby
		}
		all := ^uint64(0)
		var clean uint64 // sentences of groups found with no correction
		for g := range int32(ref.n) {
			var gm, gc uint64
			for pl, b := range groups.get(ref.base + g) {
				if ps.planes&(1<<pl) == 0 {
					continue
				}
				gm |= b
				if pl != planeTypo {
					gc |= b
				}
			}
			if ref.n > 1 {
				gm |= gm<<1 | gm>>1
				gc |= gc<<1 | gc>>1
			}
			all &= gm
			clean |= gc
			if all == 0 {
				break
			}
		}
		if all != 0 && all&clean != 0 {
			return ps.how, all, true
		}
	}
	return 0, 0, false
}

// intrusive reports whether a crisis sign found only hedged, in sentences
// sents, is an intrusive thought the writer has now: a trigger of the
// intrusive list ("the thought keeps coming back", "esa idea me asusta")
// in its sentence or the next, and no past history in its sentences ("what
// if i'm one of those moms who snaps and hurts the baby? the thought keeps
// coming back and it scares me").
func intrusive(a *analysis, sents uint64) bool {
	if a.ctx == nil || a.ctx.lists[ctxIntrusive] == nil {
		return false
	}
	var marks uint64
	for j := range a.toks {
		t := &a.toks[j]
		if t.sent < 64 && sents&(1<<t.sent) != 0 && t.past {
			return false
		}
		if t.sent < 64 && a.ctx.at(a, ctxIntrusive, j) > 0 {
			marks |= 1 << t.sent
		}
	}
	return (sents|sents<<1)&marks != 0
}

// near reports whether one of alts is found, not negated, in the sentences
// sents or next to them. alts is sorted.
func near(masks *maskSet, alts []int32, sents uint64) bool {
	win := sents | sents<<1 | sents>>1
	if len(masks.keys) < len(alts) {
		// A message finds a few alternatives, a suppression may list
		// hundreds: the few found are looked up in the list.
		for i, alt := range masks.keys {
			if masks.vals[i].union()&win != 0 {
				if _, ok := slices.BinarySearch(alts, alt); ok {
					return true
				}
			}
		}
		return false
	}
	for _, alt := range alts {
		if m := masks.get(alt); m != nil && m.union()&win != 0 {
			return true
		}
	}
	return false
}

// unlessed reports whether the deprecated unless list cancels a rule found
// in sents: an unless phrase in the same sentence, or the next or the one
// before. alts is sorted.
func unlessed(masks *maskSet, alts []int32, sents uint64) bool {
	if len(alts) == 0 {
		return false
	}
	var um uint64
	if len(masks.keys) < len(alts) {
		// as in near
		for i, alt := range masks.keys {
			if b := masks.vals[i].union(); b != 0 {
				if _, ok := slices.BinarySearch(alts, alt); ok {
					um |= b
				}
			}
		}
	} else {
		for _, alt := range alts {
			if m := masks.get(alt); m != nil {
				um |= m.union()
			}
		}
	}
	return sents&^(um|um<<1|um>>1) == 0
}

// isDigits reports whether w is a non-empty run of ASCII digits.
func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// corrected reports whether a word of phrase p, found at tokens i to end,
// was read through a typo correction: a word of the phrase that the token
// matches only as corrected.
func corrected(a *analysis, p phrase, i, end int) bool {
	for j := i; j <= end; j++ {
		t := &a.toks[j]
		if t.text == t.orig || t.known || t.kind != tokWord {
			continue
		}
		if p[0].kind == partPrefix && j == i && strings.HasPrefix(t.orig, p[0].text) {
			continue // "numbness" typed in full matches "numb*" as typed
		}
		return true
	}
	return false
}
