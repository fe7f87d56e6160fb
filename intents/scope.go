package intents

import (
	"fmt"
	"slices"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// Out-of-scope detection. A keyword or an example word can match a message
// that is not about the parent's own joints at all: "my dog's hips", "my
// grandma's arthritis", "the baby's hip click", "is it gonna rain for the
// stroller walk". Three signals decide, besides the score:
//
//   - whose body: a cue of the others class (a pet, a relative, a partner,
//     an older child) with no cue of the parent's own (self) class outside
//     the phrase that names the other;
//   - which domain: a cue of the topics class (baby care, pregnancy itself,
//     everyday chat) that the best entry's keywords do not claim;
//   - coverage: the share of the message's content words the best entry
//     explains (its keywords and the words of its examples) or that belong
//     to carebot's domain (the keywords and examples of knowledge entries).
//     A weak match whose words are mostly unexplained is about something
//     else, however well one word matched.
//
// A cue followed by a pivot ("anyway", "pero") is an aside when the match
// is strong; an other followed by a speech verb ("my husband says") is a
// speaker, not a body.
//
// The cues live in the knowledge base (the scope section, scope.yaml).

// scopeCue is one cue: folded words matched on the surface, not through
// stems or typos ("hipo" is not "hip", "gota" not "gotta"), a plural "s"
// or "es" allowed on each.
type scopeCue struct {
	words []string
	class uint8
}

// The classes of cues, as bits.
const (
	cueOthers uint8 = 1 << iota
	cueTopics
	cueSelf
	cueBirth
)

var cueClasses = map[string]uint8{
	knowledge.ScopeOthers: cueOthers,
	knowledge.ScopeTopics: cueTopics,
	knowledge.ScopeSelf:   cueSelf,
	knowledge.ScopeBirth:  cueBirth,
}

// addScope compiles the scope cues of the knowledge base.
func (m *Matcher) addScope(kb *knowledge.Base, probs *knowledge.Problems) {
	for class, l := range kb.Scope {
		bit := cueClasses[class]
		for _, lang := range knowledge.Languages() {
			for _, c := range l[lang] {
				ws := words(c)
				if len(ws) == 0 {
					*probs = append(*probs, knowledge.Problem{Msg: fmt.Sprintf("scope %s cue %q: no words", class, c)})
					continue
				}
				i := int32(len(m.cues))
				m.cues = append(m.cues, scopeCue{words: ws, class: bit})
				m.cueByFirst[ws[0]] = append(m.cueByFirst[ws[0]], i)
				m.cueFirst.add(ws[0])
			}
		}
	}
}

// scopeFacts is what a message says of its own scope.
type scopeFacts struct {
	others, topics, self int     // cues found, self outside an others cue
	birth                int     // birth cues found
	aside                int     // others and topics cues said in passing
	asideTopics          int     // the topics cues among aside: passing only when the match is strong
	cues                 []int32 // the cues found (for tracing)
	content, explained   int     // content words, and those the best entry explains
	// weight and explainedWeight are the same counts weighed by how rare
	// each word is in the examples (a word no example has weighs most)
	weight, explainedWeight float64
	// domain counts the other content words that belong to carebot's
	// domain (a keyword of a knowledge entry)
	domain int
	// unknown counts the content words the knowledge base does not know
	unknown int
	// denied counts the content words said in the negative ("denies HA,
	// CP, SOB"): context, not what a long message is about
	denied int
}

// domainCoverage is the share of content words that the best entry
// explains or that belong to carebot's domain.
func (f scopeFacts) domainCoverage() float64 {
	if f.content == 0 {
		return 1
	}
	return float64(f.explained+f.domain) / float64(f.content)
}

// weightedCoverage is coverage with each word weighed by its rarity.
func (f scopeFacts) weightedCoverage() float64 {
	if f.weight == 0 {
		return 1
	}
	return f.explainedWeight / f.weight
}

// rarity is the largest BM25 idf of t's terms, or that of a term in no
// example when none of them is in one.
func (m *Matcher) rarity(t *token) float64 {
	w := 0.0
	for _, k := range t.keys {
		if k != noTerm && len(m.examplePostings(k)) > 0 {
			w = max(w, m.terms[k].idf)
		}
	}
	if w == 0 {
		w = m.maxIDF
	}
	return w
}

// coverage is the share of content words the best entry explains, 1 for a
// message without content words.
func (f scopeFacts) coverage() float64 {
	if f.content == 0 {
		return 1
	}
	return float64(f.explained) / float64(f.content)
}

// scopeOf finds the scope cues of a message and how much of it entry
// explains.
func (m *Matcher) scopeOf(a *analysis, entry int32) scopeFacts {
	var f scopeFacts
	// cover[i]: token i is inside an others cue (0), explained (1)
	var buf [64]uint8
	cover := buf[:0]
	if len(a.toks) > len(buf) {
		cover = make([]uint8, 0, len(a.toks))
	}
	cover = cover[:len(a.toks)]
	clear(cover)
	const inOthers, explained, inTopic = 1, 2, 4
	selfAt := -1
	// topicAt: where each topic cue starts
	var topicBuf [8]int
	topicAt := topicBuf[:0]
	// selfEnd[i]: a self cue starts at token i (what isSelf would find)
	// and ends just before token selfEnd[i]-1; 0 when none starts there
	var selfBuf [64]int
	selfStart := selfBuf[:0]
	if len(a.toks) > len(selfBuf) {
		selfStart = make([]int, 0, len(a.toks))
	}
	selfStart = selfStart[:len(a.toks)]
	clear(selfStart)
	var hitBuf [8]cueHit
	for i := range a.toks {
		hits := m.cuesAt(a, i, hitBuf[:0])
		for _, h := range hits {
			if m.cues[h.cue].class == cueSelf {
				selfStart[i] = h.end + 2
				break
			}
		}
		for _, h := range hits {
			ci, end := h.cue, h.end
			c := &m.cues[ci]
			if scopeTrace != nil {
				f.cues = append(f.cues, ci)
			}
			if c.class == cueOthers && notMine(c) {
				// "no es para mí, es para mi mamá": the parent's own "mí"
				// denied, no body of theirs; the one it is for counts
				for j := i; j <= end; j++ {
					cover[j] |= inOthers
				}
				continue
			}
			if c.class&(cueOthers|cueTopics) != 0 && pivotAfter(a, end) {
				f.aside++
				if c.class == cueTopics {
					f.asideTopics++
				}
				continue
			}
			switch c.class {
			case cueBirth:
				f.birth++
			case cueOthers:
				if speaks(a, end) {
					continue // "my husband says", "mi suegra dice": a speaker
				}
				if vocative(a, i, end) {
					continue // "gracias, tío, eres un crack": someone addressed
				}
				if agePlace(a, c, end) {
					continue // "alzar a la nena de la cuna": a place, not an age
				}
				if timeAgo(a, c, i, end) {
					continue // "hace dos años tuve preeclampsia": a time, not an age
				}
				f.others++
				// "my" just before the other names them, not the parent
				lo := i
				for j := i - 1; j >= 0 && j >= i-3 && a.toks[j].kind < tokBreak; j-- {
					if isPossessive(a.toks[j].text) {
						lo = j
						break
					}
				}
				for j := lo; j <= end; j++ {
					cover[j] |= inOthers
				}
			case cueTopics:
				if deniedSpan(a, i, end) {
					continue // "no rash, no fever": a topic ruled out
				}
				f.topics++
				topicAt = append(topicAt, i)
				for j := i; j <= end; j++ {
					cover[j] |= inTopic
				}
			case cueSelf:
				selfAt = i
			}
		}
	}
	if selfAt >= 0 {
		for i := range a.toks {
			// "how do i get my husband to help": the parent acting on
			// the other, whose words follow at once, is no self
			if next := selfStart[i] - 1; cover[i]&inOthers == 0 && selfStart[i] > 0 &&
				(next >= len(a.toks) || cover[next]&inOthers == 0) {
				f.self++
			}
		}
	}
	if entry < 0 {
		return f
	}
	// the best entry's keywords
	for i := range a.toks {
		t := &a.toks[i]
		backWord := notBodyWord(a, i)
		for c := range m.keywordCandsAt(t) {
			if c.entry != entry || c.next.kind != noPart && !mayFollow(a, i, &c.next) {
				continue
			}
			kw := &m.kws[c.alt]
			if backWord && len(kw.p) == 1 {
				continue
			}
			if end, ok := m.matchAt(a, kw.p, i); ok {
				for j := i; j <= end; j++ {
					cover[j] |= explained
				}
			}
		}
	}
	// a topic cue in a sentence of its own before the last, with the
	// entry's keywords in the last, is an aside ("lost my mind looking
	// for the pacifier lol. how do i stop hunching over the changing
	// mat?"), as one before a pivot is
	if len(topicAt) > 0 {
		f.aside += asideSentences(a, cover, topicAt, explained)
	}
	// the times, days and zones of a reminder are what a nudge entry is
	// about ("move my reminder to 8pm", "only on weekdays around noon")
	nudge := m.entries[entry].Kind == knowledge.KindNudge && namesReminder(a)
	// a greeting before a question about the bot is courtesy, no content
	// the help entry leaves unexplained ("buenas, ¿qué puedes hacer vos?")
	greet := -1
	if m.entries[entry].ID == helpEntry {
		greet = openingGreeting(a)
	}
	for i := range a.toks {
		t := &a.toks[i]
		topic := cover[i]&inTopic != 0
		if t.kind != tokWord || !topic && (t.stop || len(t.text) < 3 && !t.known) || i <= greet {
			continue
		}
		f.content++
		if t.neg {
			f.denied++
		}
		if t.keys[0] == noTerm && t.keys[1] == noTerm && !(nudge && timeWord(t.orig)) {
			f.unknown++
		}
		w := m.rarity(t)
		f.weight += w
		// a word of a topic cue is explained by the entry's keywords only,
		// never by a word its examples happen to share ("que tiempo hace
		// manana", "120 ml")
		switch {
		case cover[i]&explained != 0 || !topic && m.inExamples(t, entry) || nudge && timeWord(t.orig):
			f.explained++
			f.explainedWeight += w
		case t.text != t.orig && !t.known:
			// a word read as a typo of a known one that the best entry
			// does not explain: "rent" read as "rest", "spent" as
			// "sent" is a word the knowledge base does not know
			f.unknown++
		case m.isDomain(t):
			f.domain++
		}
	}
	return f
}

// asideSentences counts the topic cues (starting at the tokens of
// topicAt) in a sentence before the last one with no token marked
// explained in cover, when the last sentence (the question) has one. One
// pass over the message, however many cues.
func asideSentences(a *analysis, cover []uint8, topicAt []int, explained uint8) int {
	// sentence numbers of the tokens, and whether each sentence has an
	// explained token
	sent := make([]int32, len(a.toks))
	var has []bool
	n := int32(0)
	open := false
	for j := range a.toks {
		if a.toks[j].kind == tokBreak {
			sent[j] = n
			if open {
				n++
				open = false
			}
			continue
		}
		if !open {
			has = append(has, false)
			open = true
		}
		sent[j] = n
		if cover[j]&explained != 0 {
			has[n] = true
		}
	}
	if len(has) < 2 {
		return 0
	}
	count := 0
	if has[len(has)-1] {
		last := int32(len(has) - 1)
		if asksBack(a, sent, last) {
			// "mi bebé hace popó verde, ¿es normal?": a bare "is it
			// normal?" asks about the sentence before it, no aside
			return 0
		}
		for _, i := range topicAt {
			if s := sent[i]; s < last && !has[s] {
				count++
			}
		}
		return count
	}
	// a question first, then sentences of their own that explain
	// nothing ("what are the warning signs? the nurse gave me a magnet
	// but the dog ate it", "¿cuáles son las señales de alarma? para
	// tenerlas apuntadas en la nevera"); but not when the question holds
	// a cue itself: "¿cómo duermo al bebé toda la noche? método ferber sí
	// o no" is baby care from its first word
	if a.asks && has[0] && !slices.Contains(has[1:], true) {
		for _, i := range topicAt {
			if sent[i] == 0 {
				return 0
			}
		}
		for _, i := range topicAt {
			if s := sent[i]; s > 0 && !has[s] {
				count++
			}
		}
	}
	return count
}

// cueHit is a scope cue found in a message and the index of its last
// token.
type cueHit struct {
	cue int32
	end int
}

// cuesAt appends to hits every scope cue that starts at token i.
func (m *Matcher) cuesAt(a *analysis, i int, hits []cueHit) []cueHit {
	t := &a.toks[i]
	if t.kind != tokWord {
		return hits
	}
	for _, w := range [2]string{t.orig, t.text} {
		if w == t.text && t.wid != noWord && int(t.wid)+1 < len(m.cueStart) {
			// text is the last word tried, and its cues are listed
			// by its id
			return m.cuesFromRefs(a, i, m.cueList[m.cueStart[t.wid]:m.cueStart[t.wid+1]], hits)
		}
		for bi, base := range cueBases(w) {
			if bi > 0 && base == w || !m.cueFirst.may(base) {
				continue
			}
			hits = m.cuesFrom(a, i, m.cueByFirst[base], hits)
		}
		if t.text == t.orig {
			break
		}
	}
	return hits
}

// cueBases are the words a cue may start with for a token word w: w
// itself, and w without a plural ending.
func cueBases(w string) [3]string {
	return [3]string{w, strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es")}
}

// cuesFrom appends to hits those of cues, each starting with the word of
// token i, whose other words follow it.
func (m *Matcher) cuesFrom(a *analysis, i int, cues []int32, hits []cueHit) []cueHit {
	for _, ci := range cues {
		if end, ok := m.cueEnd(a, i, ci); ok {
			hits = append(hits, cueHit{ci, end})
		}
	}
	return hits
}

// cueRef is a scope cue of Matcher.cueList with the ids of its second
// word (as cueIDs has them; all oneWord for a cue of one word), so that a
// cue whose second word is not the next token, most of them, is passed
// over without reading the cue's words.
type cueRef struct {
	cue  int32
	next [3]wordID
}

// oneWord is the next of a cueRef whose cue has no second word; it is no
// token's word id.
const oneWord wordID = -1

// cuesFromRefs is cuesFrom for a cueList run.
func (m *Matcher) cuesFromRefs(a *analysis, i int, refs []cueRef, hits []cueHit) []cueHit {
	for _, r := range refs {
		if r.next[0] != oneWord {
			if i+1 >= len(a.toks) {
				continue
			}
			// a known token as typed is the cue's second word only by
			// one of its ids (as in cueEnd)
			if t := &a.toks[i+1]; t.kind == tokWord && t.wid != noWord && asTyped(t) && t.wid != r.next[0] && t.wid != r.next[1] && t.wid != r.next[2] {
				continue
			}
		}
		if end, ok := m.cueEnd(a, i, r.cue); ok {
			hits = append(hits, cueHit{r.cue, end})
		}
	}
	return hits
}

// cueEnd reports whether scope cue ci starts at token i, and the index of
// its last token.
func (m *Matcher) cueEnd(a *analysis, i int, ci int32) (int, bool) {
	end := i
	for k, ids := range m.cueIDs[m.cueAt[ci]:m.cueAt[ci+1]] {
		end++
		if end >= len(a.toks) || a.toks[end].kind != tokWord {
			return 0, false
		}
		if t := &a.toks[end]; t.wid != noWord && asTyped(t) {
			// t.wid is the id of t.text: sameWord is whether it
			// is one of the word's ids
			if t.wid != ids[0] && t.wid != ids[1] && t.wid != ids[2] {
				return 0, false
			}
		} else if !sameWord(t, m.cues[ci].words[k+1]) {
			return 0, false
		}
	}
	return end, true
}

// indexCueWords lists, for every known word, the scope cues that can
// start at it, once v is finished: in the order cuesAt meets them through
// cueByFirst, the word itself first, then without "s", then without "es".
// Most words start none, and a token's list is then one slice look-up,
// not up to three string-map look-ups.
func (m *Matcher) indexCueWords() {
	m.cueAt = make([]int32, 0, len(m.cues)+1)
	for _, c := range m.cues {
		m.cueAt = append(m.cueAt, int32(len(m.cueIDs)))
		for _, w := range c.words[1:] {
			m.cueIDs = append(m.cueIDs, [3]wordID{m.v.words[w].id, m.v.words[w+"s"].id, m.v.words[w+"es"].id})
		}
	}
	m.cueAt = append(m.cueAt, int32(len(m.cueIDs)))
	// the words some cue starts at, by id
	starts := make([]string, m.v.nWords+1)
	for base, cues := range m.cueByFirst {
		if len(cues) == 0 {
			continue
		}
		for _, w := range [3]string{base, base + "s", base + "es"} {
			if info, ok := m.v.words[w]; ok {
				starts[info.id] = w
			}
		}
	}
	m.cueStart = make([]int32, m.v.nWords+2)
	var list []cueRef
	for id, w := range starts {
		m.cueStart[id] = int32(len(list))
		if w == "" {
			continue
		}
		for bi, base := range cueBases(w) {
			if bi > 0 && base == w {
				continue
			}
			for _, ci := range m.cueByFirst[base] {
				r := cueRef{cue: ci, next: [3]wordID{oneWord, oneWord, oneWord}}
				if at := m.cueAt[ci]; at < m.cueAt[ci+1] {
					r.next = m.cueIDs[at]
				}
				list = append(list, r)
			}
		}
	}
	m.cueStart[len(starts)] = int32(len(list))
	m.cueList = list
}

// sameWord reports whether token t is the cue word w, or its plural.
func sameWord(t *token, w string) bool {
	return wordOrPlural(t.text, w) || t.orig != t.text && wordOrPlural(t.orig, w)
}

// wordOrPlural reports whether s is w, or w with "s" or "es".
func wordOrPlural(s, w string) bool {
	return s == w || len(s) == len(w)+1 && s[len(w)] == 's' && s[:len(w)] == w ||
		len(s) == len(w)+2 && s[len(w):] == "es" && s[:len(w)] == w
}

// isDomain reports whether a term of t is a word of a keyword of a
// knowledge entry (not small talk or a service entry).
func (m *Matcher) isDomain(t *token) bool {
	for _, k := range t.keys {
		if k != noTerm && m.domain[k] {
			return true
		}
	}
	return false
}

// markDomain records the words of the keywords and examples of knowledge
// entries.
func (m *Matcher) markDomain() {
	m.domain = make([]bool, len(m.v.names))
	for t, ps := range m.postings {
		// an example word is the domain's when the examples of several
		// knowledge entries use it ("helps", "síntomas"); a word of one
		// or two entries' examples is incidental ("car" of the car seat,
		// "phone", "date") and no evidence that a message is carebot's
		n := 0
		for _, p := range ps {
			if knowledgeKind(m.entries[p.entry].Kind) {
				n++
			}
		}
		m.domain[t] = n >= domainExampleEntries
	}
	for _, kw := range m.kws {
		switch m.entries[kw.entry].Kind {
		case knowledge.KindSmallTalk, knowledge.KindNudge, knowledge.KindPrivacy, knowledge.KindInfo:
			continue
		}
		for _, p := range kw.p {
			if p.kind == partTerm && p.term != noTerm {
				m.domain[p.term] = true
			}
		}
	}
}

// inExamples reports whether a term of t appears in the examples of entry.
func (m *Matcher) inExamples(t *token, entry int32) bool {
	for ki, k := range t.keys {
		if k == noTerm || (ki == 1 && k == t.keys[0]) {
			continue
		}
		for _, p := range m.examplePostings(k) {
			if p.entry == entry {
				return true
			}
			if p.entry > entry {
				break
			}
		}
	}
	return false
}

// pivots turn from an aside to the question ("anyway", "pero").
var pivots = set(`anyway anyways but pero bueno btw also tambien aparte igual just solo though`)

// speechVerbs make the person before them a speaker, not a body; "keeps"
// only as "keeps saying" ("my cat keeps sleeping in the crib" is the cat).
var speechVerbs = set(`says said say saying thinks thought asks asked asking calls told tells telling insists insisting dice dijo dicen diciendo piensa pregunta cree me dice`)

// pivotAfter reports whether a pivot follows token end.
func pivotAfter(a *analysis, end int) bool {
	for j := end + 1; j < len(a.toks); j++ {
		if a.toks[j].kind == tokWord && pivots[a.toks[j].text] && !aloneAfter(a, j) {
			return true
		}
	}
	return false
}

// aloneWords are the verbs after which "solo" means alone, not only
// ("que duerma solo", "se queda solo"): no pivot.
var aloneWords = set(`duerma duerme dormir duermo dormirse quede queda quedarse quedo camine camina caminar coma come comer`)

// aloneAfter reports whether the pivot at token j is "solo" meaning alone.
func aloneAfter(a *analysis, j int) bool {
	return a.toks[j].orig == "solo" && j > 0 && aloneWords[a.toks[j-1].orig]
}

// speaks reports whether a speech verb follows token end closely: the
// person is a speaker ("my mother in law says"), or a visitor ("my mil is
// staying w us", "mi suegra está de visita"), not a body.
func speaks(a *analysis, end int) bool {
	if end+2 < len(a.toks) && a.toks[end+1].orig == "in" && a.toks[end+2].orig == "law" {
		end += 2 // "my mother in law says": the cue "my mother" ends before "in law"
	}
	for j := end + 1; j < len(a.toks) && j <= end+2; j++ {
		if a.toks[j].kind == tokWord && (speechVerbs[a.toks[j].text] || visitWords[a.toks[j].orig]) {
			return true
		}
	}
	return false
}

// visitWords make the person before them a visitor, context for the
// parent's question ("asking bc my mil is staying w us"), not a body.
var visitWords = set(`staying visiting visits visit swears recommends recommended suggests suggested insists
	visita quedando jura recomienda recomendo sugiere sugirio insiste`)

// vocative reports whether the others cue from token i to end is someone
// addressed, not someone spoken of: set off by commas or the ends of its
// sentence or after an interjection ("gracias, tío, eres un crack", "me
// muero por una siesta, tía.", "ay tía, ¿cómo duermo?").
func vocative(a *analysis, i, end int) bool {
	before := i == 0 || a.toks[i-1].kind == tokComma || a.toks[i-1].kind == tokBreak ||
		interjections[a.toks[i-1].orig] && (i == 1 || a.toks[i-2].kind != tokWord || intensifiers[a.toks[i-2].orig])
	after := end+1 >= len(a.toks) || a.toks[end+1].kind == tokComma || a.toks[end+1].kind == tokBreak
	if !before && i == end && i > 0 && (end+1 >= len(a.toks) || a.toks[end+1].kind == tokBreak) && closingAddress[a.toks[i].orig] {
		// "¿cuántas repeticiones hago tío?": a word of address closing
		// its sentence straight after a verb, with no comma; "a mi tía",
		// "la tía", "para el tío" name someone spoken of
		prev := &a.toks[i-1]
		before = prev.kind == tokWord && !isPossessive(prev.orig) && !addressNamers[prev.orig]
	}
	return before && after && (i > 0 || end+1 < len(a.toks))
}

// closingAddress are the others cues people also use to address whoever
// they talk to ("tío", "tía" in Spain, "amiga", "hermana"), with no comma
// before them when they close a sentence.
var closingAddress = set(`tio tia amiga amigo hermana hermano`)

// addressNamers, just before a word of address, make it someone spoken of:
// articles, prepositions, determiners and comparisons ("a mi tía", "como
// la tía", "con una amiga", "que su tío").
var addressNamers = set(`a al de del para por con sin como que una un unos unas otra otro esta este esa ese mismo misma tu tus nuestra nuestro y e o u ni`)

// interjections may stand before someone addressed ("ay tía", "thanks
// girl").
var interjections = set(`ay oh ah hey oye mira gracias thanks ty hola hi bueno uf uff ugh omg`)

// intensifiers may stand before an interjection that thanks ("muchísimas
// gracias, tío", "many thanks girl").
var intensifiers = set(`mil muchas muchisimas many so`)

// isPossessive reports whether w is a possessive that can name someone
// else ("my dog", "mi abuela", "our cat").
func isPossessive(w string) bool {
	switch w {
	case "my", "our", "mi", "mis", "nuestra", "nuestro", "her", "his", "su", "sus", "the", "el", "la":
		return true
	}
	return false
}

// outOfScope reports whether a message whose best entry is entry, scoring
// s, is about something else than the parent's own joints.
func (m *Matcher) outOfScope(a *analysis, entry int32, s float64) bool {
	f := m.scopeOf(a, entry)
	if scopeTrace != nil {
		scopeTrace(m, f, s)
	}
	cov, dcov := f.coverage(), f.domainCoverage()
	// a long message gathers example words by the dozen: the score that
	// is sure grows with its content words
	sure := max(m.cfg.SureScore, sureScorePerWord*float64(f.content-f.denied))
	if f.aside > 0 && s >= m.cfg.SureScore {
		// "laughing at my husband trying to swaddle, anyway what helps
		// knee pain": the cue was an aside, the question is carebot's
		f.others, f.topics = 0, 0
	} else {
		f.topics += f.asideTopics // a weak match: the topic was no aside
		if babyTemperature(a) {
			// "la nena tuvo 37.2 ayer después del baño": the baby's own
			// health, however well "baño" matches the bathing tip
			f.topics++
		}
	}
	switch {
	case f.others > 0 && f.self == 0 && f.birth == 0 && !m.serviceRequest(a, entry):
		// someone else's body; but a request named outright about the
		// service is the service's whoever it is for ("do u speak
		// spanish? my mom is helping")
		return true
	case f.topics > 0 && (cov < m.cfg.TopicCoverage || !m.matchesKeyword(a, entry, 0)) && !((f.self > 0 || f.others == 0 && namesJoint(a) && !babysBody(a)) && knowledgeKind(m.entries[entry].Kind) && ownPain(a)) &&
		!(knowledgeKind(m.entries[entry].Kind) && jointsAfterBirth(a)) && !m.namedExercise(a, entry) && !m.leavingFor(a, entry) && !m.greetsFrom(a, entry):
		// another domain, not explained by the entry (nor claimed by any
		// keyword of it: words an entry's examples share, "dar", "a
		// partir de", "bebé", explain nothing of "a partir de cuándo le
		// puedo dar agüita al bebé"); but the parent's own body part
		// beside it is the question ("she drinks 100 ml every 3 hours
		// and my wrist hurts from the bottle"), and so is a body part's
		// pain named with nobody else beside it ("dolor de cuello y
		// hombros de estar en la compu estudiando")
		return true
	case dcov < m.cfg.MinCoverage && s < sure:
		return true // mostly words from outside carebot's domain
	case f.content > 0 && float64(f.unknown) >= maxUnknownShare*float64(f.content) && s < sure:
		return true // a third of the words unknown to the knowledge base: "roast chicken", "routing number"
	}
	return false
}

// babysBody reports whether a body part is named as the baby's ("baby's
// hip", "la cadera del bebé"): not the writer's own pain, whoever else is
// named.
func babysBody(a *analysis) bool {
	n := len(a.toks)
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord || !ownBodyWords[t.orig] {
			continue
		}
		if i > 0 && babyOwners[a.toks[i-1].orig] {
			return true // "baby's hip"
		}
		// "la cadera del bebé", "la espalda de la nena"
		j := i + 1
		switch {
		case j+1 < n && a.toks[j].orig == "de" && a.toks[j+1].orig == "la":
			j += 2
		case j < n && a.toks[j].orig == "del":
			j++
		default:
			continue
		}
		if j < n && babyOwners[a.toks[j].orig] {
			return true
		}
	}
	return false
}

// babyOwners name the baby as the owner of a body part.
var babyOwners = set(`babys babies newborns infants bebe bebes bebito bebita nene nena nino nina`)

// babyTemperature reports whether a body temperature, a fever or a
// normal reading, is told in a clause about the baby ("la nena tuvo 37.2
// ayer", "he was 100.8 after his shots"): the baby's own health, a domain
// outside carebot's as much as a topics cue is.
func babyTemperature(a *analysis) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if !t.baby || t.kind != tokNumber || a.notBody(i) || i+1 < len(a.toks) && otherUnits[a.toks[i+1].text] {
			continue // 37.5 weeks, 100.5 ml, the bath water at 37.5
		}
		// the screen's readings need a lead-in ("temp", "marca"); a
		// decimal in a body's range is one too ("tuvo 37.2")
		body := t.num >= 35 && t.num <= 43.5 || t.num >= 95 && t.num <= 110
		if a.isNormalTemp(i) || a.isFever(i) || body && strings.ContainsAny(t.text, ".,") {
			return true
		}
	}
	return false
}

