package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// pendingForget is Context.Pending while /forget waits for confirmation.
const pendingForget Pending = "forget_confirm"

// Command is a slash command the Router runs, as a platform's command menu
// lists it.
type Command struct {
	// Name is the command with its slash ("/sos").
	Name string
	// MenuKey is the interface message describing it in one line in a
	// command menu; "" keeps it out of menus.
	MenuKey string
}

// commandSpec is a Command and how the Router runs it.
type commandSpec struct {
	Command
	run func(t *turn, ctx context.Context, args string)
	// asked says that asking the command's entry in words (the entry
	// intents.CommandEntry matches the command to: "how do I stop the
	// reminders" is nudge.unsubscribe, /stop's) runs the command with
	// entryArgs, so that asking in words does what the command does.
	asked     bool
	entryArgs string
}

// commandTable is the one list of slash commands: command runs them by it
// and Commands hands it, in this order (/sos first), to the platforms'
// command menus. The /help text (the "commands" message) names them, and a
// test checks it names no other. It is a function, not a variable, because
// the commands' code refers back to it (an initialisation cycle).
func commandTable() []commandSpec {
	return []commandSpec{
		{Command{"/sos", "menu_sos"}, func(t *turn, _ context.Context, _ string) { t.sos() }, false, ""},
		{Command{"/start", "menu_start"}, (*turn).start, false, ""},
		{Command{"/help", "menu_help"}, func(t *turn, _ context.Context, _ string) { t.help() },
			true, ""},
		{Command{"/exercises", "menu_exercises"}, func(t *turn, _ context.Context, _ string) {
			t.menu(EntryExercises, "exercises_menu", knowledge.KindExercise)
		}, true, ""},
		{Command{"/tips", "menu_tips"}, func(t *turn, _ context.Context, _ string) {
			t.menu(EntryTreatments, "tips_menu", knowledge.KindTip)
		}, true, ""},
		{Command{"/nudge", "menu_nudge"}, (*turn).nudge, true, ""},
		{Command{"/stop", "menu_stop"}, func(t *turn, ctx context.Context, _ string) { t.stop(ctx) },
			true, ""},
		{Command{"/progress", "menu_progress"}, func(t *turn, ctx context.Context, _ string) { t.progress(ctx) }, false, ""},
		{Command{"/tz", "menu_tz"}, func(t *turn, ctx context.Context, args string) {
			if !t.timeZoneAnswer(ctx, args) {
				t.askTimeZone()
			}
		}, false, ""},
		{Command{"/consent", "menu_consent"}, (*turn).consent, true, "yes alert"},
		{Command{"/forget", "menu_forget"}, (*turn).forget, true, ""},
		{Command{"/lang", "menu_lang"}, func(t *turn, _ context.Context, args string) { t.setLang(args) }, false, ""},
		// The answer to the safety question's buttons; in no menu.
		{Command{"/check", ""}, func(t *turn, _ context.Context, args string) { t.check(args) }, false, ""},
	}
}

// Commands returns the slash commands the Router runs, in menu order: the
// source of the platforms' command menus.
func Commands() []Command {
	table := commandTable()
	out := make([]Command, len(table))
	for i, c := range table {
		out[i] = c.Command
	}
	return out
}

// entryCommand returns the command that the entry with id runs and its
// arguments, or ok false when the entry is answered with its text.
func entryCommand(id string) (cmd, args string, ok bool) {
	for _, c := range commandTable() {
		if c.asked && id != "" && intents.CommandEntry(c.Name) == id {
			return c.Name, c.entryArgs, true
		}
	}
	return "", "", false
}

// command runs a slash command; cmd is lower-case without @BotName.
func (t *turn) command(ctx context.Context, cmd, args string) {
	t.cmd = cmd
	for _, c := range commandTable() {
		if c.Name == cmd {
			c.run(t, ctx, args)
			return
		}
	}
	t.reply.Text = paragraphs(t.msg("unknown_command"), t.msg("commands"))
}

// start welcomes the person, asks for their language and their consent to
// care-team alerts. args is the start parameter of an invite link
// (t.me/<bot>?start=<code>): it links the person to the care team's label.
//
// Set-up goes one step at a time: language, then consent (skipped when the
// enrolment already gave it), then the daily nudges; each step's buttons
// carry the word setup so that the next step follows.
func (t *turn) start(ctx context.Context, args string) {
	if !t.forParent() {
		t.reply.Text = t.msg("care_team_welcome")
		return
	}
	var note string
	if code := strings.TrimSpace(args); code != "" {
		note = t.redeem(ctx, code)
	}
	t.reply.Text = paragraphs(note, t.msg("welcome"), t.msg("disclaimer"), t.msg("lang_choose"))
	t.reply.Buttons = t.langButtons(setupArg)
}

