package memory

import (
	"context"
	"time"

	"github.com/carebot/carebot/bot"
)

// AddInvite stores a copy of inv.
func (s *Store) AddInvite(_ context.Context, inv *bot.Invite) error {
	inv.CreatedAt = s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := *inv
	s.invites[inv.CodeHash] = &c
	return nil
}

// RedeemInvite links the invite to key once, if it has not expired at now.
func (s *Store) RedeemInvite(_ context.Context, codeHash string, key bot.PersonKey, now time.Time) (*bot.Invite, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.invites[codeHash]
	switch {
	case !ok:
		return nil, bot.ErrNotFound
	case !inv.UsedAt.IsZero():
		return nil, bot.ErrInviteUsed
	case !inv.ExpiresAt.After(now):
		return nil, bot.ErrInviteExpired
	}
	inv.UsedAt, inv.Person = now, key
	c := *inv
	return &c, nil
}

// PersonLabel returns the label of the person's newest redeemed invite.
func (s *Store) PersonLabel(_ context.Context, key bot.PersonKey) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *bot.Invite
	for _, inv := range s.invites {
		if inv.Person == key && !inv.UsedAt.IsZero() && (best == nil || inv.UsedAt.After(best.UsedAt)) {
			best = inv
		}
	}
	if best == nil {
		return "", bot.ErrNotFound
	}
	return best.Label, nil
}
