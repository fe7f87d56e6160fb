package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/intents/second"
	"github.com/carebot/carebot/knowledge"
)

// envKBDir names the folder to read the knowledge base from instead of the
// embedded content.
const envKBDir = "CAREBOT_KB_DIR"

// envSecondOpinion turns the learned second opinion on or off, or names a
// model file: "on" (the default), "off" or a path.
const envSecondOpinion = "CAREBOT_SECOND_OPINION"

// kbSource is where a knowledge base comes from: a folder, or the content
// embedded in the binary when dir is "".
type kbSource struct {
	dir string
	// second is the learned second opinion: "" or "on" for the embedded
	// model, "off" for none, else a model file.
	second string
}

// kbSourceFor picks the folder given on the command line, else
// CAREBOT_KB_DIR, else the embedded content; the second opinion comes from
// CAREBOT_SECOND_OPINION.
func (c *cli) kbSourceFor(dir string) kbSource {
	if dir == "" {
		dir = c.getenv(envKBDir)
	}
	return kbSource{dir: dir, second: c.getenv(envSecondOpinion)}
}

// matcherConfig is the matcher's configuration for s.second.
func (s kbSource) matcherConfig() (intents.Config, error) {
	switch s.second {
	case "", "on":
		return intents.Config{}, nil
	case "off":
		return intents.Config{NoSecondOpinion: true}, nil
	}
	data, err := os.ReadFile(s.second)
	if err != nil {
		return intents.Config{}, fmt.Errorf("second opinion: %w", err)
	}
	m, err := second.Load(data)
	if err != nil {
		return intents.Config{}, fmt.Errorf("second opinion %s: %w", s.second, err)
	}
	return intents.Config{SecondOpinion: m}, nil
}

// content builds the matcher over kb as s asks.
func (s kbSource) content(kb *knowledge.Base) (*bot.Content, error) {
	cfg, err := s.matcherConfig()
	if err != nil {
		return nil, err
	}
	return bot.NewContentWithConfig(kb, cfg)
}

func (s kbSource) String() string {
	if s.dir == "" {
		return "embedded knowledge base"
	}
	return s.dir
}

func (s kbSource) fsys() (fs.FS, error) {
	if s.dir == "" {
		return knowledge.Embedded(), nil
	}
	fi, err := os.Stat(s.dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", s.dir)
	}
	return os.DirFS(s.dir), nil
}

// path is how problems name a file of the source: relative to the folder
// given, or to the repository for the embedded content.
func (s kbSource) path(file string) string {
	if s.dir == "" {
		return filepath.ToSlash(filepath.Join("knowledge", "content", file))
	}
	return filepath.Join(s.dir, file)
}

// load reads and validates the knowledge base.
func (s kbSource) load() (*knowledge.Base, error) {
	fsys, err := s.fsys()
	if err != nil {
		return nil, fmt.Errorf("load kb: %w", err)
	}
	return knowledge.Load(fsys)
}

// loadContent loads the knowledge base and builds the matcher, printing
// every problem to stderr as "file:line: problem". It reports false when
// there was one.
func (c *cli) loadContent(s kbSource) (*bot.Content, bool) {
	kb, err := s.load()
	if err != nil {
		c.printProblems(s, err)
		return nil, false
	}
	content, err := s.content(kb)
	if err != nil {
		c.printProblems(s, err)
		return nil, false
	}
	return content, true
}

// printProblems prints a knowledge.Problems error one problem a line, with
// the file's path, or any other error as it is.
func (c *cli) printProblems(s kbSource, err error) int {
	var ps knowledge.Problems
	if !errors.As(err, &ps) {
		fmt.Fprintf(c.stderr, "carebot: %s: %v\n", s, err)
		return 1
	}
	for _, p := range ps {
		fmt.Fprintf(c.stderr, "%s:%d: %s\n", s.path(p.Pos.File), p.Pos.Line, p.Msg)
	}
	return len(ps)
}
