package bot

import (
	"slices"
	"strings"
)

// messageKeys are the interface messages the Router uses. Their texts live
// in the knowledge base only (knowledge/content/messages.yaml and care.yaml,
// every key in every language, as TestEmbeddedContentHasEveryMessage
// checks); a knowledge base from elsewhere that lacks one gets the embedded
// content's text (knowledge.EmbeddedMessage). Placeholders in braces are
// replaced when the text is used: {emergency}, {crisis}, {maternal_line}
// everywhere, the others where the key is used.
var messageKeys = []string{
	// Onboarding and /start.
	"welcome", "disclaimer", "onboarding", "start_button", "lang_choose",
	"lang_set", "consent_question", "consent_yes_button",
	"consent_no_button", "consent_yes", "consent_no",
	// /help and menus.
	"commands", "exercises_menu", "tips_menu", "unknown_command",
	// Answers.
	"fallback", "did_you_mean", "more_none", "label_dose", "label_feel",
	"label_stop",
	// Warning signs.
	"alert_emergency", "alert_check", "alert_provider", "crisis_line",
	"alert_sent",
	// The care loop: /sos, the safety question, the consent offer.
	"sos", "sos_button", "check_yes_button", "check_no_button", "check_yes",
	"check_no", "check_again", "consent_offer", "consent_offer_button",
	"care_team_only", "invite_linked", "invite_invalid",
	"care_team_welcome", "care_team_help",
	// Nudges.
	"nudge_serve_only", "nudge_serve_only_times", "nudge_ampm", "tz_which",
	"tz_unknown", "nudge_done_again", "nudge_snooze_done",
	"nudge_snoozed_until", "moment_done_button", "moment_next_button",
	"moment_done", "nudge_resumed", "nudge_ask_time", "nudge_set",
	"nudge_failed", "nudge_stopped", "nudge_done", "nudge_snoozed",
	"nudge_quiet", "nudge_quiet_yes_button", "nudge_quiet_no_button",
	"tz_ask", "tz_set", "progress", "progress_none", "progress_streak",
	// /forget.
	"forget_confirm", "forget_confirm_button", "forget_cancel_button",
	"forget_done", "forget_cancelled", "forget_failed",
	// Adapters.
	"error",
}

// MessageKeys lists, sorted, the keys of the interface messages the Router
// uses; the knowledge base should define each of them in every language.
func MessageKeys() []string {
	keys := slices.Clone(messageKeys)
	slices.Sort(keys)
	return keys
}

// langName is how each language calls itself, for language buttons.
var langName = map[string]string{"en": "English", "es": "Español"}

// fill replaces {name} placeholders in s with vars given as name, value
// pairs.
func fill(s string, vars ...string) string {
	if len(vars) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, len(vars))
	for i := 0; i+1 < len(vars); i += 2 {
		pairs = append(pairs, "{"+vars[i]+"}", vars[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
