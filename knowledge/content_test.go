package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// The evaluation files, shared with the intents package.
var (
	evalIntents = filepath.Join("..", "intents", "testdata", "eval", "intents.yaml")
	evalDev     = filepath.Join("..", "intents", "testdata", "eval", "dev.jsonl")
)

// seedReferences are the six sources of the seed article: a DOI or a host
// name, and the year.
var seedReferences = []struct {
	doi, host string
	year      int
}{
	{host: "acog.org", year: 2020},
	{doi: "10.1007/s00586-023-08008-5", year: 2023},
	{doi: "10.18203/2320-1770.ijrcog20242105", year: 2024},
	{host: "healthychildren.org", year: 2020},
	{doi: "10.1136/bjsports-2024-108488", year: 2025},
	{doi: "10.1097/phm.0000000000000993", year: 2018},
}

// TestContent checks the embedded knowledge base: it loads without
// problems, answers every id of the evaluation in every language, has
// complete exercises, the seed's references and a disclaimer, and copies
// no evaluation message.
func TestContent(t *testing.T) {
	t.Parallel()
	b, probs, err := loadBase(Embedded())
	if err != nil {
		t.Fatalf("load embedded content: %v", err)
	}
	t.Run("no problems", func(t *testing.T) {
		if len(probs) > 0 {
			t.Errorf("%d problems (go run ./cmd/carebot kb lint knowledge/content):\n%v", len(probs), probs)
		}
	})
	t.Run("every evaluation id answered", func(t *testing.T) {
		for _, id := range evalIDs(t) {
			e := b.Entry(id)
			if e == nil {
				t.Errorf("no entry %s", id)
				continue
			}
			for _, lang := range Languages() {
				if strings.TrimSpace(e.Answer[lang]) == "" {
					t.Errorf("%s: no answer in %s", id, lang)
				}
			}
		}
	})
	t.Run("every exercise illustrated", func(t *testing.T) {
		for _, e := range b.OfKind(KindExercise) {
			if b.Pose(e.ID) == nil {
				t.Errorf("%s: no pose in poses.yaml", e.ID)
			}
		}
	})
	t.Run("exercises complete", func(t *testing.T) {
		exercises := b.OfKind(KindExercise)
		if len(exercises) < 6 {
			t.Errorf("%d exercises, want the seed's six", len(exercises))
		}
		for _, e := range exercises {
			if e.Exercise == nil {
				t.Errorf("%s: no exercise block", e.ID)
				continue
			}
			for _, lang := range Languages() {
				if len(e.Exercise.Steps[lang]) == 0 {
					t.Errorf("%s: no steps in %s", e.ID, lang)
				}
				if n := len(e.Exercise.Prompts[lang]); n < MinPrompts {
					t.Errorf("%s: %d micro-prompts in %s, want at least %d", e.ID, n, lang, MinPrompts)
				}
			}
		}
	})
	t.Run("seed references", func(t *testing.T) {
		for _, want := range seedReferences {
			var found *Reference
			for _, r := range b.References {
				doi := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(r.DOI, "https://doi.org/"), "doi:"))
				if want.doi != "" && doi == want.doi || want.host != "" && strings.Contains(strings.ToLower(r.URL), want.host) {
					found = r
					break
				}
			}
			switch {
			case found == nil:
				t.Errorf("no reference with the seed's %s (%d)", want.doi+want.host, want.year)
			case found.Year != want.year:
				t.Errorf("%s: year %d, want %d", found.ID, found.Year, want.year)
			}
		}
	})
	t.Run("disclaimer", func(t *testing.T) {
		e := b.Entry("disclaimer")
		if e == nil {
			t.Fatal("no entry disclaimer")
		}
		for _, lang := range Languages() {
			if strings.TrimSpace(e.Answer[lang]) == "" {
				t.Errorf("disclaimer: no answer in %s", lang)
			}
		}
	})
	t.Run("no evaluation message copied", func(t *testing.T) {
		for _, c := range copied(b, devTexts(t)) {
			t.Error(c)
		}
	})
}

