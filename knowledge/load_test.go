package knowledge

import (
	"errors"
	"io/fs"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"
)

// setup loads validKB and fails the test if it does not load.
func setup(t *testing.T) *Base {
	t.Helper()
	b, err := Load(fstest.MapFS{"kb.yaml": {Data: []byte(validKB)}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return b
}

func TestLoadValid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if got := len(b.Entries); got != 3 {
		t.Fatalf("got %d entries, want 3", got)
	}
	e := b.Entry("exercise.bridge")
	if e == nil {
		t.Fatal("no entry exercise.bridge")
	}
	if e.Pos != (Pos{File: "kb.yaml", Line: 10}) {
		t.Errorf("entry pos = %+v, want kb.yaml:10", e.Pos)
	}
	if e.Kind != KindExercise || e.Title.Get("es") != "Puente" || len(e.Exercise.Prompts["en"]) != 3 {
		t.Errorf("entry decoded wrongly: %+v", e)
	}
	if want := []string{"back", "hip_pelvis"}; !reflect.DeepEqual(e.Areas, want) {
		t.Errorf("areas = %v, want %v", e.Areas, want)
	}
	if want := (Keyword{Text: "bridge", Weight: 3, Pos: Pos{File: "kb.yaml", Line: 16}}); e.Keywords["en"][0] != want {
		t.Errorf("keyword = %+v, want %+v", e.Keywords["en"][0], want)
	}
	g := b.Entry("greeting")
	if want := []Keyword{
		{Text: "hello", Weight: 1, Pos: Pos{File: "kb.yaml", Line: 6}},
		{Text: "hi there", Weight: 2, Pos: Pos{File: "kb.yaml", Line: 6}},
	}; !reflect.DeepEqual(g.Keywords["en"], want) {
		t.Errorf("keywords = %+v, want %+v", g.Keywords["en"], want)
	}
	s := b.Sign("sign.chest_pain")
	if s == nil || s.Pos != (Pos{File: "kb.yaml", Line: 37}) || s.Level != LevelEmergency || s.Unless["en"][0] != "heartburn" {
		t.Errorf("sign = %+v", s)
	}
	r := b.Reference("ref.ruchat2025")
	if r == nil || r.Pos != (Pos{File: "kb.yaml", Line: 46}) || r.Year != 2025 || r.DOI != "10.1136/bjsports-2024-108488" {
		t.Errorf("reference = %+v", r)
	}
	if got := b.Message("menu", "es"); got != "¿Qué quieres saber?" {
		t.Errorf("message es = %q", got)
	}
	if got := b.Message("menu", "fr"); got != "What would you like to know?" {
		t.Errorf("message fr = %q, want the English fallback", got)
	}
	if want := [][]string{{"bebé", "nene"}}; !reflect.DeepEqual(b.Synonyms["es"], want) {
		t.Errorf("synonyms es = %v, want %v", b.Synonyms["es"], want)
	}
	if got := b.OfKind(KindSmallTalk); len(got) != 2 || got[0].ID != "greeting" || got[1].ID != "fallback" {
		t.Errorf("OfKind(small_talk) = %v", got)
	}
	if b.Entry("nope") != nil || b.Sign("nope") != nil || b.Reference("nope") != nil {
		t.Error("lookup of an unknown id is not nil")
	}
}

func TestLoadMergesFilesInNameOrder(t *testing.T) {
	t.Parallel()
	b, err := Load(fstest.MapFS{
		"b.yaml":     {Data: []byte("entries:\n  - {id: tip.b, kind: tip, title: {en: B, es: B}, keywords: {en: [bb], es: [bb]}, answer: {en: b, es: b}}\n")},
		"a.yaml":     {Data: []byte("entries:\n  - {id: tip.a, kind: tip, title: {en: A, es: A}, keywords: {en: [aa], es: [aa]}, answer: {en: a, es: a}}\n")},
		"README.md":  {Data: []byte("not yaml: [")},
		"sub/c.yaml": {Data: []byte("not: [valid")},
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(b.Entries) != 2 || b.Entries[0].ID != "tip.a" || b.Entries[1].ID != "tip.b" {
		t.Errorf("entries = %v, want tip.a then tip.b", b.Entries)
	}
	if b.Entries[1].Pos.File != "b.yaml" {
		t.Errorf("pos file = %q, want b.yaml", b.Entries[1].Pos.File)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	if _, err := Load(fstest.MapFS{"notes.txt": {Data: []byte("x")}}); !errors.Is(err, ErrEmpty) {
		t.Errorf("no yaml: err = %v, want ErrEmpty", err)
	}
	_, err := Load(fstest.MapFS{"dir.yaml": {Mode: fs.ModeDir}})
	var ps Problems
	if err == nil || errors.As(err, &ps) {
		t.Errorf("unreadable file: err = %v, want a read error", err)
	}
}

func TestLevel(t *testing.T) {
	t.Parallel()
	for _, l := range []Level{LevelNone, LevelProvider, LevelEmergency} {
		got, err := ParseLevel(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), got, err)
		}
	}
	if _, err := ParseLevel("urgent"); !errors.Is(err, ErrLevel) {
		t.Errorf("ParseLevel(urgent) err = %v, want ErrLevel", err)
	}
	if got := Level(7).String(); got != "Level(7)" {
		t.Errorf("Level(7).String() = %q", got)
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Muñeca":                 "muneca",
		"  DOLOR   de\tespalda ": "dolor de espalda",
		"ÁÉÍÓÚÜÑ":                "aeiouun",
		"pingüino":               "pinguino",
		"wrist pain":             "wrist pain",
		"wrist  pain":            "wrist pain",
		" wrist":                 "wrist",
		"wrist ":                 "wrist",
		"Wrist":                  "wrist",
		"":                       "",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoadCores checks that the embedded content loads to the same base
// on one core, where no file is cut, as on several, where the large ones
// are parsed in pieces.
func TestLoadCores(t *testing.T) {
	load := func(procs int) *Base {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		b, err := Load(Embedded())
		if err != nil {
			t.Fatalf("GOMAXPROCS=%d: %v", procs, err)
		}
		return b
	}
	if one, four := load(1), load(4); !reflect.DeepEqual(one, four) {
		t.Error("the base loaded on one core differs from the base loaded on four")
	}
}

// BenchmarkLoadEmbedded measures loading, validating and indexing the
// embedded content (the budget: under 50 ms with the matcher's
// index).
func BenchmarkLoadEmbedded(b *testing.B) {
	fsys := Embedded()
	var ps Problems
	for b.Loop() {
		if _, err := Load(fsys); err != nil && !errors.As(err, &ps) {
			b.Fatal(err)
		}
	}
	if len(ps) > 0 {
		b.Logf("the content has %d problems; the time includes reporting them", len(ps))
	}
}
