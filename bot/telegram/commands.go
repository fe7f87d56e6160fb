package telegram

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Command is an entry of the bot's command menu.
type Command struct {
	// Command is the command without the slash ("help").
	Command string
	// Description is shown next to it (up to 256 characters).
	Description string
}

// DefaultCommands is the command menu by language code: "" is Telegram's
// default for every language without its own list. /sos (urgent help)
// comes first in every language.
var DefaultCommands = map[string][]Command{
	"":   englishCommands,
	"en": englishCommands,
	"es": {
		{"sos", "Ayuda urgente ya: emergencias y línea de crisis"},
		{"start", "Empezar: idioma, avisos y recordatorios"},
		{"help", "Qué puedo hacer"},
		{"exercises", "Ejercicios suaves para las articulaciones"},
		{"tips", "Consejos para el día a día con el bebé"},
		{"nudge", "Recordatorios diarios de ejercicio"},
		{"stop", "Parar los recordatorios"},
		{"progress", "Cuántos recordatorios hiciste esta semana"},
		{"tz", "Tu ciudad o zona horaria"},
		{"consent", "Avisos a tu equipo de salud: sí o no"},
		{"forget", "Borrar todo lo que guardo sobre ti"},
		{"lang", "Cambiar de idioma (English / español)"},
	},
}

var englishCommands = []Command{
	{"sos", "Urgent help now: emergency and crisis lines"},
	{"start", "Get started: language, alerts and reminders"},
	{"help", "What I can do"},
	{"exercises", "Gentle exercises for sore joints"},
	{"tips", "Everyday tips while caring for your baby"},
	{"nudge", "Daily exercise reminders"},
	{"stop", "Stop reminders"},
	{"progress", "How many reminders you did this week"},
	{"tz", "Your city or time zone"},
	{"consent", "Alerts to your care team: yes or no"},
	{"forget", "Delete everything I keep about you"},
	{"lang", "Change language (English / español)"},
}

// setCommands publishes the command menu for each language. A failure is
// logged, not fatal: the commands work without the menu.
func (a *Adapter) setCommands(ctx context.Context) {
	for lang, cmds := range a.opts.commands {
		if len(cmds) == 0 {
			continue
		}
		bc := make([]models.BotCommand, len(cmds))
		for i, c := range cmds {
			bc[i] = models.BotCommand{Command: c.Command, Description: c.Description}
		}
		_, err := a.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: bc, LanguageCode: lang})
		if err != nil {
			a.log.Warn("telegram set commands", "lang", lang, "err", a.redact(err))
		}
	}
}
