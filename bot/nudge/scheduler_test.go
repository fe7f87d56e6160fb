package nudge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

var (
	newYork = func() *time.Location { l, _ := time.LoadLocation("America/New_York"); return l }()
	// monday0759 is 07:59 on Monday 2 June 2025 in New York.
	monday0759 = time.Date(2025, 6, 2, 7, 59, 0, 0, newYork)
	at0800     = time.Date(2025, 6, 2, 8, 0, 0, 0, newYork).UTC()
)

// wait bounds each wait for River. Its scheduler moves due jobs every 5
// seconds, and a jump of the test clock can make the leader give up its
// term (River times terms on the test clock), so the due job waits for a
// new leader's scheduler as well; the bound is generous for a loaded
// machine (a passing test does not wait for it).
const wait = time.Minute

func morning() bot.NudgeSettings {
	return bot.NudgeSettings{Enabled: true, Times: []string{"08:00"}}
}

func TestSetNudgesSchedulesInOneTransaction(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}, Lang: "es",
			TimeZone: "America/New_York"}
		if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
			t.Fatal(err)
		}
		if !p.Active || !p.Nudge.Enabled {
			t.Errorf("SetNudges left p = %+v", p)
		}
		got, err := b.db.Person(b.ctx, p.Key)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Active || !got.Nudge.Enabled || got.Nudge.Times[0] != "08:00" || got.Lang != "es" {
			t.Errorf("stored person = %+v", got)
		}
		recs := b.records(t, p.Key)
		if len(recs) != 1 || recs[0].State != bot.NudgeScheduled || !recs[0].Slot.Equal(at0800) || recs[0].Job == 0 {
			t.Fatalf("records = %+v, want one scheduled at %v", recs, at0800)
		}
		jobs := b.jobs(t, nudgeArgs{}.Kind())
		if len(jobs) != 1 || jobs[0].ID != recs[0].Job || !jobs[0].ScheduledAt.Equal(at0800) {
			t.Fatalf("jobs = %+v", jobs)
		}

		// Changing the time replaces the pending nudge.
		if err := b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"09:30", "13:00"}}); err != nil {
			t.Fatal(err)
		}
		sched := b.records(t, p.Key, bot.NudgeScheduled)
		if len(sched) != 1 || sched[0].Slot.In(newYork).Format("15:04") != "09:30" {
			t.Errorf("scheduled after change = %+v, want one at 09:30", sched)
		}
		if c := b.records(t, p.Key, bot.NudgeCancelled); len(c) != 1 || !c[0].Slot.Equal(at0800) {
			t.Errorf("cancelled after change = %+v", c)
		}
		if live := b.jobs(t, nudgeArgs{}.Kind(), rivertype.JobStateScheduled); len(live) != 1 {
			t.Errorf("%d live jobs after change, want 1", len(live))
		}

		// Settings in the quiet hours are refused and change nothing.
		var qe *QuietHoursError
		err = b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"22:00"}})
		if !errors.As(err, &qe) {
			t.Fatalf("SetNudges(22:00) = %v, want QuietHoursError", err)
		}
		if sched := b.records(t, p.Key, bot.NudgeScheduled); len(sched) != 1 {
			t.Errorf("refused settings changed the schedule: %+v", sched)
		}
		// Unless the person asked for nights.
		if err := b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"22:00"}, Quiet: QuietOff}); err != nil {
			t.Fatal(err)
		}
		// A platform without a Sender cannot get nudges.
		console := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformConsole, ChatID: "console"}}
		if err := b.s.SetNudges(b.ctx, console, morning()); !errors.Is(err, ErrNoSender) {
			t.Errorf("SetNudges(console) = %v, want ErrNoSender", err)
		}
	})
}

