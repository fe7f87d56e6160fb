package telegramtest

import "time"

// The wire types below are the subset of the Bot API's JSON objects that the
// fake sends and understands. They are written from the Bot API reference,
// not borrowed from a client library, so a test through a real client checks
// that the client speaks the same format.

// User is a Telegram user or bot.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a conversation: "private", "group", "supergroup" or "channel".
type Chat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
}

// Entity is a special part of a message's text (a mention, a command).
// Offset and Length are in UTF-16 code units.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	User   *User  `json:"user,omitempty"`
}

// Sticker stands for any message without text.
type Sticker struct {
	FileID string `json:"file_id"`
	Emoji  string `json:"emoji,omitempty"`
}

// Message is a message in a chat.
type Message struct {
	MessageID      int      `json:"message_id"`
	From           *User    `json:"from,omitempty"`
	Date           int64    `json:"date"`
	Chat           Chat     `json:"chat"`
	Text           string   `json:"text,omitempty"`
	Entities       []Entity `json:"entities,omitempty"`
	Caption        string   `json:"caption,omitempty"`
	ReplyToMessage *Message `json:"reply_to_message,omitempty"`
	Sticker        *Sticker `json:"sticker,omitempty"`
}

// CallbackQuery is a tap on an inline keyboard button.
type CallbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *Message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

// Update is one incoming update. UpdateID 0 is replaced by the next id when
// the update is pushed or delivered.
type Update struct {
	UpdateID      int64          `json:"update_id"`
	Message       *Message       `json:"message,omitempty"`
	EditedMessage *Message       `json:"edited_message,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
}

// Button is an inline keyboard button as received in a reply_markup.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// botID is the fake bot's user id when its token does not start with one.
const botID = 7000000001

// PrivateText returns a text message update in a private chat; the sender's
// user id equals the chat id, as on Telegram. lang is the sender's
// language_code ("en", "es-MX"; may be empty).
func PrivateText(chatID int64, lang, text string) Update {
	u := &User{ID: chatID, FirstName: "Parent", LanguageCode: lang}
	return Update{Message: &Message{
		From: u,
		Date: time.Now().Unix(),
		Chat: Chat{ID: chatID, Type: "private"},
		Text: text,
	}}
}

// GroupText returns a text message update from userID in the group chatID
// (a negative id, as on Telegram).
func GroupText(chatID, userID int64, text string) Update {
	return Update{Message: &Message{
		From: &User{ID: userID, FirstName: "Member"},
		Date: time.Now().Unix(),
		Chat: Chat{ID: chatID, Type: "supergroup", Title: "Group"},
		Text: text,
	}}
}

// Tap returns a callback query update: the user tapped a button carrying
// data under the message sent (a message the fake recorded).
func Tap(sent Sent, userID int64, data string) Update {
	typ := "private"
	if sent.ChatID < 0 {
		typ = "supergroup"
	}
	return Update{CallbackQuery: &CallbackQuery{
		From: User{ID: userID, FirstName: "Parent", LanguageCode: "en"},
		Message: &Message{
			MessageID: sent.MessageID,
			From:      &User{ID: botID, IsBot: true},
			Date:      time.Now().Unix(),
			Chat:      Chat{ID: sent.ChatID, Type: typ},
			Text:      sent.Text,
		},
		ChatInstance: "ci",
		Data:         data,
	}}
}
