package bot

import (
	"sort"
	"strings"
)

// builtinMessages are the interface texts the Router uses, by key, in
// English. The knowledge base's messages section (knowledge/content) holds
// them in every language and wins; these are the last resort so that a
// missing key never breaks a reply. Placeholders in braces are replaced when
// the text is used: {emergency}, {crisis}, {maternal_line} everywhere, the others where
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
	"commands":        "Commands: /sos (urgent help now), /exercises, /tips, /nudge (daily reminders), /stop (stop reminders), /progress, /consent (alerts to your care team), /lang en|es, /forget (delete my data), /help.",
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
	// The care loop: /sos, the safety question, the consent offer.
	"sos":                  "If you or your baby are in danger right now, call {emergency}. If you are thinking about hurting yourself or your baby, call or text {crisis} now. To talk about how you've been feeling since the birth, call or text {maternal_line}.",
	"sos_button":           "Urgent help",
	"check_yes_button":     "Yes",
	"check_no_button":      "No",
	"check_yes":            "Thank you for telling me. If you or your baby might be in danger, call {emergency} now. If you are having thoughts of hurting yourself or your baby, call or text {crisis} now. You can also call or text {maternal_line}, and please tell your provider today.",
	"check_no":             "Thank you for answering. Feeling low or overwhelmed after a baby is common and gets better with support. Please tell your provider how you've been feeling, and call or text {maternal_line} any time. If you think about hurting yourself, call or text {crisis}.",
	"check_again":          "About my question a moment ago: please answer yes or no.",
	"consent_offer":        "Would you like me to tell your care team about this so they can check on you?",
	"consent_offer_button": "Tell my care team",
	"care_team_only":       "That is for parents on Telegram. Here you can look up guidance to share.",
	"invite_linked":        "You're connected to your care team: if a warning sign comes up, they can be told (if you agree).",
	"invite_invalid":       "That invite link didn't work: it may have expired or been used already. Ask your care team for a new one. You can still use carebot.",
	"care_team_welcome":    "Hi, I'm carebot. Ask me about joint pain after pregnancy to find guidance to share with a patient.",
	"care_team_help":       "For care teams: /carebot <question> looks up guidance (only you see it; Share in channel posts it). Alerts: Claim, Resolved, and reply in the alert's thread to message the parent (start with // to keep a note internal).",
	// Nudges.
	"nudge_serve_only":       "Reminders are sent when carebot runs as a service (carebot serve); this chat can't send them.",
	"nudge_serve_only_times": "I read your times as {times}. Reminders are sent when carebot runs as a service; this chat can't send them.",
	"nudge_ampm":             "Did you mean {time} in the morning or in the evening?",
	"tz_which":               "{place} has more than one time zone. Which one is yours? If it is not here, send your city or your UTC offset (like UTC-6).",
	"tz_unknown":             "I don't know where \"{place}\" is. Send a big city near you (like Houston or Madrid) or your UTC offset (like UTC-6), so reminders come at your time.",
	"nudge_done_again":       "Already counted. Nice work!",
	"nudge_snooze_done":      "You already did this one, so there is nothing to snooze.",
	"nudge_snoozed_until":    "Okay. It's quiet hours then, so I'll remind you at {time}.",
	"moment_done_button":     "Done ✓",
	"moment_next_button":     "Another one",
	"moment_done":            "Nice work! Small moves add up.",
	"nudge_resumed":          "Welcome back! Your daily reminders are on again at {times}. Send /stop to turn them off.",
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
