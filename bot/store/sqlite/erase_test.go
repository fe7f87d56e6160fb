package sqlite_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/sqlite"
)

// TestForgetLeavesNoTrace writes a person with a distinctive chat id, a
// nudge prompt and a claimed care-team thread, pushes part of it into the
// main file with a checkpoint, forgets the person, and then scans the raw
// bytes of the database file and its -wal: none of it may be left. A
// second person, not forgotten, must still be found (the scan works).
func TestForgetLeavesNoTrace(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "carebot.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const (
		goneChat   = "7319946628417"
		goneZone   = "Pacific/Quokkaland"
		gonePrompt = "zebra-quokka-5521 five squats while the bottle warms"
		goneNurse  = "UQUOKKA5521"
		keptChat   = "8420057739528"
	)
	gone := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: goneChat}
	kept := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: keptChat}
	now := time.Now()
	for i := range 5 { // several versions of each row, in several frames
		for _, key := range []bot.PersonKey{gone, kept} {
			p := &bot.Person{Key: key, Lang: "en", TimeZone: goneZone, Active: true}
			p.Nudge.Enabled, p.Nudge.Times = true, []string{"09:00"}
			p.Context.LastIntent = "pain.wrist_hand"
			if err := db.SavePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		slot := now.Add(time.Duration(i) * time.Hour).Truncate(time.Second)
		if _, err := db.AddNudge(ctx, &bot.NudgeRecord{Person: gone, Slot: slot, Kind: "exercise",
			State: bot.NudgeScheduled, Prompt: gonePrompt}); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			// Part of it reaches the main file, as in a database that has
			// run for a while.
			if err := db.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.SaveThread(ctx, &bot.Thread{Person: gone, Channel: "CCARE", TS: "1700000000.000100",
		Level: bot.LevelEmergency, ClaimedBy: goneNurse}); err != nil {
		t.Fatal(err)
	}

	if err := db.Forget(ctx, gone); err != nil {
		t.Fatal(err)
	}
	scan := func(when string) {
		t.Helper()
		var all []byte
		for _, f := range []string{path, path + "-wal", path + "-journal"} {
			data, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			for _, s := range []string{goneChat, gonePrompt[:17], goneNurse} {
				if n := bytes.Count(data, []byte(s)); n > 0 {
					t.Errorf("%s: %s holds %q %d times", when, filepath.Base(f), s, n)
				}
			}
			all = append(all, data...)
		}
		if !bytes.Contains(all, []byte(keptChat)) {
			t.Errorf("%s: the person not forgotten is not in the files either: the scan is broken", when)
		}
	}
	scan("after Forget")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	scan("after Close")
}
