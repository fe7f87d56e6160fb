package nudge

import (
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/carebot/carebot/bot"
)

// TestFastClaim checks the claim without a transaction: it takes a
// scheduled nudge for its own job only, once, and leaves every other case
// to the claim with the person locked.
func TestFastClaim(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind storeKind) {
		b := setup(t, kind, monday0759) // the 08:00 slot is not due: no worker runs it
		w := &nudgeWorker{s: b.s}
		scheduled := func(p *bot.Person) bot.NudgeRecord {
			t.Helper()
			if err := b.s.SetNudges(b.ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"08:00"}}); err != nil {
				t.Fatal(err)
			}
			rs := b.records(t, p.Key, bot.NudgeScheduled)
			if len(rs) != 1 || rs[0].Job == 0 {
				t.Fatalf("scheduled records = %+v, want one with a job", rs)
			}
			return rs[0]
		}
		jobFor := func(r bot.NudgeRecord, id int64) *river.Job[nudgeArgs] {
			return &river.Job[nudgeArgs]{JobRow: &rivertype.JobRow{ID: id}, Args: nudgeArgs{
				Platform: string(r.Person.Platform), Chat: r.Person.ChatID, Slot: r.Slot.Unix()}}
		}
		claim := func(j *river.Job[nudgeArgs]) bool {
			t.Helper()
			_, reply, send, err := w.fastClaim(b.ctx, j)
			if err != nil {
				t.Fatal(err)
			}
			if send && reply.Text == "" {
				t.Error("claimed with an empty reply")
			}
			return send
		}
		state := func(r bot.NudgeRecord) bot.NudgeState {
			t.Helper()
			got, err := b.db.Nudge(b.ctx, r.Person, r.Slot)
			if err != nil {
				t.Fatal(err)
			}
			return got.State
		}

		r := scheduled(b.person(t, "1", "en"))
		if claim(jobFor(r, r.Job+1)) {
			t.Error("a stray job claimed the nudge")
		}
		if s := state(r); s != bot.NudgeScheduled {
			t.Fatalf("after a stray job: %s, want scheduled", s)
		}
		if !claim(jobFor(r, r.Job)) {
			t.Fatal("the nudge's own job did not claim it")
		}
		got, err := b.db.Nudge(b.ctx, r.Person, r.Slot)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != bot.NudgeSending || got.Prompt == "" {
			t.Errorf("after the claim: %+v, want sending with a prompt", got)
		}
		if claim(jobFor(r, r.Job)) {
			t.Error("the nudge was claimed twice")
		}

		// A person who stopped being active: left to the locked claim.
		p := b.person(t, "2", "en")
		r = scheduled(p)
		p.Active = false
		if err := b.db.SavePerson(b.ctx, p); err != nil {
			t.Fatal(err)
		}
		if claim(jobFor(r, r.Job)) {
			t.Error("claimed the nudge of an inactive person")
		}
		if s := state(r); s != bot.NudgeScheduled {
			t.Errorf("inactive person's nudge: %s, want scheduled (untouched)", s)
		}

		// Stopped: the row is cancelled, nothing to claim.
		p = b.person(t, "3", "en")
		r = scheduled(p)
		if err := b.s.Stop(b.ctx, p.Key); err != nil {
			t.Fatal(err)
		}
		if claim(jobFor(r, r.Job)) {
			t.Error("claimed a stopped nudge")
		}
	})
}
