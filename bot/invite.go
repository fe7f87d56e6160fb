package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"
)

// Enrolment: a care team creates an invite for a label they choose (a
// chart number, "bed 4"), and the parent who opens the invite's link is
// linked to that label, which alerts then show to the care channel. No
// names or phone numbers are stored: the label is whatever the clinic
// writes, and the code is kept only as a hash.

// Invite errors, returned by InviteStore.RedeemInvite.
var (
	// ErrInviteUsed means the invite was already redeemed.
	ErrInviteUsed = errors.New("invite already used")
	// ErrInviteExpired means the invite is past its expiry.
	ErrInviteExpired = errors.New("invite expired")
)

// Invite is a single-use, expiring link between a parent and a label the
// care team chose.
type Invite struct {
	// CodeHash is InviteCodeHash of the code in the link.
	CodeHash string
	// Label is the care team's name for the parent, shown in alerts.
	Label string
	// CreatedBy is the care-team member who made it (a Slack user id).
	CreatedBy string
	// ExpiresAt is when the link stops working.
	ExpiresAt time.Time
	// UsedAt and Person are set when a parent redeemed it.
	UsedAt time.Time
	Person PersonKey
	// CreatedAt is set by the store.
	CreatedAt time.Time
}

// InviteStore keeps invites. The SQL stores and the in-memory store
// implement it; Forget deletes the invites a person redeemed.
type InviteStore interface {
	// AddInvite stores a new invite.
	AddInvite(ctx context.Context, inv *Invite) error
	// RedeemInvite links the invite with the code hash to key, once: it
	// returns ErrNotFound, ErrInviteUsed or ErrInviteExpired (at now)
	// otherwise.
	RedeemInvite(ctx context.Context, codeHash string, key PersonKey, now time.Time) (*Invite, error)
	// PersonLabel returns the label of the person's newest redeemed
	// invite, or ErrNotFound.
	PersonLabel(ctx context.Context, key PersonKey) (string, error)
}

// NewInviteCode returns a random invite code that fits a Telegram start
// parameter (letters, digits, "-" and "_"), and its hash for the store.
func NewInviteCode() (code, hash string) {
	b := make([]byte, 18)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	code = base64.RawURLEncoding.EncodeToString(b)
	return code, InviteCodeHash(code)
}

// InviteCodeHash is how an invite code is stored: only its SHA-256.
func InviteCodeHash(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}
