package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/carebot/carebot/bot/bottest"
)

// result is what one run of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs carebot in-process with env as its whole environment (and a
// SQLite file in a temporary folder for CAREBOT_DATABASE_URL unless env
// sets it).
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	env = withTestDatabase(t, env)
	var out, errOut bytes.Buffer
	c := &cli{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return env[k] },
	}
	code := c.run(context.Background(), args)
	return result{code, out.String(), errOut.String()}
}

// withTestDatabase returns env with CAREBOT_DATABASE_URL set to a new
// SQLite file, unless it is set, so that serve never writes ./carebot.db.
func withTestDatabase(t *testing.T, env map[string]string) map[string]string {
	t.Helper()
	if _, ok := env["CAREBOT_DATABASE_URL"]; ok {
		return env
	}
	out := map[string]string{"CAREBOT_DATABASE_URL": filepath.Join(t.TempDir(), "carebot.db")}
	for k, v := range env {
		out[k] = v
	}
	return out
}

// kbDir writes the test knowledge base to a temporary folder.
func kbDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, bottest.FS()); err != nil {
		t.Fatal(err)
	}
	testKBDirs.Store(dir, true)
	return dir
}

// testKBDirs holds the folders kbDir made. The test knowledge base has few
// of the built-in warning signs, so serve starts on it only with
// --allow-sign-removal (see serveCmd).
var testKBDirs sync.Map

// serveCmd returns the arguments of `carebot serve args...` with env:
// --allow-sign-removal is added when env's CAREBOT_KB_DIR is a kbDir.
func serveCmd(env map[string]string, args ...string) []string {
	out := append([]string{"serve"}, args...)
	if _, ok := testKBDirs.Load(env["CAREBOT_KB_DIR"]); ok {
		out = append(out, "--allow-sign-removal")
	}
	return out
}

func TestMatchContract(t *testing.T) {
	t.Parallel()
	lines := []string{
		"how do I do a bridge",
		"",
		"   ",
		"\xff\xfe\xfd not utf-8 \xc3",
		"{\"json\": \"in the input\"}\t\\ \x00 \x1b[31m",
		"/start@CareBot",
		"😀😀😀",
		strings.Repeat("long ", 30000),    // longer than the reader's buffer
		"chest pain and my wrist hurts\r", // CRLF line ending
		"última línea sin salto",          // no final newline
	}
	in := strings.Join(lines, "\n")
	res := runCLI(t, nil, in, "match", "--kb", kbDir(t))
	if res.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
	out := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	if len(out) != len(lines) {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(out), len(lines), res.stdout)
	}
	for i, l := range out {
		var obj map[string]any
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Errorf("line %d: not JSON: %v: %q", i+1, err, l)
			continue
		}
		if len(obj) != 4 {
			t.Errorf("line %d: keys %v, want intent, escalation, lang, confidence", i+1, obj)
		}
		if s, ok := obj["intent"].(string); !ok || s == "" {
			t.Errorf("line %d: intent %v", i+1, obj["intent"])
		}
		switch obj["escalation"] {
		case "none", "check", "provider", "emergency":
		default:
			t.Errorf("line %d: escalation %v", i+1, obj["escalation"])
		}
		switch obj["lang"] {
		case "en", "es":
		default:
			t.Errorf("line %d: lang %v", i+1, obj["lang"])
		}
		if c, ok := obj["confidence"].(float64); !ok || c < 0 || c > 1 {
			t.Errorf("line %d: confidence %v", i+1, obj["confidence"])
		}
	}
}

func TestMatchEmptyInput(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "", "match", "--kb", kbDir(t))
	if res.code != 0 || res.stdout != "" {
		t.Errorf("exit %d, stdout %q; want 0 and nothing", res.code, res.stdout)
	}
	res = runCLI(t, nil, "\n", "match", "--kb", kbDir(t))
	if strings.Count(res.stdout, "\n") != 1 {
		t.Errorf("one empty line gave %q, want one JSON line", res.stdout)
	}
}

func TestMatchUsesKBDirFromEnv(t *testing.T) {
	t.Parallel()
	res := runCLI(t, map[string]string{"CAREBOT_KB_DIR": filepath.Join(t.TempDir(), "missing")}, "hi\n", "match")
	if res.code != exitFail || !strings.Contains(res.stderr, "missing") {
		t.Errorf("exit %d stderr %q, want a failure naming the missing folder", res.code, res.stderr)
	}
}

func TestAppendResult(t *testing.T) {
	t.Parallel()
	// Values the matcher should never produce still give valid JSON.
	var b []byte
	b = appendString(b, "a\"b\\c\n\x01é")
	var s string
	if err := json.Unmarshal(b, &s); err != nil || s != "a\"b\\c\n\x01é" {
		t.Errorf("appendString: %q -> %q, %v", b, s, err)
	}
}

