package nudge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/knowledge"
)

// Post is a care team's scheduled post: a tip or an exercise of the day,
// posted to a channel every day at a time.
type Post struct {
	// ID names the post for `cancel`; it is the id of its pending job.
	ID int64
	// Platform and Channel are where it is posted (Slack and a channel
	// id).
	Platform bot.Platform
	Channel  string
	// Time is the local time of day, "HH:MM", in TimeZone.
	Time     string
	TimeZone string
	// What is "tip" or "exercise".
	What string
	// Lang is the language of the posts.
	Lang string
	// Next is when it is posted next.
	Next time.Time
}

// What a post can be.
const (
	PostTip      = "tip"
	PostExercise = "exercise"
)

// ErrBadSchedule is returned by ParsePostSpec for text it cannot read.
var ErrBadSchedule = errors.New(`schedule must read "daily HH:MM tip|exercise [time zone]"`)

// ErrUnknownPost is returned by CancelPost for an id that names no
// scheduled post in the channel.
var ErrUnknownPost = errors.New("no such scheduled post")

// ParsePostSpec reads the arguments of `/carebot schedule`: "daily 09:00
// tip", "daily 8:30 exercise America/Chicago". The time zone defaults to
// def.
func ParsePostSpec(spec, def string) (hm, what, tz string, err error) {
	f := strings.Fields(spec)
	if len(f) < 3 || !strings.EqualFold(f[0], "daily") {
		return "", "", "", ErrBadSchedule
	}
	min, err := parseHM(f[1])
	if err != nil {
		return "", "", "", ErrBadSchedule
	}
	what = strings.ToLower(f[2])
	if what != PostTip && what != PostExercise {
		return "", "", "", ErrBadSchedule
	}
	tz = def
	if len(f) > 3 {
		tz, err = bot.ParseTimeZone(strings.Join(f[3:], " "))
		if err != nil {
			return "", "", "", err
		}
	}
	return formatHM(min), what, tz, nil
}

// postArgs is the River job of one scheduled post; after it runs it
// inserts the next day's.
type postArgs struct {
	Platform string `json:"p" river:"unique"`
	Channel  string `json:"c" river:"unique"`
	Time     string `json:"t" river:"unique"`
	TimeZone string `json:"z" river:"unique"`
	What     string `json:"w" river:"unique"`
	Lang     string `json:"l"`
	Slot     int64  `json:"s" river:"unique"`
}

func (postArgs) Kind() string { return "carebot_post" }

func (postArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queuePost, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (a postArgs) plan() (plan, error) {
	return newPlan(a.TimeZone, bot.NudgeSettings{Enabled: true, Times: []string{a.Time}, Quiet: QuietOff}, time.UTC)
}

// SchedulePost schedules a daily post to a channel. spec is what follows
// `/carebot schedule`: "daily 09:00 tip" (see ParsePostSpec); lang is the
// posts' language. Scheduling the same post twice is harmless.
func (s *Scheduler) SchedulePost(ctx context.Context, platform bot.Platform, channel, spec, lang string) (*Post, error) {
	hm, what, tz, err := ParsePostSpec(spec, s.cfg.DefaultTimeZone)
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = knowledge.DefaultLanguage
	}
	args := postArgs{Platform: string(platform), Channel: channel, Time: hm, TimeZone: tz, What: what, Lang: lang}
	pl, err := args.plan()
	if err != nil {
		return nil, err
	}
	args.Slot = pl.next(s.now()).Unix()
	var row *rivertype.JobRow
	err = s.eng.inTx(ctx, func(tx txn) error {
		res, err := tx.insert(ctx, args, &river.InsertOpts{ScheduledAt: time.Unix(args.Slot, 0)})
		if err != nil {
			return err
		}
		row = res.Job
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("schedule post: %w", err)
	}
	return postFromJob(row)
}

func postFromJob(row *rivertype.JobRow) (*Post, error) {
	var a postArgs
	if err := decodeArgs(row, &a); err != nil {
		return nil, err
	}
	return &Post{ID: row.ID, Platform: bot.Platform(a.Platform), Channel: a.Channel, Time: a.Time,
		TimeZone: a.TimeZone, What: a.What, Lang: a.Lang, Next: time.Unix(a.Slot, 0).UTC()}, nil
}

var pendingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateScheduled, rivertype.JobStateRunning}

