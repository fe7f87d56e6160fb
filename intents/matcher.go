package intents

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/carebot/carebot/intents/second"
	"github.com/carebot/carebot/knowledge"
)

// Matcher finds warning signs and intents in messages. Build one with New;
// it is immutable and safe for concurrent use.
type Matcher struct {
	kb      *knowledge.Base
	v       *vocab
	cfg     Config
	entries []*knowledge.Entry

	// keywords, indexed by the term of their first word (dense by termID
	// once built; kwList, once the vocabulary is finished, holds what is
	// read at match time)
	kws        []keyword
	kwByFirstM map[termID][]int32
	kwByFirst  [][]int32
	// kwList[terms[k].kw:terms[k+1].kw] is kwByFirst[k] with each
	// keyword's second part, as the screen's termCands, and its entry
	kwList []kwCand

	// BM25 over each entry's examples, dense by termID once built; the
	// postings and idfs are read while building, and at match time
	// through terms and bmList
	postingsM map[termID][]posting
	postings  [][]posting
	idf       []float64
	maxIDF    float64 // the idf of a term in no example
	domain    []bool  // by termID: a word of a knowledge entry's keyword
	docLen    []float64
	avgLen    float64
	// by entry: the content words of an exercise's name when it has two
	// or more ("postura del niño": postura, niño), none otherwise
	nameTerms [][]termID

	// scope cues, indexed by their first word
	cues       []scopeCue
	cueByFirst map[string][]int32
	cueFirst   wordFilter // the first words of the cues, before cueByFirst
	// cueList[cueStart[id]:cueStart[id+1]] are the cues that can start
	// at known word id (indexCueWords)
	cueStart []int32
	cueList  []cueRef
	flags    []wordFlag // by word id: the fixed word sets the word is in
	scoped   bool       // the knowledge base has scope cues: detect out-of-scope messages

	// BM25 over the steps of exercise entries, so that an exercise is
	// found by its description ("the one where you hold the counter and
	// sink your hips back"), dense by termID once built (the postings and
	// idfs, as the examples')
	stepsM     map[termID][]posting
	steps      [][]posting
	stepIDF    []float64
	stepDocLen []float64
	stepAvgLen float64
	stepDocs   int

	// moment cues, indexed by the term of their first word
	momentCues     []momentCue
	momentByFirstM map[termID][]int32
	// momentList[terms[k].moment:terms[k+1].moment] are the moment cues
	// whose first word has term k
	momentList []int32

	screen    *screen
	second    *secondOpinion // nil when off
	ctx       *contextRules
	escalate  int               // index of the escalation entry, -1 if none
	fallback  int               // index of the fallback entry, -1 if none
	commandTo map[string]string // slash command -> entry id

	// terms is what score reads first of each term, by termID, with one
	// record more at the end that closes the last term's runs: where its
	// keyword candidates (kwList) and BM25 postings (bmList) start, and
	// its idfs. One pointer-free record a term costs the loop one cache
	// line a term rather than one for each table, and the collector
	// nothing.
	terms []termRec
	// bmList are the BM25 postings of every term, each with its length
	// normalisation worked out (indexBM25): bmList[terms[k].ex:terms[k].step]
	// are term k's in the examples, bmList[terms[k].step:terms[k+1].ex]
	// its in the steps
	bmList []bm25Posting
	// cueIDs[cueAt[ci]:cueAt[ci+1]] are the words of scope cue ci after
	// its first, each as the word ids of it and of it with "s" and "es"
	// (noWord: no known word), so that cuesFrom reads a known token
	// without the cue's strings
	cueAt  []int32
	cueIDs [][3]wordID
	// nameIndex are the terms of nameTerms with their entries, sorted by
	// term then entry, each pair once
	nameIndex []nameTerm
	// nameBits has bit k set for every term k of nameIndex: most terms
	// are in no name, and namePieces passes them without a search
	nameBits []uint64
}

// nameTerm is one term of the name of exercise entry.
type nameTerm struct {
	term  termID
	entry int32
}

// termRec is one term of Matcher.terms: its idf over the examples and
// over the steps, and where its runs in kwList, bmList and momentList
// start (each ends where the next term's starts).
type termRec struct {
	idf, stepIDF         float64
	kw, ex, step, moment int32
}

// kwCand is a keyword candidate of kwList: the keyword with its second
// part, and its entry, which scopeOf compares before reading the keyword.
type kwCand struct {
	altCand
	entry int32
}

// kwCands returns the keyword candidates of term k.
func (m *Matcher) kwCands(k termID) []kwCand {
	return m.kwList[m.terms[k].kw:m.terms[k+1].kw]
}

// examplePostings returns the BM25 postings of term k in the examples.
func (m *Matcher) examplePostings(k termID) []bm25Posting {
	return m.bmList[m.terms[k].ex:m.terms[k].step]
}

// bm25Posting is a posting with its BM25 term-frequency factor.
type bm25Posting struct {
	entry int32
	mood  bool // the entry is a mood entry (isMood)
	norm  float64
}

// bm25K1 and bm25B are the BM25 parameters.
const bm25K1, bm25B = 1.2, 0.75

// indexBM25 makes terms (but for the keyword starts, indexKeywords') and
// bmList once the postings and lengths are final.
func (m *Matcher) indexBM25() {
	const k1, b = bm25K1, bm25B
	m.terms = make([]termRec, len(m.postings)+1)
	n := 0
	for k := range m.postings {
		n += len(m.postings[k]) + len(m.steps[k])
	}
	m.bmList = make([]bm25Posting, 0, n)
	for k := range m.postings {
		tr := &m.terms[k]
		tr.idf, tr.stepIDF = m.idf[k], m.stepIDF[k]
		tr.ex = int32(len(m.bmList))
		for _, p := range m.postings[k] {
			tf := float64(p.tf)
			norm := tf * (k1 + 1) / (tf + k1*(1-b+b*m.docLen[p.entry]/m.avgLen))
			m.bmList = append(m.bmList, bm25Posting{entry: p.entry, mood: isMood(m.entries[p.entry]), norm: norm})
		}
		tr.step = int32(len(m.bmList))
		for _, p := range m.steps[k] {
			tf := float64(p.tf)
			norm := tf * (k1 + 1) / (tf + k1*(1-b+b*m.stepDocLen[p.entry]/m.stepAvgLen))
			m.bmList = append(m.bmList, bm25Posting{entry: p.entry, norm: norm})
		}
	}
	end := &m.terms[len(m.postings)]
	end.ex, end.step = int32(n), int32(n)
}

