package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/console"
	"github.com/carebot/carebot/bot/store/memory"
)

const chatAbout = `Chat with carebot on the terminal. Type a question; type the number of an
option to pick it; /help lists the commands; Ctrl-D quits. With piped stdin
every line is a message and the replies go to stdout.`

func (c *cli) chat(ctx context.Context, args []string) int {
	fs := c.flags("chat [--lang en|es] [--kb DIR]", chatAbout)
	lang := fs.String("lang", "", "answer in this language (en or es) until a message says otherwise")
	kbDir := fs.String("kb", "", "read the knowledge base from `DIR` (default $"+envKBDir+", else the embedded one)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	if *lang != "" && *lang != "en" && *lang != "es" {
		return c.usageError(fs, "--lang must be en or es, not %q", *lang)
	}
	content, ok := c.loadContent(c.kbSourceFor(*kbDir))
	if !ok {
		return exitFail
	}
	router, err := bot.NewRouter(bot.Config{
		Content: content,
		Store:   memory.New(),
		Logger:  slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		fmt.Fprintf(c.stderr, "carebot chat: %v\n", err)
		return exitFail
	}
	interactive := isTerminal(c.stdin)
	if interactive {
		fmt.Fprintln(c.stdout, "carebot: ask about joint pain after pregnancy. Type a number to pick an option, /help for commands, Ctrl-D to quit.")
		fmt.Fprintln(c.stdout)
	}
	a := console.New(router, c.stdin, c.stdout,
		console.WithLang(*lang), console.WithInteractive(interactive))
	if err := a.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(c.stderr, "carebot chat: %v\n", err)
		return exitFail
	}
	return exitOK
}

// isTerminal reports whether r is a terminal (a character device), not a
// pipe or a file.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
