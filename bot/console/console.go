// Package console is carebot's terminal adapter: it reads one message per
// line, hands it to a bot.Handler and prints the reply as plain text, with
// buttons as a numbered list; typing a number taps that button.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/carebot/carebot/bot"
)

// Adapter is a bot.Adapter over a reader and a writer: stdin and stdout in
// `carebot chat`, buffers in tests. It serves one conversation.
type Adapter struct {
	h   bot.Handler
	in  io.Reader
	out io.Writer

	chatID      string
	userID      string
	lang        string
	prompt      string
	interactive bool
	echo        bool
	save        func(bot.Media) (string, error)

	buttons []bot.Button // of the last reply, for numbers typed
}

var _ bot.Adapter = (*Adapter)(nil)

// Option configures an Adapter.
type Option func(*Adapter)

// WithLang sets the language hint sent with every message ("en" or "es").
// Default: none, the matcher detects it.
func WithLang(lang string) Option { return func(a *Adapter) { a.lang = lang } }

// WithChatID sets the conversation's id, which keys the person in the
// store. Default "console".
func WithChatID(id string) Option { return func(a *Adapter) { a.chatID, a.userID = id, id } }

// WithInteractive turns on the prompt printed before each line, for a
// person at a terminal. Default off: lines are answered silently, as when
// stdin is piped.
func WithInteractive(on bool) Option { return func(a *Adapter) { a.interactive = on } }

// WithPrompt sets the interactive prompt. Default "> ".
func WithPrompt(p string) Option { return func(a *Adapter) { a.prompt = p } }

// WithEcho prints each input line after the prompt, so that a transcript
// of piped input reads like a conversation. Default off.
func WithEcho(on bool) Option { return func(a *Adapter) { a.echo = on } }

// WithMedia sets where a reply's pictures go: save stores one (cmd/carebot
// writes it to a temporary folder) and returns its path, which the console
// prints after the reply with the picture's alt text. Default nil: only the
// alt texts are printed.
func WithMedia(save func(bot.Media) (string, error)) Option {
	return func(a *Adapter) { a.save = save }
}

// New returns an Adapter that answers lines from in with h and writes the
// replies to out.
func New(h bot.Handler, in io.Reader, out io.Writer, opts ...Option) *Adapter {
	a := &Adapter{h: h, in: in, out: out, chatID: "console", userID: "console", prompt: "> "}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Name returns "console".
func (a *Adapter) Name() string { return string(bot.PlatformConsole) }

// Run answers each line until the input ends (nil) or ctx is done
// (ctx.Err()).
func (a *Adapter) Run(ctx context.Context) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(a.in)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	for {
		if a.interactive || a.echo {
			fmt.Fprint(a.out, a.prompt)
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line, ok = <-lines:
		}
		if !ok {
			if a.interactive || a.echo {
				fmt.Fprintln(a.out)
			}
			if err := <-readErr; err != nil {
				return fmt.Errorf("console: read: %w", err)
			}
			return nil
		}
		if a.echo {
			fmt.Fprintln(a.out, line)
		}
		if err := a.handle(ctx, line); err != nil {
			return err
		}
	}
}

// handle answers one line. Blank lines are skipped.
func (a *Adapter) handle(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	m := a.message(line)
	r, err := a.h.Handle(ctx, m)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r = bot.Reply{Text: "Sorry, something went wrong. Please try again."}
	}
	a.buttons = r.Buttons
	_, err = io.WriteString(a.out, render(r, a.saveMedia(r.Media)))
	if err != nil {
		return fmt.Errorf("console: write: %w", err)
	}
	return nil
}

// saveMedia saves the pictures and returns their paths; "" for one that could
// not be saved (it is listed by its alt text alone).
func (a *Adapter) saveMedia(ms []bot.Media) []string {
	if a.save == nil {
		return nil
	}
	paths := make([]string, len(ms))
	for i, m := range ms {
		if p, err := a.save(m); err == nil {
			paths[i] = p
		}
	}
	return paths
}

// message turns a line into a Message: a number picks a button of the last
// reply, anything else is typed text.
func (a *Adapter) message(line string) bot.Message {
	m := bot.Message{
		Platform: bot.PlatformConsole,
		ChatID:   a.chatID,
		UserID:   a.userID,
		LangHint: a.lang,
	}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(a.buttons) {
		m.Payload = a.buttons[n-1].Payload
		return m
	}
	m.Text = line
	return m
}
