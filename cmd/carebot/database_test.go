package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrate(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CAREBOT_DATABASE_URL": filepath.Join(t.TempDir(), "carebot.db")}
	for range 2 { // migrating again is a no-op
		res := runCLI(t, env, "", "migrate")
		if res.code != exitOK || !strings.Contains(res.stdout, "schema version 7") {
			t.Fatalf("migrate: exit %d stdout %q stderr %q", res.code, res.stdout, res.stderr)
		}
	}
	if res := runCLI(t, env, "", "migrate", "extra"); res.code != exitUsage {
		t.Errorf("migrate extra: exit %d, want 2", res.code)
	}
	bad := map[string]string{"CAREBOT_DATABASE_URL": filepath.Join(t.TempDir(), "missing", "dir", "carebot.db")}
	if res := runCLI(t, bad, "", "migrate"); res.code != exitFail || res.stderr == "" {
		t.Errorf("migrate into a missing folder: exit %d stderr %q, want 1 and a message", res.code, res.stderr)
	}
}