func TestKBLint(t *testing.T) {
	t.Parallel()
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		dir := kbDir(t) // a small knowledge base: it lacks the embedded one's signs
		res := runCLI(t, nil, "", "kb", "lint", "--allow-sign-removal", dir)
		if res.code != 0 || !strings.Contains(res.stdout, ": ok: ") || !strings.Contains(res.stdout, "3 warning signs") {
			t.Errorf("exit %d stdout %q stderr %q", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("broken", func(t *testing.T) {
		t.Parallel()
		dir := kbDir(t)
		broken := "entries:\n  - id: Bad Id\n    kind: nonsense\n    title: {en: x, es: y}\n    answer: {en: x}\n    follow_up: [nowhere]\n"
		if err := os.WriteFile(filepath.Join(dir, "zz_broken.yaml"), []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		res := runCLI(t, nil, "", "kb", "lint", dir)
		if res.code != exitFail {
			t.Errorf("exit %d, want 1", res.code)
		}
		lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
		if len(lines) < 3 {
			t.Errorf("want a problem per fault, got:\n%s", res.stderr)
		}
		re := regexp.MustCompile(`^` + regexp.QuoteMeta(filepath.Join(dir, "zz_broken.yaml")) + `:\d+: \S`)
		for _, l := range lines {
			if !re.MatchString(l) {
				t.Errorf("problem line %q is not file:line: problem", l)
			}
		}
	})
	t.Run("missing dir", func(t *testing.T) {
		t.Parallel()
		res := runCLI(t, nil, "", "kb", "lint", filepath.Join(t.TempDir(), "nope"))
		if res.code != exitFail || res.stderr == "" {
			t.Errorf("exit %d stderr %q", res.code, res.stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{{"kb"}, {"kb", "frob"}, {"kb", "lint", "a", "b"}} {
			if res := runCLI(t, nil, "", args...); res.code != exitUsage {
				t.Errorf("%q: exit %d, want 2", args, res.code)
			}
		}
	})
}

func TestChatPiped(t *testing.T) {
	t.Parallel()
	dir := kbDir(t)
	res := runCLI(t, nil, "/help\n/lang es\n", "chat", "--kb", dir)
	if res.code != 0 {
		t.Fatalf("exit %d stderr %s", res.code, res.stderr)
	}
	for _, want := range []string{"/exercises", "1) Joint pain after birth", "Vale, a partir de ahora en español."} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, res.stdout)
		}
	}
	if res := runCLI(t, nil, "", "chat", "--lang", "fr", "--kb", dir); res.code != exitUsage {
		t.Errorf("--lang fr: exit %d, want 2", res.code)
	}
}

// TestChatPictures checks that an exercise's pictures are written to a
// temporary folder under $TMPDIR and their paths printed with alt text.
func TestChatPictures(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	res := runCLI(t, map[string]string{"TMPDIR": tmp}, "/exercises\n1\n", "chat", "--kb", kbDir(t))
	if res.code != 0 {
		t.Fatalf("exit %d stderr %s", res.code, res.stderr)
	}
	var paths []string
	for _, line := range strings.Split(res.stdout, "\n") {
		if rest, ok := strings.CutPrefix(line, "[picture] "); ok {
			path, alt, _ := strings.Cut(rest, ": ")
			paths = append(paths, path)
			if !strings.HasPrefix(alt, "Bridge, drawing") {
				t.Errorf("alt text %q", alt)
			}
		}
	}
	if len(paths) < 2 {
		t.Fatalf("%d pictures in:\n%s", len(paths), res.stdout)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(p, tmp) || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s: %v, under %s?", p, err, tmp)
		}
	}
	if !strings.Contains(res.stderr, "pictures are in "+tmp) {
		t.Errorf("stderr %q: want where the pictures are", res.stderr)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		res := runCLI(t, nil, "", args...)
		if res.code != 0 || !strings.Contains(res.stdout, "Usage:") || !strings.Contains(res.stdout, "kb lint") {
			t.Errorf("%q: exit %d stdout %q", args, res.code, res.stdout)
		}
	}
	for _, cmd := range []string{"chat", "match", "kb", "serve", "migrate", "version"} {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			res := runCLI(t, nil, "", args...)
			if res.code != 0 || !strings.HasPrefix(res.stdout, "Usage: carebot "+cmd) {
				t.Errorf("%q: exit %d stdout %q stderr %q", args, res.code, res.stdout, res.stderr)
			}
		}
	}
	res := runCLI(t, nil, "", "kb", "lint", "--help")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "Usage: carebot kb lint") {
		t.Errorf("kb lint --help: exit %d stdout %q", res.code, res.stdout)
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"chat", "--nope"}, {"match", "extra"}} {
		if res := runCLI(t, nil, "", args...); res.code != exitUsage || res.stderr == "" {
			t.Errorf("%q: exit %d stderr %q, want 2 and a message", args, res.code, res.stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "", "version")
	if res.code != 0 || !regexp.MustCompile(`^carebot \S+ \(.*go1\.\d+`).MatchString(res.stdout) {
		t.Errorf("exit %d stdout %q", res.code, res.stdout)
	}
}

// TestVersionCommit: a build without a VCS stamp (tests have none) names
// the commit given with -X main.commit. Not parallel: it sets a global.
func TestVersionCommit(t *testing.T) {
	defer func(c string) { commit = c }(commit)
	commit = "0123456789abcdef0123"
	if got := versionString(); !strings.Contains(got, "commit 0123456789ab") {
		t.Errorf("versionString() = %q, want the commit", got)
	}
}

func TestServeHealthz(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CAREBOT_HTTP_ADDR": "127.0.0.1:0", "CAREBOT_KB_DIR": kbDir(t),
		"CAREBOT_DATABASE_URL": filepath.Join(t.TempDir(), "carebot.db")}
	s := startServe(t, env)
	addr, errOut := s.addr, s.log
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "database ok\nknowledge_base ok\n"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited %d after shutdown: %s", code, errOut)
	}
	// No token set: the log says so and what to set.
	if logs := errOut.String(); !strings.Contains(logs, "no chat platform configured") || !strings.Contains(logs, "CAREBOT_TELEGRAM_TOKEN") {
		t.Errorf("serve without tokens does not say what to set:\n%.2000s", logs)
	}
}

func TestServeMissingConfigFile(t *testing.T) {
	t.Parallel()
	res := runCLI(t, nil, "", "serve", "--config", filepath.Join(t.TempDir(), "none.yaml"))
	if res.code != exitFail {
		t.Errorf("exit %d, want 1", res.code)
	}
}
