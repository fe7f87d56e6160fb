package intents

import (
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// TestContextNames checks that the engine's list indexes name exactly the
// lists the loader accepts.
func TestContextNames(t *testing.T) {
	names := knowledge.ContextNames()
	if len(contextNames) != len(names) {
		t.Fatalf("%d context lists in the engine, %d in knowledge.ContextNames", len(contextNames), len(names))
	}
	for _, n := range contextNames {
		if names[n] == "" {
			t.Errorf("context list %q is not in knowledge.ContextNames", n)
		}
	}
}