// keyword is one compiled keyword of an entry.
type keyword struct {
	p      phrase
	entry  int32
	weight float64
}

// negatedKeywordWeight scales a keyword said in the negative.
const negatedKeywordWeight = 0.25

// posting is a term's frequency in one entry's examples.
type posting struct {
	entry int32
	tf    float32
}

// Config tunes a Matcher. The zero value uses the defaults.
type Config struct {
	// MinScore is the score below which a message falls back. Default 1.5.
	MinScore float64
	// Ambiguity is the ratio of the second score to the first above which
	// the two are offered as "did you mean". Default 0.85.
	Ambiguity float64
	// ExampleWeight scales the BM25 score of examples against keyword
	// weights. Default 0.6.
	ExampleWeight float64
	// SecondOpinion is the learned model consulted after the rules (see
	// package second). Default: the embedded model.
	SecondOpinion *second.Model
	// NoSecondOpinion turns the learned second opinion off: the rules
	// alone decide the level.
	NoSecondOpinion bool
	// StepWeight scales the BM25 score of exercise steps. Default 0.35.
	StepWeight float64
	// MinCoverage is the share of a message's content words that its best
	// entry must explain or that must belong to carebot's domain, unless
	// it scores SureScore or more. Default 0.6.
	MinCoverage float64
	// SureScore is the score above which coverage is not asked. Default 5.
	SureScore float64
	// TopicCoverage is the coverage the best entry needs when the message
	// names a topic outside carebot's (a scope cue). Default 0.75.
	TopicCoverage float64
}

// keywordsAt yields the keywords that may start at token t: those listed
// under either of its keys, once when both keys are the same term.
func (m *Matcher) keywordsAt(t *token) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for c := range m.keywordCandsAt(t) {
			if !yield(c.alt) {
				return
			}
		}
	}
}

// keywordCandsAt is keywordsAt with each keyword's second part.
func (m *Matcher) keywordCandsAt(t *token) iter.Seq[*kwCand] {
	return func(yield func(*kwCand) bool) {
		for ki, k := range t.keys {
			if k == noTerm || (ki == 1 && k == t.keys[0]) {
				continue
			}
			cands := m.kwCands(k)
			for ci := range cands {
				if !yield(&cands[ci]) {
					return
				}
			}
		}
	}
}

// indexKeywords makes kwList and its starts in terms once the vocabulary
// is finished.
func (m *Matcher) indexKeywords() {
	n := 0
	for _, kws := range m.kwByFirst {
		n += len(kws)
	}
	m.kwList = make([]kwCand, 0, n)
	for k, kws := range m.kwByFirst {
		m.terms[k].kw = int32(len(m.kwList))
		for _, kwi := range kws {
			m.kwList = append(m.kwList, kwCand{altCand{alt: kwi, next: nextPart(m.v, m.kws[kwi].p)}, m.kws[kwi].entry})
		}
	}
	m.terms[len(m.kwByFirst)].kw = int32(n)
	m.kwByFirst = nil
}

func (c Config) withDefaults() Config {
	c.MinScore = cmp.Or(c.MinScore, 1.5)
	c.Ambiguity = cmp.Or(c.Ambiguity, 0.85)
	c.ExampleWeight = cmp.Or(c.ExampleWeight, 0.6)
	c.StepWeight = cmp.Or(c.StepWeight, 0.35)
	c.MinCoverage = cmp.Or(c.MinCoverage, 0.6)
	c.SureScore = cmp.Or(c.SureScore, 5)
	c.TopicCoverage = cmp.Or(c.TopicCoverage, 0.75)
	return c
}

// ErrInvalid is wrapped by New when the knowledge base cannot be compiled.
var ErrInvalid = errors.New("invalid knowledge base")

// nudgeNow is the entry of a message that tells of a moment: a quick
// exercise now.
const nudgeNow = "nudge.now"

// commandEntries maps slash commands to the entries a message with the
// command is matched to (what carebot match reports for "/help"). It is the
// one table of it: bot's command table reads it (CommandEntry) for the
// commands that asking their entry in words runs.
var commandEntries = map[string]string{
	"/start": "greeting", "/help": "help", "/menu": "help", "/exercises": "exercises",
	"/tips": "treatments", "/nudge": "nudge.subscribe", "/stop": "nudge.unsubscribe",
	"/forget": "privacy.forget", "/lang": "help", "/progress": "nudge.subscribe",
	"/privacy": "privacy.info", "/sources": "references", "/consent": "care.tell_team",
}

// CommandEntry returns the id of the entry a message with the slash
// command cmd ("/help") is matched to, or "" for none.
func CommandEntry(cmd string) string { return commandEntries[cmd] }

// New builds a matcher over the knowledge base with the default Config.
func New(kb *knowledge.Base) (*Matcher, error) { return NewWithConfig(kb, Config{}) }

