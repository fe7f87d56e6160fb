package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/carebot/carebot/bot"
)

const kbGapsAbout = `List the questions carebot could not answer, or answered unsure, most
frequent first, with how often each was asked, from the database at
$CAREBOT_DATABASE_URL (default ./carebot.db). They are recorded only when
gaps.enabled is on in carebot serve's config, scrubbed of names, numbers and
contact details before they are stored, and kept for gaps.retention (30
days by default); the same question asked twice counts as one line.`

// kbGaps prints the gaps report.
func (c *cli) kbGaps(ctx context.Context, args []string) int {
	fs := c.flags("kb gaps [--days N] [--top N]", kbGapsAbout)
	days := fs.Int("days", 7, "look at the last `N` days")
	top := fs.Int("top", 20, "list at most `N` questions (0: all)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	if *days < 1 {
		return c.usageError(fs, "--days must be at least 1, got %d", *days)
	}
	if *top < 0 {
		return c.usageError(fs, "--top must not be negative, got %d", *top)
	}
	db, closeDB, err := openDatabase(ctx, c.getenv("CAREBOT_DATABASE_URL"))
	if err != nil {
		fmt.Fprintf(c.stderr, "carebot kb gaps: %v\n", err)
		return exitFail
	}
	defer closeDB()
	gl, ok := db.(bot.GapLog)
	if !ok {
		fmt.Fprintln(c.stderr, "carebot kb gaps: this store keeps no gaps")
		return exitFail
	}
	since := time.Now().Add(-time.Duration(*days) * 24 * time.Hour)
	gaps, err := gl.TopGaps(ctx, since, *top)
	if err != nil {
		fmt.Fprintf(c.stderr, "carebot kb gaps: %v\n", err)
		return exitFail
	}
	if len(gaps) == 0 {
		fmt.Fprintf(c.stdout, "no unanswered questions in the last %d days (recording needs gaps.enabled: true)\n", *days)
		return exitOK
	}
	writeGaps(c.stdout, gaps)
	return exitOK
}

// writeGaps prints gaps as a table: count, language, question.
func writeGaps(w io.Writer, gaps []bot.GapCount) {
	width := len("count")
	for _, g := range gaps {
		width = max(width, len(strconv.Itoa(g.Count)))
	}
	fmt.Fprintf(w, "%*s  lang  question\n", width, "count")
	for _, g := range gaps {
		fmt.Fprintf(w, "%*d  %-4s  %s\n", width, g.Count, g.Lang, g.Text)
	}
}

// gapsReply is the weekly post of the gaps report to the care channel.
func gapsReply(gaps []bot.GapCount, days int) bot.Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "The questions carebot could not answer, or answered unsure, in the last %d days (scrubbed; most frequent first):\n\n", days)
	for _, g := range gaps {
		fmt.Fprintf(&b, "• %d× (%s) %s\n", g.Count, g.Lang, g.Text)
	}
	b.WriteString("\nThe full list: carebot kb gaps. Edit the knowledge base to answer them (knowledge/content/README.md).")
	return bot.Reply{Lang: "en", Title: "Gaps report", Text: b.String()}
}

// gapsRunner deletes expired gaps every hour and, when a poster is set,
// posts the last week's most frequent ones to the care channel once a
// week, on Monday (UTC). It runs beside the adapters.
type gapsRunner struct {
	router *bot.Router
	gaps   bot.GapLog
	// post posts a reply to the care channel; nil: no weekly post.
	post func(ctx context.Context, r bot.Reply) error
	top  int
	log  *slog.Logger
	now  func() time.Time
	// every is how often it wakes up. Default an hour.
	every time.Duration

	lastWeek string // the ISO week of the last post, "2026-W49"
}

var _ bot.Adapter = (*gapsRunner)(nil)

func (g *gapsRunner) Name() string { return "gaps" }

// Run prunes and posts until ctx is done.
func (g *gapsRunner) Run(ctx context.Context) error {
	every := g.every
	if every <= 0 {
		every = time.Hour
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		g.tick(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// tick does one round: prune, then post when a week's post is due.
func (g *gapsRunner) tick(ctx context.Context) {
	if n, err := g.router.PruneGaps(ctx); err != nil {
		if !errors.Is(err, context.Canceled) {
			g.log.Error("prune gaps", "err", err)
		}
	} else if n > 0 {
		g.log.Info("pruned gaps", "deleted", n)
	}
	if g.post == nil {
		return
	}
	now := g.now().UTC()
	year, week := now.ISOWeek()
	key := fmt.Sprintf("%d-W%02d", year, week)
	if now.Weekday() != time.Monday || key == g.lastWeek {
		return
	}
	const days = 7
	gaps, err := g.gaps.TopGaps(ctx, now.Add(-days*24*time.Hour), g.top)
	if err != nil {
		g.log.Error("weekly gaps post", "err", err)
		return
	}
	g.lastWeek = key
	if len(gaps) == 0 {
		return
	}
	if err := g.post(ctx, gapsReply(gaps, days)); err != nil {
		g.log.Error("weekly gaps post", "err", err)
		return
	}
	g.log.Info("weekly gaps post", "questions", len(gaps))
}

// wireGaps turns the gaps report on when gaps.enabled is set: the Router
// records into the store, expired gaps are deleted hourly, and the weekly
// post goes to the care channel when gaps.weekly_post is on and Slack has
// one.
func (s *server) wireGaps(context.Context) error {
	gc := s.cfg.File.Gaps
	if !gc.Enabled {
		return nil
	}
	gl, ok := s.store.(bot.GapLog)
	if !ok {
		return errors.New("gaps: the store keeps no gaps")
	}
	r := &gapsRunner{router: s.router, gaps: gl, top: gc.Top, log: s.log, now: time.Now}
	switch channel := s.cfg.File.Slack.CareChannel; {
	case !gc.WeeklyPost:
	case s.slack == nil || channel == "":
		s.log.Warn("gaps: weekly_post needs Slack and slack.care_channel; no weekly post")
	default:
		r.post = func(ctx context.Context, rp bot.Reply) error {
			_, err := s.slack.PostReply(ctx, channel, rp)
			return err
		}
	}
	s.adapters = append(s.adapters, r)
	s.log.Info("gaps report on", "retention", gc.Retention.String(), "weekly_post", r.post != nil)
	return nil
}

// gapLog is the Router's GapLog: the store when gaps.enabled is on, else
// none (a nil interface).
func (s *server) gapLog() bot.GapLog {
	if !s.cfg.File.Gaps.Enabled {
		return nil
	}
	gl, _ := s.store.(bot.GapLog)
	return gl
}
