package bot_test

import (
	"fmt"

	"github.com/carebot/carebot/bot"
)

func ExampleParseTimeZone() {
	for _, s := range []string{"Ciudad de México", "new york", "UTC-5", "Europe/Madrid"} {
		name, err := bot.ParseTimeZone(s)
		fmt.Println(name, err)
	}
	// Output:
	// America/Mexico_City <nil>
	// America/New_York <nil>
	// UTC-05:00 <nil>
	// Europe/Madrid <nil>
}
