package intents

import (
	"slices"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// TestPrestem checks that the stems and words prestem computes on several
// goroutines are the ones the build would compute itself, and that they
// cover every word of the knowledge base's texts.
func TestPrestem(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := kbDocs(kb)
	if len(docs) == 0 {
		t.Fatal("no texts found in the knowledge base")
	}
	for _, n := range []int{0, 1, 3, len(docs) + 1} {
		v := newVocab()
		v.prestem(kb, n)
		checkPrestem(t, v, docs)
	}
}

func checkPrestem(t *testing.T, v *vocab, docs []doc) {
	t.Helper()
	for _, d := range docs {
		ws, ok := v.wordCache[d.text]
		if !ok {
			t.Fatalf("words of %q (%s) not computed", d.text, d.lang)
		}
		if want := words(d.text); !slices.Equal(ws, want) {
			t.Fatalf("words of %q = %q, want %q", d.text, ws, want)
		}
		for _, w := range ws {
			s, ok := v.stemCache[stemKey{w, d.lang}]
			if !ok {
				t.Fatalf("stem of %q (%s) not computed", w, d.lang)
			}
			if want := stem(w, d.lang); s != want {
				t.Fatalf("stem of %q (%s) = %q, want %q", w, d.lang, s, want)
			}
		}
	}
}
