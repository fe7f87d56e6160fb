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
                  and exit 1, or print a summary and exit 0
  kb gaps [--days N] [--top N]
                  list the questions carebot could not answer, most frequent
                  first, with counts (recorded when gaps.enabled is on)`

func (c *cli) kb(ctx context.Context, args []string) int {
	fs := c.flags("kb lint [DIR] | kb gaps [--days N] [--top N]", kbAbout)
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return c.usageError(fs, "missing subcommand (lint or gaps)")
	}
	switch fs.Arg(0) {
	case "lint":
		return c.kbLint(fs.Args()[1:])
	case "gaps":
		return c.kbGaps(ctx, fs.Args()[1:])
	}
	return c.usageError(fs, "unknown subcommand %q", fs.Arg(0))
}

func (c *cli) kbLint(args []string) int {
	fs := c.flags("kb lint [--allow-sign-removal] [DIR]", `Check the knowledge base in DIR (default $CAREBOT_KB_DIR, else the embedded
content) and build the matcher over it. Every problem is printed as
"file:line: problem" and the exit status is 1; on success a summary is
printed and the exit status is 0.

Content that removes a warning sign of the embedded knowledge base, or
weakens an emergency-level one (a lower level, a pattern no longer matched,
a new unless phrase, the crisis line dropped), is a problem too, unless
--allow-sign-removal is given: then each loss is printed as a warning.`)
	allow := fs.Bool("allow-sign-removal", false, "accept content that removes or weakens warning signs of the embedded knowledge base")
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
	if src.dir != "" {
		embedded, err := kbSource{}.load()
		if err != nil {
			c.printProblems(kbSource{}, err)
			return exitFail
		}
		losses := knowledge.LostSigns(embedded, content.KB)
		for _, l := range losses {
			file, line := src.path(l.Pos.File), l.Pos.Line
			if l.Removed {
				// Where it was in the embedded content; the folder has
				// no line for it.
				line = 1
			}
			msg := "warning sign " + l.String()
			if l.Removed {
				msg += fmt.Sprintf(" (the built-in one has it at %s:%d)", kbSource{}.path(l.Pos.File), l.Pos.Line)
			}
			if *allow {
				msg += " [allowed by --allow-sign-removal]"
			} else {
				msg += " (pass --allow-sign-removal if this is intended)"
			}
			fmt.Fprintf(c.stderr, "%s:%d: %s\n", file, line, msg)
		}
		if len(losses) > 0 && !*allow {
			return exitFail
		}
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
	return fmt.Sprintf("%d entries (%s), %d warning signs, %d concepts, %d context lists, %d references, %d messages, %d poses; languages %s",
		len(kb.Entries), strings.Join(parts, ", "), len(kb.Signs), len(kb.Concepts), len(kb.Context), len(kb.References), len(kb.Messages), len(kb.Poses),
		strings.Join(knowledge.Languages(), ", "))
}
