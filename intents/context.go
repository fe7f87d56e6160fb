package intents

import (
	"math/bits"
	"strings"
	"unsafe"

	"github.com/carebot/carebot/knowledge"
)

// The context lists, by index (see knowledge.ContextNames).
const (
	ctxActual contextList = iota
	ctxActualBefore
	ctxBaby
	ctxBabyObject
	ctxBpWords
	ctxConditional
	ctxConjunction
	ctxFirstPerson
	ctxHistory
	ctxHypothetical
	ctxHypotheticalAny
	ctxInability
	ctxList
	ctxListing
	ctxNegation
	ctxNotBody
	ctxPostNegation
	ctxPseudoNegation
	ctxReassurance
	ctxReporting
	ctxTerminate
	ctxWeatherBefore
	ctxComparison
	ctxRecentBirth
	ctxRelapse
	ctxIntrusive
	nContextLists
)

// contextList is the index of a context list.
type contextList uint8

// contextNames are the names of the lists, by index.
var contextNames = [nContextLists]string{ctxActual: "actual", ctxActualBefore: "actual_before", ctxBaby: "baby", ctxBabyObject: "baby_object", ctxBpWords: "bp_words", ctxConditional: "conditional", ctxConjunction: "conjunction", ctxFirstPerson: "first_person", ctxHistory: "history", ctxHypothetical: "hypothetical", ctxHypotheticalAny: "hypothetical_any", ctxInability: "inability", ctxList: "list", ctxListing: "listing", ctxNegation: "negation", ctxNotBody: "not_body", ctxPostNegation: "post_negation", ctxPseudoNegation: "pseudo_negation", ctxReassurance: "reassurance", ctxReporting: "reporting", ctxTerminate: "terminate", ctxWeatherBefore: "weather_before", ctxComparison: "comparison", ctxRecentBirth: "recent_birth", ctxRelapse: "relapse", ctxIntrusive: "intrusive"}

// contextRules are the trigger lists of the context rules (NegEx/ConText
// style), read from the knowledge base's context section: which words deny,
// which only look like a denial, where a denial stops, which phrases make a
// sentence hypothetical or past history, and who a clause is about. The
// lists are data (content/context.yaml) so that a clinician can read and
// extend them; only the way they combine is code.
type contextRules struct {
	lists [nContextLists]*triggers
	// first and one index every word by the lists it may start a
	// trigger of, and those it is a one-word trigger of (bit i: list
	// i), so that a token is looked up once, not once per list.
	words map[string]ctxWord
	known wordFilter // the keys of words, before a look-up
	// byWord is words by word id (indexWords), for a token whose text is
	// a known word; inByWord has bit w set where byWord[w] is not empty:
	// few words are, and most tokens are told so from a small array
	// rather than read in a large one.
	byWord   []ctxWord
	inByWord []uint64
	// firstSeqs are the triggers of the known words, by word: word w's
	// triggers of the lists of its first bits, in the order of the bits,
	// are firstSeqs[byWord[w].seqs:], so a known word's triggers of a
	// list are a slice look-up, not a string-map look-up.
	firstSeqs [][][]string
	// prefixed are the lists with a trigger whose first word ends in
	// "*": no word index finds those.
	prefixed uint32
	// pseudo maps a negation word to the pseudo-negations it starts or
	// sits in, with its offset in each ("can not": offset 1).
	pseudo map[string][]pseudoTrigger
	// firstIDs are firstSeqs with their words as word ids, for at to read
	// without the strings: the triggers of firstSeqs[j] are
	// firstIDs[firstAt[j]:firstAt[j+1]], each its length then the ids of
	// its words after the first (noWord: no known word; starWord: a word
	// ending in "*", read as text).
	firstIDs []wordID
	firstAt  []int32
	// pseudoList are the pseudo-negations of the known words, by word
	// (ctxWord.pseudo), and pseudoIDs the same as word ids, in a form
	// read without the strings: those of a word are pseudoIDs[
	// pseudoAt[pseudo-1]:pseudoAt[pseudo]], each its length, its offset,
	// its index in pseudoList, then its ids (as in firstIDs).
	pseudoList []pseudoTrigger
	pseudoIDs  []wordID
	pseudoAt   []int32
}

// starWord marks a trigger word ending in "*" in firstIDs.
const starWord wordID = -1