// serviceRequest reports whether entry is about the service itself (help,
// privacy, sources; no courtesy, no mood, and no reminders: "set a
// reminder to call my mom" is an errand) and one of its
// strong keywords names it: such a request is the service's whoever
// else the message names.
func (m *Matcher) serviceRequest(a *analysis, entry int32) bool {
	e := m.entries[entry]
	if knowledgeKind(e.Kind) || courtesies[e.ID] || isMood(e) || e.Kind == knowledge.KindNudge {
		return false
	}
	return m.matchesKeyword(a, entry, serviceWeight)
}

// serviceWeight is the least weight of a keyword that names a request
// about the service ("in english", "reminders").
const serviceWeight = 2.5

// namedExercise reports whether entry is an exercise that the message
// names by one of its decisive names of two words or more: the exercise is
// the question whatever gear or chore is beside it ("standing child's
// pose, can i do it while holding the baby monitor"). One word is no name
// here: "traffic near the george washington bridge".
func (m *Matcher) namedExercise(a *analysis, entry int32) bool {
	if m.entries[entry].Kind != knowledge.KindExercise {
		return false
	}
	for i := range a.toks {
		t := &a.toks[i]
		if t.neg || t.past {
			continue
		}
		for kwi := range m.keywordsAt(t) {
			kw := &m.kws[kwi]
			if kw.entry != entry || kw.weight < decisiveWeight || len(kw.p) < 2 {
				continue
			}
			if _, ok := m.matchAt(a, kw.p, i); ok {
				return true
			}
		}
	}
	return false
}

