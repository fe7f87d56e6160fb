package slack

import (
	"os"
	"strings"
	"testing"
)

// TestManifest checks that the app manifest an admin installs asks for
// what the adapter serves and handles.
func TestManifest(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../deploy/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := string(raw)
	for _, want := range []string{
		"https://carebot.example.org" + PathEvents,
		"https://carebot.example.org" + PathCommands,
		"https://carebot.example.org" + PathInteractive,
		"command: /carebot",
		"- app_mention\n", "- message.channels\n", "- message.groups\n", "- message.im\n",
		"- app_mentions:read", "- chat:write", "- commands", "- im:history", "- channels:history", "- groups:history", "- reactions:write", "- files:write",
		"is_enabled: true",
		"socket_mode_enabled: false",
		"should_escape: false",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	if strings.Contains(m, "\t") {
		t.Error("manifest has tabs (invalid YAML indentation)")
	}
}
