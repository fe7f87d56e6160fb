// Package bot is carebot's domain: the messages that come in, the replies
// that go out, the people it talks to, and the Router that turns one into the
// other (warning-sign screen, then commands, then intent match, then answer).
//
// bot knows no platform. Adapters (bot/console, bot/telegram, bot/slack)
// turn platform updates into Message values and render Reply values; storage
// (bot/store/...) and scheduling (bot/nudge) sit behind the Store and Nudger
// interfaces. The content the Router answers from is a LiveContent, which
// the nudge scheduler reads too and a reload swaps once for both. bot
// imports only the standard library, intents and knowledge (and its own
// bot/internal/placename); why the Router has not moved to a package of its
// own is in CHANGELOG.md, "Decisions".
package bot

import (
	"time"

	"github.com/carebot/carebot/knowledge"
)

// Platform names where a person talks to carebot.
type Platform string

// The platforms.
const (
	PlatformConsole  Platform = "console"
	PlatformTelegram Platform = "telegram"
	PlatformSlack    Platform = "slack"
)

// Level is how urgently a message needs a person's attention.
type Level = knowledge.Level

// The escalation levels, in increasing order of urgency.
const (
	LevelNone      = knowledge.LevelNone
	LevelCheck     = knowledge.LevelCheck
	LevelProvider  = knowledge.LevelProvider
	LevelEmergency = knowledge.LevelEmergency
)

// Message is one thing a person said or tapped, as an adapter hands it over.
type Message struct {
	// Platform is where the message came from.
	Platform Platform
	// ChatID is the platform's id of the conversation (a Telegram chat id,
	// a Slack channel or DM id, "console" on the terminal).
	ChatID string
	// UserID is the platform's id of the sender, used only to derive a
	// pseudonymous handle; never logged.
	UserID string
	// Text is what the person typed; empty when a button was tapped.
	Text string
	// Payload is the Button.Payload of a tapped button; empty for typed
	// text.
	Payload string
	// LangHint is the platform's idea of the person's language (Telegram's
	// language_code, "es-MX" or "es"); optional.
	LangHint string
	// Time is when the message was sent; zero means now.
	Time time.Time
}

// Button is an option offered with a reply. Adapters render buttons as an
// inline keyboard (Telegram), Block Kit buttons (Slack) or a numbered list
// (console); a tapped button comes back as a Message with its Payload.
type Button struct {
	// Label is what the person sees, in their language.
	Label string
	// Payload is what comes back when the button is tapped: "kb:<entry id>"
	// to show an entry, "cmd:<command and arguments>" to run a command
	// ("cmd:/lang es"), or an adapter-defined value.
	Payload string
}

// Payload prefixes understood by the Router.
const (
	PayloadEntry   = "kb:"
	PayloadCommand = "cmd:"
)
