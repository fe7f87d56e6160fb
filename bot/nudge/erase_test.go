package nudge

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/riverqueue/river/rivertype"
)

// TestForgetLeavesNoTraceInFile schedules nudges for a person with a
// distinctive chat id on SQLite, delivers one (River keeps the completed
// job, whose arguments hold the chat id, for a day), forgets the person,
// and scans the raw bytes of the database file and its -wal: the chat id
// is nowhere, while another person's still is.
func TestForgetLeavesNoTraceInFile(t *testing.T) {
	t.Parallel()
	const goneChat, keptChat = "7319946628417", "8420057739528"
	b := setup(t, kindSQLite, monday0759)
	gone := b.person(t, goneChat, "en")
	kept := b.person(t, keptChat, "en")
	for _, p := range []*bot.Person{gone, kept} {
		if err := b.s.SetNudges(b.ctx, p, morning()); err != nil {
			t.Fatal(err)
		}
	}
	b.clock.Set(at0800.Add(5 * time.Second))
	for range 2 {
		b.sender.wait(t, wait)
	}
	for range 2 {
		b.waitJob(t, nudgeArgs{}.Kind(), wait)
	}
	if j := b.jobs(t, nudgeArgs{}.Kind(), rivertype.JobStateCompleted); len(j) != 2 {
		t.Fatalf("%d completed jobs, want 2", len(j))
	}
	if err := b.s.Forget(b.ctx, gone.Key); err != nil {
		t.Fatal(err)
	}
	path := b.db.(*sqlite.DB).Path()
	var all []byte
	for _, f := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if n := bytes.Count(data, []byte(goneChat)); n > 0 {
			t.Errorf("%s holds the forgotten chat id %d times", f, n)
		}
		all = append(all, data...)
	}
	if !bytes.Contains(all, []byte(keptChat)) {
		t.Error("the other person's chat id is not in the files either: the scan is broken")
	}
}
