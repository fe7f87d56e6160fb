package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// ErrConfig is returned by NewRouter for an unusable Config.
var ErrConfig = errors.New("invalid config")

// Content is what the Router answers from: a knowledge base and the matcher
// built over it. It is immutable; a reload builds a new Content and swaps it
// in with Router.SetContent.
type Content struct {
	KB      *knowledge.Base
	Matcher *intents.Matcher
}

// NewContent builds the matcher over kb.
func NewContent(kb *knowledge.Base) (*Content, error) {
	return NewContentWithConfig(kb, intents.Config{})
}

// NewContentWithConfig builds the matcher over kb with cfg.
func NewContentWithConfig(kb *knowledge.Base, cfg intents.Config) (*Content, error) {
	m, err := intents.NewWithConfig(kb, cfg)
	if err != nil {
		return nil, fmt.Errorf("build matcher: %w", err)
	}
	return &Content{KB: kb, Matcher: m}, nil
}

// LiveContent holds the Content in use: the Router and whoever else answers
// from the knowledge base (the nudge scheduler) read it, and a reload swaps
// it, once, for all of them. It is safe for concurrent use.
type LiveContent struct {
	p atomic.Pointer[Content]
}

// NewLiveContent returns a holder of c.
func NewLiveContent(c *Content) *LiveContent {
	l := &LiveContent{}
	l.p.Store(c)
	return l
}

// Load returns the content in use.
func (l *LiveContent) Load() *Content { return l.p.Load() }

// KB returns the knowledge base in use, nil when there is none.
func (l *LiveContent) KB() *knowledge.Base {
	if c := l.p.Load(); c != nil {
		return c.KB
	}
	return nil
}

// Store swaps in c atomically (messages being answered finish with the
// content they started with) and reports whether it did: a nil c or one
// without a KB is ignored.
func (l *LiveContent) Store(c *Content) bool {
	if c == nil || c.KB == nil {
		return false
	}
	l.p.Store(c)
	return true
}

// Router answers messages: it screens each one for warning signs, runs
// commands, matches the question against the knowledge base and composes the
// reply in the person's language. It is the Handler adapters use and is safe
// for concurrent use.
type Router struct {
	cfg     Config
	content *LiveContent // cfg.Live, or a holder of cfg.Content

	gapPruned atomic.Int64 // Unix seconds of the last PruneGaps by recordGap
}

var _ Handler = (*Router)(nil)

// NewRouter returns a Router for cfg. Content (with a KB) and Store are
// required; every other field has a default.
func NewRouter(cfg Config) (*Router, error) {
	if cfg.Live != nil {
		cfg.Content = cfg.Live.Load()
	}
	if cfg.Content == nil || cfg.Content.KB == nil {
		return nil, fmt.Errorf("new router: %w: Content (or Live) with a KB is required", ErrConfig)
	}
	if cfg.Content.Matcher == nil && cfg.Match == nil {
		return nil, fmt.Errorf("new router: %w: Content.Matcher or Match is required", ErrConfig)
	}
	if cfg.Store == nil {
		return nil, fmt.Errorf("new router: %w: Store is required", ErrConfig)
	}
	r := &Router{cfg: cfg.withDefaults(), content: cfg.Live}
	if r.content == nil {
		r.content = NewLiveContent(cfg.Content)
	}
	return r, nil
}

// SetContent swaps in new content atomically (through Config.Live when
// set, for everyone reading it): messages being answered finish with the
// content they started with. A nil c or one without a KB is ignored.
func (r *Router) SetContent(c *Content) {
	if c == nil || c.KB == nil || (c.Matcher == nil && r.cfg.Match == nil) {
		return
	}
	r.content.Store(c)
}

// Content returns the content in use.
func (r *Router) Content() *Content { return r.content.Load() }

// Screen runs the warning-sign screen alone on text and returns the level
// it finds (LevelNone when none), as Handle would set Reply.Level for it.
// It reads no store and changes nothing: adapters call it when a message
// arrives to answer a warning sign ahead of what waits.
func (r *Router) Screen(text string) Level {
	return r.match(r.content.Load(), text, "").Level
}

// turn is the state of answering one message.
type turn struct {
	r     *Router
	kb    *knowledge.Base
	m     Message
	p     *Person
	now   time.Time
	lang  string
	res   intents.Result
	reply Reply
	cmd   string // the command run, for logs

	first     bool // the person was not known before this message
	returning bool // the person had blocked the bot (Active false) and writes again
	transient bool // the person could not be read: do not save over them
	forgotten bool // the person was deleted: do not save them again
	asked     bool // this turn asked a question (Context.Pending)
	unsure    bool // the reply is "did you mean"

	sign           string          // the id of the sign the warning reply is about
	checkSign      *knowledge.Sign // a check-level sign among those found
	crisis         bool            // the warning asks for the crisis line
	checked        bool            // this message answered a safety question
	consentChanged bool            // this message changed Consent: save before alerting
}

