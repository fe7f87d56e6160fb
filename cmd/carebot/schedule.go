package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge"
)

// scheduleUsage is the reply to a `/carebot schedule` it cannot read.
const scheduleUsage = "Usage: `/carebot schedule daily HH:MM tip|exercise [time zone] [en|es]`, " +
	"`/carebot schedule list`, `/carebot schedule cancel ID`."

// scheduleHandler answers `/carebot schedule ...` in Slack: a daily tip or
// exercise of the day posted to the channel, listed, or cancelled.
func (s *server) scheduleHandler() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Lang: "en", Text: s.schedule(ctx, m.Platform, m.ChatID, m.Text)}, nil
	})
}

// schedule runs one schedule subcommand and says what happened.
func (s *server) schedule(ctx context.Context, platform bot.Platform, channel, text string) string {
	if s.nudger == nil {
		return "Scheduled posts need the nudge scheduler, which is not running."
	}
	verb, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch strings.ToLower(verb) {
	case "list":
		posts, err := s.nudger.Posts(ctx, platform, channel)
		if err != nil {
			s.log.Error("list posts", "err", err.Error())
			return "Sorry, I couldn't list the scheduled posts just now."
		}
		if len(posts) == 0 {
			return "Nothing is scheduled in this channel. " + scheduleUsage
		}
		lines := []string{"Scheduled in this channel:"}
		for _, p := range posts {
			lines = append(lines, fmt.Sprintf("• %d: daily %s %s, a %s in %s (next %s)", p.ID, p.Time, p.TimeZone, p.What, p.Lang, p.Next.Format("2006-01-02 15:04 MST")))
		}
		return strings.Join(lines, "\n")
	case "cancel":
		id, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
		if err != nil {
			return scheduleUsage
		}
		if err := s.nudger.CancelPost(ctx, platform, channel, id); err != nil {
			s.log.Error("cancel post", "err", err.Error())
			return fmt.Sprintf("I couldn't cancel post %d (see `/carebot schedule list`).", id)
		}
		return fmt.Sprintf("Cancelled post %d.", id)
	case "daily":
		spec, lang := text, ""
		if f := strings.Fields(text); len(f) > 3 && (f[len(f)-1] == "en" || f[len(f)-1] == "es") {
			spec, lang = strings.Join(f[:len(f)-1], " "), f[len(f)-1]
		}
		p, err := s.nudger.SchedulePost(ctx, platform, channel, spec, lang)
		if errors.Is(err, nudge.ErrBadSchedule) {
			return scheduleUsage
		}
		if err != nil {
			s.log.Error("schedule post", "err", err.Error())
			return "Sorry, I couldn't schedule that just now."
		}
		return fmt.Sprintf("Scheduled post %d: a %s every day at %s %s, in %s. First one %s.",
			p.ID, p.What, p.Time, p.TimeZone, p.Lang, p.Next.Format("2006-01-02 15:04 MST"))
	}
	return scheduleUsage
}
