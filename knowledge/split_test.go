package knowledge

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestParseSplit checks that every embedded file parsed in pieces (cut
// small, so that most are) gives the tree it gives parsed whole, with the
// same lines and columns, and that every file of two pieces' size or more
// is cut.
func TestParseSplit(t *testing.T) {
	names, err := fs.Glob(Embedded(), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(Embedded(), name)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) >= 2*pieceSize && len(cutPieces(data)) < 2 {
			t.Errorf("%s (%d bytes) is not cut: it is parsed on one core", name, len(data))
		}
		for _, size := range []int{1 << 10, 8 << 10} {
			got, err := parseSplitSize(data, size)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, _ := parseYAML(data)
			if !sameTree(got, want) {
				t.Errorf("%s cut every %d bytes: not the tree of the whole file", name, size)
			}
		}
	}
}

// TestParseSplitErrors checks that a syntax error, or an alias of an
// anchor in another piece, is reported as for the whole file.
func TestParseSplitErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("# head\nsigns:\n")
	for i := range 200 {
		fmt.Fprintf(&b, "  - id: sign.s%d\n    level: check\n", i)
		if i == 10 {
			b.WriteString("    x: &a [1, 2]\n")
		}
	}
	good := b.String()
	for _, data := range []string{
		good,
		good + "    y: *a\n",
		strings.Replace(good, "sign.s150", "\"sign.s150\n  - id: x\"", 1),
		strings.Replace(good, "sign.s170\n", "sign.s170\n   bad: [\n", 1),
		strings.Replace(good, "sign.s30\n", "sign.s30\n  - \"open\n", 1),
	} {
		if len(splitPieces([]byte(data), 1<<10)) < 2 {
			t.Fatalf("not cut:\n%s", data)
		}
		got, gotErr := parseSplitSize([]byte(data), 1<<10)
		want, wantErr := parseYAML([]byte(data))
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !sameTree(got, want) {
			t.Errorf("cut: %v, whole: %v", gotErr, wantErr)
		}
	}
}

// parseSplitSize parses data as the loader does, cut in pieces of about
// size bytes.
func parseSplitSize(data []byte, size int) ([]*yaml.Node, error) {
	defer func(s int) { pieceSize = s }(pieceSize)
	pieceSize = size
	pieces := cutPieces(data)
	docs := make([][]*yaml.Node, len(pieces))
	errs := make([]error, len(pieces))
	for i, p := range pieces {
		docs[i], errs[i] = parseYAML(p)
	}
	return joinParsed(data, docs, errs)
}

// sameTree reports whether two parses hold the same nodes at the same
// places, comments on the line of their node included (the others are
// never read).
func sameTree(a, b []*yaml.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameNode(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameNode(a, b *yaml.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.LineComment != b.LineComment || a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return false
	}
	if (a.Alias == nil) != (b.Alias == nil) || a.Alias != nil && !reflect.DeepEqual(a.Alias.Value, b.Alias.Value) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
