package intents

import (
	"runtime"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/snowballstem"

	"github.com/carebot/carebot/knowledge"
)

// stemWorkers is the number of goroutines that stem a knowledge base's
// words: GOMAXPROCS, at most 4.
func stemWorkers() int { return min(runtime.GOMAXPROCS(0), 4) }

// doc is one text of a knowledge base and the language it is written in.
// The words of a phrase (a keyword or a sign pattern) are looked up field
// by field, as compilePhrase reads them.
type doc struct {
	text, lang string
	phrase     bool
}

// prestem fills the stem cache with the stem of every word of docs (as
// buildDocs returns them), in the language of the text it appears in.
// Snowball stemming is the largest share of a build and every word stems
// on its own, so the texts are shared out among n goroutines; the build
// that follows then reads words and stems from the caches. The caches are
// only a memo: a word missed here is stemmed when needed.
func (v *vocab) prestem(docs []doc, n int) {
	n = max(n, 1)
	size := 0
	for _, d := range docs {
		size += len(d.text)
	}
	// Cut the texts into n runs of about the same number of bytes.
	runs := make([][]doc, 0, n)
	start, acc := 0, 0
	for i, d := range docs {
		acc += len(d.text)
		if len(runs) < n-1 && acc*n >= size*(len(runs)+1) {
			runs = append(runs, docs[start:i+1])
			start = i + 1
		}
	}
	runs = append(runs, docs[start:])
	memos := make([]memo, len(runs))
	var wg sync.WaitGroup
	for r := 1; r < len(runs); r++ {
		wg.Go(func() {
			memos[r] = memo{stems: newStemCache(vocabSize / n), words: make(map[string][]string, len(runs[r])), env: new(snowballstem.Env)}
			memos[r].fill(runs[r])
		})
	}
	memo{stems: v.stemCache, words: v.wordCache, env: &v.env}.fill(runs[0])
	wg.Wait()
	for _, m := range memos[1:] {
		for w, s := range m.stems.en {
			v.stemCache.en[w] = s
		}
		for w, s := range m.stems.es {
			v.stemCache.es[w] = s
		}
		for k, ws := range m.words {
			v.wordCache[k] = ws
		}
	}
}

// memo is what one goroutine of prestem computed.
type memo struct {
	stems stemCache
	words map[string][]string
	env   *snowballstem.Env // the stemmer's, this goroutine's own
}

// fill adds the words of docs and their stems to the memo.
func (m memo) fill(docs []doc) {
	var buf []rawToken
	for _, d := range docs {
		if !d.phrase {
			buf = m.add(d.text, d.lang, buf)
			continue
		}
		for f := range strings.FieldsFuncSeq(d.text, isPhraseSep) {
			if !strings.HasPrefix(f, "#") && !strings.HasPrefix(f, "@") {
				buf = m.add(strings.TrimSuffix(f, "*"), d.lang, buf)
			}
		}
	}
}

// add adds the words of a text and their stems in lang to the memo.
func (m memo) add(text, lang string, buf []rawToken) []rawToken {
	ws, ok := m.words[text]
	if !ok {
		ws, buf = wordsBuf(text, buf)
		m.words[text] = ws
	}
	c := m.stems.of(lang)
	for _, w := range ws {
		if _, ok := c[w]; !ok {
			c[w] = stemIn(m.env, w, lang)
		}
	}
	return buf
}

// isPhraseSep reports whether r separates the fields of a sign pattern:
// space, "+" between groups and "|" between alternatives.
func isPhraseSep(r rune) bool { return unicode.IsSpace(r) || r == '+' || r == '|' }

// docsSize is the number of texts the build stems ahead (synonymDocs and
// buildDocs) is sized for, above what the embedded content has (5,863):
// the slice and the word cache are then made once, not grown.
const docsSize = 6144

// synonymDocs appends to docs the synonyms of kb: they are stemmed first,
// since the screen's vocabulary is forked once they are registered.
func synonymDocs(kb *knowledge.Base, docs []doc) []doc {
	for lang, groups := range kb.Synonyms {
		for _, g := range groups {
			for _, s := range g {
				docs = append(docs, doc{text: s, lang: lang})
			}
		}
	}
	return docs
}

// buildDocs appends to docs the texts of kb whose words the build stems,
// and the function words: all but the synonyms (synonymDocs) and the
// screen's (sign patterns and concepts), which its vocabulary stems as it
// goes (vocab.lazy).
func buildDocs(kb *knowledge.Base, docs []doc) []doc {
	add := func(lang string, ss ...string) {
		for _, s := range ss {
			docs = append(docs, doc{text: s, lang: lang})
		}
	}
	addPhrase := func(lang string, ss ...string) {
		for _, s := range ss {
			docs = append(docs, doc{text: s, lang: lang, phrase: true})
		}
	}
	for _, c := range kb.Context {
		for lang, ws := range c.Words {
			add(lang, ws...)
		}
	}
	for _, e := range kb.Entries {
		for lang, kws := range e.Keywords {
			for _, k := range kws {
				addPhrase(lang, k.Text)
			}
		}
		for lang, exs := range e.Examples {
			add(lang, exs...)
		}
		for _, t := range []knowledge.Text{e.Title, e.Answer, e.More} {
			for lang, s := range t {
				add(lang, s)
			}
		}
		if e.Exercise != nil {
			for _, l := range []knowledge.List{e.Exercise.Steps, e.Exercise.Prompts} {
				for lang, ss := range l {
					add(lang, ss...)
				}
			}
		}
	}
	for _, t := range kb.Messages {
		for lang, s := range t {
			add(lang, s)
		}
	}
	for _, mo := range kb.Moments {
		for lang, cs := range mo.Cues {
			addPhrase(lang, cs...)
		}
	}
	for lang, s := range functionWords {
		add(lang, s)
	}
	for lang, s := range plainWords {
		add(lang, s)
	}
	return docs
}