// triggers is one trigger list, indexed by first word. A trigger is a
// sequence of folded words; the last may end in "*" (any ending).
type triggers struct {
	byFirst map[string][][]string
	prefix  [][]string // triggers whose first word ends in "*"
}

// ctxWord is what the index knows of one word: the lists it may start a
// trigger of (first) and those it is a one-word trigger of (one).
type ctxWord struct {
	first, one uint32
	seqs       int32 // in byWord: the word's first triggers in firstSeqs
	// pseudo, in byWord, is 1 + the index of the word's pseudo-negations
	// in pseudoAt (0: none): they are pseudoList[pseudoAt[pseudo-1]:
	// pseudoAt[pseudo]]
	pseudo int32
}

type pseudoTrigger struct {
	seq []string
	off int
}

// compileContext reads the context lists of kb, in every language at once:
// messages mix languages, and a trigger of one is seldom a word of the
// other.
func compileContext(kb *knowledge.Base) *contextRules {
	c := &contextRules{pseudo: map[string][]pseudoTrigger{}, words: map[string]ctxWord{}}
	for li, name := range contextNames {
		t := &triggers{byFirst: map[string][][]string{}}
		for _, lang := range knowledge.Languages() {
			for _, w := range kb.ContextList(name, lang) {
				seq := triggerWords(w)
				if len(seq) == 0 {
					continue
				}
				if strings.HasSuffix(seq[0], "*") {
					t.prefix = append(t.prefix, seq)
					c.prefixed |= 1 << li
					continue
				}
				t.byFirst[seq[0]] = append(t.byFirst[seq[0]], seq)
				cw := c.words[seq[0]]
				cw.first |= 1 << li
				if len(seq) == 1 {
					cw.one |= 1 << li
				}
				c.words[seq[0]] = cw
				c.known.add(seq[0])
			}
		}
		c.lists[li] = t
	}
	neg := c.lists[ctxNegation]
	for _, lang := range knowledge.Languages() {
		for _, w := range kb.ContextList("pseudo_negation", lang) {
			seq := triggerWords(w)
			for off, word := range seq {
				if neg.has(word) { // every cue in it: "no disfruto nada"
					c.pseudo[word] = append(c.pseudo[word], pseudoTrigger{seq: seq, off: off})
				}
			}
		}
	}
	return c
}

// indexWords indexes the trigger words by word id, once v is finished.
func (c *contextRules) indexWords(v *vocab) {
	c.byWord = make([]ctxWord, v.nWords+1)
	n := 0
	for _, cw := range c.words {
		n += bits.OnesCount32(cw.first)
	}
	c.firstSeqs = make([][][]string, 0, n)
	for w, cw := range c.words {
		if info, ok := v.words[w]; ok {
			cw.seqs = int32(len(c.firstSeqs))
			for l := range c.lists {
				if cw.first&(1<<l) != 0 {
					c.firstSeqs = append(c.firstSeqs, c.lists[l].byFirst[w])
				}
			}
			c.byWord[info.id] = cw
		}
	}
	c.firstAt = make([]int32, 0, len(c.firstSeqs)+1)
	for _, seqs := range c.firstSeqs {
		c.firstAt = append(c.firstAt, int32(len(c.firstIDs)))
		for _, seq := range seqs {
			c.firstIDs = append(c.firstIDs, wordID(len(seq)))
			for _, w := range seq[1:] {
				id := v.words[w].id
				if strings.HasSuffix(w, "*") {
					id = starWord
				}
				c.firstIDs = append(c.firstIDs, id)
			}
		}
	}
	c.firstAt = append(c.firstAt, int32(len(c.firstIDs)))
	c.pseudoAt = []int32{0}
	for w, ps := range c.pseudo {
		info, ok := v.words[w]
		if !ok || info.id == noWord || int(info.id) >= len(c.byWord) {
			continue
		}
		for _, p := range ps {
			c.pseudoIDs = append(c.pseudoIDs, wordID(len(p.seq)), wordID(p.off), wordID(len(c.pseudoList)))
			for _, sw := range p.seq {
				id := v.words[sw].id
				if strings.HasSuffix(sw, "*") {
					id = starWord
				}
				c.pseudoIDs = append(c.pseudoIDs, id)
			}
			c.pseudoList = append(c.pseudoList, p)
		}
		c.pseudoAt = append(c.pseudoAt, int32(len(c.pseudoIDs)))
		c.byWord[info.id].pseudo = int32(len(c.pseudoAt) - 1)
	}
	c.inByWord = make([]uint64, (len(c.byWord)+63)/64)
	for w, cw := range c.byWord {
		if cw != (ctxWord{}) {
			c.inByWord[w/64] |= 1 << (w % 64)
		}
	}
}

