package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carebot/carebot/bot"
)

// inviteTTL is how long an invite link works.
const inviteTTL = 7 * 24 * time.Hour

// maxLabel bounds an invite's label, in characters.
const maxLabel = 40

const inviteUsage = "Usage: /carebot invite <label>, where the label is how your team knows the parent (a chart number or bed, never a name or phone number)."

// phoneLike matches what looks like a phone number or an email address:
// labels must not hold them.
var phoneLike = regexp.MustCompile(`@|\+\s*\d|\d[\d\s().-]{8,}\d`)

// inviteHandler answers `/carebot invite <label>` in Slack: a single-use
// Telegram link (t.me/<bot>?start=<code>, valid inviteTTL) that links the
// parent who opens it to the label; only the nurse who asked sees it.
func (s *server) inviteHandler() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Lang: "en", Text: s.invite(ctx, m.UserID, m.Text)}, nil
	})
}

// invite makes one invite and says how to use it.
func (s *server) invite(ctx context.Context, user, label string) string {
	label = strings.Join(strings.Fields(label), " ")
	switch {
	case label == "":
		return inviteUsage
	case utf8.RuneCountInString(label) > maxLabel:
		return fmt.Sprintf("That label is too long (at most %d characters). %s", maxLabel, inviteUsage)
	case phoneLike.MatchString(label):
		return "That label looks like a phone number or an email address; carebot stores neither. " + inviteUsage
	}
	store, ok := s.store.(bot.InviteStore)
	if !ok {
		return "Invites need a database that keeps them; this carebot has none."
	}
	if s.telegram == nil {
		return "Invites are Telegram links, and Telegram is not configured on this carebot."
	}
	name := s.telegram.Username()
	if name == "" {
		return "Telegram is still starting; try again in a moment."
	}
	code, hash := bot.NewInviteCode()
	expires := time.Now().Add(inviteTTL)
	if err := store.AddInvite(ctx, &bot.Invite{CodeHash: hash, Label: label, CreatedBy: user, ExpiresAt: expires}); err != nil {
		s.log.Error("add invite", "err", err.Error())
		return "Sorry, I couldn't make an invite just now. Please try again."
	}
	s.log.Info("invite created") // neither the label nor the code
	return fmt.Sprintf("Invite for %s: https://t.me/%s?start=%s\nGive it to that parent only: it works once, until %s. "+
		"Alerts from the parent who opens it show this label in the care channel.",
		label, name, code, expires.UTC().Format("2006-01-02 15:04 UTC"))
}
