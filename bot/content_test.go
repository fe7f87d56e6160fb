package bot_test

import (
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// TestEmbeddedContentHasEveryMessage checks that the real content words
// every interface message in every language, so that no one gets another
// language's text or a bare key.
func TestEmbeddedContentHasEveryMessage(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	for _, key := range bot.MessageKeys() {
		for _, lang := range knowledge.Languages {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
	}
}