// Handle answers m. A warning sign is never held back: when the store cannot
// be read or written the failure is logged and the answer still goes out,
// so Handle returns an error only when ctx is already done.
func (r *Router) Handle(ctx context.Context, m Message) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	now := r.cfg.Now()
	if m.Time.IsZero() {
		m.Time = now
	}
	c := r.content.Load()
	t := &turn{r: r, kb: c.KB, m: m, now: now}
	t.load(ctx)
	t.run(ctx, c)
	t.recordGap(ctx)
	t.save(ctx)
	t.log(ctx, r.cfg.Now().Sub(now))
	t.count()
	return t.reply, nil
}

// count tells Metrics about the reply: the answer id only when it is one
// of the knowledge base's (a label must stay bounded whatever comes in).
func (t *turn) count() {
	m := t.r.cfg.Metrics
	if id := t.reply.Intent; id == EntryFallback || id != "" && t.kb.Entry(id) != nil {
		m.Answer(id)
	}
	if t.reply.Level.Escalates() {
		m.Escalation(t.reply.Level)
	}
}

// load reads the person, creating one on first contact, and forgets a
// stale conversation context.
func (t *turn) load(ctx context.Context) {
	key := PersonKey{Platform: t.m.Platform, ChatID: t.m.ChatID}
	p, err := t.r.cfg.Store.Person(ctx, key)
	switch {
	case errors.Is(err, ErrNotFound):
		p, t.first = &Person{Key: key, Active: true}, true
	case err != nil:
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "load person",
			slog.String("person", t.r.handle(key)), slog.String("err", err.Error()))
		p, t.transient = &Person{Key: key, Active: true}, true
	}
	t.returning = !t.first && !t.transient && !p.Active
	if !p.Context.UpdatedAt.IsZero() && t.now.Sub(p.Context.UpdatedAt) > t.r.cfg.ContextTTL {
		p.Context = Context{}
	}
	if t.r.cfg.ConsentAtEnrolment && p.Consent == ConsentUnknown && t.m.Platform != PlatformSlack {
		p.Consent, t.consentChanged = ConsentGranted, true
	}
	t.p = p
}

// run answers the message into t.reply.
func (t *turn) run(ctx context.Context, c *Content) {
	hint := t.langHint()
	t.lang = cmp.Or(hint, knowledge.DefaultLanguage)
	check, checking := parsePendingCheck(t.p.Context.Pending)
	switch {
	case strings.HasPrefix(t.m.Payload, PayloadEntry):
		t.showID(strings.TrimPrefix(t.m.Payload, PayloadEntry))
	case strings.HasPrefix(t.m.Payload, PayloadNudge):
		t.nudgeAnswer(ctx, t.m.Payload)
	case strings.HasPrefix(t.m.Payload, PayloadMoment):
		t.momentAnswer(t.m.Payload)
	case strings.HasPrefix(t.m.Payload, PayloadCommand):
		cmd, args, _ := intents.ParseCommand(strings.TrimPrefix(t.m.Payload, PayloadCommand))
		t.command(ctx, cmd, args) // no command: the unknown command's reply
	default:
		start := t.r.cfg.Now()
		t.res = t.r.match(c, t.m.Text, hint)
		t.r.cfg.Metrics.MatchLatency(t.r.cfg.Now().Sub(start))
		t.lang = cmp.Or(supportedLang(t.res.Lang), t.lang)
		t.screen()
		switch {
		case t.res.Command != "":
			t.command(ctx, t.res.Command, t.res.Args)
		case checking && t.reply.Level <= LevelCheck && t.answerCheck(check):
			// A new warning sign wins over the answer; a doubt the screen
			// has about the answer itself ("no", "not really") does not:
			// the question it would ask is the one being answered.
		case t.offerAnswer(ctx):
			// "yes" or "no" to the offer to tell the care team.
		case t.p.Context.Pending == pendingForget && isYes(t.m.Text):
			t.command(ctx, "/forget", "confirm")
		case t.p.Context.Pending == pendingForget && isNo(t.m.Text):
			t.command(ctx, "/forget", "cancel")
		case t.p.Context.Pending == pendingTimeZone && t.res.Level == LevelNone && t.timeZoneAnswer(ctx, t.m.Text):
		case t.res.Moment != "" && t.res.Level == LevelNone && t.moment(t.res.Moment, 0):
		default:
			t.answer(ctx, c)
		}
	}
	t.warn()
	if checking {
		t.keepCheckOpen(check)
	}
	t.alertCareTeam(ctx)
	t.reply.Lang = t.lang
	t.resumeNudges(ctx)
	t.onboard()
}

// answerCheck reads the message as the answer to the open safety question
// and reports whether it was one.
func (t *turn) answerCheck(c pendingCheck) bool {
	answer := readCheckAnswer(t.m.Text)
	if answer != checkUnknown && t.reply.Level == LevelCheck &&
		slices.Equal(t.reply.Signs, []string{intents.SecondOpinionSign}) {
		// Only the learned model doubted the answer itself ("no",
		// "no, I'm fine"): the question it would ask is the one being
		// answered. A rule's doubt ("no, I just can't do this anymore")
		// still asks again.
		t.reply.Level, t.reply.Alert, t.reply.Signs = LevelNone, "", nil
		t.sign, t.checkSign, t.crisis = "", nil, false
	}
	switch answer {
	case checkYes:
		t.checkYes(c.sign)
	case checkNo:
		t.checkNo()
	default:
		return false
	}
	return true
}

