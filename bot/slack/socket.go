package slack

import (
	"context"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket receives over Socket Mode until ctx is done. Each request is
// stored in the inbox (with a store that has one) and queued, then
// acknowledged over the websocket; an event that cannot be stored or
// queued is not acknowledged, so Slack sends it again.
func (a *Adapter) runSocket(ctx context.Context) error {
	client := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-errc
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt)
		}
	}
}

func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	var err error
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("slack: socket mode connecting")
		return
	case socketmode.EventTypeConnected:
		a.log.Info("slack: socket mode connected")
		a.ready.Store(true)
		return
	case socketmode.EventTypeConnectionError:
		a.log.Warn("slack: socket mode connection error")
		a.ready.Store(false)
		return
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack: socket mode invalid auth")
		a.ready.Store(false)
		return
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || evt.Request == nil {
			return
		}
		if err = a.acceptEvent(ev, evt.Request.Payload); err != nil {
			a.log.Warn("slack: event not queued; not acknowledged", "err", err)
			return
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		if err = a.acceptCommand(cmd); err != nil {
			a.log.Warn("slack: command not queued", "err", err)
			a.ack(ctx, client, evt.Request, map[string]string{"response_type": "ephemeral", "text": a.teamText(msgBusy)})
			return
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		if err = a.acceptInteraction(cb, evt.Request.Payload); err != nil {
			a.log.Warn("slack: interaction not queued", "err", err)
			return
		}
	default:
		return
	}
	a.ack(ctx, client, evt.Request, nil)
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, req *socketmode.Request, payload any) {
	if err := client.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		a.log.Warn("slack: socket mode ack failed", "err", err)
	}
}
