package intents_test

import (
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// BenchmarkNew measures building the matcher alone, from a knowledge base
// loaded once: BenchmarkBuild less the YAML.
func BenchmarkNew(b *testing.B) {
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := intents.New(kb); err != nil {
			b.Fatal(err)
		}
	}
}
