package telegram

import (
	"context"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// menu is the command menu in lang: the Router's command table
// (bot.Commands), described by the knowledge base's menu messages.
func (a *Adapter) menu(lang string) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range bot.Commands() {
		if c.MenuKey == "" {
			continue
		}
		out = append(out, models.BotCommand{
			Command:     strings.TrimPrefix(c.Name, "/"),
			Description: a.opts.messages(c.MenuKey, lang),
		})
	}
	return out
}

// setCommands publishes the command menu in each language, and in English
// as Telegram's default ("") for every other. A failure is logged, not
// fatal: the commands work without the menu.
func (a *Adapter) setCommands(ctx context.Context) {
	for _, lang := range append([]string{""}, knowledge.Languages()...) {
		cmds := a.menu(lang)
		if len(cmds) == 0 {
			continue
		}
		_, err := a.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, LanguageCode: lang})
		if err != nil {
			a.log.Warn("telegram set commands", "lang", lang, "err", a.redact(err))
		}
	}
}
