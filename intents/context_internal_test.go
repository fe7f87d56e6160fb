package intents

import (
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// TestContextNames checks that the engine's list indexes name exactly the
// lists the loader accepts.
func TestContextNames(t *testing.T) {
	if len(contextNames) != len(knowledge.ContextNames) {
		t.Fatalf("%d context lists in the engine, %d in knowledge.ContextNames", len(contextNames), len(knowledge.ContextNames))
	}
	for _, n := range contextNames {
		if knowledge.ContextNames[n] == "" {
			t.Errorf("context list %q is not in knowledge.ContextNames", n)
		}
	}
}
