package intents

import (
	"slices"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/spanish"
)

// termID names an interned stem; noTerm means the word is not a term of
// the knowledge base.
type termID int32

const noTerm termID = -1

// wordInfo is what the matcher knows of one folded surface word.
type wordInfo struct {
	keys [2]termID // term of the English stem and of the Spanish stem
	// surf is the word itself as a term when that differs from its stems
	// ("cp" in a pattern), else noTerm.
	surf  termID
	count int32 // times learned while building: how common in the content
	// id numbers the known words densely (set by finish), so that what
	// depends on a word alone is looked up in a slice, not a string map;
	// analyse returns it only when the info is that of the word the token
	// ends up with (its text), else noWord.
	id wordID
	// pre numbers the word's prefix alternatives in vocab.prefixAlts
	// (0: none): the sign alternatives whose first part is a prefix of the
	// word ("numb*" for "numbness"), computed once for known words. An
	// index rather than the slice keeps the record at 28 bytes, not 64,
	// and the map that holds one per known word at half the size.
	pre   int32
	bits  langBits // languages the word appears in
	stop  bool     // a function word
	known bool
}

// wordID numbers a known word (vocab.words) from 1 once the vocabulary is
// finished; noWord (the zero value) is a word the vocabulary does not know.
type wordID int32

const noWord wordID = 0

// vocab holds the words and terms of a knowledge base.
type vocab struct {
	terms   map[string]termID
	names   []string // term names, by id
	words   map[string]wordInfo
	nWords  int               // the number of word ids, once finished: 1 to nWords
	synonym map[termID]termID // single-word synonyms: variant -> canonical
	rules   map[termID][]rule // multi-word synonyms, by first term
	typos   *typoIndex
	// prefixAlts are the prefix alternatives of known words, numbered by
	// wordInfo.pre; prefixAlts[0] is none.
	prefixAlts [][]int32
	// heads has bit head3(t) set for every term t of three bytes or more,
	// so that a word no term shares its first three bytes with is known
	// to have no term as a prefix without looking its prefixes up
	heads [1 << headBits / 64]uint64

	stemCache stemCache // stems computed while building
	// screenStems are the stems of the screen's vocabulary, once joined:
	// stemOf reads them when stemCache has none (finish stems the words
	// the screen learned), rather than have them copied over.
	screenStems stemCache
	env         snowballstem.Env // the stemmer's, while building
	// scratch is where compilePhrase gathers a phrase's parts, and parts
	// the chunk keepPhrase copies them into, while building.
	scratch, parts phrase
	wordCache      map[string][]string // words of texts, computed while building
	misses         int                 // stems the cache could not answer
	rereads        int                 // texts tokenized again: taken before (or never cached)
	// lazy is set on the screen's vocabulary (fork): its goroutine does
	// nothing but compile the screen, so it tokenizes and stems as it
	// goes, each field and word once (fieldParts), rather than ahead like
	// prestem (the same work on the same goroutine, and look-ups more for
	// each word). A stem it computes is cached, not counted as a miss.
	lazy bool
	// canonWords, canonTerms and canonOut are canonical's scratch.
	canonWords []string
	canonTerms []termID
	canonOut   []string
	// termCache holds the terms of the words termOf was asked for, English
	// and Spanish, on a lazy vocabulary: its synonyms are all in when it
	// is forked, so a word's term never changes, and one look-up stands
	// for the three of termOf (stem, term, synonym).
	termCache [2]map[string]termID
	// fields number the fields of phrases a lazy vocabulary compiled, by
	// language, in fieldList (fieldParts); toks and fieldScratch are
	// where a field is tokenized and compiled.
	fields       byLang[int32]
	fieldList    []fieldEntry
	toks         []rawToken
	fieldScratch []part
}

// rule rewrites a sequence of terms into the canonical sequence of its
// synonym group.
type rule struct {
	from []termID
	to   []string // canonical words, folded
}

