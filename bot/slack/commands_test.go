package slack

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/carebot/carebot/bot"
)

// TestSlashCommandAcknowledgedBeforeAnswer uses a handler that blocks
// until released: the command's HTTP answer must arrive while the handler
// is still blocked, and the answer follow through the response_url.
func TestSlashCommandAcknowledgedBeforeAnswer(t *testing.T) {
	t.Parallel()
	entered, release := make(chan bot.Message, 1), make(chan struct{})
	b := setup(t, bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		entered <- m
		<-release
		return echoHandler().Handle(ctx, m)
	}))
	resp := b.command(t, "CGEN", "UNURSE", "wrist pain", b.fake.ResponseURL("cmd1"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	m := recv(t, entered) // the handler runs, and is still blocked: the ack came first
	if m.Text != "wrist pain" || m.ChatID != "CGEN" || m.UserID != "UNURSE" {
		t.Errorf("handler got %+v", m)
	}
	if n := len(b.fake.Calls("response_url")); n != 0 {
		t.Fatalf("answered before the handler returned")
	}
	close(release)
	c := b.wait(t, "response_url", 1)[0]
	if c.Path != "/response/cmd1" || c.ResponseType != "ephemeral" {
		t.Errorf("answer %s as %q, want ephemeral on /response/cmd1", c.Path, c.ResponseType)
	}
	if v, ok := c.Button(actionShare); !ok || v != "wrist pain" {
		t.Errorf("share button = %q, %v", v, ok)
	}
	if got := c.BlockTypes(); got[0] != "header" || got[len(got)-1] != "actions" {
		t.Errorf("blocks %v", got)
	}
}

func TestSlashCommandWithoutResponseURLIsEphemeral(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.command(t, "CGEN", "UNURSE", "knee", "")
	c := b.wait(t, "chat.postEphemeral", 1)[0]
	if c.Channel != "CGEN" || c.User != "UNURSE" {
		t.Errorf("ephemeral to %s/%s", c.Channel, c.User)
	}
}

func TestSlashCommandEmptyShowsHelp(t *testing.T) {
	t.Parallel()
	msgs := make(chan bot.Message, 1)
	b := setup(t, recordingHandler(echoHandler(), msgs))
	b.command(t, "CGEN", "UNURSE", "  ", b.fake.ResponseURL("help"))
	if m := recv(t, msgs); m.Text != "/help" {
		t.Errorf("empty command sent %q, want /help", m.Text)
	}
	if c := b.wait(t, "response_url", 1)[0]; slices.Contains(c.ActionIDs(), actionShare) {
		t.Error("help offers Share in channel")
	}
}

func TestSubcommand(t *testing.T) {
	t.Parallel()
	sched := make(chan bot.Message, 1)
	b := setup(t, nil, WithSubcommand("schedule", bot.HandlerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		sched <- m
		return bot.Reply{Text: "Scheduled."}, nil
	})))
	b.command(t, "CGEN", "UNURSE", "Schedule daily 09:00 tip", b.fake.ResponseURL("sched"))
	if m := recv(t, sched); m.Text != "daily 09:00 tip" || m.ChatID != "CGEN" {
		t.Errorf("subcommand got %+v", m)
	}
	if c := b.wait(t, "response_url", 1)[0]; !hasText(c, "Scheduled.") {
		t.Errorf("answer %q", c.Text)
	}
}

func TestShareInChannel(t *testing.T) {
	t.Parallel()
	msgs := make(chan bot.Message, 1)
	b := setup(t, recordingHandler(echoHandler(), msgs))
	b.interact(t, blockAction("CGEN", "UNURSE", b.fake.ResponseURL("share"), true, "", "1700000200.000100", actionShare, "wrist pain"))
	if m := recv(t, msgs); m.Text != "wrist pain" {
		t.Errorf("shared question %q", m.Text)
	}
	c := b.wait(t, "chat.postMessage", 1)[0]
	if c.Channel != "CGEN" || c.ThreadTS != "" || !hasText(c, "Shared by <@UNURSE>") {
		t.Errorf("shared post %+v", c)
	}
	if r := b.wait(t, "response_url", 1)[0]; !r.DeleteOriginal {
		t.Error("ephemeral answer not removed")
	}
}

func TestShareFallsBackToResponseURL(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.fake.Fail("chat.postMessage", "not_in_channel")
	b.interact(t, blockAction("CPRIV", "UNURSE", b.fake.ResponseURL("share"), true, "", "1700000200.000100", actionShare, "hip"))
	calls := b.wait(t, "response_url", 2)
	if calls[0].ResponseType != "in_channel" || !calls[1].DeleteOriginal {
		t.Errorf("response_url calls %+v", calls)
	}
}

func TestFollowUpButton(t *testing.T) {
	t.Parallel()
	msgs := make(chan bot.Message, 2)
	b := setup(t, recordingHandler(echoHandler(), msgs))
	// On an answer in a channel thread: the answer goes into the thread.
	b.interact(t, blockAction("CGEN", "UNURSE", b.fake.ResponseURL("f1"), false, "1700000300.000100", "1700000300.000200", "carebot_btn_0", "kb:more"))
	if m := recv(t, msgs); m.Payload != "kb:more" || m.Text != "" {
		t.Errorf("button sent %+v", m)
	}
	if c := b.wait(t, "chat.postMessage", 1)[0]; c.Channel != "CGEN" || c.ThreadTS != "1700000300.000100" {
		t.Errorf("follow-up posted to %s thread %q", c.Channel, c.ThreadTS)
	}
	// On an ephemeral answer: answered ephemerally.
	b.interact(t, blockAction("CGEN", "UNURSE", b.fake.ResponseURL("f2"), true, "", "1700000300.000300", "carebot_btn_0", "kb:more"))
	if c := b.wait(t, "response_url", 1)[0]; c.ResponseType != "ephemeral" || c.Path != "/response/f2" {
		t.Errorf("follow-up on ephemeral answered %+v", c)
	}
}

// blockAction is a block_actions payload for one tapped button.
func blockAction(channel, user, responseURL string, ephemeral bool, threadTS, msgTS, actionID, value string) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": user, "name": "nurse"},
		"channel":      map[string]any{"id": channel, "name": "general"},
		"team":         map[string]any{"id": "T0CARE"},
		"response_url": responseURL,
		"trigger_id":   fmt.Sprintf("trig-tap%d", triggers.Add(1)),
		"container": map[string]any{"type": "message", "channel_id": channel, "message_ts": msgTS,
			"thread_ts": threadTS, "is_ephemeral": ephemeral},
		"message": map[string]any{"type": "message", "ts": msgTS, "text": "answer"},
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "b", "value": value, "action_ts": "1700000399.0"}},
	}
}