// NewWithConfig builds a matcher over the knowledge base. Sign patterns that
// do not compile are reported as knowledge.Problems wrapped with ErrInvalid.
func NewWithConfig(kb *knowledge.Base, cfg Config) (*Matcher, error) {
	m := &Matcher{
		kb: kb, v: newVocab(), cfg: cfg.withDefaults(), entries: kb.Entries,
		kwByFirstM: make(map[termID][]int32), postingsM: make(map[termID][]posting),
		cueByFirst: make(map[string][]int32), stepsM: make(map[termID][]posting),
		escalate: -1, fallback: -1,
		commandTo: make(map[string]string),
	}
	// The screen is compiled beside the rest, as soon as the synonyms
	// are registered; its goroutine stems its own texts, so there is one
	// worker fewer here.
	sb := startScreen(kb)
	docs := synonymDocs(kb, make([]doc, 0, docsSize))
	m.v.prestem(docs, 1)
	for _, lang := range knowledge.Languages() {
		m.v.addSynonyms(lang, kb.Synonyms[lang])
	}
	sb.fork <- m.v.fork()
	m.v.prestem(buildDocs(kb, docs[len(docs):]), stemWorkers()-1)
	for lang, ws := range functionWords {
		for _, w := range m.v.wordsOf(ws) {
			m.v.learn(w, lang)
		}
	}
	for lang, ws := range plainWords {
		for _, w := range m.v.wordsOf(ws) {
			m.v.learn(w, lang)
		}
	}
	var probs knowledge.Problems
	for i, e := range kb.Entries {
		m.addEntry(int32(i), e, &probs)
		switch {
		case e.Kind == knowledge.KindEscalation && (m.escalate < 0 || e.ID == "see_doctor"):
			m.escalate = i
		case e.ID == Fallback:
			m.fallback = i
		}
		m.learnTexts(e)
	}
	for cmd, id := range commandEntries {
		if kb.Entry(id) != nil {
			m.commandTo[cmd] = id
		}
	}
	m.addScope(kb, &probs)
	m.addMoments(kb, &probs)
	m.scoped = len(m.cues) > 0
	m.indexExamples()
	m.indexSteps()
	m.ctx = compileContext(kb)
	// The trigger words are known words, so never corrected as typos: the
	// words of triggerWords with the prefix's "*" cut, read from the
	// tokens (compileContext made the slices of words already).
	var toks [16]rawToken
	for _, c := range kb.Context {
		for lang, ws := range c.Words {
			for _, w := range ws {
				ts, star := triggerTokens(w, toks[:0])
				for i, t := range ts {
					if star && i == len(ts)-1 {
						m.v.learn(t.text, lang) // only the "*" triggerWords adds was cut
					} else {
						m.v.learn(strings.TrimSuffix(t.text, "*"), lang)
					}
				}
			}
		}
	}
	var err error
	if m.second, err = newSecondOpinion(kb, cfg); err != nil {
		return nil, err
	}
	for _, k := range m.kb.Messages {
		for lang, s := range k {
			for _, w := range m.v.takeWords(s) {
				m.v.learn(w, lang)
			}
		}
	}
	var screenFrozen func()
	m.screen, screenFrozen = sb.join(m.v, &probs)
	typosBuilt := m.v.finish()
	m.freeze()
	screenFrozen()
	m.screen.indexWords(m.v)
	m.ctx.indexWords(m.v)
	m.indexCueWords()
	m.indexKeywords()
	m.indexWordFlags()
	typosBuilt()
	if len(probs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, probs)
	}
	// Matching reads the entries' ids and kinds and the moments' ids,
	// nothing else of kb.
	m.kb = kb.Skeleton()
	m.entries = m.kb.Entries
	// What the match-time tables were made from and freeze keeps: the
	// exercises' name terms (nameIndex holds them) and the documents'
	// lengths (in bmList's norms). Kept, they were part of the scannable
	// heap the collector marks every cycle.
	m.nameTerms, m.docLen, m.stepDocLen = nil, nil, nil
	return m, nil
}

// addEntry compiles the keywords of one entry.
func (m *Matcher) addEntry(idx int32, e *knowledge.Entry, probs *knowledge.Problems) {
	// In a fixed order of languages: the keywords' order is the order
	// score adds their weights in, and a map's order changes run to run.
	for _, lang := range slices.Sorted(maps.Keys(e.Keywords)) {
		for _, k := range e.Keywords[lang] {
			p, err := m.v.compilePhrase(m.v.canonical(k.Text, lang), lang)
			if err != nil {
				*probs = append(*probs, knowledge.Problem{Pos: k.Pos, Msg: fmt.Sprintf("keyword %q: %v", k.Text, err)})
				continue
			}
			for _, pt := range p {
				if pt.kind != partTerm {
					*probs = append(*probs, knowledge.Problem{Pos: k.Pos, Msg: fmt.Sprintf("keyword %q: wildcards and special tokens belong in sign patterns", k.Text)})
				}
			}
			i := int32(len(m.kws))
			m.kws = append(m.kws, keyword{p: p, entry: idx, weight: k.Weight})
			m.kwByFirstM[p[0].term] = append(m.kwByFirstM[p[0].term], i)
		}
	}
}

// learnTexts records the words of an entry's texts, so that they are known
// (not typos) and tell the language of a message.
func (m *Matcher) learnTexts(e *knowledge.Entry) {
	var name []termID
	for ti, t := range []knowledge.Text{e.Title, e.Answer, e.More} {
		for _, lang := range slices.Sorted(maps.Keys(t)) {
			s := t[lang]
			var words []termID
			for _, w := range m.v.takeWords(s) {
				m.v.learn(w, lang)
				if ti == 0 && e.Kind == knowledge.KindExercise && !stopwords[w] {
					words = append(words, m.v.termOf(w, lang))
				}
			}
			if len(words) >= 2 {
				name = append(name, words...)
			}
		}
	}
	m.nameTerms = append(m.nameTerms, name)
	if e.Exercise != nil {
		for _, l := range []knowledge.List{e.Exercise.Steps, e.Exercise.Prompts} {
			for lang, ss := range l {
				for _, s := range ss {
					for _, w := range m.v.wordsOf(s) {
						m.v.learn(w, lang)
					}
				}
			}
		}
	}
}

// indexExamples builds the BM25 index over the examples of every entry.
func (m *Matcher) indexExamples() {
	m.docLen = make([]float64, len(m.entries))
	tfs := make([]map[termID]float32, len(m.entries))
	for i, e := range m.entries {
		tf := make(map[termID]float32)
		for lang, exs := range e.Examples {
			for _, ex := range exs {
				for _, w := range m.v.takeWords(ex) {
					m.v.learn(w, lang)
					if stopwords[w] {
						continue
					}
					tf[m.v.termOf(w, lang)]++
					m.docLen[i]++
				}
			}
		}
		tfs[i] = tf
	}
	total := 0.0
	for i, tf := range tfs {
		total += m.docLen[i]
		for t, n := range tf {
			m.postingsM[t] = append(m.postingsM[t], posting{entry: int32(i), tf: n})
		}
	}
	if len(m.entries) > 0 {
		m.avgLen = total / float64(len(m.entries))
	}
}