// goodbyeEntry is the entry that answers someone taking their leave.
const goodbyeEntry = "goodbye"

// leavingFor reports whether a message answered with thanks or a goodbye
// both thanks and takes its leave in words that say so on their own
// ("gracias... ya me voy", "thanks, gotta go"): the baby-care topic beside
// them is the reason for leaving ("ya me voy que está llorando el nene",
// "gotta go, the baby is crying"), not a question. A goodbye without
// thanks may itself be asked about ("how do i say see you later") or be
// an errand ("i'm headed out to the airport").
func (m *Matcher) leavingFor(a *analysis, entry int32) bool {
	if id := m.entries[entry].ID; id != thanksEntry && id != goodbyeEntry {
		return false
	}
	if m.saysOutright(a, thanksEntry, 1) && m.saysOutright(a, goodbyeEntry, 2) {
		return true
	}
	// round 20: a goodbye with the baby just woken as the reason, asking
	// nothing ("chao, se despertó la guagua", "bye, little one woke")
	return m.entries[entry].ID == goodbyeEntry && !a.asks && m.saysOutright(a, goodbyeEntry, 1) && a.hasWordIn(wokeWords)
}

// wokeWords say the baby has just woken (accents folded).
var wokeWords = set(`woke awake desperto desperta`)

// greetingEntry is the entry that answers a hello.
const greetingEntry = "greeting"

