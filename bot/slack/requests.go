package slack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	slackapi "github.com/slack-go/slack"
)

// The durable path of slash commands and button taps, with a store that is
// a bot.Inbox, as for Events API events (inbox.go): the request is written
// to the inbox, deduplicated by its trigger_id in the same transaction,
// before Slack gets its 200 (Socket Mode: its acknowledgement), and worked
// by the same workers; its answer (an ephemeral answer, a shared answer, an
// alert's new status and the resolved note) is recorded in the outbox in
// the transaction that deletes the request from the inbox. A stop or a
// crash after the 200 leaves it in the inbox for the next start (or, after
// the lease, another replica); a request Slack delivers twice is worked
// once. Slack does not send a command or a tap again, so one that cannot
// be stored is not taken: a command is answered "busy" (ephemeral, in the
// 200), a tap 503, and the person sends it again.

// Kinds of stored requests.
const (
	requestCommand     = "command"
	requestInteraction = "interaction"
)

// storedRequest is a slash command or a block-actions payload as kept in
// the inbox. Events are kept as Slack's JSON, which has no "carebot" key.
type storedRequest struct {
	Kind    string                 `json:"carebot"`
	Command *slackapi.SlashCommand `json:"command,omitempty"`
	Payload json.RawMessage        `json:"payload,omitempty"`
}

// requestID is the inbox id of a request: its kind and trigger_id (unique
// per command or tap), or a digest of the request without one.
func requestID(kind, trigger string, body []byte) string {
	if trigger != "" {
		return kind + ":" + trigger
	}
	sum := sha256.Sum256(body)
	return kind + ":sha256:" + hex.EncodeToString(sum[:16])
}

// startWait bounds how long a command or tap that arrives while Run is
// still taking over the inbox waits for it before it is refused: Slack
// wants its answer within 3 seconds.
const startWait = 500 * time.Millisecond

// acceptRequest stores a command or a tap in the inbox and queues its
// work: run gets the inbox id (empty without an inbox) and must pass it to
// deliver, so that the answer is recorded as the entry is deleted. An
// error means it was neither stored nor queued.
func (a *Adapter) acceptRequest(channel string, req storedRequest, trigger string, run func(ctx context.Context, id string) error) error {
	if a.inbox == nil {
		return a.enqueue(channel, job{name: req.Kind, run: func(ctx context.Context) error { return run(ctx, "") }})
	}
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("%s: %w", req.Kind, err)
	}
	if !a.recovered.Load() {
		t := time.NewTimer(startWait)
		defer t.Stop()
		select {
		case <-a.started:
		case <-t.C:
			return ErrStarting
		}
	}
	if err := a.queueOpen(channel); err != nil {
		return err
	}
	id := requestID(req.Kind, trigger, body)
	first, err := a.receive(id, channel, body)
	if err != nil {
		return err
	}
	if !first {
		a.log.Info("slack: duplicate request ignored", "kind", req.Kind)
		return nil
	}
	a.queueEvent(channel, a.requestJob(req.Kind, id, run))
	return nil
}

// requestJob is the job of a stored request: the request's inbox entry is
// deleted when its work is done (with its answer, by deliver; here when
// there was none or the work failed for good).
func (a *Adapter) requestJob(kind, id string, run func(ctx context.Context, id string) error) job {
	return job{name: kind, eventID: id, run: func(ctx context.Context) error {
		err := run(ctx, id)
		a.done(ctx, id)
		return err
	}}
}

// storedRequestJob is the job of a request taken from the inbox again (a
// restart, a replica's lease run out); ok is false when body is not a
// stored request.
func (a *Adapter) storedRequestJob(id string, body []byte) (j job, channel string, ok bool, err error) {
	var req storedRequest
	if json.Unmarshal(body, &req) != nil || req.Kind == "" {
		return job{}, "", false, nil
	}
	switch req.Kind {
	case requestCommand:
		if req.Command == nil {
			return job{}, "", true, errors.New("stored command without a command")
		}
		cmd := *req.Command
		return a.requestJob(req.Kind, id, func(ctx context.Context, id string) error {
			return a.processCommand(ctx, id, cmd)
		}), cmd.ChannelID, true, nil
	case requestInteraction:
		var cb slackapi.InteractionCallback
		if err := json.Unmarshal(req.Payload, &cb); err != nil {
			return job{}, "", true, fmt.Errorf("stored interaction: %w", err)
		}
		return a.requestJob(req.Kind, id, func(ctx context.Context, id string) error {
			return a.processInteraction(ctx, id, cb, true)
		}), interactionChannel(cb), true, nil
	}
	return job{}, "", true, fmt.Errorf("stored request of unknown kind %q", req.Kind)
}
