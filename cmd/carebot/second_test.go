package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents/second"
)

// TestMatchSecondOpinion checks the switch of the learned second opinion:
// a model file whose thresholds raise everything, off, and a bad file.
func TestMatchSecondOpinion(t *testing.T) {
	t.Parallel()
	m, err := second.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.WithThresholds(second.Thresholds{Check: 1e-9, Provider: 2, Emergency: 2}).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	always := filepath.Join(t.TempDir(), "always.bin")
	if err := os.WriteFile(always, data, 0o644); err != nil {
		t.Fatal(err)
	}
	const in = "how do I do a bridge\n"
	for _, tc := range []struct {
		flag, env, want string
	}{
		{always, "", `"escalation":"check"`},
		{"off", always, `"escalation":"none"`},
		{"", always, `"escalation":"check"`},
	} {
		var env map[string]string
		if tc.env != "" {
			env = map[string]string{envSecondOpinion: tc.env}
		}
		args := []string{"match", "--kb", kbDir(t)}
		if tc.flag != "" {
			args = append(args, "--second-opinion", tc.flag)
		}
		res := runCLI(t, env, in, args...)
		if res.code != exitOK || !strings.Contains(res.stdout, tc.want) {
			t.Errorf("flag %q env %q: exit %d, %s%s, want %s", tc.flag, tc.env, res.code, res.stdout, res.stderr, tc.want)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.bin")
	if err := os.WriteFile(bad, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := runCLI(t, nil, in, "match", "--second-opinion", bad); res.code != exitFail || !strings.Contains(res.stderr, "second opinion") {
		t.Errorf("bad model: exit %d, stderr %q", res.code, res.stderr)
	}
}
