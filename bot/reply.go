package bot

// Reply is what carebot answers to one Message. Adapters render it for their
// platform: Alert first (when set), then Title, Text, Steps and Details, then
// Sources, then Buttons; Media, when there are any, go with the text (an
// album or uploads beside it, never instead of it).
type Reply struct {
	// Lang is the language the reply is written in ("en" or "es").
	Lang string
	// Level is the escalation level of the message: LevelNone unless a
	// warning sign was found.
	Level Level
	// Signs lists the ids of the warning-sign rules that fired, highest
	// level first.
	Signs []string
	// Alert is the warning-sign reply ("call 911 now", "call your provider
	// today"), shown before anything else; empty when no sign was found.
	Alert string
	// Intent is the answer id the reply is about (an entry id, "fallback",
	// or "" for a command's own reply).
	Intent string
	// Confidence is the matcher's confidence in Intent, 0 to 1.
	Confidence float64
	// Title is a short heading for the answer; may be empty.
	Title string
	// Text is the answer, paragraphs separated by a blank line; plain text,
	// adapters escape it for their markup.
	Text string
	// Steps are numbered steps (exercises); rendered as a numbered list.
	Steps []string
	// Details are short labelled lines after the steps ("How often: ...",
	// "Stop if: ...").
	Details []string
	// Sources are the references supporting the answer: one short line
	// ("Ruchat et al. 2025 · ACOG 2020") under an answer, each reference in
	// full under the references entry.
	Sources []string
	// Buttons are follow-up options.
	Buttons []Button
	// Media are pictures that illustrate the answer: an exercise's frames
	// in order, or the /progress chart. Each has alt text; the text of the
	// reply says everything the pictures show.
	Media []Media
	// Notice is an out-of-band note sent after the answer, such as an
	// onboarding offer; may be empty.
	Notice string
}

// Escalated reports whether the reply carries a warning sign.
func (r Reply) Escalated() bool { return r.Level.Escalates() }