// greetsFrom reports whether a message answered with the greeting greets
// from somewhere in words that say so on their own ("morning from a rainy
// manchester", "saludos desde un madrid lluvioso") and asks nothing: the
// weather or the place beside it is how the hello is sent, not a
// question about them ("hello from london, will it rain tomorrow?" asks).
func (m *Matcher) greetsFrom(a *analysis, entry int32) bool {
	if m.entries[entry].ID != greetingEntry || a.asks {
		return false
	}
	if !m.saysOutright(a, greetingEntry, 2) {
		return false
	}
	for i := 1; i < len(a.toks); i++ {
		if w := a.toks[i].orig; (w == "from" || w == "desde") && greetWords[a.toks[i-1].orig] {
			return true
		}
	}
	return false
}

// saysOutright reports whether a keyword of the entry named id of at least
// words words and decisiveWeight, not negated, matches the message.
func (m *Matcher) saysOutright(a *analysis, id string, words int) bool {
	for i := range a.toks {
		t := &a.toks[i]
		if t.neg {
			continue
		}
		for kwi := range m.keywordsAt(t) {
			kw := &m.kws[kwi]
			if m.entries[kw.entry].ID != id || kw.weight < decisiveWeight || len(kw.p) < words {
				continue
			}
			if _, ok := m.matchAt(a, kw.p, i); ok {
				return true
			}
		}
	}
	return false
}

