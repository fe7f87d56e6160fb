package knowledge

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// seedPath is the copy of the seed article (see testdata/README.md).
var seedPath = filepath.Join("testdata", "seed.txt")

// maxSharedRun is the longest run of consecutive words the content may share
// with the seed article: facts carry over, sentences are our own.
const maxSharedRun = 7

// TestOwnWords fails on any run of more than maxSharedRun consecutive words
// shared by a text of the embedded content and the seed article. Words are
// compared folded (case, accents and punctuation ignored). references.yaml
// is exempt: citations are quoted as they are.
func TestOwnWords(t *testing.T) {
	t.Parallel()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("read the seed: %v", err)
	}
	got, err := sharedRuns(Embedded(), string(seed), maxSharedRun+1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > 0 {
		t.Errorf("%d texts share a run of %d or more words with the seed article (%s); say it in our own words:\n%s",
			len(got), maxSharedRun+1, seedPath, strings.Join(got, "\n"))
	}
}

// TestSharedRuns checks the check itself.
func TestSharedRuns(t *testing.T) {
	t.Parallel()
	seed := "Switch sides often, keep your weight balanced, and try different carrying positions to stay comfortable."
	fsys := fstest.MapFS{}
	for name, data := range map[string]string{
		"a.yaml":          "entries:\n  - answer:\n      en: |\n        Change arms. SWITCH sides often — keep your weight balanced and try different carrying positions!\n",
		"b.yaml":          "entries:\n  - answer:\n      en: Switch sides often and keep your weight balanced.\n",
		"references.yaml": "references:\n  - title: keep your weight balanced, and try different carrying positions to stay comfortable\n",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	got, err := sharedRuns(fsys, seed, 8)
	if err != nil {
		t.Fatal(err)
	}
	diffLines(t, got, []string{`a.yaml:4: "switch sides often keep your weight balanced and try different carrying positions" (12 words)`})
}

// sharedRuns lists, as "file:line: run", the longest run of n or more
// consecutive words that each string of each YAML file in fsys (but
// references.yaml) shares with seed.
func sharedRuns(fsys fs.FS, seed string, n int) ([]string, error) {
	sw := words(seed)
	grams := map[string]bool{}
	for i := 0; i+n <= len(sw); i++ {
		grams[strings.Join(sw[i:i+n], " ")] = true
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, name := range names {
		if name == "references.yaml" {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		walkScalars(&doc, func(s *yaml.Node) {
			ws := words(s.Value)
			best := ""
			for i := 0; i+n <= len(ws); i++ {
				if !grams[strings.Join(ws[i:i+n], " ")] {
					continue
				}
				j := i + n // extend the run while it stays in the seed
				for j < len(ws) && grams[strings.Join(ws[j-n+1:j+1], " ")] {
					j++
				}
				if run := strings.Join(ws[i:j], " "); len(run) > len(best) {
					best = run
				}
				i = j - 1
			}
			if best != "" {
				line := s.Line
				if s.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
					line++ // the text starts below the | or >
				}
				out = append(out, fmt.Sprintf("%s:%d: %q (%d words)", name, line, best, len(strings.Fields(best))))
			}
		})
	}
	sort.Strings(out)
	return out, nil
}

// walkScalars calls f on every scalar value (not key) under n.
func walkScalars(n *yaml.Node, f func(*yaml.Node)) {
	switch n.Kind {
	case yaml.ScalarNode:
		f(n)
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			walkScalars(n.Content[i], f)
		}
	default:
		for _, c := range n.Content {
			walkScalars(c, f)
		}
	}
}