// vocabSize is the number of words a vocabulary is sized for at first,
// above what the embedded content has (7,330 words, 4,030 terms, 3,582
// English and 4,074 Spanish stems): the maps then do not grow, and copy
// themselves, while building. termsSize is for the terms.
const (
	vocabSize = 8192
	termsSize = 4608
)

func newVocab() *vocab {
	return &vocab{
		terms:   make(map[string]termID, termsSize),
		words:   make(map[string]wordInfo, vocabSize),
		synonym: make(map[termID]termID),
		rules:   make(map[termID][]rule),

		stemCache: newStemCache(vocabSize),
		// every text prestem reads ends up here: sized once, not doubled
		wordCache: make(map[string][]string, docsSize),
	}
}

// stemOf is stem with a cache, for building: the same words recur across
// keywords, examples and texts.
func (v *vocab) stemOf(word, lang string) string {
	c := v.stemCache.of(lang)
	if s, ok := c[word]; ok {
		return s
	}
	if s, ok := v.screenStems.of(lang)[word]; ok {
		return s
	}
	if !v.lazy {
		v.misses++
	}
	s := stemIn(&v.env, word, lang)
	c[word] = s
	return s
}

// wordsOf is words with a cache, for building. A text not found was
// either left out by prestem or taken before (takeWords): a reread.
func (v *vocab) wordsOf(s string) []string {
	if ws, ok := v.wordCache[s]; ok {
		return ws
	}
	v.rereads++
	return words(s)
}

// takeWords is wordsOf for a text read once by the build (an answer, an
// example, a message): its words leave the cache, so the word lists of
// the content's prose (most of the cache) are not all kept until finish.
// A text found twice in the content ("No" as a title and a message) is
// tokenized again the second time, to the same words: a reread.
func (v *vocab) takeWords(s string) []string {
	ws, ok := v.wordCache[s]
	if !ok {
		v.rereads++
		return words(s)
	}
	delete(v.wordCache, s)
	return ws
}

// stemCache maps words to their stems, one map per stemmer: stem reads
// lang only as Spanish or not, so every other language shares the English
// map (and a look-up hashes the word alone).
type stemCache struct{ en, es map[string]string }

func newStemCache(size int) stemCache {
	return stemCache{make(map[string]string, size/2), make(map[string]string, size*5/8)}
}

// of returns the map of the stemmer stem uses for lang.
func (c stemCache) of(lang string) map[string]string {
	if lang == "es" {
		return c.es
	}
	return c.en
}

// stem returns the Snowball stem of a folded word in lang (the English
// (Porter2) and Spanish stemmers generated from the Snowball sources).
func stem(word, lang string) string {
	if len(word) < 3 || !isLetters(word) {
		return word
	}
	return stemIn(snowballstem.NewEnv(word), word, lang)
}

// stemIn is stem in an environment of the caller's, reused from one word
// to the next while building (one goroutine's at a time): the same stem,
// without an allocation a word.
func stemIn(env *snowballstem.Env, word, lang string) string {
	if len(word) < 3 || !isLetters(word) {
		return word
	}
	env.SetCurrent(word)
	if lang == "es" {
		spanish.Stem(env)
	} else {
		english.Stem(env)
	}
	return env.Current()
}

// intern returns the id of a stem, adding it.
func (v *vocab) intern(s string) termID {
	if id, ok := v.terms[s]; ok {
		return id
	}
	id := termID(len(v.names))
	v.terms[s] = id
	v.names = append(v.names, s)
	if len(s) >= 3 {
		h := head3(s)
		v.heads[h/64] |= 1 << (h % 64)
	}
	return id
}

// head3 hashes the first three bytes of s (at least three long) to a bit
// of vocab.heads.
func head3(s string) uint32 {
	x := uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2])
	return x * 2654435761 >> (32 - headBits)
}

// headBits is the size of vocab.heads: 2^headBits bits.
const headBits = 16