// sureScorePerWord is the score per content word above which a long
// message's coverage is not asked.
const sureScorePerWord = 0.5

// domainExampleEntries is how many knowledge entries' examples must use a
// word for it to count as carebot's domain.
const domainExampleEntries = 3

// knowledgeKind reports whether entries of kind k answer about the body
// (not small talk, nudges, privacy or information about the bot).
func knowledgeKind(k knowledge.Kind) bool {
	switch k {
	case knowledge.KindSmallTalk, knowledge.KindNudge, knowledge.KindPrivacy, knowledge.KindInfo:
		return false
	}
	return true
}

// ownPainWords say that something hurts; pregnantWords that the writer is
// pregnant now (pregnancy itself stays out of scope).
var (
	ownPainWords = set(`hurt hurts hurting pain painful sore ache aches aching achy stiff stiffer tense tight wrecked killing kills screaming dying toast fried shot
		burning burn burns cramping knotted clenched
		duele duelen dolio dolieron dolia dolian dolor dolores adolorida adolorido molesta rigida rigidas destrozada destrozadas destrozado polvo
		truena truenan tronando cruje crujen contracturado contracturada contracturados contractura tenso tensa tensos tensas arden ardor jorobada jorobado
		revienta revientan reventada reventado molida molido
		duela duelan aguanto lena trizas
		tieso tiesa tiesos tiesas destruida destruido destruidas destruidos`)  // round 14: "sin que me duela", "no aguanto los hombros", "hecha leña"; round 18: "el cuello tieso", "la espalda destruida"
	// killWords tell of pain only beside a body part ("me mata la
	// espalda"; "me mata este calor" is the weather)
	killWords = set(`mata matan matando`)
	// ownBodyWords are body parts that, after a possessive or "tengo el"
	// ("my shoulders are up around my ears", "tengo el cuello..."), are
	// the parent's own
	ownBodyWords = set(`back neck shoulder shoulders wrist wrists hand hands arm arms hip hips knee knees thumb thumbs finger fingers
		espalda cuello hombro hombros muneca munecas mano manos brazo brazos cadera caderas rodilla rodillas pulgar dedos`)
	ownBodyBefore = set(`my mi mis`)
	articles      = set(`el la los las`)
	haveWords     = set(`tengo traigo tenia ando`)
	// skinWords tell of the skin, which carebot does not cover, however
	// much it is the parent's own ("heat rash under my arms")
	skinWords = set(`rash rashes itch itchy itching hives eczema acne pimple pimples mole bite bites sunburn
		sarpullido salpullido pica picazon comezon ronchas eccema acne granos grano lunar picadura quemadura`)
	pregnantWords = set(`pregnant embarazada embarazadisima prenada`)
	// otherBodyWords name parts of the body that are no joint, which
	// carebot does not cover either ("me duele un poquito el oído")
	otherBodyWords = set(`oido oidos muela muelas garganta encias earache toothache throat gums`)
)

