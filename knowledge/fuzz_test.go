package knowledge

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad checks that Load never panics and always returns either a Base
// or Problems, each problem in the file, at a line of it, in order. The
// seed corpus is in testdata/fuzz/FuzzLoad; run with
// go test -fuzz=FuzzLoad ./knowledge/.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(validKB))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Load(fstest.MapFS{"kb.yaml": {Data: data}})
		var ps Problems
		switch {
		case err == nil:
			if b == nil {
				t.Fatal("no Base and no error")
			}
		case errors.As(err, &ps):
			if b != nil {
				t.Fatal("a Base and problems")
			}
			if len(ps) == 0 {
				t.Fatal("empty Problems")
			}
			lines := countLines(data)
			for i, p := range ps {
				if p.Pos.File != "kb.yaml" || p.Pos.Line < 1 || p.Pos.Line > lines || p.Msg == "" {
					t.Fatalf("bad problem %q (file has %d lines)", p, lines)
				}
				if i > 0 && p.Pos.Line < ps[i-1].Pos.Line {
					t.Fatalf("problems out of order: %q after %q", p, ps[i-1])
				}
			}
		default:
			t.Fatalf("error is neither nil nor Problems: %v", err)
		}
	})
}

// lineBreaks turns every YAML line break into "\n".
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// countLines counts the lines of data as YAML does, plus one for a
// problem at the very end ("unexpected end of stream").
func countLines(data []byte) int {
	return strings.Count(lineBreaks.Replace(string(data)), "\n") + 1
}
