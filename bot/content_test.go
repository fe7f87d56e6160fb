package bot_test

import (
	"strings"
	"testing"
	"unicode"

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
		for _, lang := range knowledge.Languages() {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
	}
}

// TestCommandTableAndHelpAgree checks that the command menu's texts are in
// the content in every language and that the /help text ("commands")
// names no command the Router does not run.
func TestCommandTableAndHelpAgree(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	known := map[string]bool{}
	for _, c := range bot.Commands() {
		known[c.Name] = true
		for _, lang := range knowledge.Languages() {
			if c.MenuKey != "" && kb.Messages[c.MenuKey][lang] == "" {
				t.Errorf("knowledge/content: menu message %s of %s has no %s text", c.MenuKey, c.Name, lang)
			}
		}
	}
	for _, key := range []string{"commands", "help"} {
		for _, lang := range knowledge.Languages() {
			for _, w := range strings.FieldsFunc(kb.Messages[key][lang], func(r rune) bool {
				return r != '/' && !unicode.IsLetter(r)
			}) {
				if strings.HasPrefix(w, "/") && !known[w] {
					t.Errorf("knowledge/content: message %s (%s) names %s, which the Router does not run", key, lang, w)
				}
			}
		}
	}
}
