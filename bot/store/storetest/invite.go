package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func testInvite(t *testing.T, h Harness) {
	parent := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "71"}
	other := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "72"}

	t.Run("RedeemOnce", func(t *testing.T) {
		b := setup(t, h)
		_, hash := bot.NewInviteCode()
		inv := &bot.Invite{CodeHash: hash, Label: "bed 4", CreatedBy: "UNURSE", ExpiresAt: b.clock.Now().Add(time.Hour)}
		if err := b.store.AddInvite(b.ctx, inv); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.PersonLabel(b.ctx, parent); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("PersonLabel before redeeming = %v, want ErrNotFound", err)
		}
		if _, err := b.store.RedeemInvite(b.ctx, bot.InviteCodeHash("nope"), parent, b.clock.Now()); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("RedeemInvite(unknown) = %v, want ErrNotFound", err)
		}
		now := b.clock.Now().Add(time.Minute)
		got, err := b.store.RedeemInvite(b.ctx, hash, parent, now)
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != "bed 4" || got.CreatedBy != "UNURSE" || got.Person != parent || !got.UsedAt.Equal(now) {
			t.Errorf("RedeemInvite = %+v", got)
		}
		if _, err := b.store.RedeemInvite(b.ctx, hash, other, now); !errors.Is(err, bot.ErrInviteUsed) {
			t.Errorf("second RedeemInvite = %v, want ErrInviteUsed", err)
		}
		if l, err := b.store.PersonLabel(b.ctx, parent); err != nil || l != "bed 4" {
			t.Errorf("PersonLabel = %q, %v", l, err)
		}
		if _, err := b.store.PersonLabel(b.ctx, other); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("PersonLabel(other) = %v, want ErrNotFound", err)
		}
		// Forget unlinks the label.
		if err := b.store.Forget(b.ctx, parent); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.PersonLabel(b.ctx, parent); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("PersonLabel after Forget = %v, want ErrNotFound", err)
		}
	})

	t.Run("Expired", func(t *testing.T) {
		b := setup(t, h)
		_, hash := bot.NewInviteCode()
		if err := b.store.AddInvite(b.ctx, &bot.Invite{CodeHash: hash, Label: "x", ExpiresAt: b.clock.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.RedeemInvite(b.ctx, hash, parent, b.clock.Now().Add(time.Hour)); !errors.Is(err, bot.ErrInviteExpired) {
			t.Errorf("RedeemInvite at expiry = %v, want ErrInviteExpired", err)
		}
	})
}
