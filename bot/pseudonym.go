package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// NewPseudonymKey returns a random 32-byte key for Pseudonym: the stand-in
// when the deployment sets none (CAREBOT_PSEUDONYM_KEY), so that handles are
// stable only while the process runs.
func NewPseudonymKey() []byte {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return b
}

// Pseudonym returns a stable, non-reversible handle for a person, such as
// "p-3f9a1c0b2d4e", for logs, metrics-free diagnostics and care-team alerts.
// key is a secret of the deployment; the same person always gets the same
// handle under the same key. Logs carry this, never chat ids or names.
func Pseudonym(k PersonKey, key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(k.Platform))
	m.Write([]byte{0})
	m.Write([]byte(k.ChatID))
	return "p-" + hex.EncodeToString(m.Sum(nil)[:6])
}
