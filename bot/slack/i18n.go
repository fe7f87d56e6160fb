package slack

import (
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// Texts shown to the care team in Slack (English).
const (
	textBusy            = "carebot is busy right now; please try again in a minute."
	textApology         = "Sorry, I could not answer that just now. Please try again."
	textShare           = "Share in channel"
	textClaim           = "Claim"
	textResolved        = "Resolved"
	textSharedBy        = "Shared by <@%s>"
	textClaimedBy       = ":raising_hand: Claimed by <@%s> %s"
	textResolvedBy      = ":white_check_mark: Resolved by <@%s> %s. Replies here no longer reach the parent."
	textAlertHelp       = "Reply in this thread to message the parent (on Telegram). Start a reply with // to keep it internal."
	textNotLinked       = "This alert is no longer linked to a parent (they may have used /forget)."
	textIsResolved      = "This alert is resolved; your reply was not sent to the parent."
	textAlreadyResolved = "This alert is already resolved."
	textAlreadyClaimed  = "<@%s> already claimed this alert."
	textNoRelay         = "Replies to parents are not configured on this carebot; your reply was not sent."
	textUnreachable     = "The parent can no longer be reached through carebot (they stopped it or withdrew consent); your reply was not sent."
	textNotDelivered    = ":warning: Your reply could not be delivered to the parent. Please try again or reach them another way."
	textParentWrote     = ":speech_balloon: *%s* (parent) wrote:"
	textTrail           = "*Audit trail*"
	textRemoved         = "Removed: the parent used /forget."
	textRemovedAlert    = "A %s alert about parent %s was here; its words were removed because the parent used /forget."
	textParentLeft      = ":wave: The parent used /forget and left carebot: their words were removed, and replies here no longer reach them."
	textReplyAfterLeft  = "<@%s> your reply was not sent: this parent used /forget and left carebot. Reach them through the clinic if you need to."
)

// Message keys of the texts sent to a parent, worded in the knowledge
// base's messages (knowledge/content/messages.yaml) in every language.
const (
	msgCarePrefix = "care_reply_prefix"
	msgForwarded  = "care_forwarded"
)

// WithMessages sets where the texts sent to a parent come from: a function
// that looks an interface message up by key and language, such as
// bot.Router.Message, so that a content reload reaches them too. Default:
// the embedded knowledge base.
func WithMessages(msg func(key, lang string) string) Option {
	return func(a *Adapter) { a.messages = msg }
}

// parentText returns the text with the key in lang, falling back to
// English; lang may carry a region ("es-MX").
func (a *Adapter) parentText(key, lang string) string {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	if a.messages != nil {
		if s := a.messages(key, lang); s != "" {
			return s
		}
	}
	return knowledge.EmbeddedMessage(key, lang)
}
