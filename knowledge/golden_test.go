package knowledge

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/broken")

// TestGolden loads each broken knowledge base in testdata/broken (a
// directory of YAML files, or one YAML file) and compares the problems, as
// carebot kb lint prints them, with NAME.golden. Run with -update to
// rewrite the golden files after a deliberate change of wording.
func TestGolden(t *testing.T) {
	t.Parallel()
	dirents, err := os.ReadDir(filepath.Join("testdata", "broken"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, de := range dirents {
		name := de.Name()
		var fsys fs.FS
		switch {
		case de.IsDir():
			fsys = os.DirFS(filepath.Join("testdata", "broken", name))
		case strings.HasSuffix(name, ".yaml"):
			data, err := os.ReadFile(filepath.Join("testdata", "broken", name))
			if err != nil {
				t.Fatal(err)
			}
			fsys = fstest.MapFS{name: {Data: data}}
			name = strings.TrimSuffix(name, ".yaml")
		default:
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			_, err := Load(fsys)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load: err = %v, want problems", err)
			}
			got := ps.Error() + "\n"
			golden := filepath.Join("testdata", "broken", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s (go test -run TestGolden -update rewrites it):\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
	if n < 5 {
		t.Errorf("found %d broken knowledge bases in testdata/broken, want at least 5", n)
	}
}
