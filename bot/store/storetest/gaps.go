package storetest

import (
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
)

func testGaps(t *testing.T, h Harness) {
	t.Run("TopGaps", func(t *testing.T) {
		b := setup(t, h)
		ana := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}
		leo := bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "D2"}
		add := func(p bot.PersonKey, lang, text string, at time.Time) {
			t.Helper()
			if err := b.store.AddGap(b.ctx, bot.Gap{Person: p, Lang: lang, Text: text, Reason: bot.GapFallback, At: at}); err != nil {
				t.Fatal(err)
			}
		}
		add(ana, "en", "can i run yet", time.Time{}) // the store's clock: t0
		add(leo, "en", "can i run yet", t0.Add(time.Hour))
		add(ana, "es", "puedo correr ya", t0.Add(2*time.Hour))
		add(leo, "en", "is sciatica normal", t0.Add(-time.Minute))
		add(ana, "en", "old question", t0.Add(-48*time.Hour))

		got, err := b.store.TopGaps(b.ctx, t0.Add(-24*time.Hour), 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []bot.GapCount{
			{Lang: "en", Text: "can i run yet", Count: 2, Last: t0.Add(time.Hour)},
			{Lang: "es", Text: "puedo correr ya", Count: 1, Last: t0.Add(2 * time.Hour)},
			{Lang: "en", Text: "is sciatica normal", Count: 1, Last: t0.Add(-time.Minute)},
		}
		if len(got) != len(want) {
			t.Fatalf("TopGaps = %+v\nwant %+v", got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Lang != w.Lang || g.Text != w.Text || g.Count != w.Count || !g.Last.Equal(w.Last) {
				t.Errorf("gap %d = %+v, want %+v", i, g, w)
			}
		}
		if got, err := b.store.TopGaps(b.ctx, t0.Add(-24*time.Hour), 2); err != nil || len(got) != 2 {
			t.Errorf("TopGaps(limit 2) = %d gaps, %v; want 2", len(got), err)
		}
		if got, err := b.store.TopGaps(b.ctx, time.Time{}, 0); err != nil || len(got) != 4 {
			t.Errorf("TopGaps(since zero) = %d gaps, %v; want all 4", len(got), err)
		}
	})

	t.Run("Prune", func(t *testing.T) {
		b := setup(t, h)
		p := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}
		for i := range 3 {
			if err := b.store.AddGap(b.ctx, bot.Gap{Person: p, Lang: "en", Text: "q", Reason: bot.GapUnsure,
				At: t0.Add(-time.Duration(i) * 24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := b.store.PruneGaps(b.ctx, t0.Add(-36*time.Hour))
		if err != nil || n != 1 {
			t.Errorf("PruneGaps = %d, %v; want 1", n, err)
		}
		got, err := b.store.TopGaps(b.ctx, time.Time{}, 0)
		if err != nil || len(got) != 1 || got[0].Count != 2 {
			t.Errorf("TopGaps after prune = %+v, %v; want one line counted 2", got, err)
		}
	})

	t.Run("InTx", func(t *testing.T) {
		b := setup(t, h)
		p := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}
		err := b.h.InTx(b.ctx, b.store, func(tx TxStore) error {
			return tx.AddGap(b.ctx, bot.Gap{Person: p, Lang: "en", Text: "q", Reason: bot.GapDidYouMean})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := b.store.TopGaps(b.ctx, time.Time{}, 0); err != nil || len(got) != 1 {
			t.Errorf("TopGaps after a committed AddGap = %+v, %v", got, err)
		}
	})
}
