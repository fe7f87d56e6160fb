package knowledge

import (
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	dir := os.Getenv("KBDIR")
	if dir == "" {
		t.Skip()
	}
	var fsys = Embedded()
	if dir != "embedded" {
		fsys = os.DirFS(dir)
	}
	b, err := Load(fsys)
	t.Logf("base=%v\n%v", b != nil, err)
}