// triggerWords folds a trigger as the tokenizer folds a message ("can't"
// becomes "cant", "sé" becomes "se").
func triggerWords(s string) []string {
	// A trigger is a few words: its tokens go to a buffer on the stack,
	// and out is made at their number, not grown.
	var buf [16]rawToken
	toks, star := triggerTokens(s, buf[:0])
	var out []string
	if len(toks) > 0 {
		out = make([]string, len(toks))
		for i, t := range toks {
			out[i] = t.text
		}
	}
	if star && len(out) > 0 {
		out[len(out)-1] += "*"
	}
	return out
}

// triggerTokens is the tokens of trigger s, appended to buf, and whether
// s ends in "*" (its last word is a prefix): triggerWords' words, without
// the slice of them.
func triggerTokens(s string, buf []rawToken) (toks []rawToken, star bool) {
	s = strings.TrimSpace(s)
	return tokenize(strings.TrimSuffix(s, "*"), buf), strings.HasSuffix(s, "*")
}

// has reports whether the one-word trigger w is in the list.
func (t *triggers) has(w string) bool {
	if t == nil {
		return false
	}
	for _, seq := range t.byFirst[w] {
		if len(seq) == 1 {
			return true
		}
	}
	return false
}

// is reports whether token i is a one-word trigger of list l.
func (c *contextRules) is(a *analysis, l contextList, i int) bool {
	return i >= 0 && i < len(a.toks) && a.toks[i].ctxOne&(1<<l) != 0
}

// at returns the length of the longest trigger of list l that starts at
// token i, or 0.
func (c *contextRules) at(a *analysis, l contextList, i int) int {
	if i < 0 || i >= len(a.toks) {
		return 0
	}
	tok := &a.toks[i]
	t := c.lists[l]
	if tok.ctxFirst&(1<<l) == 0 && len(t.prefix) == 0 {
		return 0
	}
	best := 0
	// with the list's bit off in ctxFirst (index), neither the text nor
	// the surface as typed starts a trigger of it
	if tok.ctxFirst&(1<<l) != 0 {
		if tok.wid != noWord && int(tok.wid) < len(c.byWord) {
			// the text's own first bits, not ctxFirst, which has the
			// surface's too
			if cw := &c.byWord[tok.wid]; cw.first&(1<<l) != 0 {
				j := int(cw.seqs) + bits.OnesCount32(cw.first&(1<<l-1))
				ids := c.firstIDs[c.firstAt[j]:c.firstAt[j+1]]
				for n := 0; len(ids) > 0; n++ {
					size := int(ids[0])
					// the words after the first: i's own was found by its id
					if size > best && idsAt(a, ids[1:size], i+1, func(k int) string { return c.firstSeqs[j][n][1+k] }) {
						best = size
					}
					ids = ids[size:]
				}
			}
		} else {
			for _, seq := range t.byFirst[tok.text] {
				if len(seq) > best && seqFrom(a, seq, i, 1) {
					best = len(seq)
				}
			}
		}
		if tok.orig != tok.text {
			for _, seq := range t.byFirst[tok.orig] {
				if len(seq) > best && seqFrom(a, seq, i, 1) {
					best = len(seq)
				}
			}
		}
	}
	for _, seq := range t.prefix {
		if len(seq) > best && seqAt(a, seq, i) {
			best = len(seq)
		}
	}
	return best
}

// index looks every token up once in the trigger index, and returns the
// lists any token may start a trigger of; a trigger is read as typed too,
// so a correction cannot turn "niega" into another word.
func (c *contextRules) index(a *analysis) (any uint32) {
	for i := range a.toks {
		t := &a.toks[i]
		t.ctxFirst, t.ctxOne = 0, 0
		if t.wid != noWord && int(t.wid) < len(c.byWord) {
			if c.inByWord[t.wid/64]&(1<<(t.wid%64)) != 0 {
				cw := c.byWord[t.wid]
				t.ctxFirst, t.ctxOne = cw.first, cw.one
			}
		} else if c.known.may(t.text) {
			cw := c.words[t.text]
			t.ctxFirst, t.ctxOne = cw.first, cw.one
		}
		if t.orig != t.text && c.known.may(t.orig) {
			cw := c.words[t.orig]
			t.ctxFirst |= cw.first
			t.ctxOne |= cw.one
		}
		any |= t.ctxFirst
	}
	return any | c.prefixed
}

