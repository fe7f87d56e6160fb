// Package golden compares what a test made with a golden file in the
// package's testdata; `go test -update` rewrites the files instead.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Check fails t unless got is the content of the file at path (below
// testdata). With -update it writes got to the file instead. look, when
// not empty, says how to look at the output before accepting it.
func Check(t testing.TB, path string, got []byte, look string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if string(got) != string(want) {
		if look != "" {
			look = "look at it (" + look + "), then "
		}
		t.Errorf("%s differs from %s; %sgo test -run %s -update:\n%s", t.Name(), path, look, t.Name(), got)
	}
}
