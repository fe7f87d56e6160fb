package bot

import (
	"sort"
	"strings"
)

// builtinMessages are the interface texts the Router uses, by key, in
// English. The knowledge base's messages section (knowledge/content) holds
// them in every language and wins; these are the last resort so that a
// missing key never breaks a reply. Placeholders in braces are replaced when
// the text is used: {emergency}, {crisis} everywhere, the others where
// noted.
var builtinMessages = map[string]string{
	// Onboarding and /start.
	"welcome":            "Hi, I'm carebot. I answer questions about joint pain after pregnancy and suggest short exercises you can fit around caring for your baby.",
	"disclaimer":         "I share general education, not medical advice, and I can't diagnose. For anything that worries you, ask your healthcare provider. In an emergency call {emergency}.",
	"onboarding":         "New here? Tap \"Set up\" to choose your language, whether your care team may be alerted, and daily reminders.",
	"start_button":       "Set up",
	"lang_choose":        "Which language do you prefer?",
	"lang_set":           "Okay, I'll answer in English.",
	"consent_question":   "If you tell me about a warning sign, may I alert your care team?",
	"consent_yes_button": "Yes, alert them",
	"consent_no_button":  "No, thanks",
	"consent_yes":        "Thank you. If you report a warning sign, I'll let your care team know. Change this anytime with /consent no.",
	"consent_no":         "Okay, I won't alert your care team. Change this anytime with /consent yes.",
	// /help and menus.
	"commands":        "Commands: /exercises, /tips, /nudge (daily reminders), /stop (stop reminders), /progress, /lang en|es, /forget (delete my data), /help.",
	"exercises_menu":  "Pick an exercise:",
	"tips_menu":       "Pick a tip:",
	"unknown_command": "I don't know that command.",
	// Answers.
	"fallback":     "Sorry, I didn't catch that. I can help with joint pain after pregnancy: pick a topic or ask in your own words.",
	"did_you_mean": "Did you mean one of these?",
	"more_none":    "That's all I have on that topic. Here are some other things I can help with:",
	"label_dose":   "How much",
	"label_feel":   "What you should feel",
	"label_stop":   "Stop if",
	// Warning signs.
	"alert_emergency": "This could be an emergency. Call {emergency} now.",
	"alert_check":     "Before anything else, I want to check on you: is this happening to you right now and does it feel serious? Please answer yes or no.",
	"alert_provider":  "Please contact your healthcare provider today about this.",
	"crisis_line":     "If you are thinking about hurting yourself or your baby, call or text {crisis} now. You are not alone.",
	"alert_sent":      "I've let your care team know.",
	// Nudges.
	"nudge_serve_only":       "Reminders are sent when carebot runs as a service (carebot serve); this chat can't send them.",
	"nudge_ask_time":         "When would you like a daily reminder? Pick a time or send /nudge HH:MM (up to three times).",
	"nudge_set":              "Done. I'll send you a short exercise at {times}. Send /stop to stop.",
	"nudge_failed":           "Sorry, I couldn't change your reminders just now. Please try again later.",
	"nudge_stopped":          "Okay, no more reminders. Send /nudge to start again.",
	"nudge_done":             "Nice work! Marked as done.",
	"nudge_snoozed":          "Okay, I'll remind you again in an hour.",
	"nudge_quiet":            "{time} is during quiet hours ({quiet}), when I don't send reminders. Send them at night anyway?",
	"nudge_quiet_yes_button": "Yes, at night too",
	"nudge_quiet_no_button":  "Pick another time",
	"tz_ask":                 "Which city are you in, or what is your UTC offset (for example \"Chicago\" or \"UTC-5\")? Reminders follow your local time.",
	"tz_set":                 "Time zone set to {tz}.",
	"progress":               "This week: {done} of {sent} exercise reminders done.",
	"progress_none":          "No reminders yet. Send /nudge to get a short daily exercise.",
	"progress_streak":        "Streak: {streak} days in a row. Last 7 days: {week} done.",
	// /forget.
	"forget_confirm":        "Delete everything I store about you (language, settings, reminders)? This can't be undone.",
	"forget_confirm_button": "Yes, delete",
	"forget_cancel_button":  "Keep it",
	"forget_done":           "Done: I deleted everything I stored about you. You can still ask me anything.",
	"forget_cancelled":      "Okay, nothing was deleted.",
	"forget_failed":         "Sorry, I couldn't delete your data just now. Please try /forget again later.",
	// Adapters.
	"error": "Sorry, something went wrong on my side. Please try again. In an emergency call {emergency}.",
}

// MessageKeys lists, sorted, the keys of the interface messages the Router
// and the adapters use; the knowledge base should define each of them in
// every language.
func MessageKeys() []string {
	keys := make([]string, 0, len(builtinMessages))
	for k := range builtinMessages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
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
