package intents

import (
	"maps"
	"slices"

	"github.com/carebot/carebot/knowledge"
)

// screenBuild compiles the screen on a goroutine of its own while the
// matcher's goroutine builds the rest. The screen is the largest share of
// a build after stemming and reads the vocabulary only through
// compilePhrase, so it gets a vocabulary of its own (fork) and the two are
// merged once both are done (join).
type screenBuild struct {
	fork  chan *vocab // the screen's vocabulary, once the synonyms are in
	done  chan struct{}
	s     *screen
	v     *vocab
	probs knowledge.Problems
}

// startScreen starts compiling the screen of kb, on a goroutine that waits
// for its vocabulary (send it with fork once the synonyms are registered).
func startScreen(kb *knowledge.Base) *screenBuild {
	b := &screenBuild{fork: make(chan *vocab, 1), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		b.v = <-b.fork
		b.s = compileScreen(kb, b.v, &b.probs)
	}()
	return b
}

// screenSize is what the screen's vocabulary is sized for (fork).
const screenSize = vocabSize * 3 / 4

// fork returns a vocabulary for the screen's goroutine: it knows the terms
// of v so far, shares v's synonyms (not changed once registered) and
// makes terms of its own; the words of the fields it compiles are learned
// into v by join.
func (v *vocab) fork() *vocab {
	return &vocab{
		terms:   maps.Clone(v.terms),
		names:   slices.Clone(v.names),
		synonym: v.synonym,
		lazy:    true,
		// sized above what the embedded content's signs and concepts
		// hold (5,866 words, 2,947 English and 3,130 Spanish stems), so
		// the maps do not grow
		stemCache: newStemCache(screenSize),
		fields:    byLang[int32]{},
		fieldList: make([]fieldEntry, 0, 2*fieldsSize),
		termCache: [2]map[string]termID{make(map[string]termID, screenSize/2), make(map[string]termID, screenSize*5/8)},
	}
}

// join waits for the screen and merges its vocabulary into v: the words of
// its fields (learned as many times as each field was met), its stems
// (vocab.screenStems), and its terms, which get v's ids (those of the terms the screen's vocabulary was forked
// with are the same). The ids a term gets depend on the order it is first
// seen in, which the build already takes from maps: nothing reads them but
// to compare them. Every term is known once the screen is joined (what
// follows only looks terms up), so the screen's phrases are renumbered and
// its tables frozen on a goroutine while the caller finishes the
// vocabulary: call frozen before reading the screen.
func (b *screenBuild) join(v *vocab, probs *knowledge.Problems) (s *screen, frozen func()) {
	<-b.done
	c := b.v
	ids := make([]termID, len(c.names))
	for i := range ids {
		// the terms forked with (and any other v has under the same id)
		if i < len(v.names) && c.names[i] == v.names[i] {
			ids[i] = termID(i)
			continue
		}
		ids[i] = v.intern(c.names[i])
	}
	s = b.s
	done := make(chan struct{})
	go func(n int) {
		defer close(done)
		s.renumber(ids)
		s.freeze(n)
	}(len(v.names))
	// The screen's words are learned here, straight into v, as many times
	// as each field was met: the screen's vocabulary keeps no words of its
	// own to be merged.
	for _, e := range c.fieldList {
		bit := langBit(e.lang)
		for _, pt := range e.parts {
			vi := v.words[pt.text]
			vi.bits |= bit
			vi.count = min(vi.count+e.count, 1<<30)
			v.words[pt.text] = vi
		}
	}
	c.fields, c.fieldList = byLang[int32]{}, nil
	v.screenStems = c.stemCache
	v.misses += c.misses
	v.rereads += c.rereads
	*probs = append(*probs, b.probs...)
	return s, func() { <-done }
}

// renumber gives the terms of the screen's phrases the ids of ids, by
// their ids in the screen's own vocabulary.
func (s *screen) renumber(ids []termID) {
	for _, p := range s.alts {
		for i := range p {
			if p[i].kind == partTerm {
				p[i].term = ids[p[i].term]
			}
		}
	}
}
