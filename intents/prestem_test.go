package intents

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/carebot/carebot/knowledge"
)

// TestPrestem checks that the words and stems prestem computes on several
// goroutines are the ones the build would compute itself, and that the
// build finds every word and stem it looks up in them.
func TestPrestem(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	docs := buildDocs(kb, synonymDocs(kb, nil))
	for _, n := range []int{0, 1, 3, len(docs) + 1} {
		v := newVocab()
		v.prestem(docs, n)
		if stems := len(v.stemCache.en) + len(v.stemCache.es); len(v.wordCache) < len(docs)/2 || stems < 1000 {
			t.Fatalf("prestem(%d): %d texts and %d stems cached, from %d texts", n, len(v.wordCache), stems, len(docs))
		}
		for text, ws := range v.wordCache {
			if want := words(text); !slices.Equal(ws, want) {
				t.Fatalf("prestem(%d): words of %q = %q, want %q", n, text, ws, want)
			}
		}
		for _, lang := range []string{"en", "es"} {
			for w, s := range v.stemCache.of(lang) {
				if want := stem(w, lang); s != want {
					t.Fatalf("prestem(%d): stem of %q (%s) = %q, want %q", n, w, lang, s, want)
				}
			}
		}
	}
	m, err := New(kb)
	if err != nil {
		t.Fatal(err)
	}
	if m.v.misses != 0 {
		t.Errorf("the build missed the stem caches %d times", m.v.misses)
	}
	// takeWords tokenizes again a text the content holds twice (a
	// handful: "No", "Sources"); thousands would mean prestem left the
	// texts out.
	if m.v.rereads > len(docs)/100 {
		t.Errorf("the build tokenized %d texts again (of %d)", m.v.rereads, len(docs))
	}
}

// TestSpecialsHash checks that every special token starts with "#":
// compilePhrase looks a field up in specials only then.
func TestSpecialsHash(t *testing.T) {
	for k := range specials {
		if k == "" || k[0] != '#' {
			t.Errorf("special token %q does not start with #", k)
		}
	}
}

// TestSingleSpaced checks that cutting a phrase singleSpaced accepts at
// every space gives the fields strings.Fields finds, on every white space
// rune and on phrases of the content's shape.
func TestSingleSpaced(t *testing.T) {
	cases := []string{"a", "short of breath", "numb*", "dolor de cabeza", "niño  llora", " a", "a ", "a\tb", "pérdida de sangre", "a\u00a0b", "a\u3000b", "a\u2028b", "a\u0085b", "a\u1680b", "a\u202fb", "a\u205fb", "ǳ ǳ", "€ €", "\xc2", "a\xe2\x80b"}
	for r := rune(0); r <= 0x3000; r++ {
		if unicode.IsSpace(r) {
			cases = append(cases, "a"+string(r)+"b", "x y"+string(r)+"z")
		}
	}
	for _, s := range cases {
		if !singleSpaced(s) {
			continue
		}
		if got, want := strings.Split(s, " "), strings.Fields(s); !slices.Equal(got, want) {
			t.Errorf("%q: cut at spaces %q, fields %q", s, got, want)
		}
	}
	if !singleSpaced("short of breath") || !singleSpaced("dolor de cabeza") || !singleSpaced("pérdida de sangre") {
		t.Error("a single-spaced phrase takes the slow way")
	}
}

// TestExpandConcepts checks expandConcepts against its definition: the
// phrases built field by field, every phrase so far with every word of the
// field, as TrimSpace(phrase + " " + word), for every alternative of the
// embedded content's signs that names a concept and a few made up.
func TestExpandConcepts(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	want := func(alt, lang string) []string {
		if !strings.Contains(alt, "@") {
			return []string{alt}
		}
		out := []string{""}
		for w := range strings.FieldsSeq(alt) {
			words := []string{w}
			if id, ok := strings.CutPrefix(w, "@"); ok {
				words = nil
				if c := kb.Concept(id); c != nil {
					words = c.Words[lang]
				}
				if len(words) == 0 {
					return nil
				}
			}
			var next []string
			for _, o := range out {
				for _, x := range words {
					next = append(next, strings.TrimSpace(o+" "+x))
				}
			}
			out = next
		}
		return out
	}
	var alts [][2]string
	for _, sg := range kb.Signs {
		for lang, ps := range sg.Patterns {
			for _, p := range ps {
				for _, g := range strings.Split(p, "+") {
					for _, a := range strings.Split(g, "|") {
						if strings.Contains(a, "@") {
							alts = append(alts, [2]string{a, lang})
						}
					}
				}
			}
		}
	}
	if len(alts) == 0 {
		t.Fatal("no alternative names a concept")
	}
	for _, c := range kb.Concepts {
		for lang := range c.Words {
			id := "@" + c.ID
			alts = append(alts, [2]string{id, lang}, [2]string{" x  " + id + "\ty " + id + " ", lang}, [2]string{id + " @no_such_concept", lang})
		}
	}
	for _, a := range alts {
		if got, want := expandConcepts(kb, a[0], a[1]), want(a[0], a[1]); !slices.Equal(got, want) {
			t.Errorf("expandConcepts(%q, %s) = %q, want %q", a[0], a[1], got, want)
		}
	}
}
