package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot/loglimit"
)

// TestServeLimitsRepeatedLogLines saves a knowledge-base file with
// hundreds of problems into the served folder: the failed reload logs the
// first 10 problems (log.repeat_burst), and at exit one line counts the
// rest, where it used to log every one.
func TestServeLimitsRepeatedLogLines(t *testing.T) {
	t.Parallel()
	dir := contentCopy(t)
	s := startServe(t, map[string]string{"CAREBOT_HTTP_ADDR": "127.0.0.1:0", "CAREBOT_KB_DIR": dir})
	var b strings.Builder
	b.WriteString("entries:\n")
	for i := range 300 {
		fmt.Fprintf(&b, "  - id: Bad Id %d\n    kind: nonsense\n    title: {en: x}\n    answer: {en: x}\n    follow_up: [nowhere%d]\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "zz_broken.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.log.waitCount(t, `"msg":"knowledge base reload failed; still serving the previous content"`, 1)
	if code := s.stop(t); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	logs := s.log.String()
	if n := strings.Count(logs, `"msg":"knowledge base problem"`); n != loglimit.DefaultBurst {
		t.Errorf("%d problem lines, want %d", n, loglimit.DefaultBurst)
	}
	var summary string
	for l := range strings.Lines(logs) {
		if strings.Contains(l, loglimit.SummaryMessage) && strings.Contains(l, `"cause":"knowledge base problem"`) {
			summary = l
		}
	}
	if summary == "" {
		t.Fatalf("no summary of the suppressed problems; logs:\n%s", logs)
	}
	var suppressed int
	if _, err := fmt.Sscanf(summary[strings.Index(summary, `"suppressed":`):], `"suppressed":%d`, &suppressed); err != nil || suppressed < 290 {
		t.Errorf("summary %q: suppressed %d, want hundreds", summary, suppressed)
	}
	t.Logf("%d problem lines and one summary of %d suppressed", loglimit.DefaultBurst, suppressed)
}
