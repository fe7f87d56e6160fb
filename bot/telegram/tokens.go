package telegram

import (
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"sync"
)

// MaxCallbackData is Telegram's limit on a button's callback_data, in bytes.
const MaxCallbackData = 64

// tokenPrefix starts callback data that stands for a longer payload. The
// Router's payloads start with "kb:" or "cmd:".
const tokenPrefix = "~"

// tokens maps button payloads longer than MaxCallbackData to short tokens
// and back. Tokens are derived from the payload (the same payload always gets
// the same token); the map keeps the most recent maxTokens, in memory, so a
// tap on a very old button, or on one from before a restart, finds nothing
// and is answered with Texts.Expired.
type tokens struct {
	mu    sync.Mutex
	max   int
	byTok map[string]*list.Element
	order *list.List // of tokenEntry, most recent first
}

type tokenEntry struct{ token, payload string }

const maxTokens = 10000

func newTokens(max int) *tokens {
	return &tokens{max: max, byTok: map[string]*list.Element{}, order: list.New()}
}

// data returns the callback data for a payload: the payload itself when it
// fits and cannot be mistaken for a token, a token otherwise.
func (t *tokens) data(payload string) string {
	if len(payload) <= MaxCallbackData && (len(payload) == 0 || payload[:1] != tokenPrefix) {
		return payload
	}
	sum := sha256.Sum256([]byte(payload))
	tok := tokenPrefix + base64.RawURLEncoding.EncodeToString(sum[:15])
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.byTok[tok]; ok {
		t.order.MoveToFront(e)
		return tok
	}
	t.byTok[tok] = t.order.PushFront(tokenEntry{tok, payload})
	for t.order.Len() > t.max {
		e := t.order.Back()
		t.order.Remove(e)
		delete(t.byTok, e.Value.(tokenEntry).token)
	}
	return tok
}

// payload returns the payload for callback data, and false for a token it
// no longer knows.
func (t *tokens) payload(data string) (string, bool) {
	if len(data) == 0 || data[:1] != tokenPrefix {
		return data, true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.byTok[data]
	if !ok {
		return "", false
	}
	t.order.MoveToFront(e)
	return e.Value.(tokenEntry).payload, true
}