// ownPain reports whether a message says that something hurts (or names
// one of the parent's own body parts: "my shoulders are up around my
// ears"), and not
// that its writer is pregnant: with a self cue, the parent's own pain is
// the question beside a topic ("she drinks 100 ml every 3 hours and my
// wrist hurts from the bottle").
func ownPain(a *analysis) bool {
	pain, kill, body := false, false, false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		if pregnantWords[t.orig] || skinWords[t.orig] || otherBodyWords[t.orig] {
			return false
		}
		if i > 0 && (a.toks[i-1].orig == "le" || a.toks[i-1].orig == "les") {
			continue // "a mi bebé le truena la cadera": the baby's
		}
		if ownBodyWords[t.orig] && yoCon(a, i) {
			pain = true // "y yo con la espalda que no aguanto"
		}
		if ownPainWords[t.orig] || ownPainWords[t.text] ||
			ownBodyWords[t.orig] && i > 0 && (ownBodyBefore[a.toks[i-1].orig] ||
				i > 1 && articles[a.toks[i-1].orig] && haveWords[a.toks[i-2].orig]) &&
				(i+1 == len(a.toks) || !notBodyAfter[a.toks[i+1].orig]) {
			pain = true
		}
		kill = kill || killWords[t.orig]
		body = body || ownBodyWords[t.orig]
	}
	return pain || kill && body
}

