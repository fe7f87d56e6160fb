package nudge_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/nudge"
	"github.com/carebot/carebot/bot/store/sqlite"
	"github.com/carebot/carebot/knowledge"
)

// A Scheduler on the default SQLite store, delivering through the Telegram
// adapter. The Router gets it as its bot.Nudger.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "carebot-example-")
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "carebot.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var telegram bot.Sender = printSender{} // the Telegram adapter in carebot serve
	s, err := nudge.New(ctx, db, nudge.Config{
		KB:      func() *knowledge.Base { return &knowledge.Base{} },
		Senders: map[bot.Platform]bot.Sender{bot.PlatformTelegram: telegram},
	})
	if err != nil {
		log.Fatal(err)
	}
	p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "42"}, TimeZone: "America/New_York"}
	err = s.SetNudges(ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"22:30"}})
	fmt.Println(err)
	err = s.SetNudges(ctx, p, bot.NudgeSettings{Enabled: true, Times: []string{"08:00", "19:30"}})
	fmt.Println(err)
	// Then s.Run(ctx) beside the adapters.
	// Output:
	// nudge time 22:30 is within quiet hours 21:00-08:00
	// <nil>
}

type printSender struct{}

func (printSender) Send(_ context.Context, key bot.PersonKey, r bot.Reply) error {
	fmt.Println(r.Text)
	return nil
}

func ExampleParsePostSpec() {
	fmt.Println(nudge.ParsePostSpec("daily 9:00 tip", "America/Chicago"))
	fmt.Println(nudge.ParsePostSpec("daily 08:30 exercise Madrid", "UTC"))
	_, _, _, err := nudge.ParsePostSpec("hourly tip", "UTC")
	fmt.Println(err)
	// Output:
	// 09:00 tip America/Chicago <nil>
	// 08:30 exercise Europe/Madrid <nil>
	// schedule must read "daily HH:MM tip|exercise [time zone]"
}