// langHint is the language to assume when the message does not tell: the
// person's, else the platform's idea of it, else "".
func (t *turn) langHint() string {
	if t.p.Lang != "" {
		return t.p.Lang
	}
	return supportedLang(t.m.LangHint)
}

// supportedLang returns the supported language code s starts with ("es-MX"
// gives "es"), or "".
func supportedLang(s string) string {
	if len(s) < 2 {
		return ""
	}
	code := strings.ToLower(s[:2])
	if knowledge.KnownLanguage(code) {
		return code
	}
	return ""
}

func (r *Router) match(c *Content, text, hint string) intents.Result {
	if r.cfg.Match != nil {
		return r.cfg.Match(text, hint)
	}
	return c.Matcher.Match(text, hint)
}

// onboard offers set-up beside the answer on first contact.
func (t *turn) onboard() {
	if !t.first || t.forgotten || t.cmd == "/start" || t.reply.Level > LevelNone || !t.forParent() {
		return // a warning sign is never followed by a sales pitch; nurses need none
	}
	t.reply.Notice = t.msg("onboarding")
	t.reply.Buttons = append(t.reply.Buttons, Button{Label: t.msg("start_button"), Payload: PayloadCommand + "/start"})
}

// save stores the person with what this message changed.
func (t *turn) save(ctx context.Context) {
	if t.transient || t.forgotten {
		return
	}
	p := t.p
	p.Lang = t.lang
	p.Active = true
	p.Context.UpdatedAt = t.now
	if !t.asked {
		p.Context.Pending = "" // a question is answered in the next message or dropped
	}
	p.Nudge.Areas = mergeAreas(t.res.Areas, p.Nudge.Areas)
	if err := t.r.cfg.Store.SavePerson(ctx, p); err != nil {
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "save person",
			slog.String("person", t.r.handle(p.Key)), slog.String("err", err.Error()))
		return
	}
}

// maxAreas is how many recent body areas a person's settings remember.
const maxAreas = 5

// mergeAreas puts the areas just mentioned first, without duplicates.
func mergeAreas(recent, old []string) []string {
	if len(recent) == 0 {
		return old
	}
	out := make([]string, 0, maxAreas)
	seen := map[string]bool{}
	for _, a := range append(append([]string(nil), recent...), old...) {
		if !seen[a] && len(out) < maxAreas {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// log writes one line about the message: no text, no names, no chat ids.
func (t *turn) log(ctx context.Context, latency time.Duration) {
	t.r.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "message",
		slog.String("person", t.r.handle(t.p.Key)),
		slog.String("platform", string(t.m.Platform)),
		slog.String("lang", t.reply.Lang),
		slog.String("command", t.cmd),
		slog.String("intent", t.reply.Intent),
		slog.String("escalation", t.reply.Level.String()),
		slog.Any("signs", t.reply.Signs),
		slog.Float64("confidence", t.reply.Confidence),
		slog.Bool("first_contact", t.first),
		slog.Duration("latency", latency),
	)
}

// handle is the pseudonymous handle of a person for logs.
func (r *Router) handle(k PersonKey) string { return Pseudonym(k, r.cfg.PseudonymKey) }

// msg returns the interface message key in the reply's language with
// {emergency}, {crisis}, {maternal_line} and vars (more name, value pairs)
// filled in.
func (t *turn) msg(key string, vars ...string) string {
	return t.fill(message(t.kb, key, t.lang), vars...)
}

// Message returns the interface message key in lang with {emergency},
// {crisis} and {maternal_line} filled in, for adapters and senders that
// need the bot's own words ("error" to apologise, button labels). It falls
// back to English, then to the embedded content's text, then to the key
// itself.
func (r *Router) Message(key, lang string) string {
	return fill(message(r.content.Load().KB, key, lang), r.numbers()...)
}

// message looks key up in kb, then in the embedded knowledge base.
func message(kb *knowledge.Base, key, lang string) string {
	s := kb.Message(key, lang)
	if s == "" {
		s = knowledge.EmbeddedMessage(key, lang)
	}
	if s == "" {
		s = key
	}
	return strings.TrimSpace(s)
}

// fill replaces {emergency}, {crisis}, {maternal_line} and vars in s.
func (t *turn) fill(s string, vars ...string) string {
	return fill(s, append(t.r.numbers(), vars...)...)
}

// numbers are the placeholders every text may use, as name, value pairs.
func (r *Router) numbers() []string {
	return []string{"emergency", r.cfg.EmergencyNumber, "crisis", r.cfg.CrisisLine,
		"maternal_line", r.cfg.MaternalLine}
}