// idsAt is seqAt for a seq whose words have the word ids ids (see
// firstIDs), word(k) being its word k: a token whose text is a known
// word, typed so, is compared by id, and the trigger's strings are read
// only for the others.
func idsAt(a *analysis, ids []wordID, i int, word func(k int) string) bool {
	if i < 0 || i+len(ids) > len(a.toks) {
		return false
	}
	for k, id := range ids {
		t := &a.toks[i+k]
		if id != starWord && t.wid != noWord && asTyped(t) {
			if t.wid != id {
				return false
			}
			continue
		}
		if !triggerWordIs(t, word(k)) {
			return false
		}
	}
	return true
}

// triggerWordIs reports whether token t, as read or as typed, is the
// trigger word w; a w ending in "*" matches any ending.
func triggerWordIs(t *token, w string) bool {
	if p, ok := strings.CutSuffix(w, "*"); ok {
		return strings.HasPrefix(t.text, p) || strings.HasPrefix(t.orig, p)
	}
	return t.text == w || t.orig == w
}

// asTyped reports cheaply whether t's text is its orig: true only when
// the two are the same string, not merely equal ones.
func asTyped(t *token) bool {
	return len(t.text) == len(t.orig) && unsafe.StringData(t.text) == unsafe.StringData(t.orig)
}

// seqAt reports whether the words of seq are the tokens from i on.
func seqAt(a *analysis, seq []string, i int) bool { return seqFrom(a, seq, i, 0) }

// seqFrom is seqAt for a seq whose words before from are known to be the
// tokens from i on: a trigger found by its first word (byFirst) is read
// from its second.
func seqFrom(a *analysis, seq []string, i, from int) bool {
	if i < 0 || i+len(seq) > len(a.toks) {
		return false
	}
	for k := from; k < len(seq); k++ {
		if !triggerWordIs(&a.toks[i+k], seq[k]) {
			return false
		}
	}
	return true
}

// pseudoNegation reports whether the negation word at i sits in a phrase
// that only looks like a denial: inability ("can not feel", "no puedo"),
// persistence ("won't stop", "no se me quita", "not getting better") or an
// absent function that is itself the sign ("isn't breathing", "no
// respira").
func (c *contextRules) pseudoNegation(a *analysis, i int) bool {
	w := a.toks[i].text
	// "no sé" (I don't know) is no denial, but "no se me duermen" is one;
	// a longer listed phrase still wins ("no se me quita" is persistence).
	seClitic := w == "no" && i+2 < len(a.toks) && a.toks[i+1].text == "se" && clitics[a.toks[i+2].text]
	if t := &a.toks[i]; t.wid != noWord && int(t.wid) < len(c.byWord) {
		if pi := c.byWord[t.wid].pseudo; pi > 0 {
			for ids := c.pseudoIDs[c.pseudoAt[pi-1]:c.pseudoAt[pi]]; len(ids) > 0; {
				size, off, pl := int(ids[0]), int(ids[1]), ids[2]
				if (!seClitic || size > 2) && idsAt(a, ids[3:3+size], i-off, func(k int) string { return c.pseudoList[pl].seq[k] }) {
					return true
				}
				ids = ids[3+size:]
			}
		}
	} else {
		for _, p := range c.pseudo[w] {
			if (!seClitic || len(p.seq) > 2) && seqAt(a, p.seq, i-p.off) {
				return true
			}
		}
	}
	if seClitic {
		return false
	}
	// "no puedo ni agarrar": after inability, "ni" is emphasis.
	if w == "ni" && c.is(a, ctxInability, i-1) {
		return true
	}
	// "no puedo", "no me puedo", "ni la puedo": inability, not denial.
	for j := i + 1; j < len(a.toks) && j <= i+2; j++ {
		if c.is(a, ctxInability, j) {
			return true
		}
		if !clitics[a.toks[j].text] {
			break
		}
	}
	return false
}

