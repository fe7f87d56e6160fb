package slack

import (
	"errors"
	"fmt"

	"github.com/carebot/carebot/bot"
)

// Errors returned by the adapter.
var (
	// ErrNoToken is returned by New without a bot token.
	ErrNoToken = errors.New("slack: no bot token")
	// ErrNoSigningSecret is returned by New with neither a signing secret
	// (Events API over HTTP) nor an app token (Socket Mode).
	ErrNoSigningSecret = errors.New("slack: no signing secret and no app token")
	// ErrNoHandler is returned by New without a bot.Handler.
	ErrNoHandler = errors.New("slack: no handler")
	// ErrRunning is returned by Run when the adapter is already running or
	// has run before.
	ErrRunning = errors.New("slack: adapter already ran")
	// ErrQueueFull means an acknowledged event could not be queued; over
	// HTTP the request is answered 503 so that Slack sends it again.
	ErrQueueFull = errors.New("slack: work queue full")
	// ErrStarting means Run has not yet queued again what the inbox held
	// from before: an event is answered 503 until then (Slack retries).
	ErrStarting = errors.New("slack: adapter starting")
	// ErrClosed means the adapter is shutting down and takes no more work.
	ErrClosed = errors.New("slack: adapter closed")
	// ErrNoCareChannel is returned by Alert when no care channel is
	// configured. It and the next two wrap bot.ErrNoAlert: retrying does
	// not help.
	ErrNoCareChannel = fmt.Errorf("slack: no care channel: %w", bot.ErrNoAlert)
	// ErrNoConsent is returned by Alert for a parent who has not agreed
	// that the care team may be alerted; nothing is posted.
	ErrNoConsent = fmt.Errorf("slack: parent has not consented to care-team alerts: %w", bot.ErrNoAlert)
	// ErrNotEscalated is returned by Alert for a reply without a warning
	// sign.
	ErrNotEscalated = fmt.Errorf("slack: reply carries no warning sign: %w", bot.ErrNoAlert)
	// ErrNotSlack is returned by Send for a key of another platform.
	ErrNotSlack = errors.New("slack: not a slack conversation")
)

// Errors of request verification; the HTTP handlers answer 401 to all of
// them.
var (
	// ErrUnsigned means the signature or timestamp header is missing.
	ErrUnsigned = errors.New("slack: request not signed")
	// ErrBadSignature means the signature does not match the body.
	ErrBadSignature = errors.New("slack: bad request signature")
	// ErrStaleRequest means the request timestamp is too far from now.
	ErrStaleRequest = errors.New("slack: request timestamp outside the allowed window")
)
