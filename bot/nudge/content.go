package nudge

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// PayloadPrefix starts the payloads of the Done and Snooze buttons on a
// nudge: "nudge:done:<slot>" and "nudge:snooze:<slot>", where <slot> is the
// nudge's slot in Unix seconds. The Router hands a tapped button with this
// prefix to Scheduler.Answer. (The Stop button sends StopPayload.)
const PayloadPrefix = bot.PayloadNudge

// StopPayload is the payload of a nudge's Stop button: the /stop command.
const StopPayload = bot.PayloadCommand + "/stop"

// The actions of a nudge's buttons.
const (
	ActionDone   = bot.NudgeDone
	ActionSnooze = bot.NudgeSnooze
	ActionStop   = bot.NudgeStop
)

// Message keys of the button labels, worded in the knowledge base's
// messages.
const (
	msgDone   = "nudge_done_button"
	msgSnooze = "nudge_snooze_button"
	msgStop   = "nudge_stop_button"
)

// label returns the button label with the key in lang from kb, or from the
// embedded content when kb lacks it.
func label(kb *knowledge.Base, key, lang string) string {
	if kb != nil {
		if s := kb.Message(key, lang); s != "" {
			return s
		}
	}
	return knowledge.EmbeddedMessage(key, lang)
}

// prompt is one micro-prompt of an exercise entry.
type prompt struct {
	id    string // "<entry id>#<index>"
	entry *knowledge.Entry
	text  string
	rank  int // position of the entry's best area in the person's Areas; len(Areas) when none
}

// prompts lists the micro-prompts of every exercise entry in lang, ranked
// by the person's areas and then by the part of the day (see partOfDay):
// a prompt tied to a moment of that part of the day ("while the bottle
// warms" in the morning, "while the bath fills" in the evening) comes
// first. part "" ranks by areas alone.
func prompts(kb *knowledge.Base, lang string, areas []string, part string) []prompt {
	if kb == nil {
		return nil
	}
	fits := momentWords(kb, lang, part)
	var out []prompt
	for _, e := range kb.OfKind(knowledge.KindExercise) {
		if e.Exercise == nil {
			continue
		}
		rank := len(areas)
		for _, a := range e.Areas {
			if i := slices.Index(areas, a); i >= 0 && i < rank {
				rank = i
			}
		}
		for i, text := range e.Exercise.Prompts.Get(lang) {
			if strings.TrimSpace(text) == "" {
				continue
			}
			r := 2 * rank
			if part != "" && !fitsMoment(text, fits) {
				r++
			}
			out = append(out, prompt{id: e.ID + "#" + strconv.Itoa(i), entry: e, text: text, rank: r})
		}
	}
	return out
}

// partOfDay names the part of the day of a local time, as moments' Times
// do: morning from 05:00, afternoon from 12:00, evening from 17:00.
func partOfDay(t time.Time) string {
	switch h := t.Hour(); {
	case h >= 5 && h < 12:
		return "morning"
	case h >= 12 && h < 17:
		return "afternoon"
	}
	return "evening"
}

// momentWords are the words of the cues, in lang, of the moments of part
// of the day: a prompt that says one is tied to such a moment.
func momentWords(kb *knowledge.Base, lang, part string) map[string]bool {
	if part == "" {
		return nil
	}
	out := map[string]bool{}
	for _, m := range kb.Moments {
		if !slices.Contains(m.Times, part) {
			continue
		}
		for _, c := range m.Cues[lang] {
			for _, w := range strings.Fields(c) {
				if len(w) >= 4 && !genericCueWords[w] { // "bottle", "biberon", "bath"
					out[w] = true
				}
			}
		}
	}
	return out
}

// genericCueWords are words of moment cues that name no moment.
var genericCueWords = map[string]bool{
	"baby": true, "babys": true, "bebe": true, "sleep": true, "asleep": true, "have": true, "minutes": true,
	"minute": true, "tengo": true, "minutos": true, "minuto": true, "while": true, "mientras": true, "esta": true,
	"estoy": true, "ahora": true, "during": true, "time": true, "giving": true, "making": true, "walking": true,
}

// fitsMoment reports whether a prompt says a word of words.
func fitsMoment(text string, words map[string]bool) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if words[strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n").Replace(w)] {
			return true
		}
	}
	return false
}

// findPrompt returns the prompt with the id, in lang.
func findPrompt(kb *knowledge.Base, id, lang string) (prompt, bool) {
	for _, p := range prompts(kb, lang, nil, "") {
		if p.id == id {
			return p, true
		}
	}
	return prompt{}, false
}

// choose picks the next prompt for a person: one not sent in the current
// cycle (a cycle ends when every prompt was sent), among those for the
// body area they asked about most recently, picked by seed. recent are the
// person's latest sent nudges, newest first, at least as many as there are
// prompts. It returns the prompt and its cycle.
func choose(all []prompt, recent []bot.NudgeRecord, seed uint64) (prompt, int, bool) {
	if len(all) == 0 {
		return prompt{}, 0, false
	}
	cycle := 0
	if len(recent) > 0 {
		cycle = recent[0].Cycle
	}
	used := map[string]bool{}
	for _, r := range recent {
		if r.Cycle == cycle {
			used[r.Prompt] = true
		}
	}
	var left []prompt
	for _, p := range all {
		if !used[p.id] {
			left = append(left, p)
		}
	}
	if len(left) == 0 {
		cycle++
		left = all
	}
	best := left[0].rank
	for _, p := range left {
		best = min(best, p.rank)
	}
	var pick []prompt
	for _, p := range left {
		if p.rank == best {
			pick = append(pick, p)
		}
	}
	return pick[seed%uint64(len(pick))], cycle, true
}

// seed derives a stable pseudo-random number from a person and slot, so a
// retried nudge picks the same prompt.
func seed(key bot.PersonKey, slot int64) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d", key.Platform, key.ChatID, slot)
	return h.Sum64()
}

// nudgeReply composes the message for a prompt in lang.
func nudgeReply(kb *knowledge.Base, p prompt, lang string, slot int64) bot.Reply {
	id := strconv.FormatInt(slot, 10)
	return bot.Reply{
		Lang:   lang,
		Intent: p.entry.ID,
		Title:  p.entry.Title.Get(lang),
		Text:   p.text,
		Buttons: []bot.Button{
			{Label: label(kb, msgDone, lang), Payload: PayloadPrefix + string(ActionDone) + ":" + id},
			{Label: label(kb, msgSnooze, lang), Payload: PayloadPrefix + string(ActionSnooze) + ":" + id},
			// Stop is the /stop command, which the Router runs already.
			{Label: label(kb, msgStop, lang), Payload: StopPayload},
		},
	}
}

func langOf(p *bot.Person) string {
	if p.Lang != "" {
		return p.Lang
	}
	return knowledge.DefaultLanguage
}
