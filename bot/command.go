package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/carebot/carebot/knowledge"
)

// pendingForget is Context.Pending while /forget waits for confirmation.
const pendingForget = "forget_confirm"

// parseCommand splits "/Lang@CareBot es" into "/lang" and "es".
func parseCommand(s string) (cmd, args string) {
	s = strings.TrimSpace(s)
	cmd, args, _ = strings.Cut(s, " ")
	cmd = strings.ToLower(cmd)
	if i := strings.IndexByte(cmd, '@'); i >= 0 {
		cmd = cmd[:i]
	}
	if !strings.HasPrefix(cmd, "/") {
		cmd = "/" + cmd
	}
	return cmd, strings.TrimSpace(args)
}

// command runs a slash command; cmd is lower-case without @BotName.
func (t *turn) command(ctx context.Context, cmd, args string) {
	t.cmd = cmd
	switch cmd {
	case "/start":
		t.start()
	case "/help":
		t.help()
	case "/exercises":
		t.menu(EntryExercises, "exercises_menu", knowledge.KindExercise)
	case "/tips":
		t.menu(EntryTreatments, "tips_menu", knowledge.KindTip)
	case "/lang":
		t.setLang(args)
	case "/consent":
		t.consent(args)
	case "/nudge":
		t.nudge(ctx, args)
	case "/stop":
		t.stop(ctx)
	case "/progress":
		t.progress(ctx)
	case "/forget":
		t.forget(ctx, args)
	case "/tz":
		if !t.timeZoneAnswer(ctx, args) {
			t.askTimeZone()
		}
	default:
		t.reply.Text = paragraphs(t.msg("unknown_command"), t.msg("commands"))
	}
}

// start welcomes the person, asks for their language and their consent to
// care-team alerts.
func (t *turn) start() {
	t.reply.Text = paragraphs(t.msg("welcome"), t.msg("disclaimer"), t.msg("consent_question"))
	t.reply.Buttons = append(t.langButtons(), t.consentButtons()...)
}

func (t *turn) help() {
	var text string
	if e := t.kb.Entry(EntryHelp); e != nil {
		text = t.fill(strings.TrimSpace(e.Answer.Get(t.lang)))
	}
	t.reply.Text = paragraphs(text, t.msg("commands"))
	t.reply.Buttons = t.topicButtons()
}

// menu shows the entry with id (or the message key when there is no such
// entry) and a button per entry of kind k.
func (t *turn) menu(id, key string, k knowledge.Kind) {
	if e := t.kb.Entry(id); e != nil {
		t.show(e)
	} else {
		t.reply.Text = t.msg(key)
	}
	t.reply.Buttons = t.kindButtons(k, id)
}

// langArgs maps what people type after /lang to a language code.
var langArgs = map[string]string{
	"en": "en", "english": "en", "ingles": "en", "inglés": "en",
	"es": "es", "spanish": "es", "espanol": "es", "español": "es",
}

func (t *turn) setLang(args string) {
	lang, ok := langArgs[strings.ToLower(args)]
	if !ok {
		t.reply.Text = t.msg("lang_choose")
		t.reply.Buttons = t.langButtons()
		return
	}
	t.lang = lang
	t.reply.Text = t.msg("lang_set")
}

func (t *turn) langButtons() []Button {
	out := make([]Button, 0, len(knowledge.Languages))
	for _, l := range knowledge.Languages {
		name := langName[l]
		if name == "" {
			name = l
		}
		out = append(out, Button{Label: name, Payload: PayloadCommand + "/lang " + l})
	}
	return out
}

func (t *turn) consent(args string) {
	switch {
	case isYes(args):
		t.p.Consent = ConsentGranted
		t.reply.Text = t.msg("consent_yes")
	case isNo(args):
		t.p.Consent = ConsentDenied
		t.reply.Text = t.msg("consent_no")
	default:
		t.reply.Text = t.msg("consent_question")
		t.reply.Buttons = t.consentButtons()
	}
}

func (t *turn) consentButtons() []Button {
	return []Button{
		{Label: t.msg("consent_yes_button"), Payload: PayloadCommand + "/consent yes"},
		{Label: t.msg("consent_no_button"), Payload: PayloadCommand + "/consent no"},
	}
}

// isYes and isNo read a short answer in either language.
func isYes(s string) bool {
	switch strings.Trim(strings.ToLower(strings.TrimSpace(s)), ".!¡") {
	case "yes", "y", "yeah", "ok", "okay", "si", "sí", "vale", "confirm", "confirmar":
		return true
	}
	return false
}

func isNo(s string) bool {
	switch strings.Trim(strings.ToLower(strings.TrimSpace(s)), ".!¡") {
	case "no", "n", "nope", "cancel", "cancelar":
		return true
	}
	return false
}

// nudgeTimes are the times offered as buttons by /nudge.
var nudgeTimes = []string{"09:00", "13:00", "19:00"}