// markContext sets, for every token, whether it is denied (neg), hedged
// (in a hypothetical or past-history clause) and about the baby, and
// numbers the sentences.
func (a *analysis) markContext(c *contextRules) {
	any := c.index(a)
	a.markNegation(c)
	// Most messages have no hedge and no baby: skip those passes then.
	const hedges = 1<<ctxHypothetical | 1<<ctxHistory | 1<<ctxHypotheticalAny
	if any&hedges != 0 {
		a.markHedges(c)
	}
	if any&(1<<ctxBaby) != 0 {
		a.markExperiencer(c)
	}
}

// clauseEnd reports whether token i ends a clause: a full stop, a comma or
// a terminator ("but", "pero", "and", "y").
func (c *contextRules) clauseEnd(a *analysis, i int) bool {
	t := &a.toks[i]
	return t.kind == tokBreak || t.kind == tokComma || c.is(a, ctxTerminate, i)
}

// markHedges marks the tokens of hypothetical and past-history clauses.
// A hypothetical ("what if", "signs of", "qué pasa si") runs from its
// trigger to the end of the sentence, unless the sentence says it is
// happening now ("right now", "ahorita"); a history ("last pregnancy",
// "con mi primer bebé") covers its clause, both ways.
func (a *analysis) markHedges(c *contextRules) {
	start, prev := 0, -1
	for i := 0; i <= len(a.toks); i++ {
		if i < len(a.toks) && a.toks[i].kind != tokBreak {
			continue
		}
		a.hedgeSentence(c, start, i)
		// "is chest pain after birth ever normal? just curious": a
		// marker of curiosity hedges its sentence and the one before,
		// unless the sentence is made a report again (round 19: "asking
		// for a friend, if she planned to take her pills tonight would
		// you tell anyone").
		if anyIn(a, c, ctxHypotheticalAny, start, i) && !anyIn(a, c, ctxActual, start, i) {
			from := start
			if prev >= 0 {
				from = prev
			}
			for k := from; k < i; k++ {
				a.toks[k].hedge = true
			}
		}
		// "what happens to a baby if the mom disappears for good. asking
		// for real": a marker of meaning it makes the question before a
		// report again, unless it is past history or curiosity.
		if prev >= 0 && !anyIn(a, c, ctxHypotheticalAny, start, i) && anyIn(a, c, ctxActualBefore, start, i) {
			for k := prev; k < start; k++ {
				if !a.toks[k].past {
					a.toks[k].hedge, a.toks[k].firm = false, false
				}
			}
		}
		prev, start = start, i+1
	}
}

// anyIn reports whether a trigger of list l starts in tokens [from, to).
func anyIn(a *analysis, c *contextRules, l contextList, from, to int) bool {
	for j := from; j < to; j++ {
		if c.at(a, l, j) > 0 {
			return true
		}
	}
	return false
}

func (a *analysis) hedgeSentence(c *contextRules, from, to int) {
	actual := false
	for i := from; i < to; i++ {
		if c.at(a, ctxActual, i) > 0 {
			actual = true
			break
		}
	}
	for i := from; i < to; i++ {
		if !actual {
			if n := c.at(a, ctxHypothetical, i); n > 0 {
				// A condition ("what if my bp goes over 160/110")
				// hedges even a written reading; a question about
				// one ("what does 145/95 mean?") does not.
				firm := false
				for j := i; j < i+n; j++ {
					firm = firm || c.is(a, ctxConditional, j)
				}
				for j := i; j < to; j++ {
					a.toks[j].hedge, a.toks[j].firm = true, firm
				}
				return
			}
		}
		// "worse than last month" compares, and "desde hace un mes" and
		// "for the last month" say how long: none tells history.
		n := c.at(a, ctxHistory, i)
		if n == 0 {
			n = ageAt(a, i, to) // "when i was 16", "cuando tenía 15"
		}
		if n > 0 && !(i > from && (a.toks[i-1].text == "than" || a.toks[i-1].text == "que" || a.toks[i-1].text == "desde")) && !duration(a, i, from) && !sinceNow(a, i, i+n, to) && !beWith(a, i, from) && !compared(a, c, i, from, to) && !relativeNow(a, c, i, i+n) && !birthDated(a, c, i) {
			lo := i
			for lo > from && !c.clauseEnd(a, lo-1) {
				lo--
			}
			hi := i + n
			for hi < to && !c.clauseEnd(a, hi) {
				hi++
			}
			// "Last time, after my second, I had mastitis with a
			// fever": a history said as a short opening phrase set off
			// by a comma covers the clause it opens too, as it would
			// without the comma (round 21).
			if lo == from && !recentOpener(a, i, i+n) {
				for cl := lo; hi < to && a.toks[hi].kind == tokComma && hi-cl <= 4; {
					cl = hi + 1
					for hi = cl; hi < to && !c.clauseEnd(a, hi); hi++ {
					}
				}
			}
			for j := lo; j < hi; j++ {
				a.toks[j].hedge, a.toks[j].firm, a.toks[j].past = true, true, true
			}
			i = hi
		}
	}
}

