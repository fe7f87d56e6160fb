// Package bottest helps test packages built on bot: a tiny, stable
// knowledge base and a scripted matcher that answers fixed results, so that
// tests of the Router and the adapters do not depend on the real content or
// the real matcher's judgement.
package bottest

import (
	"embed"
	"io/fs"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

//go:embed testdata/*.yaml
var files embed.FS

// FS returns the test knowledge base's files, at the root.
func FS() fs.FS {
	sub, err := fs.Sub(files, "testdata")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}

// KB loads the test knowledge base, failing tb if it does not load.
func KB(tb testing.TB) *knowledge.Base {
	tb.Helper()
	kb, err := knowledge.Load(FS())
	if err != nil {
		tb.Fatalf("load test kb: %v", err)
	}
	return kb
}

// Content returns the test knowledge base with the real matcher over it.
func Content(tb testing.TB) *bot.Content {
	tb.Helper()
	c, err := bot.NewContent(KB(tb))
	if err != nil {
		tb.Fatalf("test content: %v", err)
	}
	return c
}

// Script is a scripted matcher: the Result for each message text (compared
// lower-case, trimmed). Texts starting with "/" are commands, as the real
// matcher reports them; any other unknown text is a fallback. Results with
// no Lang get the hint, else "en".
type Script map[string]intents.Result

// Match implements bot.Config.Match.
func (s Script) Match(text, langHint string) intents.Result {
	key := strings.ToLower(strings.TrimSpace(text))
	res, ok := s[key]
	if !ok {
		res = intents.Result{Intent: intents.Fallback, Topic: intents.Fallback}
		if strings.HasPrefix(key, "/") {
			cmd, args, _ := strings.Cut(key, " ")
			cmd, _, _ = strings.Cut(cmd, "@")
			res.Command, res.Args = cmd, strings.TrimSpace(args)
		}
	}
	if res.Lang == "" {
		res.Lang = langHint
	}
	if res.Lang == "" {
		res.Lang = "en"
	}
	return res
}

// Sign returns the warning-sign rule with the id, failing tb if there is
// none.
func Sign(tb testing.TB, kb *knowledge.Base, id string) *knowledge.Sign {
	tb.Helper()
	for _, s := range kb.Signs {
		if s.ID == id {
			return s
		}
	}
	tb.Fatalf("no sign %s in the test kb", id)
	return nil
}

// Topic is a Result for a confident match of entry id in lang.
func Topic(id, lang string) intents.Result {
	return intents.Result{Intent: id, Topic: id, Confidence: 0.9, Lang: lang,
		Candidates: []intents.Candidate{{ID: id, Confidence: 0.9}}}
}