// setupArg follows a command's argument on the buttons of the set-up steps.
const setupArg = "setup"

// inSetup splits the setup word off a command's arguments.
func inSetup(args string) (string, bool) {
	f := strings.Fields(args)
	if n := len(f); n > 0 && f[n-1] == setupArg {
		return strings.Join(f[:n-1], " "), true
	}
	return args, false
}

// redeem links the person to the invite with the code and returns what to
// tell them. A clinic whose enrolment covers consent (ConsentAtEnrolment)
// gets it with the link.
func (t *turn) redeem(ctx context.Context, code string) string {
	store, ok := t.r.cfg.Store.(InviteStore)
	if !ok {
		return ""
	}
	_, err := store.RedeemInvite(ctx, InviteCodeHash(code), t.p.Key, t.now)
	switch {
	case err == nil:
		t.cmd = "/start invite"
		if t.r.cfg.ConsentAtEnrolment && t.p.Consent != ConsentDenied {
			t.p.Consent, t.consentChanged = ConsentGranted, true
		}
		return t.msg("invite_linked")
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrInviteUsed), errors.Is(err, ErrInviteExpired):
		return t.msg("invite_invalid")
	default:
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "redeem invite",
			slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
		return t.msg("invite_invalid")
	}
}

func (t *turn) help() {
	if !t.forParent() {
		t.reply.Text = t.msg("care_team_help")
		return
	}
	var text string
	if e := t.kb.Entry(EntryHelp); e != nil {
		text = t.fill(strings.TrimSpace(e.Answer.Get(t.lang)))
	}
	if !strings.Contains(text, "/exercises") {
		// the help entry lists the commands itself: never twice
		text = paragraphs(text, t.msg("commands"))
	}
	t.reply.Text = text
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
	args, setup := inSetup(args)
	lang, ok := langArgs[strings.ToLower(args)]
	if !ok {
		t.reply.Text = t.msg("lang_choose")
		t.reply.Buttons = t.langButtons("")
		return
	}
	t.lang = lang
	t.reply.Text = t.msg("lang_set")
	switch {
	case !setup:
	case t.p.Consent == ConsentGranted: // given at enrolment
		t.setupNudges()
	default:
		t.reply.Text = paragraphs(t.reply.Text, t.msg("consent_question"))
		t.reply.Buttons = t.consentButtons(setupArg)
	}
}

// langButtons are a button per language; suffix follows the code.
func (t *turn) langButtons(suffix string) []Button {
	langs := knowledge.Languages()
	out := make([]Button, 0, len(langs))
	for _, l := range langs {
		name := langName[l]
		if name == "" {
			name = l
		}
		out = append(out, Button{Label: name, Payload: strings.TrimSpace(PayloadCommand + "/lang " + l + " " + suffix)})
	}
	return out
}

// consent records the parent's choice about care-team alerts: "yes",
// "no", or "yes alert" (the offer under a warning reply, which also alerts
// the care team about that warning).
func (t *turn) consent(ctx context.Context, args string) {
	if !t.forParent() {
		t.reply.Text = t.msg("care_team_only")
		return
	}
	args, setup := inSetup(args)
	answer, rest, _ := strings.Cut(args, " ")
	switch {
	case isYes(answer):
		t.grantConsent(ctx, strings.TrimSpace(rest) == "alert")
	case isNo(answer):
		t.p.Consent = ConsentDenied
		t.consentChanged = true
		t.reply.Text = t.msg("consent_no")
	default:
		t.reply.Text = t.msg("consent_question")
		t.reply.Buttons = t.consentButtons("")
		return
	}
	if setup {
		t.setupNudges()
	}
}

// setupNudges is the last step of set-up: the daily nudges it promised.
func (t *turn) setupNudges() {
	t.reply.Text = paragraphs(t.reply.Text, t.msg("nudge_ask_time"))
	for _, hm := range nudgeTimes {
		t.reply.Buttons = append(t.reply.Buttons, Button{Label: hm, Payload: PayloadCommand + "/nudge " + hm})
	}
}

