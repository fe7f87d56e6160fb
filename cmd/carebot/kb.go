package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/carebot/carebot/knowledge"
)

const kbAbout = `Knowledge-base tools.

  kb lint [DIR]   check the YAML in DIR (default $CAREBOT_KB_DIR, else the
                  embedded content): print every problem as file:line: problem
                  and exit 1, or print a summary and exit 0`

func (c *cli) kb(ctx context.Context, args []string) int {
	fs := c.flags("kb lint [DIR]", kbAbout)
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return c.usageError(fs, "missing subcommand (lint)")
	}
	switch fs.Arg(0) {
	case "lint":
		return c.kbLint(fs.Args()[1:])
	}
	return c.usageError(fs, "unknown subcommand %q", fs.Arg(0))
}

func (c *cli) kbLint(args []string) int {
	fs := c.flags("kb lint [DIR]", `Check the knowledge base in DIR (default $CAREBOT_KB_DIR, else the embedded
content) and build the matcher over it. Every problem is printed as
"file:line: problem" and the exit status is 1; on success a summary is
printed and the exit status is 0.`)
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(1))
	}
	src := c.kbSourceFor(fs.Arg(0))
	content, ok := c.loadContent(src)
	if !ok {
		return exitFail
	}
	fmt.Fprintf(c.stdout, "%s: ok: %s\n", src, summary(content.KB))
	return exitOK
}

// summary counts what a knowledge base holds.
func summary(kb *knowledge.Base) string {
	kinds := map[knowledge.Kind]int{}
	for _, e := range kb.Entries {
		kinds[e.Kind]++
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, string(k))
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%d %s", kinds[knowledge.Kind(k)], k)
	}
	return fmt.Sprintf("%d entries (%s), %d warning signs, %d references, %d messages, %d poses; languages %s",
		len(kb.Entries), strings.Join(parts, ", "), len(kb.Signs), len(kb.References), len(kb.Messages), len(kb.Poses),
		strings.Join(knowledge.Languages, ", "))
}