// termOf returns the canonical term of a folded word in lang, adding it.
func (v *vocab) termOf(word, lang string) termID {
	if !v.lazy {
		return v.canonicalTerm(word, lang)
	}
	c := v.termCache[0]
	if lang == "es" { // as stemCache.of
		c = v.termCache[1]
	}
	id, ok := c[word]
	if !ok {
		id = v.canonicalTerm(word, lang)
		c[word] = id
	}
	return id
}

// canonicalTerm is termOf without the cache.
func (v *vocab) canonicalTerm(word, lang string) termID {
	id := v.intern(v.stemOf(word, lang))
	if c, ok := v.synonym[id]; ok {
		return c
	}
	return id
}

// learn records a surface word seen in lang. Its stems are computed once
// here, so matching does not stem known words.
func (v *vocab) learn(word, lang string) {
	w := v.words[word]
	w.bits |= langBit(lang)
	if w.count < 1<<30 {
		w.count++
	}
	v.words[word] = w
}

// lookup returns the canonical term of an English or Spanish stem, or
// noTerm.
func (v *vocab) lookup(s string) termID {
	id, ok := v.terms[s]
	if !ok {
		return noTerm
	}
	if c, ok := v.synonym[id]; ok {
		return c
	}
	return id
}

// finish computes the keys of every learned word, once all terms exist,
// and starts building the typo index over words that are terms, on a
// goroutine of its own: call the returned wait before any analyse.
func (v *vocab) finish() (wait func()) {
	targets := make([]typoTarget, 0, len(v.words))
	// a typo target weighs as much as its term: "wrist" counts "wrists";
	// term ids are dense, so the counts are a slice
	termCount := make([]int32, len(v.names))
	for w, info := range v.words {
		v.nWords++
		info.id = wordID(v.nWords)
		// A word is stemmed in the languages it was seen in: a Spanish word
		// has no use for an English stem. Unknown words get both at match
		// time.
		info.keys = [2]termID{noTerm, noTerm}
		if info.bits&bitEN != 0 {
			info.keys[0] = v.lookup(v.stemOf(w, "en"))
		}
		if info.bits&bitES != 0 {
			info.keys[1] = v.lookup(v.stemOf(w, "es"))
		}
		info.surf = noTerm
		if id := v.lookup(w); id != info.keys[0] && id != info.keys[1] {
			info.surf = id
		}
		info.known = true
		info.stop = stopwords[w]
		v.words[w] = info
		for ki, k := range info.keys {
			if k != noTerm && (ki == 0 || k != info.keys[0]) {
				termCount[k] += info.count
			}
		}
		if (info.keys[0] != noTerm || info.keys[1] != noTerm) && !info.stop && len(w) >= minTypoLen {
			targets = append(targets, typoTarget{word: w, keys: info.keys})
		}
	}
	for i := range targets {
		n := int32(0)
		for _, k := range targets[i].keys {
			if k != noTerm {
				n = max(n, termCount[k])
			}
		}
		targets[i].freq = n
	}
	v.stemCache, v.screenStems, v.wordCache = stemCache{}, stemCache{}, nil
	v.scratch, v.parts = nil, nil
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.typos = buildTypoIndex(targets)
	}()
	return func() { <-done }
}