// evalIDs returns the answer ids listed in the evaluation's intents.yaml.
func evalIDs(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(evalIntents)
	if err != nil {
		t.Fatal(err)
	}
	var sections map[string]map[string]string
	if err := yaml.Unmarshal(data, &sections); err != nil {
		t.Fatalf("%s: %v", evalIntents, err)
	}
	var ids []string
	for _, s := range []string{"small_talk", "knowledge", "body_areas", "nudges", "privacy"} {
		if len(sections[s]) == 0 {
			t.Errorf("%s: no section %s", evalIntents, s)
		}
		ids = append(ids, sortedKeys(sections[s])...)
	}
	return ids
}

// devTexts returns the messages of the evaluation's dev.jsonl.
func devTexts(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(evalDev)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", evalDev, err)
		}
		texts = append(texts, m.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(texts) == 0 {
		t.Fatalf("%s: no messages", evalDev)
	}
	return texts
}

// Thresholds of the copy check.
const (
	// maxShared is the largest share of an example's words that may also
	// be in one dev message.
	maxShared = 0.8
	// minOverlapWords is the fewest distinct words an example needs for
	// the share check: shorter ones are only checked for equality.
	minOverlapWords = 3
	// minKeywordWords is the fewest words a dev message needs to count
	// as copied when a keyword equals it: "hola", "bye" or "wrist pain"
	// are vocabulary every bot needs, not copied messages.
	minKeywordWords = 3
)

// copied lists the keywords and examples that equal a dev message, and
// the examples that share more than maxShared of their words with one.
// Texts are compared as their words: lower-cased, accents folded,
// punctuation and spacing ignored.
func copied(b *Base, dev []string) []string {
	var out []string
	type devLine struct {
		text  string
		words map[string]bool
	}
	byText := map[string]string{}
	lines := make([]devLine, 0, len(dev))
	for _, d := range dev {
		ws := words(d)
		if len(ws) == 0 {
			continue
		}
		byText[strings.Join(ws, " ")] = d
		lines = append(lines, devLine{d, set(ws)})
	}
	for _, e := range b.Entries {
		for lang, kws := range e.Keywords {
			for _, k := range kws {
				ws := words(k.Text)
				if d, ok := byText[strings.Join(ws, " ")]; ok && len(ws) >= minKeywordWords {
					out = append(out, fmt.Sprintf("%s: keyword %q (%s) is the dev message %q", k.Pos, k.Text, lang, d))
				}
			}
		}
		for lang, exs := range e.Examples {
			for _, ex := range exs {
				ws := words(ex)
				if d, ok := byText[strings.Join(ws, " ")]; ok {
					out = append(out, fmt.Sprintf("%s: example %q (%s) is the dev message %q", e.ID, ex, lang, d))
					continue
				}
				es := set(ws)
				if len(es) < minOverlapWords {
					continue
				}
				for _, d := range lines {
					shared := 0
					for w := range es {
						if d.words[w] {
							shared++
						}
					}
					if float64(shared) > maxShared*float64(len(es)) {
						out = append(out, fmt.Sprintf("%s: example %q (%s) shares %d of its %d words with the dev message %q",
							e.ID, ex, lang, shared, len(es), d.text))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// words splits s into folded words: lower case, accents folded, anything
// but letters and digits dropped.
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// set returns the distinct words of ws.
func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// TestCopied checks the copy check itself on the small valid base.
func TestCopied(t *testing.T) {
	t.Parallel()
	b := setup(t)
	got := copied(b, []string{
		"How do I do a BRIDGE?",           // equals an example
		"¿Cómo se hace el puente, amiga?", // holds all the words of an example
		"hello",                           // a keyword, but one word is vocabulary
		"como hago el puente",             // 2 of 4 words of the example: fine
		"!!!",                             // no words
	})
	want := []string{
		`exercise.bridge: example "como se hace el puente" (es) shares 5 of its 5 words with the dev message "¿Cómo se hace el puente, amiga?"`,
		`exercise.bridge: example "how do i do a bridge" (en) is the dev message "How do I do a BRIDGE?"`,
	}
	diffLines(t, got, want)
	b.Entries[0].Keywords["en"] = append(b.Entries[0].Keywords["en"], Keyword{Text: "my wrist hurts", Pos: Pos{File: "kb.yaml", Line: 6}})
	got = copied(b, []string{"My wrist... hurts!"})
	diffLines(t, got, []string{`kb.yaml:6: keyword "my wrist hurts" (en) is the dev message "My wrist... hurts!"`})
}
