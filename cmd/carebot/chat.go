package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/console"
	"github.com/carebot/carebot/bot/picture"
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
		Content:     content,
		Store:       memory.New(),
		Logger:      slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Illustrator: picture.New(),
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
	pics := &pictureDir{base: c.getenv("TMPDIR")}
	defer pics.note(c.stderr)
	a := console.New(router, c.stdin, c.stdout,
		console.WithLang(*lang), console.WithInteractive(interactive), console.WithMedia(pics.save))
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

// pictureDir writes the pictures of a chat's replies to a temporary folder
// (under $TMPDIR), made at the first picture, so that a terminal can open
// them. The folder
// is left for the person to look at; the chat says where it is at the end.
type pictureDir struct {
	base string // where to make the folder; "" is the system's default
	dir  string
	err  error
}

// save writes m into the folder and returns its path.
func (p *pictureDir) save(m bot.Media) (string, error) {
	if p.dir == "" && p.err == nil {
		p.dir, p.err = os.MkdirTemp(p.base, "carebot-pictures-")
	}
	if p.err != nil {
		return "", fmt.Errorf("picture folder: %w", p.err)
	}
	path := filepath.Join(p.dir, filepath.Base(m.Name))
	if err := os.WriteFile(path, m.Data, 0o644); err != nil {
		return "", fmt.Errorf("save picture: %w", err)
	}
	return path, nil
}

// note says where the pictures are, if there were any.
func (p *pictureDir) note(w io.Writer) {
	if p.dir != "" {
		fmt.Fprintf(w, "carebot chat: pictures are in %s\n", p.dir)
	}
}