// analyse returns what the matcher knows of a folded word, correcting
// squeezed letters, unknown inflections and typos; fixed is the known word
// a typo or spelling variant was corrected to, else "".
func (v *vocab) analyse(word string) (info wordInfo, fixed string) {
	if w, ok := v.words[word]; ok {
		return w, ""
	}
	if u := undouble(word); u != word {
		if w, ok := v.words[u]; ok {
			w.id = noWord // the info of u, but the token keeps word
			return w, ""
		}
	}
	if alt := spellingVariant(word); alt != word {
		if w, ok := v.words[alt]; ok {
			return w, alt
		}
	}
	if alt, ok := earVariant(word, v.words); ok {
		return v.words[alt], alt
	}
	if alt := unleet(word); alt != word {
		if w, ok := v.words[alt]; ok {
			return w, alt // "su1c1dal": written past a filter, the word itself
		}
	}
	if alt := hiatusVariant(word); alt != word {
		if w, ok := v.words[alt]; ok {
			// read like a typo correction: never a sign on its own
			w.known = false
			return w, alt
		}
	}
	if v.hasStemPrefix(word) {
		w := wordInfo{keys: [2]termID{v.lookup(stem(word, "en")), v.lookup(stem(word, "es"))}, surf: v.lookup(word)}
		if w.keys[0] != noTerm || w.keys[1] != noTerm {
			return w, ""
		}
	}
	if fixed, ok := v.typos.correct(word); ok {
		w := v.words[fixed]
		w.bits = 0      // a corrected word says nothing of the language
		w.known = false // prefixes must also be tried on what was typed
		return w, fixed
	}
	return wordInfo{keys: [2]termID{noTerm, noTerm}, surf: v.lookup(word)}, ""
}

// prefixAltsOf returns the prefix alternatives of info's word.
func (v *vocab) prefixAltsOf(info wordInfo) []int32 {
	if info.pre == 0 {
		return nil
	}
	return v.prefixAlts[info.pre]
}

