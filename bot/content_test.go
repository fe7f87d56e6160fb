package bot_test

import (
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// TestEmbeddedContentHasEveryMessage checks that the real content words
// every interface message in every language, so that no one gets the
// built-in English stand-in.
func TestEmbeddedContentHasEveryMessage(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		// The knowledge package's tests and `carebot kb lint` report this.
		t.Skip("embedded knowledge base does not load yet (run carebot kb lint)")
	}
	for _, key := range bot.MessageKeys() {
		for _, lang := range knowledge.Languages {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
	}
}
