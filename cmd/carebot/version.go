package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release version, set at build time:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/carebot
//
// When empty, the module version from the build info is used.
var version = ""

// commit is the source commit, set at build time where the build info has
// no VCS stamp (a build from a copy without .git, or with -buildvcs=false):
//
//	go build -ldflags "-X main.commit=$(git rev-parse HEAD)" ./cmd/carebot
//
// scripts/build-static sets it.
var commit = ""

func (c *cli) version(_ context.Context, args []string) int {
	fs := c.flags("version", "Print carebot's version, commit and Go version.")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	fmt.Fprintln(c.stdout, versionString())
	return exitOK
}

// versionString is "carebot v1.2.0 (commit 0123456789ab, 2025-01-02T03:04:05Z, go1.26.0)".
func versionString() string {
	v := version
	var details []string
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		var rev, when, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(12, len(s.Value))]
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev == "" && commit != "" {
			rev = commit[:min(12, len(commit))]
		}
		if rev != "" {
			details = append(details, "commit "+rev+dirty)
		}
		if when != "" {
			details = append(details, when)
		}
	}
	if len(details) == 0 && commit != "" {
		details = append(details, "commit "+commit[:min(12, len(commit))])
	}
	if v == "" {
		v = "devel"
	}
	details = append(details, runtime.Version())
	return fmt.Sprintf("carebot %s (%s)", v, strings.Join(details, ", "))
}