// spellingVariant spells word as Spanish is often written by ear or in
// chat: "y" for "ll" (yeísmo: "rodiyas" is "rodillas") and "x" for "ch"
// ("pexo" is "pecho", "noxe" "noche"), each between vowels. It returns word
// when nothing applies; the caller tries it only on unknown words.
func spellingVariant(word string) string {
	if !strings.ContainsAny(word, "yx") || len(word) < 4 {
		return word
	}
	b := []byte(word)
	var out []byte
	for i, c := range b {
		if (c == 'y' || c == 'x') && i > 0 && i < len(b)-1 && isVowel(b[i-1]) && isVowel(b[i+1]) {
			if c == 'y' {
				out = append(out, 'l', 'l')
			} else {
				out = append(out, 'c', 'h')
			}
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// hiatusVariant writes "ea" and "eo" for the "ia" and "io" of a hiatus
// raised by ear ("mariada" is "mareada", "pior" "peor", "golpiado"
// "golpeado"), after a consonant. It returns word when nothing applies;
// the caller tries it only on unknown words and reads the result like a
// typo correction, so it never makes a warning sign on its own.
func hiatusVariant(word string) string {
	if len(word) < 4 || !strings.Contains(word, "ia") && !strings.Contains(word, "io") {
		return word
	}
	return hiatusE(word)
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// hasStemPrefix reports whether some term is a prefix of word (at least
// three letters), so stemming word might find it.
func (v *vocab) hasStemPrefix(word string) bool {
	if len(word) < 4 {
		return false
	}
	if h := head3(word); v.heads[h/64]>>(h%64)&1 == 0 {
		return false // no term starts with the first three letters
	}
	for k := len(word) - 1; k >= 3; k-- {
		if _, ok := v.terms[word[:k]]; ok {
			return true
		}
	}
	return false
}

// addSynonyms registers synonym groups: every item maps to the first.
func (v *vocab) addSynonyms(lang string, groups [][]string) {
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		canon := v.wordsOf(g[0])
		if len(canon) == 0 {
			continue
		}
		for _, w := range canon {
			v.learn(w, lang)
		}
		for _, item := range g[1:] {
			ws := v.wordsOf(item)
			if len(ws) == 0 {
				continue
			}
			for _, w := range ws {
				v.learn(w, lang)
			}
			if len(ws) == 1 && len(canon) == 1 {
				from, to := v.intern(v.stemOf(ws[0], lang)), v.intern(v.stemOf(canon[0], lang))
				if from != to {
					v.synonym[from] = to
				}
				continue
			}
			r := rule{to: canon}
			for _, w := range ws {
				r.from = append(r.from, v.intern(v.stemOf(w, lang)))
			}
			v.rules[r.from[0]] = append(v.rules[r.from[0]], r)
		}
	}
}

// canonical rewrites the multi-word synonyms in a keyword to their
// canonical words, as messages are rewritten before matching: without it a
// keyword such as "start working out" would wait for words no message
// keeps ("working out" is read as "exercise").
func (v *vocab) canonical(s, lang string) string {
	if len(v.rules) == 0 {
		return s
	}
	// ws, terms and out are scratch kept on the vocabulary between calls
	// (one a keyword otherwise): nothing here keeps them.
	ws := v.canonWords[:0]
	for f := range strings.FieldsSeq(s) {
		ws = append(ws, v.wordsOf(f)...) // the fields of a phrase are cached
	}
	v.canonWords = ws
	if len(ws) == 0 {
		return s
	}
	terms := slices.Grow(v.canonTerms[:0], len(ws))[:len(ws)]
	v.canonTerms = terms
	c := v.stemCache.of(lang)
	for i, w := range ws {
		st, ok := c[w]
		if !ok {
			// a word of the other language's keywords ("short of
			// breath" among the Spanish ones): not a miss of prestem,
			// which stems each text in its own language
			st = stemIn(&v.env, w, lang)
			c[w] = st
		}
		terms[i] = v.intern(st)
	}
	out := v.canonOut[:0]
	defer func() { v.canonOut = out[:0] }()
	changed := false
	for i := 0; i < len(ws); i++ {
		var best *rule
		for ri := range v.rules[terms[i]] {
			r := &v.rules[terms[i]][ri]
			if i+len(r.from) > len(ws) || best != nil && len(r.from) <= len(best.from) {
				continue
			}
			ok := true
			for j, id := range r.from {
				if terms[i+j] != id {
					ok = false
					break
				}
			}
			if ok {
				best = r
			}
		}
		if best == nil {
			out = append(out, ws[i])
			continue
		}
		out = append(out, best.to...)
		i += len(best.from) - 1
		changed = true
	}
	if !changed {
		return s
	}
	for _, w := range out {
		// compilePhrase reads the words and their stems next
		if _, ok := v.wordCache[w]; !ok {
			v.wordCache[w] = words(w)
		}
		for _, x := range v.wordCache[w] {
			if _, ok := c[x]; !ok {
				c[x] = stemIn(&v.env, x, lang)
			}
		}
	}
	return strings.Join(out, " ")
}

// words returns the folded word tokens of a phrase.
func words(phrase string) []string {
	var buf [16]rawToken // on the stack: a phrase is a few words
	ws, _ := wordsBuf(phrase, buf[:0])
	return ws
}

// wordsBuf is words tokenizing into buf, which it returns for reuse.
func wordsBuf(phrase string, buf []rawToken) ([]string, []rawToken) {
	buf = tokenize(phrase, buf[:0])
	n := 0
	for _, t := range buf {
		if t.kind == tokWord || t.kind == tokNumber || t.kind == tokEmoji {
			n++
		}
	}
	if n == 0 {
		return nil, buf
	}
	out := make([]string, 0, n) // the exact size: the caches keep it
	for _, t := range buf {
		if t.kind == tokWord || t.kind == tokNumber || t.kind == tokEmoji {
			out = append(out, t.text)
		}
	}
	return out, buf
}

// isLetters reports whether w is only ASCII letters (folded words are).
func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// earSpellings are the ways Spanish is written by ear in chat: "b" for
// "v" and back ("sirben", "vebe"), "s" for a soft "c" (seseo:
// "articulasiones", "ejersisios"), "z" for "s", a dropped silent "h"
// ("ago", "asta", "ase") or one added ("homoplatos"), "gue" for "hue" ("guesos"), "i" for a final "y"
// ("doi", "estoi"). applies says, without allocating, whether the rule
// changes a word; apply rewrites it.
var earSpellings = []earSpelling{
	{func(w string) bool { return strings.IndexByte(w, 'v') >= 0 }, func(w string) string { return strings.ReplaceAll(w, "v", "b") }},
	{func(w string) bool { return strings.IndexByte(w, 'b') >= 0 }, func(w string) string { return strings.ReplaceAll(w, "b", "v") }},
	{func(w string) bool { return strings.Contains(w, "se") || strings.Contains(w, "si") }, func(w string) string { return before(w, 's', "ei", 'c') }},
	{func(w string) bool { return strings.IndexByte(w, 'z') >= 0 }, func(w string) string { return strings.ReplaceAll(w, "z", "s") }},
	{func(w string) bool { return strings.HasPrefix(w, "gue") || strings.HasPrefix(w, "gui") }, func(w string) string { return "h" + w[1:] }},
	{func(w string) bool { return len(w) > 1 && isVowel(w[0]) }, func(w string) string { return "h" + w }},
	// and an "h" written where none is said ("homoplatos", "hultimo")
	{func(w string) bool { return len(w) > 4 && w[0] == 'h' && isVowel(w[1]) }, func(w string) string { return w[1:] }},
	{func(w string) bool { n := len(w); return n > 2 && w[n-1] == 'i' && isVowel(w[n-2]) }, func(w string) string { return w[:len(w)-1] + "y" }},
}

// earSpelling is one way of writing by ear.
type earSpelling struct {
	applies func(string) bool
	apply   func(string) string
}

// earSpellingsLate are the ways of writing by ear that only the intent
// match reads (respell, after the warning-sign screen, which keeps its
// own reading of a word). Round 14: the rest of the ear's classes. "k" for a hard "c" or "qu"
// ("komo", "kedo"); a "y" for "ll" at the start ("yeno", "yevo") and
// "ll" for "y" ("llo", "llendo"); seseo on a "z" ("cabesa",
// "brasos") and "z" for a soft "c" ("hazer"); "j" for a soft "g"
// ("jinecologo"); "i" for an "e" in hiatus ("mariada", "pasiar");
// a dropped "d" in "-ado" ("cansao"); "l" for an "r" that closes a
// syllable (Puerto Rico: "dolol", "cuelpo"); "gü" for "bu" ("gueno",
// "aguelo"); an "h" for an "s" breathed before a consonant (the
// Caribbean: "ehpalda", "ehto").
var earSpellingsLate = []earSpelling{
	{func(w string) bool { return strings.IndexByte(w, 'k') >= 0 }, hardK},
	{func(w string) bool { return len(w) > 3 && w[0] == 'y' && isVowel(w[1]) }, func(w string) string { return "ll" + w[1:] }},
	{func(w string) bool { return strings.Contains(w, "ll") }, func(w string) string { return strings.ReplaceAll(w, "ll", "y") }},
	{func(w string) bool { return strings.IndexByte(w, 's') >= 0 }, seseoZ},
	{func(w string) bool { return strings.Contains(w, "ze") || strings.Contains(w, "zi") }, func(w string) string { return before(w, 'z', "ei", 'c') }},
	{func(w string) bool { return strings.Contains(w, "je") || strings.Contains(w, "ji") }, func(w string) string { return before(w, 'j', "ei", 'g') }},
	{func(w string) bool { return strings.Contains(w, "ia") || strings.Contains(w, "io") }, hiatusE},
	{func(w string) bool { return strings.HasSuffix(w, "ao") || strings.HasSuffix(w, "aos") }, func(w string) string {
		if strings.HasSuffix(w, "s") {
			return w[:len(w)-2] + "dos"
		}
		return w[:len(w)-1] + "do"
	}},
	{func(w string) bool { return strings.IndexByte(w, 'l') > 0 }, closingL},
	{func(w string) bool { return strings.Contains(w, "gue") }, func(w string) string { return strings.ReplaceAll(w, "gue", "bue") }},
	{func(w string) bool { return strings.IndexByte(w, 'h') > 0 }, breathedS},
}

// before writes to for every from that stands before one of vowels.
func before(w string, from byte, vowels string, to byte) string {
	b := []byte(w)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == from && strings.IndexByte(vowels, b[i+1]) >= 0 {
			b[i] = to
		}
	}
	return string(b)
}

// hardK writes "c" for a "k" before "a", "o", "u" or a consonant, and
// "qu" for one before "e" or "i" ("komo", "kedo", "kiebra").
func hardK(w string) string {
	var b []byte
	for i := 0; i < len(w); i++ {
		if w[i] != 'k' {
			b = append(b, w[i])
			continue
		}
		if i+1 < len(w) && (w[i+1] == 'e' || w[i+1] == 'i') {
			b = append(b, 'q', 'u')
		} else {
			b = append(b, 'c')
		}
	}
	return string(b)
}

// seseoZ writes "z" for an "s" between a vowel and "a", "o" or "u"
// ("cabesa", "brasos", "corason"); the first letter is left alone.
func seseoZ(w string) string {
	b := []byte(w)
	for i := 1; i+1 < len(b); i++ {
		if b[i] == 's' && isVowel(b[i-1]) && (b[i+1] == 'a' || b[i+1] == 'o' || b[i+1] == 'u') {
			b[i] = 'z'
		}
	}
	return string(b)
}

// hiatusE writes "e" for an "i" after a consonant and before "a" or "o"
// ("mariada", "pasiar", "pior").
func hiatusE(w string) string {
	b := []byte(w)
	for i := 1; i+1 < len(b); i++ {
		if b[i] == 'i' && !isVowel(b[i-1]) && (b[i+1] == 'a' || b[i+1] == 'o') {
			b[i] = 'e'
		}
	}
	return string(b)
}

// closingL writes "r" for an "l" after a vowel that closes a syllable:
// before a consonant or at the end ("dolol", "cuelpo", "mujel").
func closingL(w string) string {
	b := []byte(w)
	for i := 1; i < len(b); i++ {
		if b[i] == 'l' && isVowel(b[i-1]) && (i+1 == len(b) || !isVowel(b[i+1]) && b[i+1] != 'l') {
			b[i] = 'r'
		}
	}
	return string(b)
}

// breathedS writes "s" for an "h" after a vowel and before a consonant
// ("ehpalda", "ehto", "mihmo").
func breathedS(w string) string {
	b := []byte(w)
	for i := 1; i+1 < len(b); i++ {
		if b[i] == 'h' && isVowel(b[i-1]) && !isVowel(b[i+1]) {
			b[i] = 's'
		}
	}
	return string(b)
}

// earVariant finds a known word that word spells by ear: it tries each of
// the earSpellings that change it, then each pair of them ("ase" is
// "hace": a dropped h and a soft c), and returns the first that is known.
// Only unknown words of three letters or more reach it, before typo
// correction.
func earVariant(word string, known map[string]wordInfo) (string, bool) {
	return earVariantBy(earSpellings, word, known)
}

// earSpellingsAll are earSpellings and earSpellingsLate together.
var earSpellingsAll = append(slices.Clip(earSpellings), earSpellingsLate...)

// earVariantBy is earVariant with the given rules (at most 32).
func earVariantBy(earSpellings []earSpelling, word string, known map[string]wordInfo) (string, bool) {
	if len(word) < 3 {
		return "", false
	}
	var rules [32]int
	n := 0
	for i, r := range earSpellings {
		if r.applies(word) {
			rules[n] = i
			n++
		}
	}
	for i := range n {
		if w := earSpellings[rules[i]].apply(word); hasWord(known, w) {
			return w, true
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			w := earSpellings[rules[j]].apply(earSpellings[rules[i]].apply(word))
			if w != word && hasWord(known, w) {
				return w, true
			}
		}
	}
	return "", false
}

// hasWord reports whether w is a known word.
func hasWord(known map[string]wordInfo, w string) bool {
	_, ok := known[w]
	return ok
}
