package intents

import (
	"os"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// testMatcher builds a matcher over testdata/kb.
func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	kb, err := knowledge.Load(os.DirFS("testdata/kb"))
	if err != nil {
		t.Fatalf("load test kb: %v", err)
	}
	m, err := New(kb)
	if err != nil {
		t.Fatalf("new matcher: %v", err)
	}
	return m
}

func TestScratch(t *testing.T) {
	m := testMatcher(t)
	for _, s := range []string{"my wrsit hurts", "WRISTS!!", "exersise pls", "no numbness, just stiff", "my hands are numb",
		"se me duermen las manos", "sin fiebre", "fever of 101", "T 38.4", "im 38 years old", "pain is 9/10", "been 3 months and still hurts",
		"pt denies CP/SOB", "c/o SOB", "lol im out of breath from laughing", "not having any thoughts of hurting myself",
		"i keep having thoughts of hurting myself", "the baby would be better off without me", "hola 👋", "hellooooo", "/start@CareBot", "me duele la muñeca"} {
		r := m.Match(s, "")
		names := []string{}
		for _, sg := range r.Signs {
			names = append(names, sg.ID)
		}
		t.Logf("%-45q -> %s/%s %s conf=%.2f signs=%v cmd=%s | %s", s, r.Intent, LevelName(r.Level), r.Lang, r.Confidence, names, r.Command, Normalize(s))
	}
}