// birthDated reports whether the history trigger at i dates a birth told
// just before it ("she had baby last week", "dio a luz la semana pasada"):
// that says the birth is recent, not that what is told with it is past.
func birthDated(a *analysis, c *contextRules, i int) bool {
	for k := max(0, i-6); k < i; k++ {
		if n := c.at(a, ctxRecentBirth, k); n > 0 && k+n == i {
			return true
		}
	}
	return false
}

// recentOpeners are history triggers that name a time of weeks ago, not
// a past pregnancy: "Last week, I fainted" keeps its comma as a bound,
// so a sign told after it is not hedged by the opener (round 21).
var recentOpeners = [][]string{{"last", "week"}, {"last", "month"}, {"la", "semana", "pasada"}, {"el", "mes", "pasado"}, {"hace", "un", "mes"}}

// recentOpener reports whether tokens [from, to) are a recent opener.
func recentOpener(a *analysis, from, to int) bool {
	for _, p := range recentOpeners {
		if len(p) == to-from && seqAt(a, p, from) {
			return true
		}
	}
	return false
}

// markExperiencer marks the words about the baby: in a clause that names
// the baby and has no first-person subject of its own, the words after the
// baby ("my baby isn't breathing", "creo que mi bebé tiene fiebre"; not "not
// bonding with my son", where the baby is the object, nor "i can't breathe
// when i hold him"). A clause joined by "and" or "y" that names nobody goes
// with the one before ("my baby is limp and blue").
func (a *analysis) markExperiencer(c *contextRules) {
	from := 0
	prevBaby := false
	for i := 0; i <= len(a.toks); i++ {
		if i < len(a.toks) && !c.clauseEnd(a, i) {
			continue
		}
		first, self := -1, false
		// "my daughter had her baby" names an adult who gave birth; a
		// baby named after it ("since she gave birth the baby has a
		// fever") is still the subject.
		adultEnd, babyAfter := -1, false
		for j := from; j < i; j++ {
			switch {
			case c.at(a, ctxBaby, j) > 0:
				if first < 0 && !a.babyObject(c, from, j) {
					first = j
				}
				if adultEnd >= 0 && j >= adultEnd {
					babyAfter = true
				}
			case c.is(a, ctxFirstPerson, j) && !c.is(a, ctxReporting, j+1) && !c.is(a, ctxReporting, j+2):
				self = true
			case c.at(a, ctxFirstPerson, j) > 1:
				adultEnd = j + c.at(a, ctxFirstPerson, j)
			}
		}
		if adultEnd >= 0 && !babyAfter {
			self = true
		}
		switch {
		case self:
			prevBaby = false
		case first >= 0:
			prevBaby = true
			for j := first; j < i; j++ {
				a.toks[j].baby = true
			}
		case prevBaby:
			for j := from; j < i; j++ {
				a.toks[j].baby = true
			}
		}
		// Only "and" carries the baby on to the next clause.
		if i < len(a.toks) && !c.is(a, ctxConjunction, i) {
			prevBaby = false
		}
		from = i + 1
	}
}

// babyObject reports whether the baby named at token j is an object or a
// companion ("holding the baby", "con el bebé", "de cargar a la nena"):
// the word before it, past a determiner, is a "baby_object" word.
func (a *analysis) babyObject(c *contextRules, from, j int) bool {
	k := j - 1
	if k >= from && determiners[a.toks[k].text] {
		k--
	}
	return k >= from && c.is(a, ctxBabyObject, k)
}

