package bot

import (
	"context"
	"log/slog"
	"strings"
)

// resumeNudges turns the daily nudges of a person who had blocked the bot
// back on when they write again: blocking stopped them (the person was
// marked inactive and their pending nudges cancelled), but their settings
// say they want them. The reply says so, with /stop at hand; never after
// a warning sign.
func (t *turn) resumeNudges(ctx context.Context) {
	n := t.r.cfg.Nudger
	if !t.returning || n == nil || t.forgotten || !t.p.Nudge.Enabled || t.cmd == "/stop" || t.cmd == "/forget" ||
		t.reply.Level > LevelNone {
		return
	}
	if err := n.SetNudges(ctx, t.p, t.p.Nudge); err != nil {
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "resume nudges",
			slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
		return
	}
	t.p.Active = true
	t.reply.Notice = paragraphs(t.reply.Notice, t.msg("nudge_resumed", "times", strings.Join(t.p.Nudge.Times, ", ")))
}
