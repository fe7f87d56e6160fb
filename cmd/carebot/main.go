// Command carebot is a chat bot for parents with joint pain after pregnancy
// and the care teams who look after them.
//
//	carebot chat [--lang en|es] [--kb DIR]   chat on the terminal
//	carebot match [--kb DIR]                 classify stdin lines as JSON lines
//	carebot kb lint [DIR]                    check the knowledge base
//	carebot serve [--config FILE]            run adapters, nudges and HTTP
//	carebot migrate                          apply the database migrations
//	carebot version                          print the version
//
// Only this command reads files and the environment; everything else gets
// what it needs from here.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	os.Exit(runWithSignals(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// runWithSignals is run with a context that SIGTERM and Ctrl-C cancel: the
// first one shuts down gracefully, a second one ends the process at once.
func runWithSignals(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	return run(ctx, args, stdin, stdout, stderr)
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed (lint problems, a bad KB)
	exitUsage = 2 // bad flags or arguments
)

// cli is one run of the command: its arguments' streams and environment.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// onListen, when set, is called with the address serve listens on
	// (tests use it to learn the port).
	onListen func(addr string)
}

// run runs carebot with args (without the program name) and returns the
// exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	return c.run(ctx, args)
}

// command is a subcommand.
type command struct {
	name    string
	summary string
	run     func(c *cli, ctx context.Context, args []string) int
}

// commands lists the subcommands in the order --help shows them.
var commands = []command{
	{"chat", "chat on the terminal; with piped stdin, answer each line", (*cli).chat},
	{"match", "read messages on stdin, write one JSON object per line", (*cli).match},
	{"kb", "knowledge-base tools: kb lint [DIR]", (*cli).kb},
	{"serve", "run the adapters, the nudge scheduler and the HTTP server", (*cli).serve},
	{"migrate", "apply the database migrations", (*cli).migrate},
	{"version", "print the version", (*cli).version},
}

const usageHead = `carebot: answers questions about joint pain after pregnancy, screens every
message for warning signs, and sends short exercise nudges.

Usage:
  carebot <command> [flags] [args]

Commands:
`

const usageTail = `
Run "carebot <command> --help" for a command's flags.

Environment:
  CAREBOT_KB_DIR     read the knowledge base from this folder instead of the
                     one built into the binary
  CAREBOT_HTTP_ADDR  serve: HTTP address (default :8080)
  CAREBOT_DATABASE_URL
                     serve, migrate: a SQLite file path (default
                     ./carebot.db) or a postgres:// URL
`

func (c *cli) usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, usageTail)
}

func (c *cli) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		c.usage(c.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		c.usage(c.stdout)
		return exitOK
	case "help":
		if len(rest) == 0 {
			c.usage(c.stdout)
			return exitOK
		}
		name, rest = rest[0], []string{"--help"}
	}
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd.run(c, ctx, rest)
		}
	}
	fmt.Fprintf(c.stderr, "carebot: unknown command %q\n\n", name)
	c.usage(c.stderr)
	return exitUsage
}

// flags returns a flag set for a subcommand whose usage line is use (after
// "carebot ") and whose description is about.
func (c *cli) flags(use, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("carebot "+use, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: carebot %s\n\n%s\n", use, strings.TrimSpace(about))
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses args; when it returns false the command returns code: help
// was printed (0) or the flags were wrong (2).
func (c *cli) parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(c.stdout)
		fs.Usage()
		return exitOK, false
	default:
		fs.SetOutput(c.stderr)
		fmt.Fprintf(c.stderr, "%s: %v\n", fs.Name(), err)
		fs.Usage()
		return exitUsage, false
	}
}

// usageError prints a problem with the arguments and the usage.
func (c *cli) usageError(fs *flag.FlagSet, format string, a ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.SetOutput(c.stderr)
	fs.Usage()
	return exitUsage
}
