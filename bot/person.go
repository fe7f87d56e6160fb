package bot

import "time"

// PersonKey identifies a person on one platform: the chat they talk in.
type PersonKey struct {
	Platform Platform
	ChatID   string
}

// Consent records whether a parent agreed that the care team may be alerted
// when a warning sign comes up.
type Consent int8

// The consent states. Unknown is treated as no.
const (
	ConsentUnknown Consent = iota
	ConsentGranted
	ConsentDenied
)

// Person is what carebot keeps about someone it talks to: only what it needs
// to answer in their language, continue a topic, respect their consent and
// send the nudges they asked for.
type Person struct {
	Key PersonKey
	// Lang is the language to answer in when a message does not make it
	// clear ("en" or "es"); empty until known.
	Lang string
	// TimeZone is an IANA time zone name; empty until asked.
	TimeZone string
	// Consent is whether the care team may be alerted.
	Consent Consent
	// Active is false once the person blocked the bot or stopped
	// everything; nothing is sent to an inactive person.
	Active bool
	// Nudge holds the person's nudge settings.
	Nudge NudgeSettings
	// Context is the conversation context.
	Context Context
	// CreatedAt and UpdatedAt are set by the Store.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NudgeSettings are when and how a person wants exercise nudges.
type NudgeSettings struct {
	// Enabled turns nudges on.
	Enabled bool
	// Times are local times of day, "HH:MM", one to three.
	Times []string
	// Areas are body areas the person asked about, most recent first;
	// nudges lean toward exercises for them.
	Areas []string
	// Quiet are the local quiet hours, "HH:MM-HH:MM", when no nudge is
	// sent; empty means the default, 21:00-08:00; "off" means none (the
	// person asked for nudges at night).
	Quiet string
}

// Pending names a question the bot waits for an answer to, as kept in
// Context.Pending: "forget_confirm", "timezone", or a safety question or
// an offer to tell the care team with what it was about after a prefix
// ("check:<sign>", "alert_offer:<level>:<signs>").
type Pending string

// Context is the short-term state of a conversation.
type Context struct {
	// LastIntent is the entry id of the last answer, for "tell me more".
	LastIntent string
	// MoreShown is true once the longer "more" text of LastIntent was
	// sent, so a second "tell me more" offers other topics instead.
	MoreShown bool
	// Pending names a question the bot is waiting for an answer to; empty
	// when none.
	Pending Pending
	// UpdatedAt is when the context last changed; stale context is
	// ignored.
	UpdatedAt time.Time
}