// Posts lists the posts scheduled in a channel, soonest first.
func (s *Scheduler) Posts(ctx context.Context, platform bot.Platform, channel string) ([]Post, error) {
	rows, err := s.eng.list(ctx, river.NewJobListParams().Kinds(postArgs{}.Kind()).States(pendingStates...).First(10_000))
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	var out []Post
	for _, row := range rows {
		p, err := postFromJob(row)
		if err != nil {
			return nil, fmt.Errorf("list posts: %w", err)
		}
		if p.Platform == platform && p.Channel == channel {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(a, b Post) int { return a.Next.Compare(b.Next) })
	return out, nil
}

// CancelPost cancels the channel's scheduled post with the id.
func (s *Scheduler) CancelPost(ctx context.Context, platform bot.Platform, channel string, id int64) error {
	posts, err := s.Posts(ctx, platform, channel)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(posts, func(p Post) bool { return p.ID == id }) {
		return ErrUnknownPost
	}
	return s.eng.inTx(ctx, func(tx txn) error { return tx.cancel(ctx, id) })
}

type postWorker struct {
	river.WorkerDefaults[postArgs]
	s *Scheduler
}

func (w *postWorker) Timeout(*river.Job[postArgs]) time.Duration { return w.s.cfg.JobTimeout }

// Work posts the tip or exercise of the day, then schedules the next day's
// post in the transaction that completes this one. A cancelled job is not
// worked, so cancelling stops the chain.
func (w *postWorker) Work(ctx context.Context, job *river.Job[postArgs]) error {
	s, a := w.s, job.Args
	key := bot.PersonKey{Platform: bot.Platform(a.Platform), ChatID: a.Channel}
	snd, lim, err := s.sender(key.Platform)
	if err != nil {
		return err
	}
	slot := time.Unix(a.Slot, 0).UTC()
	late := s.now().Sub(slot) > s.cfg.MaxLate
	if !late {
		if err := lim.wait(ctx, a.Channel); err != nil {
			return err
		}
		reply, ok := postReply(s.cfg.KB(), a)
		if ok {
			err := snd.Send(ctx, key, reply)
			var rateErr *bot.RateLimitError
			switch {
			case err == nil:
				s.cfg.Metrics.NudgeSent(key.Platform)
			case errors.As(err, &rateErr):
				s.cfg.Metrics.NudgeRetried(key.Platform)
				lim.pause(max(rateErr.RetryAfter, time.Second))
				return river.JobSnooze(max(rateErr.RetryAfter, time.Second))
			case errors.Is(err, bot.ErrBlocked):
				s.cfg.Metrics.NudgeFailed(key.Platform)
				s.log.WarnContext(ctx, "post refused by the channel; schedule cancelled", slog.Int64("job_id", job.ID))
				return river.JobCancel(err)
			case job.Attempt < job.MaxAttempts:
				s.cfg.Metrics.NudgeRetried(key.Platform)
				return err
			default:
				s.cfg.Metrics.NudgeFailed(key.Platform)
			}
		}
	}
	pl, err := a.plan()
	if err != nil {
		return river.JobCancel(err)
	}
	next := a
	next.Slot = pl.next(maxTime(slot, s.now())).Unix()
	return s.eng.inTx(ctx, func(tx txn) error {
		if _, err := tx.insert(ctx, next, &river.InsertOpts{ScheduledAt: time.Unix(next.Slot, 0)}); err != nil {
			return err
		}
		return tx.complete(ctx, job.JobRow)
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// postReply picks the day's tip or exercise: entries of the kind in file
// order, one a day, by the day number of the slot.
func postReply(kb *knowledge.Base, a postArgs) (bot.Reply, bool) {
	if kb == nil {
		return bot.Reply{}, false
	}
	kind := knowledge.KindTip
	if a.What == PostExercise {
		kind = knowledge.KindExercise
	}
	entries := kb.OfKind(kind)
	if len(entries) == 0 {
		return bot.Reply{}, false
	}
	e := entries[int(a.Slot/86400)%len(entries)]
	r := bot.Reply{Lang: a.Lang, Intent: e.ID, Title: e.Title.Get(a.Lang), Text: e.Answer.Get(a.Lang)}
	if e.Exercise != nil {
		r.Steps = e.Exercise.Steps.Get(a.Lang)
	}
	var short []string
	for _, id := range e.References {
		if ref := kb.Reference(id); ref != nil {
			short = append(short, bot.ShortReference(ref))
		}
	}
	if len(short) > 0 { // one short line; the full list is the references entry
		r.Sources = []string{strings.Join(short, " · ")}
	}
	return r, true
}
