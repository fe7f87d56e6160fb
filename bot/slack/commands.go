package slack

import (
	"context"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// acceptCommand stores (with an inbox, requests.go) and queues a slash
// command (from HTTP or Socket Mode).
func (a *Adapter) acceptCommand(cmd slackapi.SlashCommand) error {
	cmd.Token = "" // the legacy verification token is not kept
	return a.acceptRequest(cmd.ChannelID, storedRequest{Kind: requestCommand, Command: &cmd}, cmd.TriggerID,
		func(ctx context.Context, id string) error { return a.processCommand(ctx, id, cmd) })
}

// processCommand answers "/carebot <question>" ephemerally, with a "Share
// in channel" button; "/carebot" alone shows the help; "/carebot <name>
// ..." goes to a subcommand handler when one is registered. The answer is
// recorded with the command's inbox entry id (empty: none) deleted.
func (a *Adapter) processCommand(ctx context.Context, id string, cmd slackapi.SlashCommand) error {
	text := strings.TrimSpace(plain(cmd.Text))
	h, share := a.handler, true
	if name, rest, _ := strings.Cut(text, " "); name != "" {
		if sub, ok := a.subcommands[strings.ToLower(name)]; ok {
			h, text, share = sub, strings.TrimSpace(rest), false
		}
	}
	if text == "" && share {
		text, share = "/help", false
	}
	m := bot.Message{Platform: bot.PlatformSlack, ChatID: cmd.ChannelID, UserID: cmd.UserID, Text: text, Time: a.now()}
	r := a.ask(ctx, h, m)
	blocks, fb := renderReply(r)
	if share {
		blocks = append(blocks, a.shareBlock(text))
	}
	a.log.Info("slack: command answered", "user", a.handle(cmd.ChannelID), "intent", r.Intent, "escalation", r.Level.String())
	p := storedPost{Kind: postEphemeral, Channel: cmd.ChannelID, User: cmd.UserID, Blocks: slackapi.Blocks{BlockSet: blocks}, Text: fb}
	if cmd.ResponseURL != "" {
		p = storedPost{Kind: postResponse, Channel: cmd.ChannelID, ResponseURL: cmd.ResponseURL,
			ResponseType: slackapi.ResponseTypeEphemeral, Blocks: slackapi.Blocks{BlockSet: blocks}, Text: fb}
	}
	return a.deliver(ctx, id, p)
}
