package console_test

import (
	"context"
	"os"
	"strings"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/console"
	"github.com/carebot/carebot/bot/store/memory"
	"github.com/carebot/carebot/knowledge"
)

func ExampleAdapter() {
	kb, err := knowledge.Load(bottest.FS()) // a tiny test knowledge base
	if err != nil {
		panic(err)
	}
	content, err := bot.NewContent(kb)
	if err != nil {
		panic(err)
	}
	// A scripted matcher keeps the example's output stable.
	script := bottest.Script{"how do i lift my baby?": bottest.Topic("tip.lifting", "en")}
	router, err := bot.NewRouter(bot.Config{Content: content, Store: memory.New(), Match: script.Match})
	if err != nil {
		panic(err)
	}
	// "1" taps the first button of the previous reply.
	in := strings.NewReader("how do I lift my baby?\n1\n")
	if err := console.New(router, in, os.Stdout).Run(context.Background()); err != nil {
		panic(err)
	}
	// Output:
	// Lifting your baby
	// Bend your knees and keep your baby close.
	//
	// New here? Tap "Set up" to pick your language, choose whether your care team may be alerted, and get daily exercise nudges.
	//
	// 1) Mini squat
	// 2) Set up
	//
	// Mini squat
	// Mini squats build leg strength.
	//
	//   1. Stand.
	//   2. Bend your knees a little.
	//   3. Stand up.
	//
	// How much: 10 squats.
	// What you should feel: Thighs working.
	// Stop if: Knee pain.
	//
	// 1) Bridge
}