func TestDeliverThenScheduleNext(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := b.person(t, "2", "es")
		p.Nudge.Areas = []string{"wrist_hand"}
		if err := b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"08:00"}, Areas: p.Nudge.Areas}); err != nil {
			t.Fatal(err)
		}
		b.clock.Set(at0800.Add(5 * time.Second))
		d := b.sender.wait(t, wait)
		if d.key != p.Key {
			t.Fatalf("delivered to %v", d.key)
		}
		r := d.reply
		if r.Lang != "es" || r.Intent != "exercise.wrist" || !strings.Contains(r.Text, "uñeca") && !strings.Contains(r.Text, "Sacude") {
			t.Errorf("reply = %+v, want a Spanish wrist prompt", r)
		}
		slot := fmt.Sprint(at0800.Unix())
		want := []string{"nudge:done:" + slot, "nudge:snooze:" + slot, "cmd:/stop"}
		if len(r.Buttons) != 3 {
			t.Fatalf("buttons = %+v", r.Buttons)
		}
		for i, bt := range r.Buttons {
			if bt.Payload != want[i] || bt.Label == "" {
				t.Errorf("button %d = %+v, want payload %s", i, bt, want[i])
			}
		}
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		rec, err := b.db.Nudge(b.ctx, p.Key, at0800)
		if err != nil {
			t.Fatal(err)
		}
		if rec.State != bot.NudgeSent || rec.SentAt.IsZero() || !strings.HasPrefix(rec.Prompt, "exercise.wrist#") {
			t.Errorf("record = %+v", rec)
		}
		next := b.records(t, p.Key, bot.NudgeScheduled)
		if len(next) != 1 || !next[0].Slot.Equal(at0800.Add(24*time.Hour)) {
			t.Errorf("next = %+v, want one at %v", next, at0800.Add(24*time.Hour))
		}
		if j := b.jobs(t, nudgeArgs{}.Kind(), rivertype.JobStateCompleted); len(j) != 1 {
			t.Errorf("%d completed jobs, want 1", len(j))
		}
	})
}

func TestDSTNextSlot(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		// Saturday 8 March 2025, 07:59 EST; clocks spring forward on Sunday.
		sat := time.Date(2025, 3, 8, 7, 59, 0, 0, newYork)
		b := setup(t, kind, sat)
		p := b.morningPerson(t, "3")
		b.clock.Set(sat.Add(90 * time.Second))
		b.sender.wait(t, wait)
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		next := b.records(t, p.Key, bot.NudgeScheduled)
		want := time.Date(2025, 3, 9, 12, 0, 0, 0, time.UTC) // 08:00 EDT
		if len(next) != 1 || !next[0].Slot.Equal(want) {
			t.Fatalf("next after spring forward = %+v, want %v", next, want)
		}
	})
}

func TestStopCancelsPending(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := b.morningPerson(t, "4")
		if err := b.s.Stop(b.ctx, p.Key); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.db.Person(b.ctx, p.Key); got.Nudge.Enabled {
			t.Error("still enabled after Stop")
		}
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 0 {
			t.Errorf("scheduled after Stop: %+v", s)
		}
		if j := b.jobs(t, nudgeArgs{}.Kind(), rivertype.JobStateCancelled); len(j) != 1 {
			t.Errorf("%d cancelled jobs, want 1", len(j))
		}
		// A cancelled River job is never worked, so nothing is sent.
	})
}

func TestForgetDeletesRowsAndJobs(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := b.person(t, "5", "en")
		other := b.person(t, "6", "en")
		for _, q := range []*bot.Person{p, other} {
			if err := b.s.SetNudges(b.ctx, q, morning()); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.s.Forget(b.ctx, p.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := b.db.Person(b.ctx, p.Key); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("person after Forget: %v", err)
		}
		if r := b.records(t, p.Key); len(r) != 0 {
			t.Errorf("records after Forget: %+v", r)
		}
		jobs := b.jobs(t, nudgeArgs{}.Kind())
		if len(jobs) != 1 {
			t.Fatalf("%d jobs after Forget, want only the other person's", len(jobs))
		}
		var a nudgeArgs
		if err := decodeArgs(jobs[0], &a); err != nil || a.Chat != "6" {
			t.Errorf("remaining job %+v, %v", a, err)
		}
		// Forgetting someone unknown is fine.
		if err := b.s.Forget(b.ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "nobody"}); err != nil {
			t.Error(err)
		}
	})
}

func TestRateLimitedSnoozes(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		b.sender.fail = func(_ bot.PersonKey, n int) error {
			if n == 1 {
				return &bot.RateLimitError{RetryAfter: 3 * time.Second}
			}
			return nil
		}
		p := b.morningPerson(t, "7")
		b.clock.Set(at0800)
		ev := b.waitJob(t, nudgeArgs{}.Kind(), wait)
		if ev.Kind != river.EventKindJobSnoozed {
			t.Fatalf("event %s, want snoozed", ev.Kind)
		}
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeScheduled {
			t.Errorf("record after 429 = %s, want scheduled", rec.State)
		}
		b.sender.none(t, 300*time.Millisecond) // not before retry_after
		b.clock.Add(3 * time.Second)
		b.sender.wait(t, wait)
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeSent {
			t.Errorf("record = %s, want sent", rec.State)
		}
		if n := b.sender.count(p.Key); n != 1 {
			t.Errorf("delivered %d times, want 1", n)
		}
	})
}