// yoCon reports whether token i, a body part, follows "yo con la" (or el,
// los, las): the writer's own ("el bebé llora y llora, y yo con la
// espalda que no aguanto").
func yoCon(a *analysis, i int) bool {
	return i > 2 && articles[a.toks[i-1].orig] && a.toks[i-2].orig == "con" && a.toks[i-3].orig == "yo"
}

// jointWords name the joints; afterWords the time after the birth.
var (
	jointWords = set(`joint joints articulacion articulaciones coyuntura coyunturas`)
	afterWords = set(`after postpartum despues posparto`)
)

// jointsAfterBirth reports whether a pregnant writer asks about the joints
// after the birth ("38 weeks pregnant, will my joints get worse after
// birth?", "estoy de 38 semanas, ¿me van a doler las articulaciones
// después del parto?"): carebot's question, though pregnancy itself is
// not.
func jointsAfterBirth(a *analysis) bool {
	pregnant, joint, after := false, false, false
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		pregnant = pregnant || pregnantWords[t.orig] || t.orig == "semanas" || t.orig == "weeks"
		joint = joint || jointWords[t.orig] || jointWords[t.text]
		after = after || afterWords[t.orig] || afterWords[t.text]
	}
	return pregnant && joint && after
}

// maxUnknownShare is the share of a message's content words, unknown to
// the knowledge base (not even as a typo), from which a weak match falls
// back.
const maxUnknownShare = 0.3

