package intents

import (
	"os"
	"strings"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

func TestTmpAlts(t *testing.T) {
	in := os.Getenv("ALTDBG")
	if in == "" {
		t.Skip()
	}
	kb, _ := knowledge.Load(knowledge.Embedded())
	m, err := New(kb)
	if err != nil {
		t.Fatal(err)
	}
	rev := map[int32]string{}
	for k, id := range m.screen.altIndex {
		rev[id] = k.lang + ":" + k.text
	}
	for _, line := range strings.Split(in, "\n") {
		a := &analysis{}
		m.analyse(line, a)
		for i := range a.toks {
			for alt := range m.screen.alts {
				if _, ok := m.matchAt(a, m.screen.alts[alt], i); ok && !a.toks[i].neg {
					t.Logf("%q tok %d %q(%q) neg=%v hedge=%v baby=%v: alt %s", line, i, a.toks[i].text, a.toks[i].orig, a.toks[i].neg, a.toks[i].hedge, a.toks[i].baby, rev[int32(alt)])
				}
			}
		}
	}
}