func TestBlockedDeactivates(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		b.sender.fail = func(bot.PersonKey, int) error { return fmt.Errorf("telegram: 403: %w", bot.ErrBlocked) }
		p := b.morningPerson(t, "8")
		b.clock.Set(at0800)
		if ev := b.waitJob(t, nudgeArgs{}.Kind(), wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("event %s", ev.Kind)
		}
		got, _ := b.db.Person(b.ctx, p.Key)
		if got.Active {
			t.Error("person still active after 403")
		}
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeFailed {
			t.Errorf("record = %s, want failed", rec.State)
		}
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 0 {
			t.Errorf("still scheduled after 403: %+v", s)
		}
	})
}

func TestErrorsRetryThenGiveUp(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759, func(c *Config) { c.MaxAttempts = 2 })
		b.sender.fail = func(bot.PersonKey, int) error { return errors.New("connection reset") }
		p := b.morningPerson(t, "9")
		b.clock.Set(at0800)
		if ev := b.waitJob(t, nudgeArgs{}.Kind(), wait); ev.Kind != river.EventKindJobFailed {
			t.Fatalf("first attempt: event %s, want failed (retryable)", ev.Kind)
		}
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeScheduled {
			t.Errorf("record after error = %s, want scheduled", rec.State)
		}
		b.clock.Add(10 * time.Second) // the first backoff
		if ev := b.waitJob(t, nudgeArgs{}.Kind(), wait); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("last attempt: event %s, want completed", ev.Kind)
		}
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeFailed {
			t.Errorf("record = %s, want failed", rec.State)
		}
		// Giving up on one slot does not end the person's nudges.
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 1 {
			t.Errorf("scheduled after giving up = %+v, want the next slot", s)
		}
	})
}

func TestInDoubtIsNotResent(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := b.morningPerson(t, "10")
		// What a crash between claim and record leaves behind.
		rec, _ := b.db.Nudge(b.ctx, p.Key, at0800)
		rec.State, rec.Prompt = bot.NudgeSending, "exercise.bridge#0"
		if err := b.db.UpdateNudge(b.ctx, rec); err != nil {
			t.Fatal(err)
		}
		b.clock.Set(at0800)
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		if n := b.sender.count(p.Key); n != 0 {
			t.Errorf("in-doubt nudge resent %d times", n)
		}
		if rec, _ := b.db.Nudge(b.ctx, p.Key, at0800); rec.State != bot.NudgeDoubt {
			t.Errorf("record = %s, want doubt", rec.State)
		}
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 1 {
			t.Errorf("next slot not scheduled after doubt: %+v", s)
		}
	})
}

func TestAnswerDoneSnoozeStop(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		p := b.morningPerson(t, "11")
		b.clock.Set(at0800)
		first := b.sender.wait(t, wait)
		b.waitJob(t, nudgeArgs{}.Kind(), wait)

		done, snooze, stop := first.reply.Buttons[0].Payload, first.reply.Buttons[1].Payload, "nudge:stop"
		if first.reply.Buttons[2].Payload != StopPayload {
			t.Errorf("stop button payload %q, want %q", first.reply.Buttons[2].Payload, StopPayload)
		}
		b.clock.Add(10 * time.Minute)
		if a, err := b.s.Answer(b.ctx, p.Key, snooze); err != nil || a != (bot.NudgeAnswer{Action: ActionSnooze}) {
			t.Fatalf("Answer(snooze) = %+v, %v", a, err)
		}
		snoozed := b.records(t, p.Key, bot.NudgeScheduled)
		if len(snoozed) != 2 {
			t.Fatalf("scheduled after snooze = %+v, want tomorrow's slot and the snoozed one", snoozed)
		}
		b.clock.Add(time.Hour)
		again := b.sender.wait(t, wait)
		if again.reply.Text != first.reply.Text {
			t.Errorf("snoozed nudge says %q, want the same prompt %q", again.reply.Text, first.reply.Text)
		}
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 1 {
			t.Errorf("scheduled after the snoozed nudge = %+v, want only tomorrow's", s)
		}

		// Done twice counts once and says so; a snooze of a done nudge
		// schedules nothing.
		for i, want := range []bot.NudgeAnswer{{Action: ActionDone}, {Action: ActionDone, Again: true}} {
			if a, err := b.s.Answer(b.ctx, p.Key, done); err != nil || a != want {
				t.Fatalf("Answer(done) #%d = %+v, %v; want %+v", i+1, a, err, want)
			}
		}
		if d, s, err := b.s.Progress(b.ctx, p.Key, b.s.WeekStart(p)); err != nil || d != 1 {
			t.Errorf("Progress = %d done of %d, %v; want 1 done", d, s, err)
		}
		if h, err := b.s.NudgeHistory(b.ctx, p.Key, b.s.WeekStart(p)); err != nil ||
			!slices.ContainsFunc(h, func(r bot.NudgeRecord) bool { return !r.DoneAt.IsZero() }) {
			t.Errorf("NudgeHistory = %+v, %v; want the done nudge in it", h, err)
		}

		if a, err := b.s.Answer(b.ctx, p.Key, snooze); err != nil || a != (bot.NudgeAnswer{Action: ActionSnooze, WasDone: true}) {
			t.Fatalf("Answer(snooze) of a done nudge = %+v, %v; want a snooze of a done nudge", a, err)
		}
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 1 {
			t.Errorf("a snooze of a done nudge scheduled %+v, want only tomorrow's", s)
		}

		if a, err := b.s.Answer(b.ctx, p.Key, stop); err != nil || a != (bot.NudgeAnswer{Action: ActionStop}) {
			t.Fatalf("Answer(stop) = %+v, %v", a, err)
		}
		if s := b.records(t, p.Key, bot.NudgeScheduled); len(s) != 0 {
			t.Errorf("scheduled after stop = %+v", s)
		}
		if _, err := b.s.Answer(b.ctx, p.Key, "nudge:done:12345"); !errors.Is(err, ErrUnknownNudge) {
			t.Errorf("Answer(unknown) = %v, want ErrUnknownNudge", err)
		}
	})
}

