package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

const (
	chestPainMessage = "I have crushing chest pain right now"
	chestPainReply   = "Chest pain or pressure after giving birth can be serious."
)

// withoutChestPain removes sign.chest_pain from the signs.yaml of dir
// (a copy of the content).
func withoutChestPain(t *testing.T, dir string) {
	t.Helper()
	file := filepath.Join(dir, "signs.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	start := strings.Index(s, "  - id: sign.chest_pain\n")
	end := strings.Index(s[start+1:], "\n  - id: ")
	if start < 0 || end < 0 {
		t.Fatal("no sign.chest_pain block in signs.yaml: update this test")
	}
	if err := os.WriteFile(file, []byte(s[:start]+s[start+1+end+1:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestKBLintRefusesLostSign(t *testing.T) {
	t.Parallel()
	dir := contentCopy(t)
	if res := runCLI(t, nil, "", "kb", "lint", dir); res.code != exitOK {
		t.Fatalf("the unedited copy: exit %d: %s", res.code, res.stderr)
	}
	withoutChestPain(t, dir)
	res := runCLI(t, nil, "", "kb", "lint", dir)
	want := filepath.Join(dir, "signs.yaml") + ":1: warning sign sign.chest_pain (emergency): removed"
	if res.code != exitFail || !strings.HasPrefix(res.stderr, want) || strings.Count(res.stderr, "\n") != 1 {
		t.Errorf("exit %d stderr %q, want 1 and one line starting %q", res.code, res.stderr, want)
	}
	res = runCLI(t, nil, "", "kb", "lint", "--allow-sign-removal", dir)
	if res.code != exitOK || !strings.Contains(res.stderr, "sign.chest_pain (emergency): removed") || !strings.Contains(res.stdout, ": ok: ") {
		t.Errorf("--allow-sign-removal: exit %d stdout %q stderr %q", res.code, res.stdout, res.stderr)
	}
}

// TestServeRefusesReloadLosingSign deletes sign.chest_pain from the
// served folder: the reload is refused and chest pain still gets the
// emergency reply; with knowledge.allow_sign_removal the same edit is
// served.
func TestServeRefusesReloadLosingSign(t *testing.T) {
	t.Parallel()
	const (
		refused  = `"msg":"knowledge base reload failed; still serving the previous content"`
		loses    = `"msg":"knowledge base loses a warning sign; refused"`
		reloaded = `"msg":"knowledge base reloaded"`
	)
	for _, allow := range []bool{false, true} {
		dir := contentCopy(t)
		tg := telegramtest.New(t)
		tg.Timeout = serveWait
		sent := sentTexts(tg)
		var args []string
		if allow {
			args = []string{"--config", writeConfig(t, "knowledge:\n  allow_sign_removal: true\n")}
		}
		s := startServe(t, map[string]string{
			"CAREBOT_HTTP_ADDR":        "127.0.0.1:0",
			"CAREBOT_KB_DIR":           dir,
			"CAREBOT_TELEGRAM_TOKEN":   tg.Token,
			"CAREBOT_TELEGRAM_API_URL": tg.URL,
		}, args...)
		tg.Push(telegramtest.PrivateText(71, "en", chestPainMessage))
		waitSent(t, sent, 71, chestPainReply)

		withoutChestPain(t, dir)
		if !allow {
			s.log.waitCount(t, refused, 1)
			if !strings.Contains(s.log.String(), loses) || !strings.Contains(s.log.String(), `"sign":"sign.chest_pain"`) {
				t.Errorf("the refusal does not name the sign; log:\n%s", s.log)
			}
			tg.Push(telegramtest.PrivateText(72, "en", chestPainMessage))
			waitSent(t, sent, 72, chestPainReply)
		} else {
			s.log.waitCount(t, reloaded, 1)
			if strings.Contains(s.log.String(), refused) {
				t.Errorf("an allowed removal was refused; log:\n%s", s.log)
			}
		}
		if code := s.stop(t); code != exitOK {
			t.Errorf("exit %d: %s", code, s.log)
		}
	}
}

// TestServeRefusesStartLosingSign starts serve on a folder without
// sign.chest_pain: it exits 1 naming the sign, before it listens. With
// --allow-sign-removal, or knowledge.allow_sign_removal in the config
// file, it starts, and logs the loss as a warning.
func TestServeRefusesStartLosingSign(t *testing.T) {
	t.Parallel()
	dir := contentCopy(t)
	withoutChestPain(t, dir)
	env := map[string]string{"CAREBOT_HTTP_ADDR": "127.0.0.1:0", "CAREBOT_KB_DIR": dir}
	res := runCLI(t, env, "", "serve")
	if res.code != exitFail || !strings.Contains(res.stderr, `"msg":"knowledge base loses a warning sign; refused"`) ||
		!strings.Contains(res.stderr, `"sign":"sign.chest_pain"`) || !strings.Contains(res.stderr, "warning signs would be lost") {
		t.Fatalf("serve on content without sign.chest_pain: exit %d, want 1 naming the sign; stderr:\n%s", res.code, res.stderr)
	}
	for _, args := range [][]string{
		{"--allow-sign-removal"},
		{"--config", writeConfig(t, "knowledge:\n  allow_sign_removal: true\n")},
	} {
		s := startServe(t, env, args...)
		log := s.log
		if code := s.stop(t); code != exitOK {
			t.Errorf("serve %v: exit %d: %s", args, code, log)
		}
		if out := log.String(); !strings.Contains(out, `"msg":"knowledge base loses a warning sign; allowed by knowledge.allow_sign_removal"`) ||
			!strings.Contains(out, `"sign":"sign.chest_pain"`) {
			t.Errorf("serve %v: the allowed loss is not logged; log:\n%s", args, out)
		}
	}
}
