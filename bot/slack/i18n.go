package slack

import (
	"slices"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// Message keys of the care team's own texts in Slack, worded in the
// knowledge base's messages (knowledge/content/messages.yaml) in every
// language and shown in the adapter's language (Config.Lang). {user},
// {when}, {handle} and {level} are filled in where a key uses them.
const (
	msgBusy            = "team_busy"
	msgApology         = "team_apology"
	msgShare           = "team_share_button"
	msgClaim           = "team_claim_button"
	msgResolved        = "team_resolved_button"
	msgSharedBy        = "team_shared_by"   // {user}
	msgClaimedBy       = "team_claimed_by"  // {user} {when}
	msgResolvedBy      = "team_resolved_by" // {user} {when}
	msgAlertHelp       = "team_alert_help"
	msgNotLinked       = "team_not_linked"
	msgIsResolved      = "team_is_resolved"
	msgAlreadyResolved = "team_already_resolved"
	msgAlreadyClaimed  = "team_already_claimed" // {user}
	msgNoRelay         = "team_no_relay"
	msgUnreachable     = "team_unreachable"
	msgNotDelivered    = "team_not_delivered"
	msgParentWrote     = "team_parent_wrote" // {handle}
	msgTrail           = "team_trail"
	msgRemoved         = "team_removed"
	msgRemovedAlert    = "team_removed_alert" // {level} {handle}
	msgParentLeft      = "team_parent_left"
	msgReplyAfterLeft  = "team_reply_after_left" // {user}

	// An alert: its title, fields and notes.
	msgUrgencyEmergency  = "team_urgency_emergency"
	msgUrgencyProvider   = "team_urgency_provider"
	msgAboutSelfHarmBaby = "team_about_self_harm_baby"
	msgAboutSelfHarm     = "team_about_self_harm"
	msgAboutBaby         = "team_about_baby"
	msgAboutSOS          = "team_about_sos"
	msgAboutCheckYes     = "team_about_check_yes"
	msgAboutSign         = "team_about_sign"
	msgAboutAlsoCheckYes = "team_about_also_check_yes" // {about}
	msgAlertSummary      = "team_alert_summary"        // {title} {handle}
	msgFieldParent       = "team_field_parent"
	msgFieldLevel        = "team_field_level"
	msgFieldLanguage     = "team_field_language"
	msgFieldTime         = "team_field_time"
	msgFieldLabel        = "team_field_label"
	msgLangUnknown       = "team_lang_unknown"
	msgSigns             = "team_signs" // {signs}
	msgTold              = "team_told"  // {text}

	// The audit trail, one line an event.
	msgTrailClaimed  = "team_trail_claimed"  // {when} {user}
	msgTrailReplied  = "team_trail_replied"  // {when} {user} {text}
	msgTrailResolved = "team_trail_resolved" // {when} {user}
	msgTrailLeft     = "team_trail_left"     // {when}
	msgTrailMore     = "team_trail_more"     // {n}
)

// Message keys of the texts sent to a parent.
const (
	msgCarePrefix = "care_reply_prefix"
	msgForwarded  = "care_forwarded"
)

// messageKeys are every message key the adapter uses.
var messageKeys = []string{
	msgBusy, msgApology, msgShare, msgClaim, msgResolved, msgSharedBy,
	msgClaimedBy, msgResolvedBy, msgAlertHelp, msgNotLinked, msgIsResolved,
	msgAlreadyResolved, msgAlreadyClaimed, msgNoRelay, msgUnreachable,
	msgNotDelivered, msgParentWrote, msgTrail, msgRemoved, msgRemovedAlert,
	msgParentLeft, msgReplyAfterLeft,
	msgUrgencyEmergency, msgUrgencyProvider, msgAboutSelfHarmBaby,
	msgAboutSelfHarm, msgAboutBaby, msgAboutSOS, msgAboutCheckYes,
	msgAboutSign, msgAboutAlsoCheckYes, msgAlertSummary, msgFieldParent,
	msgFieldLevel, msgFieldLanguage, msgFieldTime, msgFieldLabel,
	msgLangUnknown, msgSigns, msgTold,
	msgTrailClaimed, msgTrailReplied, msgTrailResolved, msgTrailLeft,
	msgTrailMore,
	msgCarePrefix, msgForwarded,
}

// MessageKeys lists, sorted, the keys of the interface messages the Slack
// adapter uses; the knowledge base should define each of them in every
// language (the content test checks the embedded one).
func MessageKeys() []string {
	keys := slices.Clone(messageKeys)
	slices.Sort(keys)
	return keys
}

// WithMessages sets where the adapter's texts come from: a function that
// looks an interface message up by key and language, such as
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
		if s := a.messages(key, lang); s != "" && s != key {
			return s
		}
	}
	return knowledge.EmbeddedMessage(key, lang)
}

// teamText returns the care team's text with the key in the adapter's
// language, with vars (name, value pairs) filled in; a "user" value is a
// Slack user id, written as a mention.
func (a *Adapter) teamText(key string, vars ...string) string {
	s := a.parentText(key, a.cfg.Lang)
	if len(vars) == 0 {
		return s
	}
	pairs := make([]string, 0, len(vars))
	for i := 0; i+1 < len(vars); i += 2 {
		v := vars[i+1]
		if vars[i] == "user" {
			v = "<@" + v + ">"
		}
		pairs = append(pairs, "{"+vars[i]+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