// consentButtons are Yes and No; suffix follows the answer.
func (t *turn) consentButtons(suffix string) []Button {
	return []Button{
		{Label: t.msg("consent_yes_button"), Payload: strings.TrimSpace(PayloadCommand + "/consent yes " + suffix)},
		{Label: t.msg("consent_no_button"), Payload: strings.TrimSpace(PayloadCommand + "/consent no " + suffix)},
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
	if !t.forParent() {
		t.reply.Text = t.msg("care_team_only")
		return
	}
	n := t.r.cfg.Nudger
	times, ambiguous := t.nudgeTimes(args)
	if n == nil {
		switch {
		case ambiguous:
		case len(times) > 0:
			t.reply.Text = t.msg("nudge_serve_only_times", "times", strings.Join(times, ", "))
		default:
			if e := t.kb.Entry(EntrySubscribe); e != nil {
				t.show(e)
			}
			t.reply.Text = paragraphs(t.reply.Text, t.msg("nudge_serve_only"))
		}
		return
	}
	if isNo(args) || strings.EqualFold(args, "off") {
		t.stop(ctx)
		return
	}
	if ambiguous {
		return
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

// nudgeTimes reads the times in /nudge's arguments (see readTimes). For a
// time that could be morning or evening it asks which, with a button for
// each reading, and reports ambiguous.
func (t *turn) nudgeTimes(args string) (times []string, ambiguous bool) {
	cts := readTimes(args, t.p.Nudge.Quiet)
	for i, ct := range cts {
		if ct.alt == "" {
			continue
		}
		t.reply.Text = t.msg("nudge_ampm", "time", strings.TrimPrefix(ct.hm, "0"))
		for _, hm := range []string{ct.hm, ct.alt} {
			chosen := make([]string, 0, len(cts))
			for j, o := range cts {
				if j == i {
					chosen = append(chosen, hm)
				} else {
					chosen = append(chosen, o.hm)
				}
			}
			t.reply.Buttons = append(t.reply.Buttons, Button{Label: hm, Payload: PayloadCommand + "/nudge " + strings.Join(chosen, " ")})
		}
		return nil, true
	}
	for _, ct := range cts {
		if len(times) < maxNudgeTimes && !slices.Contains(times, ct.hm) {
			times = append(times, ct.hm)
		}
	}
	return times, false
}

// nightAnyway in /nudge's arguments turns quiet hours off.
const nightAnyway = "night"

// pendingTimeZone is Context.Pending while the bot waits for a city or a
// UTC offset.
const pendingTimeZone Pending = "timezone"

// ask records the question this turn asks; the answer must come in the
// next message, else the question is dropped.
func (t *turn) ask(pending Pending) {
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
	var amb *AmbiguousTimeZoneError
	switch {
	case errors.As(err, &amb):
		t.askZoneOf(amb)
		return true
	case err != nil && t.res.Topic == intents.Fallback && len(strings.Fields(text)) <= 4:
		// a place we do not know: ask again rather than stay on UTC
		t.reply.Text = t.msg("tz_unknown", "place", strings.TrimSpace(text))
		t.ask(pendingTimeZone)
		return true
	case err != nil:
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

// maxZoneButtons is how many zones a "which one?" question offers.
const maxZoneButtons = 6

// askZoneOf asks which zone of a place with several is meant, a button per
// zone: the zones of the places in cityZones (the most lived in) first.
func (t *turn) askZoneOf(amb *AmbiguousTimeZoneError) {
	t.ask(pendingTimeZone)
	t.reply.Text = t.msg("tz_which", "place", amb.Place)
	zones := slices.Clone(amb.Zones)
	common := map[string]bool{}
	for _, z := range cityZones() {
		common[z] = true
	}
	slices.SortStableFunc(zones, func(a, b string) int {
		switch {
		case common[a] && !common[b]:
			return -1
		case common[b] && !common[a]:
			return 1
		}
		return 0
	})
	for _, z := range zones[:min(len(zones), maxZoneButtons)] {
		label := strings.ReplaceAll(z[strings.LastIndex(z, "/")+1:], "_", " ")
		t.reply.Buttons = append(t.reply.Buttons, Button{Label: label, Payload: PayloadCommand + "/tz " + z})
	}
}

// nudgeAnswer handles a tapped Done, Snooze or Stop button of a nudge.
func (t *turn) nudgeAnswer(ctx context.Context, payload string) {
	n := t.r.cfg.Nudger
	if n == nil {
		t.reply.Text = t.msg("nudge_serve_only")
		return
	}
	t.cmd = "/nudge"
	a, err := n.Answer(ctx, t.p.Key, payload)
	if err != nil {
		t.fail(ctx, "answer nudge", err, "nudge_failed")
		return
	}
	switch a.Action {
	case NudgeDone:
		t.reply.Text = t.msg("nudge_done")
		if a.Again {
			t.reply.Text = t.msg("nudge_done_again")
		}
	case NudgeSnooze:
		switch {
		case a.WasDone:
			t.reply.Text = t.msg("nudge_snooze_done")
		case a.Until != "": // after quiet hours
			t.reply.Text = t.msg("nudge_snoozed_until", "time", a.Until)
		default:
			t.reply.Text = t.msg("nudge_snoozed")
		}
	case NudgeStop:
		t.p.Nudge.Enabled = false
		t.reply.Text = t.msg("nudge_stopped")
	}
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
		if e, ok := t.r.cfg.Alerter.(AlertEraser); ok {
			// Before the link to the alerts goes with the person.
			if err := e.EraseAlerts(ctx, t.p.Key); err != nil {
				t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "erase alerts",
					slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
			}
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
