package slack

import (
	"context"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// acceptCommand queues a slash command (from HTTP or Socket Mode).
func (a *Adapter) acceptCommand(cmd slackapi.SlashCommand) error {
	return a.enqueue(cmd.ChannelID, job{name: "command", run: func(ctx context.Context) error {
		return a.processCommand(ctx, cmd)
	}})
}

// processCommand answers "/carebot <question>" ephemerally, with a "Share
// in channel" button; "/carebot" alone shows the help; "/carebot <name>
// ..." goes to a subcommand handler when one is registered.
func (a *Adapter) processCommand(ctx context.Context, cmd slackapi.SlashCommand) error {
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
	return a.deliver(ctx, "", p)
}