// maxNudgeTimes is how many daily nudges a person may ask for.
const maxNudgeTimes = 3

func (t *turn) nudge(ctx context.Context, args string) {
	n := t.r.cfg.Nudger
	if n == nil {
		if e := t.kb.Entry(EntrySubscribe); e != nil {
			t.show(e)
		}
		t.reply.Text = paragraphs(t.reply.Text, t.msg("nudge_serve_only"))
		return
	}
	if isNo(args) || strings.EqualFold(args, "off") {
		t.stop(ctx)
		return
	}
	var times []string
	for _, f := range strings.Fields(args) {
		if hm, ok := clock(f); ok && len(times) < maxNudgeTimes {
			times = append(times, hm)
		}
	}
	if len(times) == 0 {
		t.reply.Text = t.msg("nudge_ask_time")
		for _, hm := range nudgeTimes {
			t.reply.Buttons = append(t.reply.Buttons, Button{Label: hm, Payload: PayloadCommand + "/nudge " + hm})
		}
		return
	}
	s := t.p.Nudge
	s.Enabled, s.Times = true, times
	if strings.Contains(strings.ToLower(args), nightAnyway) {
		s.Quiet = QuietHoursOff
	}
	var quiet *QuietHoursError
	if err := n.SetNudges(ctx, t.p, s); errors.As(err, &quiet) {
		// A time inside quiet hours: ask before nudging at night.
		t.reply.Text = t.msg("nudge_quiet", "time", quiet.Time, "quiet", quiet.Quiet)
		t.reply.Buttons = []Button{
			{Label: t.msg("nudge_quiet_yes_button"), Payload: PayloadCommand + "/nudge " + strings.Join(times, " ") + " " + nightAnyway},
			{Label: t.msg("nudge_quiet_no_button"), Payload: PayloadCommand + "/nudge"},
		}
		return
	} else if err != nil {
		t.fail(ctx, "set nudges", err, "nudge_failed")
		return
	}
	t.p.Nudge = s
	t.reply.Text = t.msg("nudge_set", "times", strings.Join(times, ", "))
	if t.p.TimeZone == "" {
		t.reply.Text = paragraphs(t.reply.Text, t.msg("tz_ask"))
		t.ask(pendingTimeZone)
	}
}

// nightAnyway in /nudge's arguments turns quiet hours off.
const nightAnyway = "night"

// pendingTimeZone is Context.Pending while the bot waits for a city or a
// UTC offset.
const pendingTimeZone = "timezone"

// ask records the question this turn asks; the answer must come in the
// next message, else the question is dropped.
func (t *turn) ask(pending string) {
	t.p.Context.Pending = pending
	t.asked = true
}

// askTimeZone asks for a city or a UTC offset.
func (t *turn) askTimeZone() {
	t.ask(pendingTimeZone)
	t.reply.Text = t.msg("tz_ask")
}

// timeZoneAnswer reads a city or a UTC offset and, when it is one, stores
// it and moves pending nudges to it. It reports whether text was one.
func (t *turn) timeZoneAnswer(ctx context.Context, text string) bool {
	tz, err := ParseTimeZone(text)
	if err != nil {
		return false
	}
	t.cmd = "/tz"
	t.p.Context.Pending = ""
	old := *t.p
	t.p.TimeZone = tz
	if n := t.r.cfg.Nudger; n != nil && t.p.Nudge.Enabled {
		if err := n.SetNudges(ctx, t.p, t.p.Nudge); err != nil {
			*t.p = old
			t.fail(ctx, "set time zone", err, "nudge_failed")
			return true
		}
	}
	t.reply.Text = t.msg("tz_set", "tz", tz)
	return true
}

// nudgeAnswer handles a tapped Done, Snooze or Stop button of a nudge.
func (t *turn) nudgeAnswer(ctx context.Context, payload string) {
	n := t.r.cfg.Nudger
	if n == nil {
		t.reply.Text = t.msg("nudge_serve_only")
		return
	}
	t.cmd = "/nudge"
	action, err := n.Answer(ctx, t.p.Key, payload)
	if err != nil {
		t.fail(ctx, "answer nudge", err, "nudge_failed")
		return
	}
	switch action {
	case "done":
		t.reply.Text = t.msg("nudge_done")
	case "snooze":
		t.reply.Text = t.msg("nudge_snoozed")
	case "stop":
		t.p.Nudge.Enabled = false
		t.reply.Text = t.msg("nudge_stopped")
	}
}