// indexSteps builds the BM25 index over the steps of exercise entries.
func (m *Matcher) indexSteps() {
	m.stepDocLen = make([]float64, len(m.entries))
	total, docs := 0.0, 0
	for i, e := range m.entries {
		if e.Exercise == nil {
			continue
		}
		docs++
		tf := make(map[termID]float32)
		for lang, steps := range e.Exercise.Steps {
			for _, st := range steps {
				for _, w := range m.v.takeWords(st) {
					if stopwords[w] {
						continue
					}
					tf[m.v.termOf(w, lang)]++
					m.stepDocLen[i]++
				}
			}
		}
		total += m.stepDocLen[i]
		for t, n := range tf {
			m.stepsM[t] = append(m.stepsM[t], posting{entry: int32(i), tf: n})
		}
	}
	if docs > 0 {
		m.stepAvgLen = total / float64(docs)
	}
	m.stepDocs = docs
}

// freeze turns the build-time maps into slices indexed by termID, now that
// every term exists. The screen's are frozen beside it (screenBuild.join).
func (m *Matcher) freeze() {
	n := len(m.v.names)
	m.kwByFirst = dense(m.kwByFirstM, n)
	m.postings = dense(m.postingsM, n)
	m.idf = make([]float64, n)
	docs := float64(len(m.entries))
	m.maxIDF = math.Log(1 + (docs+0.5)/0.5)
	for t, ps := range m.postings {
		df := float64(len(ps))
		if df > 0 {
			m.idf[t] = math.Log(1 + (docs-df+0.5)/(df+0.5))
		}
	}
	m.steps = dense(m.stepsM, n)
	m.stepIDF = make([]float64, n)
	for t, ps := range m.steps {
		if df := float64(len(ps)); df > 0 {
			m.stepIDF[t] = math.Log(1 + (float64(m.stepDocs)-df+0.5)/(df+0.5))
		}
	}
	m.markDomain()
	m.indexBM25()
	m.postings, m.steps, m.idf, m.stepIDF = nil, nil, nil, nil
	for k, cues := range dense(m.momentByFirstM, n) {
		m.terms[k].moment = int32(len(m.momentList))
		m.momentList = append(m.momentList, cues...)
	}
	m.terms[n].moment = int32(len(m.momentList))
	m.kwByFirstM, m.postingsM, m.stepsM, m.momentByFirstM = nil, nil, nil, nil
	for e, name := range m.nameTerms {
		for _, k := range name {
			m.nameIndex = append(m.nameIndex, nameTerm{k, int32(e)})
		}
	}
	slices.SortFunc(m.nameIndex, func(x, y nameTerm) int { return cmp.Or(cmp.Compare(x.term, y.term), cmp.Compare(x.entry, y.entry)) })
	m.nameIndex = slices.Compact(m.nameIndex)
	m.nameBits = make([]uint64, (n+63)/64)
	for _, x := range m.nameIndex {
		m.nameBits[x.term/64] |= 1 << (x.term % 64)
	}
}

