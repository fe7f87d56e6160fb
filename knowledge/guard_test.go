package knowledge_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/carebot/carebot/knowledge"
)

// embeddedWith returns the embedded knowledge base with signs.yaml
// replaced by edit's result, loaded.
func embeddedWith(t *testing.T, edit func(signs string) string) *knowledge.Base {
	t.Helper()
	return embeddedWithFile(t, "signs.yaml", edit)
}

// embeddedWithFile returns the embedded knowledge base with the file name
// replaced by edit's result, loaded.
func embeddedWithFile(t *testing.T, name string, edit func(string) string) *knowledge.Base {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(knowledge.Embedded(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(knowledge.Embedded(), path)
		if path == name {
			data = []byte(edit(string(data)))
		}
		m[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Load(m)
	if err != nil {
		t.Fatalf("load the edited knowledge base: %v", err)
	}
	return kb
}

// cutSign removes the sign id from the text of signs.yaml.
func cutSign(t *testing.T, signs, id string) string {
	t.Helper()
	start := strings.Index(signs, "  - id: "+id+"\n")
	if start < 0 {
		t.Fatalf("no %s in signs.yaml", id)
	}
	end := strings.Index(signs[start+1:], "\n  - id: ")
	if end < 0 {
		return signs[:start]
	}
	return signs[:start] + signs[start+1+end+1:]
}

// replaceOnce replaces old by new in s, failing t when s has no old.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("signs.yaml has no %q: update this test", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestLostSigns(t *testing.T) {
	t.Parallel()
	embedded, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string // SignLoss.String()s
	}{
		{"unchanged", func(s string) string { return s }, nil},
		{"chest pain removed", func(s string) string { return cutSign(t, s, "sign.chest_pain") },
			[]string{"sign.chest_pain (emergency): removed"}},
		{"level lowered", func(s string) string {
			return replaceOnce(t, s, "  - id: sign.chest_pain\n    level: emergency", "  - id: sign.chest_pain\n    level: provider")
		}, []string{"sign.chest_pain (emergency): level lowered to provider"}},
		{"pattern removed", func(s string) string {
			return replaceOnce(t, s, "        - heart attack\n", "")
		}, []string{`sign.chest_pain (emergency): pattern "heart attack" (en) is no longer matched`}},
		{"alternative removed", func(s string) string {
			return replaceOnce(t, s, "        - chest pain|chest pains|cp\n", "        - chest pain|chest pains\n")
		}, []string{`sign.chest_pain (emergency): pattern "chest pain|chest pains|cp" (en) is no longer matched`}},
		{"group added", func(s string) string {
			return replaceOnce(t, s, "        - heart attack\n", "        - heart attack + now\n")
		}, []string{`sign.chest_pain (emergency): pattern "heart attack" (en) is no longer matched`}},
		{"suppression cue added", func(s string) string {
			return replaceOnce(t, s, `          en: ["engorg*|so full|`, `          en: ["gym|engorg*|so full|`)
		}, []string{`sign.chest_pain (emergency): new suppression cue "gym" (en) may lower it`}},
		{"broadened: alternative and pattern added, group dropped", func(s string) string {
			s = replaceOnce(t, s, "        - chest pain|chest pains|cp\n", "        - chest pain|chest pains|cp|chest ache\n        - crushing chest\n")
			return replaceOnce(t, s, "        - left arm + heavy|heaviness|numb*|pain|aching + chest|jaw|sweat*\n",
				"        - left arm + heavy|heaviness|numb*|pain|aching|tingl*\n")
		}, nil},
		{"suppression removed", func(s string) string {
			return replaceOnce(t, s, `          en: ["engorg*|so full|`, `          en: ["so full|`)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, l := range knowledge.LostSigns(embedded, embeddedWith(t, tc.edit)) {
				got = append(got, l.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("losses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestLostConceptWord checks that a word removed from a concept an
// emergency sign uses is a loss.
func TestLostConceptWord(t *testing.T) {
	t.Parallel()
	embedded, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	cur := embeddedWithFile(t, "concepts.yaml", func(s string) string {
		return replaceOnce(t, s, "en: [chest, ", "en: [")
	})
	var got []string
	for _, l := range knowledge.LostSigns(embedded, cur) {
		got = append(got, l.String())
	}
	if !slices.Contains(got, `sign.chest_pain (emergency): concept @chest (en) lost "chest"`) {
		t.Errorf("losses %q: want chest_pain's concept @chest losing \"chest\"", got)
	}
}

// TestLostProviderSign checks that removing a provider-level sign is a
// loss, and that editing its patterns is not.
func TestLostProviderSign(t *testing.T) {
	t.Parallel()
	embedded, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var provider *knowledge.Sign
	for _, s := range embedded.Signs {
		if s.Level == knowledge.LevelProvider {
			provider = s
			break
		}
	}
	if provider == nil {
		t.Fatal("no provider-level sign in the embedded knowledge base")
	}
	cur := embeddedWith(t, func(s string) string { return cutSign(t, s, provider.ID) })
	losses := knowledge.LostSigns(embedded, cur)
	if len(losses) != 1 || losses[0].ID != provider.ID || !losses[0].Removed {
		t.Errorf("losses %v, want %s removed", losses, provider.ID)
	}
}
