package bot

import (
	"context"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

// screen turns the warning signs the matcher found into the reply's Alert,
// which adapters show before anything else. The screen's result says the
// level and whether the crisis line is due (its signs are typed and
// sorted, most urgent first); the reply of the most urgent sign is used,
// and an emergency always names the emergency number and a crisis sign the
// crisis line, whatever the content says.
func (t *turn) screen() {
	res := t.res
	level, crisis := res.Level, res.Crisis
	var top *knowledge.Sign
	var topLevel Level
	for _, s := range res.Signs {
		if s == nil {
			continue
		}
		if top == nil || s.Level > topLevel {
			top, topLevel = s, s.Level
		}
		if s.Level == LevelCheck && t.checkSign == nil {
			t.checkSign = s
		}
	}
	if level <= LevelNone {
		return
	}
	alert := ""
	if top != nil {
		alert = t.fill(strings.TrimSpace(top.Reply.Get(t.lang)))
	}
	if alert == "" || topLevel < level ||
		(level == LevelEmergency && !strings.Contains(alert, t.r.cfg.EmergencyNumber)) {
		// No rule reply at this level, or one that forgot the number: say
		// it in the built-in words too.
		alert = paragraphs(alert, t.msg("alert_"+level.String()))
	}
	if crisis && !strings.Contains(alert, t.r.cfg.CrisisLine) {
		alert = paragraphs(alert, t.msg("crisis_line"))
	}
	t.reply.Alert = alert
	t.reply.Level = level
	t.crisis = crisis
	if top != nil {
		t.sign = top.ID
	}
	t.reply.Signs = nil
	for _, s := range res.Signs {
		if s != nil {
			t.reply.Signs = append(t.reply.Signs, s.ID)
		}
	}
}

// alertCareTeam calls the Alerter for a warning sign from a person who
// consented, and says so in the reply when it worked.
func (t *turn) alertCareTeam(ctx context.Context) {
	if t.r.cfg.Alerter == nil || !t.reply.Level.Escalates() || t.p.Consent != ConsentGranted || t.forgotten {
		return
	}
	if t.callAlerter(ctx, t.reply) {
		t.reply.Alert = paragraphs(t.reply.Alert, t.msg("alert_sent"))
	}
}

// paragraphs joins the non-empty texts with blank lines.
func paragraphs(texts ...string) string {
	var b strings.Builder
	for _, s := range texts {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	return b.String()
}