// scopeTrace, when set (by tests), sees the scope facts of every scored
// message.
var scopeTrace func(m *Matcher, f scopeFacts, score float64)

// timeWords name a time of day, a day or a time zone.
var timeWords = set(`am pm noon midday midnight morning mornings evening evenings night nights tonight afternoon afternoons
	weekday weekdays weekend weekends monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday saturdays sunday sundays
	mountain pacific eastern central timezone zone utc gmt est pst cst mst
	mediodia medianoche manana mananas tarde tardes noche noches
	lunes martes miercoles jueves viernes sabado sabados domingo domingos finde
	horario hora horas`)

// timeWord reports whether w is a time of day ("8pm", "7:30", "14h",
// "noon"), a day or a time zone.
func timeWord(w string) bool {
	if timeWords[w] {
		return true
	}
	d := 0
	for d < len(w) && w[d] >= '0' && w[d] <= '9' {
		d++
	}
	if d == 0 || d > 4 {
		return false
	}
	switch w[d:] {
	case "", "am", "pm", "h", "hs", "hrs":
		return true
	}
	return false
}

// namesReminder reports whether a message names carebot's own reminders
// or exercises, not an alarm or a meeting.
func namesReminder(a *analysis) bool {
	for i := range a.toks {
		w := a.toks[i].orig
		for _, p := range reminderPrefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

var reminderPrefixes = []string{"remind", "recordatori", "nudge", "stretch", "exercis", "ejercicio", "estiramiento"}

// deniedSpan reports whether the words from token i to end are denied
// right after "no" ("no rash", "no fever"); "sin clima" is no air
// conditioning, not a ruled-out topic.
func deniedSpan(a *analysis, i, end int) bool {
	if i == 0 || a.toks[i-1].orig != "no" {
		return false
	}
	for j := i; j <= end; j++ {
		if a.toks[j].kind == tokWord && !a.toks[j].neg {
			return false
		}
	}
	return true
}

// agePlace reports whether an others cue that ends in "de" to name an
// age ("mi hijo de 4 años", "nena de dos") is followed by an article
// instead: "sacar a la nena de la cuna", "el nene del suelo" say where the
// baby is, not that it is an older child.
func agePlace(a *analysis, c *scopeCue, end int) bool {
	if len(c.words) < 2 || c.words[len(c.words)-1] != "de" {
		return false
	}
	return end+1 < len(a.toks) && a.toks[end+1].kind == tokWord && placeArticles[a.toks[end+1].text]
}

// notMine reports whether an others cue denies that the message is about
// the parent ("not for me", "no es para mí"), rather than naming someone.
func notMine(c *scopeCue) bool {
	w := c.words
	return len(w) >= 2 && (w[0] == "not" || w[0] == "isnt" || w[0] == "its" && w[1] == "not" || w[0] == "no")
}

// timeAgo reports whether the others cue from token i to end, "años",
// tells how long ago ("hace dos años", "hace un par de años", "dos años
// atrás"), not someone's age.
func timeAgo(a *analysis, c *scopeCue, i, end int) bool {
	if len(c.words) != 1 || c.words[0] != "anos" {
		return false
	}
	if end+1 < len(a.toks) && a.toks[end+1].kind == tokWord && a.toks[end+1].orig == "atras" {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-4 && a.toks[j].kind == tokWord; j-- {
		if a.toks[j].orig == "hace" {
			return true
		}
	}
	return false
}

// placeArticles follow "de" in a place ("de la cuna", "de los brazos"),
// never in an age.
var placeArticles = set(`el la los las lo este esta ese esa`)

// helpEntry is the answer about what the bot can do.
const helpEntry = "help"

// greetWords open a message as a greeting ("buenas", "buenas noches",
// "hola, buenos días", "hey good evening").
var greetWords = set(`hola holi buenas buenos buena buen dia dias tardes noches hi hello hey hiya good morning afternoon evening night there greetings saludos`)

// openingGreeting returns the index of the last token of the greeting a
// message opens with, when a comma or a sentence break ends it, or -1.
func openingGreeting(a *analysis) int {
	for i := range a.toks {
		t := &a.toks[i]
		switch {
		case t.kind == tokWord && greetWords[t.orig]:
			continue
		case i > 0 && (t.kind == tokComma || t.kind == tokBreak):
			return i - 1
		}
		return -1
	}
	return -1
}

// backWords make a question that only points back at what came before
// ("¿es normal?", "is that ok?").
var backWords = set(`is it this that normal ok okay fine es esto eso normal esta bien verdad right`)

// asksBack reports whether sentence last of a message (sent numbers the
// tokens) holds nothing but backWords.
func asksBack(a *analysis, sent []int32, last int32) bool {
	words := 0
	for j := range a.toks {
		t := &a.toks[j]
		if sent[j] != last || t.kind != tokWord {
			continue
		}
		if !backWords[t.orig] {
			return false
		}
		words++
	}
	return words > 0
}