// determiners may stand between a verb and the baby ("holding my baby").
var determiners = set(`my the our a her his mi el la los las un una su nuestro nuestra`)

// ageAt returns the length of an age said as the time of something at
// token i ("when i was 16", "cuando tenía 15", "at age 12"), a past long
// before the birth; 0 if there is none.
func ageAt(a *analysis, i, to int) int {
	if i >= to || !ageFirst[a.toks[i].text] {
		return 0 // no lead starts here: most tokens, told by one look-up
	}
	for _, lead := range ageLeads {
		j := i
		for _, w := range lead {
			if j >= to || a.toks[j].text != w {
				j = -1
				break
			}
			j++
		}
		if j >= 0 && j < to && a.toks[j].kind == tokNumber && a.toks[j].num >= 3 && a.toks[j].num <= 60 && !strings.ContainsAny(a.toks[j].text, ".,") {
			switch {
			case j+1 < to && yearWords[a.toks[j+1].text]:
				return j + 2 - i // "a los 15 años", "at 16 years old"
			case j+1 < to && otherUnits[a.toks[j+1].text], lead[0] == "a":
				return 0 // "when i was 16 weeks", "a los 5 días del parto"
			}
			return j + 1 - i
		}
	}
	return 0
}

// ageLeads are the words before an age.
var ageLeads = [][]string{{"when", "i", "was"}, {"when", "she", "was"}, {"cuando", "tenia"}, {"at", "age"}, {"a", "los"}}

// ageFirst holds the first word of every age lead.
var ageFirst = func() map[string]bool {
	first := map[string]bool{}
	for _, lead := range ageLeads {
		first[lead[0]] = true
	}
	return first
}()

// sinceNow reports whether the history trigger from i to end is "hace un
// mes que" ("hace un mes que estoy bajoneada"): a span up to now, not the
// past.
func sinceNow(a *analysis, i, end, to int) bool {
	return a.toks[i].text == "hace" && end < to && (a.toks[end].text == "que" || a.toks[end].text == "q")
}

// compared reports whether the history trigger at i follows a comparison
// ("started scratching again like i did in high school", "cortarme otra
// vez como en la secundaria"): what the clause tells is now, and like the
// past, not the past itself. Only with a word of relapse ("again", "otra
// vez") in the sentence: "i had a seizure like last year" is the past.
func compared(a *analysis, c *contextRules, i, from, to int) bool {
	if !anyIn(a, c, ctxRelapse, from, to) {
		return false
	}
	for k := i - 1; k >= from && k >= i-4; k-- {
		if c.clauseEnd(a, k) {
			return false
		}
		// "like back in college": the comparison may run into the
		// history phrase ("like back", "back in").
		if n := c.at(a, ctxComparison, k); n > 0 && k+n >= i {
			return true
		}
	}
	return false
}

// relativeNow reports whether the history trigger from i to end names a
// relative ("mi hermana tuvo", "my sister had") in a message that says
// someone else just gave birth ("dio a luz hace 5 días"): the relative is
// the one who gave birth, and her event is now, not family history.
func relativeNow(a *analysis, c *contextRules, i, end int) bool {
	rel := false
	for j := i; j < end; j++ {
		rel = rel || relatives[a.toks[j].text]
	}
	return rel && anyIn(a, c, ctxRecentBirth, 0, len(a.toks))
}

// relatives are the words of a history trigger that name someone else
// who may have just given birth.
var relatives = set(`sister sister's sisters daughter friend cousin wife hermana hija amiga prima esposa mujer cunada nuera`)

// beWith reports whether the history trigger at i ("with my other",
// "con mi otra") follows "be" or "estar": being with someone ("how i could
// be with my other daughter", the one who died), not a past pregnancy.
func beWith(a *analysis, i, from int) bool {
	if i-1 < from {
		return false
	}
	switch a.toks[i-1].text {
	case "be", "estar":
		return true
	}
	return false
}

// duration reports whether the history trigger at i follows "for the",
// "over the" or "throughout the" ("cried every day for the last month"):
// a span up to now, not the past.
func duration(a *analysis, i, from int) bool {
	if i-2 < from || a.toks[i-1].text != "the" {
		return false
	}
	switch a.toks[i-2].text {
	case "for", "over", "throughout":
		return true
	}
	return false
}