// dense turns a map keyed by termID into a slice of length n.
func dense[T any](m map[termID]T, n int) []T {
	out := make([]T, n)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Match screens text for warning signs and finds the entry it asks about.
// langHint is the person's last known language ("en", "es" or ""), used
// when the message itself does not tell.
func (m *Matcher) Match(text, langHint string) Result {
	a := analysisPool.Get().(*analysis)
	defer func() { a.reset(); analysisPool.Put(a) }()

	var r Result
	body := text
	if cmd, args, ok := parseCommand(text); ok {
		r.Command, r.Args = cmd, args
		body = args
	}
	m.analyse(body, a)
	a.asks = asks(body)
	r.Lang = m.detectLang(a, text, langHint)
	if r.Command == "/start" && isDeepLinkPayload(r.Args) {
		// "/start Xq3_leche9": an invite's code is random letters whose
		// "words" may vote for either language; the person has not said
		// anything yet. It is still screened, like any text.
		r.Lang = m.detectLang(&analysis{}, "", langHint)
	}
	m.screen.run(m, a, &r)
	m.secondOpinion(a, &r) // the learned model may raise r.Level, never lower it
	m.respell(a, r.Lang)   // after the screen: a word spelt by ear, for the match
	r.More = isMoreRequest(a)
	if !r.More { // "more" continues the last topic: it has none of its own
		dropAddress(a) // after the screen, which reads every word
		m.markDone(a)  // "that stretch helped, anything for my knees now?"
		m.score(a, &r)
	} else {
		r.Topic = Fallback
	}
	if !r.More && r.Command == "" {
		if e := m.kb.Entry(r.Topic); (r.Topic == Fallback || e != nil && momentKinds[e.Kind]) && !r.Level.Escalates() {
			r.Moment = m.momentAt(a, text)
		}
		if r.Moment != "" {
			// "warming a bottle now": a quick exercise for that moment
			if m.kb.Entry(nudgeNow) != nil {
				r.Topic, r.Confidence, r.Ambiguous = nudgeNow, 0.9, false
				r.Candidates = []Candidate{{ID: nudgeNow, Confidence: 0.9}}
			}
		}
	}
	if r.Command != "" {
		if id, ok := m.commandTo[r.Command]; ok && (r.Topic == Fallback || r.Args == "") {
			r.Topic, r.Confidence = id, 1
			r.Candidates = []Candidate{{ID: id, Confidence: 1}}
			r.Ambiguous = false
		}
	}
	r.Intent = r.Topic
	if r.Level.Escalates() && m.escalate >= 0 {
		// Sign rules are deterministic: the escalation answer is certain.
		r.Intent, r.Confidence = m.entries[m.escalate].ID, 1
	}
	return r
}

// asks reports whether text has a question mark, "?" or "¿": the same as
// strings.ContainsAny(text, "?¿"), which reads a rune at a time since "¿"
// is not ASCII; "¿" is always the same two bytes, never part of another
// rune, even in invalid UTF-8.
func asks(text string) bool {
	return strings.IndexByte(text, '?') >= 0 || strings.Contains(text, "¿")
}

// analyse tokenises text and looks up every word.
func (m *Matcher) analyse(text string, a *analysis) {
	a.raw = joinSpelled(tokenize(text, a.raw[:0]))
	for _, rt := range a.raw {
		t := token{text: rt.text, orig: rt.text, kind: rt.kind, num: rt.num, keys: [2]termID{noTerm, noTerm}, surf: noTerm}
		switch rt.kind {
		case tokWord:
			info, fixed := m.v.analyse(rt.text)
			m.setWord(&t, info)
			if fixed != "" {
				t.text = fixed
			}
			if m.wordIs(&t, t.text, flagFever, feverWords, feverFilter) {
				a.feverCue = true
			}
		case tokEmoji:
			id := m.v.lookup(rt.text)
			t.keys = [2]termID{id, noTerm}
		}
		a.toks = append(a.toks, t)
	}
	m.spanishBoy(a)
	m.rewriteSynonyms(a)
	a.typos = false
	for i := range a.toks {
		if t := &a.toks[i]; t.kind == tokWord && !t.known && t.text != t.orig {
			a.typos = true
			break
		}
	}
	a.ctx = m.ctx
	a.markContext(m.ctx)
}

// spanishBoy reads "boy" as "voy" where only the Spanish verb fits, after
// a Spanish pronoun and before "a" ("me boy a caer", "ya me boy a
// desmayar", "me boy a matar"): b for v is spelling by ear (earSpellings),
// but "boy" is an English word, so the word-level variant never reaches it.
func (m *Matcher) spanishBoy(a *analysis) {
	for i := 1; i+1 < len(a.toks); i++ {
		t := &a.toks[i]
		if t.text != "boy" || a.toks[i+1].text != "a" && a.toks[i+1].text != "al" || !boyBefore[a.toks[i-1].text] {
			continue
		}
		info, _ := m.v.analyse("voy")
		t.text = "voy"
		m.setWord(t, info)
	}
}

// setWord gives t the look-ups of the word info describes: its keys,
// language, stop flag, surface term, id, prefix alternatives and whether
// it is known. t.text is the caller's.
func (m *Matcher) setWord(t *token, info wordInfo) {
	t.keys, t.bits, t.stop, t.surf, t.wid = info.keys, info.bits, info.stop, info.surf, info.id
	t.pre, t.known = m.v.prefixAltsOf(info), info.known
}

// boyBefore are the Spanish words that may stand before "voy a".
var boyBefore = set(`me te se ya yo lo la le nos no ahorita ahora que porque creo siento`)

// rewriteSynonyms replaces multi-word synonyms by their canonical words.
// Every token is read once and written once: in place while the
// rewrites are no longer than what they replace, into one new slice from
// the first that is longer, so a long message with many synonyms costs
// time linear in its length (BenchmarkMatchLong).
func (m *Matcher) rewriteSynonyms(a *analysis) {
	if len(m.v.rules) == 0 {
		return
	}
	toks := a.toks
	out := toks[:0] // aliases toks until a rewrite would overrun the reading
	inPlace := true
	for i := 0; i < len(toks); i++ {
		r, ok := m.synonymAt(toks, i)
		if !ok {
			if inPlace && len(out) == i {
				out = out[:i+1] // nothing rewritten yet: already in place
			} else {
				out = append(out, toks[i])
			}
			continue
		}
		bits := toks[i].bits
		if inPlace && len(out)+len(r.to) > i+len(r.from) {
			out = append(make([]token, 0, len(toks)+len(r.to)), out...)
			inPlace = false
		}
		for _, w := range r.to {
			info, fixed := m.v.analyse(w)
			out = append(out, token{text: w, orig: w, kind: tokWord, keys: info.keys, bits: bits, stop: info.stop,
				surf: info.surf, pre: m.v.prefixAltsOf(info), known: info.known, wid: textID(info, fixed)})
		}
		i += len(r.from) - 1
	}
	a.toks = out
}

// textID is the word id of a token whose text stays the word info was
// looked up for: none when info is that of a correction.
func textID(info wordInfo, fixed string) wordID {
	if fixed != "" {
		return noWord
	}
	return info.id
}

// synonymAt returns the first multi-word synonym rule, among those of the
// terms of toks[i], whose words start at toks[i].
func (m *Matcher) synonymAt(toks []token, i int) (rule, bool) {
	t := &toks[i]
	for _, k := range t.keys {
		if k == noTerm {
			continue
		}
		for _, r := range m.v.rules[k] {
			if i+len(r.from) > len(toks) {
				continue
			}
			ok := true
			for j, id := range r.from {
				if !toks[i+j].has(id) {
					ok = false
					break
				}
			}
			if ok && len(r.from) == 1 && len(r.to) > 1 && len(m.v.names[r.from[0]]) <= 3 && t.kind == tokWord && m.v.lookup(t.text) != r.from[0] {
				// A one-word synonym that stands for several words (an
				// abbreviation: "sob", "short of breath") is that word
				// typed, not another word read through its stem ("sobe",
				// Spanish for "rub", is not "sob").
				ok = false
			}
			if ok {
				return r, true
			}
		}
	}
	return rule{}, false
}

// detectLang decides the language of a message from its words, then its
// accents, then the hint.
func (m *Matcher) detectLang(a *analysis, text, hint string) string {
	en, es := 0, 0
	contentEN, contentES := 0, 0 // votes of words that are not function words
	for i := range a.toks {
		t := &a.toks[i]
		switch t.bits {
		case bitEN:
			en++
			if !t.stop {
				contentEN++
			}
		case bitES:
			es++
			if !t.stop {
				contentES++
			}
		}
	}
	a.enVotes, a.esVotes = en, es
	switch {
	case hint == "es" && es <= en && contentEN == 0 && en > 0,
		hint == "en" && en <= es && contentES == 0 && es > 0 && !hasSpanishMarks(text):
		// "ok", "yes", "lol", "si": function words alone do not change the
		// language a person chose or last wrote in
		return hint
	case es > en:
		return "es"
	case en > es:
		return "en"
	case hasSpanishMarks(text):
		return "es"
	case hint == "es" || hint == "en":
		return hint
	}
	return knowledge.DefaultLanguage
}

// isDeepLinkPayload reports whether args is one Telegram deep-link
// parameter: 1 to 64 of A-Z, a-z, 0-9, "_" and "-", as Telegram allows.
func isDeepLinkPayload(args string) bool {
	if args == "" || len(args) > 64 {
		return false
	}
	for _, c := range []byte(args) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isMoreRequest reports whether the message only asks to continue.
func isMoreRequest(a *analysis) bool {
	n, more := 0, false
	var first, last string
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		n++
		if n == 1 {
			first = t.text
		}
		last = t.text
		switch {
		case moreRequests[t.text]:
			more = true
		case moreLeadIns[t.text]:
		default:
			return false
		}
	}
	return more && n <= 5 || n == 2 && (first == "y" && last == "eso" || first == "and" && last == "then")
}

// score ranks the entries.
func (m *Matcher) score(a *analysis, r *Result) {
	scores := a.scratchScores(len(m.entries))
	kwSeen := a.scratchStamps(len(m.kws))
	// past: what keywords in past-history clauses lost, given back when
	// the keywords outside such clauses do not add up to a match
	var past []float64
	anyPast, present := false, 0.0
	if a.hasPast() {
		past = a.scratchPast(len(m.entries))
	}
	weather := weatherTold(a) // the heat of the day, not a heat pack
	// keywords: each matched once
	for i := range a.toks {
		t := &a.toks[i]
		// "going back to bed": "back" alone is no body part there, but a
		// keyword phrase through it still matches ("back to running")
		backWord := notBodyWord(a, i)
		for c := range m.keywordCandsAt(t) {
			kwi := c.alt
			if c.next.kind != noPart && !mayFollow(a, i, &c.next) || kwSeen.seen(kwi) {
				continue
			}
			kw := &m.kws[kwi]
			if backWord && len(kw.p) == 1 {
				continue
			}
			var ok bool
			if t.kind == tokWord {
				// a keyword found by term k starts with a part of
				// term k, which a word carrying k matches
				_, ok = m.matchRest(a, kw.p, i)
			} else {
				_, ok = m.matchAt(a, kw.p, i)
			}
			if ok {
				kwSeen.mark(kwi)
				// "no redness or heat" is not about heat packs (see
				// keywordWeight for the other cases)
				f := keywordWeight(t, m.entries[kw.entry])
				if m.entries[kw.entry].ID == heatEntry && (weatherHeat(a, i) || weather && heatWords[t.orig]) {
					f *= pastKeywordWeight // "hace un calor de 40 grados"
				}
				scores[kw.entry] += kw.weight * f
				if t.past && !t.neg {
					past[kw.entry] += kw.weight * (1 - f)
					anyPast = true
				} else {
					present += kw.weight * f
				}
			}
		}
	}
	if anyPast && present < m.cfg.MinScore {
		for e, w := range past {
			scores[e] += w
		}
	}
	// examples: BM25 over distinct query terms
	stepWeight := m.cfg.StepWeight
	described := describes(a)
	if described {
		// "the one where you lie down and lift your butt": an exercise
		// told by its steps
		stepWeight *= describedStepBoost
	}
	var buf [8]int32
	pieces := m.namePieces(a, scores, described, buf[:0])
	if m.avgLen > 0 {
		qSeen := a.scratchTerms()
		for i := range a.toks {
			t := &a.toks[i]
			if t.stop || notBodyBack(a, i) {
				continue
			}
			for ki, k := range t.keys {
				if k == noTerm || (ki == 1 && k == t.keys[0]) || slices.Contains(*qSeen, k) {
					continue
				}
				*qSeen = append(*qSeen, k)
				tr := &m.terms[k]
				idf := tr.idf
				if t.done || weather && heatWords[t.orig] {
					// "las sentadillas me ayudaron con la cadera, pero...";
					// "hace un calor brutal y siento las rodillas pesadas"
					idf *= pastKeywordWeight
				}
				negMood := t.neg && !t.done
				for _, p := range m.bmList[tr.ex:tr.step] {
					w := idf
					if negMood && p.mood {
						w *= negatedKeywordWeight // "not sad, not depressed, just touched out": no mood told
					}
					scores[p.entry] += m.cfg.ExampleWeight * w * p.norm
				}
				for _, p := range m.bmList[tr.step:m.terms[k+1].ex] {
					scores[p.entry] += stepWeight * tr.stepIDF * p.norm
				}
			}
		}
	}
	if thanksAhead(a) {
		// "could you recommend a car seat? thanks in advance": a thanks
		// said ahead closes a request, it thanks for nothing yet
		for e := range m.entries {
			if m.entries[e].ID == thanksEntry {
				scores[e] = 0
			}
		}
	}
	type cand struct {
		i int
		s float64
	}
	var top [3]cand
	for i := range top {
		top[i].i = -1
	}
	for i, s := range scores {
		if s <= 0 {
			continue
		}
		for j := range top {
			if top[j].i < 0 || s > top[j].s {
				copy(top[j+1:], top[j:len(top)-1])
				top[j] = cand{i, s}
				break
			}
		}
	}
	r.Topic = Fallback
	// "can fathers get ppd?", "how do you tell ppd apart from being
	// tired": a question about the condition is carebot's whoever it is
	// about and however few of its words the entry explains
	moodNear := false // a mood entry among the candidates
	for _, c := range top {
		moodNear = moodNear || c.i >= 0 && c.s >= m.cfg.MinScore && isMood(m.entries[c.i])
	}
	setting := false // the baby's care told as the setting of the parent's own question
	if top[0].i >= 0 && top[0].i == m.fallback && top[1].i >= 0 && top[1].s >= m.cfg.MinScore && ownBodyAsked(m.entries[top[1].i].Kind) && ownPain(a) && namesJoint(a) {
		// "pediatrician says colic and he's gaining fine. how do i hold
		// him for an hour without wrecking my back": the baby's care is
		// told as the setting, the parent's own body is asked about
		top[0], top[1] = top[1], top[0]
		setting = true
	}
	if m.escalate >= 0 && asksBluesNormal(a) && !ownPain(a) && !namesJoint(a) {
		// "is it normal to cry this much the first week?": when to call
		r.Topic = m.entries[m.escalate].ID
		r.Confidence = confidence(max(top[0].s, m.cfg.MinScore), 0, m.cfg.MinScore)
		r.Candidates = []Candidate{{ID: r.Topic, Confidence: r.Confidence}}
		return
	}
	condition := top[0].i >= 0 && top[0].s >= m.cfg.MinScore && m.asksAboutMood(a, top[0].i, moodNear)
	if m.scoped && !condition && !setting && top[0].i >= 0 && top[0].s >= m.cfg.MinScore && m.outOfScope(a, int32(top[0].i), top[0].s) {
		r.Confidence = confidence(top[0].s, 0, m.cfg.MinScore) / 2
		return
	}
	// "el mal de ojo del niño", "book me a room": a piece of an
	// exercise's name is no asking for it
	if top[0].i < 0 || top[0].s < m.cfg.MinScore || slices.Contains(pieces, int32(top[0].i)) {
		if top[0].i >= 0 {
			r.Confidence = confidence(top[0].s, 0, m.cfg.MinScore) / 2
		}
		return
	}
	second := 0.0
	if top[1].i >= 0 {
		second = top[1].s
	}
	r.Confidence = confidence(top[0].s, second, m.cfg.MinScore)
	if m.prefersRequest(top[0].i, top[1].i, top[0].s, top[1].s) {
		top[0], top[1] = top[1], top[0]
		if top[2].i >= 0 && m.prefersStop(a, top[0].i, top[2].i, top[0].s, top[2].s) {
			top[0], top[2] = top[2], top[0] // "desactívalos porfa, gracias"
		}
	} else if m.prefersRemedy(a, top[0].i, top[1].i, top[0].s, top[1].s) || m.prefersNamed(a, top[0].i, top[1].i, top[0].s, top[1].s) ||
		m.prefersStop(a, top[0].i, top[1].i, top[0].s, top[1].s) || m.prefersSchedule(a, top[0].i, top[1].i, top[0].s, top[1].s) {
		top[0], top[1] = top[1], top[0]
	} else if m.prefersRemedy(a, top[0].i, top[2].i, top[0].s, top[2].s) || m.prefersNamed(a, top[0].i, top[2].i, top[0].s, top[2].s) ||
		m.prefersStop(a, top[0].i, top[2].i, top[0].s, top[2].s) {
		// the runner-up was another area or tip, or a body word ("stop
		// the daily reminders, i'm back at work")
		top[0], top[2] = top[2], top[0]
	} else {
		for j := 1; j < len(top); j++ {
			if m.prefersCause(a, top[0].i, top[j].i, top[0].s, top[j].s) || m.prefersArea(a, top[0].i, top[j].i, top[0].s, top[j].s) ||
				m.prefersActivity(a, top[0].i, top[j].i, top[0].s, top[j].s) || m.prefersTip(a, top[0].i, top[j].i, top[0].s, top[j].s) ||
				m.prefersMicro(a, top[0].i, top[j].i) || m.prefersCalming(a, top[0].i, top[j].i, top[0].s, top[j].s) ||
				m.prefersNamedCause(a, top[0].i, top[j].i, top[0].s, top[j].s) || m.prefersHelp(a, top[0].i, top[j].i, top[0].s, top[j].s) ||
				m.prefersSoothing(a, top[0].i, top[j].i, top[0].s, top[j].s) {
				top[0], top[j] = top[j], top[0]
				break
			}
		}
	}
	if ti := m.prefersThanks(a, top[0].i, scores); ti >= 0 {
		top[0] = cand{ti, scores[ti]} // "thanks, that breathing thing helped me calm down"
	}
	if e, ok := m.moodQuestion(a, top[0].i, condition); ok {
		if e == m.fallback {
			// the baby blues alone: no joint question, no mood to refer
			r.Confidence /= 2
			return
		}
		top[0].i = e // a question about the condition: when to see a provider
	}
	r.Topic = m.entries[top[0].i].ID
	isCandidate := func(c cand) bool { return c.i >= 0 && c.s >= m.cfg.MinScore && c.s >= top[0].s/2 }
	n := 0
	for _, c := range top {
		if isCandidate(c) {
			n++
		}
	}
	if n > 0 { // made once at its size, not grown one by one
		r.Candidates = slices.Grow(r.Candidates, n)
	}
	for _, c := range top {
		if isCandidate(c) {
			r.Candidates = append(r.Candidates, Candidate{ID: m.entries[c.i].ID, Confidence: confidence(c.s, 0, m.cfg.MinScore)})
		}
	}
	r.Ambiguous = second >= m.cfg.MinScore && second >= m.cfg.Ambiguity*max(top[0].s, top[1].s)
}

// namePieces appends to out the exercises whose name has two or more
// words and of which the message holds only one, with none of the
// exercise's keywords matched: a one-word piece of a name ("niño" of
// "postura del niño", "book" of "open book") is an everyday word there,
// and its examples' use of it must not choose the exercise alone (the
// message falls back) unless the message speaks of exercising. scores
// holds the keywords' scores, described is describes(a).
func (m *Matcher) namePieces(a *analysis, scores []float64, described bool, out []int32) []int32 {
	if described {
		return out // "el del libro"
	}
	// the entries with a name whose terms the message has, each with
	// the number of those distinct terms
	type count struct{ entry, n int32 }
	var termBuf [32]termID
	var countBuf [16]count
	terms, counts := termBuf[:0], countBuf[:0]
	for i := range a.toks {
		for _, k := range a.toks[i].keys {
			if k == noTerm || m.nameBits[k/64]&(1<<(k%64)) == 0 || slices.Contains(terms, k) {
				continue
			}
			terms = append(terms, k)
			j, _ := slices.BinarySearchFunc(m.nameIndex, k, func(x nameTerm, k termID) int { return cmp.Compare(x.term, k) })
			for ; j < len(m.nameIndex) && m.nameIndex[j].term == k; j++ {
				e := m.nameIndex[j].entry
				if scores[e] > 0 {
					continue
				}
				if ci := slices.IndexFunc(counts, func(c count) bool { return c.entry == e }); ci >= 0 {
					counts[ci].n++
				} else {
					counts = append(counts, count{e, 1})
				}
			}
		}
	}
	if !slices.ContainsFunc(counts, func(c count) bool { return c.n == 1 }) {
		return out
	}
	// asked after the names, as most messages hold no piece of one
	for i := range a.toks {
		if t := &a.toks[i]; t.kind == tokWord && exerciseTalk(t.orig) {
			return out // "a stretch i can do standing", "the book one"
		}
	}
	start := len(out)
	for _, c := range counts {
		if c.n == 1 {
			out = append(out, c.entry)
		}
	}
	slices.Sort(out[start:])
	return out
}

// ownBodyAsked reports whether entries of kind k answer for the parent's
// own body: a body area, a tip or an exercise.
func ownBodyAsked(k knowledge.Kind) bool {
	return k == knowledge.KindBodyArea || k == knowledge.KindTip || k == knowledge.KindExercise
}

// exerciseTalk reports whether a word speaks of exercising ("stretch",
// "ejercicio", "the book one"): beside it a piece of an exercise's name
// may well name the exercise.
func exerciseTalk(w string) bool {
	switch w {
	case "one", "uno", "una", "move", "moves", "pose", "poses", "workout", "rutina", "postura", "posturas", "movimiento", "movimientos":
		return true
	}
	for _, p := range []string{"stretch", "exercis", "ejercici", "estir", "elongac"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// describedStepBoost multiplies the weight of exercise steps in a message
// that describes rather than names.
const describedStepBoost = 6

// describeLeadIns open a message that describes something instead of
// naming it.
var describeLeadIns = [][]string{
	{"the", "one", "where"}, {"the", "one", "with"}, {"the", "one", "you"}, {"that", "thing", "where"},
	{"that", "one", "where"}, {"the", "exercise", "where"}, {"the", "stretch", "where"}, {"thing", "where"},
	{"the", "thing", "where"}, {"el", "de"}, {"el", "que"}, {"ese", "de"}, {"ese", "que"}, {"la", "de"},
	{"el", "ejercicio", "de"}, {"el", "ejercicio", "donde"}, {"el", "estiramiento", "de"}, {"lo", "de"},
}

// describes reports whether the message opens with a description lead-in.
func describes(a *analysis) bool {
	var buf [3]string
	first := buf[:0]
	for i := range a.toks {
		if a.toks[i].kind != tokWord {
			continue
		}
		first = append(first, a.toks[i].orig)
		if len(first) == 3 {
			break
		}
	}
	if len(first) == 0 {
		return false
	}
	for _, l := range describeLeadIns {
		// the first words compared inline: most messages open with none
		if first[0] == l[0] && len(first) >= len(l) && slices.Equal(first[1:len(l)], l[1:]) {
			return true
		}
	}
	return false
}

// confidence maps a score and the runner-up's score to 0..1: higher scores
// and wider margins are surer.
func confidence(s, second, minScore float64) float64 {
	strength := 1 - math.Exp(-s/(2*minScore))
	margin := 1.0
	if s > 0 {
		margin = 0.5 + 0.5*(s-second)/s
	}
	return math.Round(strength*margin*1000) / 1000
}

// sortSigns orders fired signs by level, highest first, then by id.
func sortSigns(ss []*knowledge.Sign) {
	sort.SliceStable(ss, func(i, j int) bool {
		li, lj := ss[i].Level, ss[j].Level
		if li != lj {
			return li > lj
		}
		return ss[i].ID < ss[j].ID
	})
}

// addressWords open a message to call the reader something, in regional
// Spanish and chat English: "causa" (Peru), "mano" (Mexico), "parce"
// (Colombia), "wey", "boluda", "oe", "mija", "chamo", "tía", "mi hermana"
// (the Caribbean). There they name nobody's body and no topic: "causa, me
// duele la espalda" is not about causes, "mi hermana me duele la mano" not
// about a sister.
var addressWords = set(`causa mano manito pana parce parcero parcera wey guey boludo boluda che mija mijo oe chamo chama tia tio amiga amigo hermana hermano mana bro sis girl dude babe`)

// addressNext may follow an opening address word: a comma, or the start
// of what the writer says of themself or asks.
var addressNext = set(`me mi mis yo tengo estoy ando no ya que q k como sabes sabias fijate mira oye te i im my me`)

// dropAddress blanks an address word (with a "mi" before it) at the start
// of a message, so that it neither matches a keyword nor names someone
// else.
func dropAddress(a *analysis) {
	i := 0
	for i < len(a.toks) && a.toks[i].kind != tokWord {
		i++
	}
	start := i
	if i < len(a.toks) && a.toks[i].orig == "mi" {
		i++
	}
	if i+1 >= len(a.toks) || a.toks[i].kind != tokWord || !addressWords[a.toks[i].orig] {
		return
	}
	next := &a.toks[i+1]
	if next.kind != tokComma && !(next.kind == tokWord && addressNext[next.orig]) {
		return
	}
	for j := start; j <= i; j++ {
		t := &a.toks[j]
		// a symbol with no meaning: no keyword, example or cue reads it
		t.kind, t.keys, t.surf, t.stop, t.pre = tokEmoji, [2]termID{noTerm, noTerm}, noTerm, true, nil
		t.text, t.orig, t.known, t.wid = "", "", false, noWord
	}
}