// clock reads "8", "8:30", "08:30" or "20h" as "HH:MM".
func clock(s string) (string, bool) {
	s = strings.TrimSuffix(strings.ToLower(s), "h")
	var h, m int
	var err error
	if strings.Contains(s, ":") {
		_, err = fmt.Sscanf(s, "%d:%d", &h, &m)
	} else {
		_, err = fmt.Sscanf(s, "%d", &h)
	}
	if err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

func (t *turn) stop(ctx context.Context) {
	t.cmd = "/stop"
	if n := t.r.cfg.Nudger; n != nil {
		if err := n.Stop(ctx, t.p.Key); err != nil {
			t.fail(ctx, "stop nudges", err, "nudge_failed")
			return
		}
	}
	t.p.Nudge.Enabled = false
	t.reply.Text = t.msg("nudge_stopped")
}

// progressDays is how far back /progress counts for its text; the chart
// shows chartDays.
const (
	progressDays = 7
	chartDays    = 28
)

func (t *turn) progress(ctx context.Context) {
	n := t.r.cfg.Nudger
	if n == nil {
		t.reply.Text = t.msg("progress_none")
		return
	}
	done, sent, err := n.Progress(ctx, t.p.Key, t.now.AddDate(0, 0, -progressDays))
	switch {
	case err != nil:
		t.fail(ctx, "progress", err, "nudge_failed")
		return
	case sent == 0:
		t.reply.Text = t.msg("progress_none")
		return
	}
	t.reply.Text = t.msg("progress", "done", fmt.Sprint(done), "sent", fmt.Sprint(sent))
	h, ok := n.(NudgeHistory)
	if !ok {
		return
	}
	chart, err := t.progressChart(ctx, h)
	if err != nil {
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "progress chart",
			slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
		return
	}
	chart.Sent = sent
	// The chart's figures, also in words: the chart is an extra.
	t.reply.Text += "\n\n" + t.msg("progress_streak", "streak", fmt.Sprint(chart.Streak), "week", fmt.Sprint(chart.Week))
	if ill := t.r.cfg.Illustrator; ill != nil {
		m, err := ill.Progress(chart, t.lang)
		if err != nil {
			t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "draw progress",
				slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
			return
		}
		t.reply.Media = []Media{m}
	}
}

// progressChart counts the person's nudges done per day over the last
// chartDays days in their time zone, the current streak and the last seven
// days' total.
func (t *turn) progressChart(ctx context.Context, h NudgeHistory) (ProgressChart, error) {
	loc := time.UTC
	if l, err := LoadTimeZone(t.p.TimeZone); err == nil && t.p.TimeZone != "" {
		loc = l
	}
	now := t.now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	first := today.AddDate(0, 0, -(chartDays - 1))
	recs, err := h.NudgeHistory(ctx, t.p.Key, first.AddDate(0, 0, -1))
	if err != nil {
		return ProgressChart{}, fmt.Errorf("nudge history: %w", err)
	}
	return countDays(recs, first, chartDays), nil
}

// countDays buckets the done nudges of recs into n days from first (a
// midnight in the person's zone) and derives the streak and the week.
func countDays(recs []NudgeRecord, first time.Time, n int) ProgressChart {
	c := ProgressChart{Days: make([]int, n), First: first}
	loc := first.Location()
	for _, r := range recs {
		if r.DoneAt.IsZero() {
			continue
		}
		d := r.DoneAt.In(loc)
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		// Whole calendar days, whatever daylight saving time did.
		i := int(math.Round(day.Sub(first).Hours() / 24))
		if i >= 0 && i < n {
			c.Days[i]++
		}
	}
	for i := max(0, n-7); i < n; i++ {
		c.Week += c.Days[i]
	}
	// The streak runs up to today, or up to yesterday while today is
	// still open.
	end := n - 1
	if c.Days[end] == 0 {
		end--
	}
	for i := end; i >= 0 && c.Days[i] > 0; i-- {
		c.Streak++
	}
	return c
}

// forget asks for confirmation, then deletes everything about the person.
func (t *turn) forget(ctx context.Context, args string) {
	switch {
	case strings.EqualFold(args, "confirm") || isYes(args):
		// With a scheduler, the person's rows and pending nudges go in one
		// transaction; without one there are no nudges to cancel.
		forget := t.r.cfg.Store.Forget
		if n := t.r.cfg.Nudger; n != nil {
			forget = n.Forget
		}
		if err := forget(ctx, t.p.Key); err != nil {
			t.fail(ctx, "forget", err, "forget_failed")
			return
		}
		t.forgotten = true
		t.reply.Text = t.msg("forget_done")
	case isNo(args):
		t.p.Context.Pending = ""
		t.reply.Text = t.msg("forget_cancelled")
	default:
		t.ask(pendingForget)
		t.reply.Text = t.msg("forget_confirm")
		t.reply.Buttons = []Button{
			{Label: t.msg("forget_confirm_button"), Payload: PayloadCommand + "/forget confirm"},
			{Label: t.msg("forget_cancel_button"), Payload: PayloadCommand + "/forget cancel"},
		}
	}
}

// fail logs a failed side effect and tells the person with message key.
func (t *turn) fail(ctx context.Context, what string, err error, key string) {
	t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, what,
		slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
	t.reply.Text = t.msg(key)
}