func TestPosts(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759)
		if _, err := b.s.SchedulePost(b.ctx, bot.PlatformSlack, "C1", "weekly 09:00 tip", "en"); !errors.Is(err, ErrBadSchedule) {
			t.Errorf("bad spec: %v", err)
		}
		post, err := b.s.SchedulePost(b.ctx, bot.PlatformSlack, "C1", "daily 08:00 tip", "en")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.s.SchedulePost(b.ctx, bot.PlatformSlack, "C1", "daily 12:00 exercise America/Chicago", "es"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.s.SchedulePost(b.ctx, bot.PlatformSlack, "C2", "daily 10:00 tip", "en"); err != nil {
			t.Fatal(err)
		}
		posts, err := b.s.Posts(b.ctx, bot.PlatformSlack, "C1")
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || posts[0].ID != post.ID || !posts[0].Next.Equal(at0800) || posts[1].TimeZone != "America/Chicago" {
			t.Fatalf("posts = %+v", posts)
		}
		b.clock.Set(at0800)
		d := b.sender.wait(t, wait)
		if d.key != (bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "C1"}) || !strings.HasPrefix(d.reply.Intent, "tip.") {
			t.Errorf("post delivered %+v", d)
		}
		b.waitJob(t, postArgs{}.Kind(), wait)
		posts, _ = b.s.Posts(b.ctx, bot.PlatformSlack, "C1")
		if len(posts) != 2 || !posts[1].Next.Equal(at0800.Add(24*time.Hour)) && !posts[0].Next.Equal(at0800.Add(24*time.Hour)) {
			t.Errorf("posts after one ran = %+v, want tomorrow's 08:00 scheduled", posts)
		}
		for _, p := range posts {
			if err := b.s.CancelPost(b.ctx, bot.PlatformSlack, "C1", p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if posts, _ := b.s.Posts(b.ctx, bot.PlatformSlack, "C1"); len(posts) != 0 {
			t.Errorf("posts after cancel = %+v", posts)
		}
		if err := b.s.CancelPost(b.ctx, bot.PlatformSlack, "C1", 999999); !errors.Is(err, ErrUnknownPost) {
			t.Errorf("CancelPost(unknown) = %v", err)
		}
	})
}

// TestSnoozeIntoQuietHours: a snooze that would come back in quiet hours
// comes when they end, and Answer says when.
func TestSnoozeIntoQuietHours(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		evening := time.Date(2025, 6, 2, 20, 29, 0, 0, newYork)
		b := setup(t, kind, evening)
		p := b.person(t, "12", "en")
		if err := b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"20:30"}}); err != nil {
			t.Fatal(err)
		}
		b.clock.Set(evening.Add(time.Minute))
		first := b.sender.wait(t, wait)
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
		b.clock.Add(5 * time.Minute)
		snooze := first.reply.Buttons[1].Payload
		if a, err := b.s.Answer(b.ctx, p.Key, snooze); err != nil || a != (bot.NudgeAnswer{Action: ActionSnooze, Until: "08:00"}) {
			t.Fatalf("Answer(snooze) at 20:35 = %+v, %v; want a snooze until 08:00 (quiet hours)", a, err)
		}
	})
}
