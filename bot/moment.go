package bot

import (
	"strconv"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// EntryNudgeNow is the entry of a quick exercise now, the intent a moment
// answers.
const EntryNudgeNow = "nudge.now"

// PayloadMoment starts the payloads of a moment's buttons:
// "moment:done:<id>" and "moment:next:<id>:<index of the prompt shown>".
const PayloadMoment = "moment:"

// moment answers a parent who tells what they are doing now ("warming a
// bottle now") with prompt i of that moment, in their language, and the
// Done and Another one buttons.
func (t *turn) moment(id string, i int) bool {
	mo := momentByID(t.kb, id)
	if mo == nil {
		return false
	}
	prompts := mo.Prompts.Get(t.lang)
	if len(prompts) == 0 {
		return false
	}
	i %= len(prompts)
	t.cmd = "/moment"
	t.reply.Intent = EntryNudgeNow
	t.reply.Text = t.fill(strings.TrimSpace(prompts[i]))
	t.reply.Buttons = []Button{
		{Label: t.msg("moment_done_button"), Payload: PayloadMoment + "done:" + id},
		{Label: t.msg("moment_next_button"), Payload: PayloadMoment + "next:" + id + ":" + strconv.Itoa(i)},
	}
	return true
}

// momentAnswer handles a tapped Done or Another one.
func (t *turn) momentAnswer(payload string) {
	action, rest, _ := strings.Cut(strings.TrimPrefix(payload, PayloadMoment), ":")
	id, n, _ := strings.Cut(rest, ":")
	switch action {
	case "done":
		t.cmd = "/moment"
		t.reply.Text = t.msg("moment_done")
		t.reply.Buttons = []Button{{Label: t.msg("moment_next_button"), Payload: PayloadMoment + "next:" + id + ":0"}}
	case "next":
		i, _ := strconv.Atoi(n)
		if t.moment(id, i+1) {
			return
		}
		fallthrough
	default:
		t.fallback()
	}
}

// momentByID returns the moment with the id, or nil.
func momentByID(kb *knowledge.Base, id string) *knowledge.Moment {
	for _, m := range kb.Moments {
		if m.ID == id {
			return m
		}
	}
	return nil
}
