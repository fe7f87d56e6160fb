package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/knowledge"
)

// TestGapsEndToEnd records unanswered questions through a Router on a
// SQLite store with gaps on, as serve wires it, and lists them with
// `carebot kb gaps`.
func TestGapsEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "carebot.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	content, err := bot.NewContent(kb)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{store: db}
	s.cfg.File = defaultFileConfig()
	s.cfg.File.Gaps.Enabled = true
	r, err := bot.NewRouter(bot.Config{Content: content, Store: db, Gaps: s.gapLog()})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"Can my cat Whiskers eat blue cheese?",
		"can my cat Felix eat blue cheese",
		"how do I do a bridge", // answered
		"what is the capital of France, call 555 123 4567",
	} {
		chat := string(rune('a' + i%2))
		if _, err := r.Handle(ctx, bot.Message{Platform: bot.PlatformTelegram, ChatID: chat, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, map[string]string{"CAREBOT_DATABASE_URL": path}, "", "kb", "gaps", "--top", "5")
	want := "count  lang  question\n" +
		"    2  en    can my cat <name> eat blue cheese\n" +
		"    1  en    what is the capital of <name>, call <phone>\n"
	if res.code != exitOK || res.stdout != want {
		t.Errorf("kb gaps: exit %d\nstdout:\n%s\nwant:\n%s\nstderr: %s", res.code, res.stdout, want, res.stderr)
	}
}

func TestKBGapsEmptyAndUsage(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "", "kb", "gaps")
	if res.code != exitOK || !strings.Contains(res.stdout, "no unanswered questions in the last 7 days") {
		t.Errorf("kb gaps on an empty database: exit %d %q %q", res.code, res.stdout, res.stderr)
	}
	for _, args := range [][]string{{"--days", "0"}, {"--top", "-1"}, {"extra"}} {
		if res := runCLI(t, nil, "", append([]string{"kb", "gaps"}, args...)...); res.code != exitUsage {
			t.Errorf("kb gaps %q: exit %d, want %d", args, res.code, exitUsage)
		}
	}
}

// TestGapsRunner checks the hourly prune and the weekly post: once a week,
// on Monday, with the week's most frequent gaps.
func TestGapsRunner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) // a Monday
	clock := func() time.Time { return now }
	store := memory.New(memory.WithNow(clock))
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	content, err := bot.NewContent(kb)
	if err != nil {
		t.Fatal(err)
	}
	router, err := bot.NewRouter(bot.Config{Content: content, Store: store, Gaps: store, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}
	for _, g := range []bot.Gap{
		{Person: key, Lang: "es", Text: "puedo correr ya", At: now.Add(-time.Hour)},
		{Person: key, Lang: "es", Text: "puedo correr ya", At: now.Add(-2 * time.Hour)},
		{Person: key, Lang: "en", Text: "too old", At: now.Add(-31 * 24 * time.Hour)},
	} {
		store.AddGap(ctx, g)
	}
	var posts []bot.Reply
	r := &gapsRunner{router: router, gaps: store, top: 10, log: slog.New(slog.DiscardHandler), now: clock,
		post: func(_ context.Context, rp bot.Reply) error { posts = append(posts, rp); return nil }}
	r.tick(ctx)
	r.tick(ctx) // the same week: no second post
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "• 2× (es) puedo correr ya") {
		t.Fatalf("posts = %+v, want one listing the gap", posts)
	}
	if strings.Contains(posts[0].Text, "too old") {
		t.Errorf("the post lists a gap past the retention: %q", posts[0].Text)
	}
	if got, _ := store.TopGaps(ctx, time.Time{}, 0); len(got) != 1 {
		t.Errorf("after a tick: %d gap lines, want the expired one deleted", len(got))
	}
	now = now.Add(24 * time.Hour) // Tuesday
	r.tick(ctx)
	now = now.Add(6 * 24 * time.Hour) // next Monday
	r.tick(ctx)
	if len(posts) != 1 {
		t.Errorf("%d posts, want still 1: the only gaps expired from the week", len(posts))
	}
}

func TestWriteGaps(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	writeGaps(&b, []bot.GapCount{{Lang: "en", Text: "a", Count: 123456}, {Lang: "es", Text: "b", Count: 2}})
	want := " count  lang  question\n123456  en    a\n     2  es    b\n"
	if b.String() != want {
		t.Errorf("writeGaps:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestWireGaps checks that serve runs the gaps runner only when gaps are on,
// and without a weekly post when Slack has no care channel.
func TestWireGaps(t *testing.T) {
	t.Parallel()
	for _, on := range []bool{false, true} {
		s := &server{store: memory.New(), log: slog.New(slog.DiscardHandler)}
		s.cfg.File = defaultFileConfig()
		s.cfg.File.Gaps.Enabled, s.cfg.File.Gaps.WeeklyPost = on, true
		if err := s.wireGaps(t.Context()); err != nil {
			t.Fatal(err)
		}
		if on != (s.gapLog() != nil) {
			t.Errorf("enabled %v: Router GapLog %v", on, s.gapLog())
		}
		if !on {
			if len(s.adapters) != 0 {
				t.Errorf("gaps off: adapters %v, want none", s.adapters)
			}
			continue
		}
		if len(s.adapters) != 1 {
			t.Fatalf("gaps on: %d adapters, want the gaps runner", len(s.adapters))
		}
		if r := s.adapters[0].(*gapsRunner); r.post != nil {
			t.Errorf("gaps on without Slack: a weekly post is set")
		}
	}
}
