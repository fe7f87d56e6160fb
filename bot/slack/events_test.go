package slack

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/carebot/carebot/bot"
)

func TestMentionAnsweredInThreadWithBlockKit(t *testing.T) {
	t.Parallel()
	msgs := make(chan bot.Message, 4)
	b := setup(t, recordingHandler(echoHandler(), msgs))
	b.event(t, "Ev1", mention("CGEN", "UNURSE", "<@UCAREBOT> wrist pain &amp; &lt;b&gt;", "1700000100.000200"), nil)

	m := recv(t, msgs)
	if m.Text != "wrist pain & <b>" || m.Platform != bot.PlatformSlack || m.ChatID != "CGEN" || m.UserID != "UNURSE" {
		t.Errorf("handler got %+v", m)
	}
	c := b.wait(t, "chat.postMessage", 1)[0]
	if c.Channel != "CGEN" || c.ThreadTS != "1700000100.000200" {
		t.Errorf("posted to %s thread %q, want CGEN thread 1700000100.000200", c.Channel, c.ThreadTS)
	}
	want := []string{"header", "section", "rich_text", "section", "context", "actions"}
	if got := c.BlockTypes(); !slices.Equal(got, want) {
		t.Errorf("blocks %v, want %v", got, want)
	}
	if !hasText(c, "wrist pain &amp; &lt;b&gt;") {
		t.Errorf("text not escaped: %s", c.Blocks)
	}
	if c.Text == "" || !hasText(c, "You asked") {
		t.Errorf("no plain-text fallback: %q", c.Text)
	}
	if v, ok := c.Button("carebot_btn_0"); !ok || v != "kb:more" {
		t.Errorf("follow-up button = %q, %v", v, ok)
	}
}

func TestRetriedEventAnsweredOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	ev := mention("CGEN", "UNURSE", "<@UCAREBOT> knee", "1700000100.000300")
	b.event(t, "EvRetry", ev, nil)
	b.event(t, "EvRetry", ev, http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}})
	b.event(t, "EvRetry", ev, http.Header{"X-Slack-Retry-Num": {"2"}, "X-Slack-Retry-Reason": {"http_timeout"}})
	b.stop(t) // drains the queue: every event was processed
	if n := len(b.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d replies to one event sent three times, want 1", n)
	}

	// Across a restart: a new adapter on the same store ignores it too.
	a2, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(b.fake.APIURL()), WithStore(b.store))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a2.Run(ctx) }()
	body := eventBody(t, "EvRetry", ev)
	if err := a2.acceptEvent(parseForTest(t, body), body); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	if n := len(b.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d replies after restart, want 1", n)
	}
}

func TestDirectMessageAnsweredInDM(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.event(t, "EvDM", dm("DNURSE", "UNURSE", "back pain", "1700000100.000400"), nil)
	c := b.wait(t, "chat.postMessage", 1)[0]
	if c.Channel != "DNURSE" || c.ThreadTS != "" {
		t.Errorf("posted to %s thread %q, want the DM without a thread", c.Channel, c.ThreadTS)
	}
}

func TestIgnoredEvents(t *testing.T) {
	t.Parallel()
	msgs := make(chan bot.Message, 4)
	b := setup(t, recordingHandler(echoHandler(), msgs))
	bot := dm("DNURSE", "UOTHERBOT", "hello", "1700000100.000500")
	bot["bot_id"] = "B0OTHER"
	edited := dm("DNURSE", "UNURSE", "hello", "1700000100.000600")
	edited["subtype"] = "message_changed"
	chatter := map[string]any{"type": "message", "channel": "CGEN", "channel_type": "channel", "user": "UNURSE", "text": "hi all", "ts": "1700000100.000700"}
	notAlert := threadReply("CGEN", "UNURSE", "agreed", "1700000100.000800", "1700000100.000100")
	for i, ev := range []map[string]any{bot, edited, chatter, notAlert} {
		b.event(t, "EvIgnored"+string(rune('A'+i)), ev, nil)
	}
	b.stop(t)
	if n := len(b.fake.Calls("")); n != 0 {
		t.Errorf("%d Web API calls, want none: %+v", n, b.fake.Calls(""))
	}
	if len(msgs) != 0 {
		t.Errorf("handler called %d times", len(msgs))
	}
	if n := b.store.markCount(); n != 0 {
		t.Errorf("%d MarkProcessed calls for ignored events, want 0", n)
	}
}

func TestHandlerErrorApologises(t *testing.T) {
	t.Parallel()
	b := setup(t, bot.HandlerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{}, context.DeadlineExceeded
	}))
	b.event(t, "EvErr", dm("DNURSE", "UNURSE", "hip", "1700000100.000900"), nil)
	if c := b.wait(t, "chat.postMessage", 1)[0]; !hasText(c, "Sorry") {
		t.Errorf("no apology: %q", c.Text)
	}
}

func TestRateLimitedPostRetried(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.fake.RateLimit("chat.postMessage", 7)
	b.event(t, "Ev429", dm("DNURSE", "UNURSE", "neck", "1700000101.000100"), nil)
	if d := recv(t, b.sleeps); d.Seconds() != 7 {
		t.Errorf("waited %v, want the Retry-After of 7s", d)
	}
	b.wait(t, "chat.postMessage", 1)
	b.stop(t)
	if n, l := len(b.fake.Calls("chat.postMessage")), b.fake.RateLimited(); n != 1 || l != 1 {
		t.Errorf("%d posts and %d rate-limited answers, want 1 and 1", n, l)
	}
}

func TestRateLimitGivesUp(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	for range 4 {
		b.fake.RateLimit("chat.postMessage", 1)
	}
	_, err := b.a.PostReply(context.Background(), "CGEN", bot.Reply{Text: "tip"})
	if err == nil {
		t.Fatal("no error after 4 answers 429")
	}
	if l := b.fake.RateLimited(); l != 4 {
		t.Errorf("%d tries, want 1 + 3 retries", l)
	}
}

// TestChannelRateLimit checks the per-channel limiter: with no tokens left
// a second post to the same channel waits (and gives up when its context
// cannot wait), while another channel is not held up.
func TestChannelRateLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, nil, WithConfig(Config{ChannelRate: 1e-9, ChannelBurst: 1}))
	ctx := context.Background()
	if _, err := b.a.PostReply(ctx, "C1", bot.Reply{Text: "one"}); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if _, err := b.a.PostReply(short, "C1", bot.Reply{Text: "two"}); err == nil {
		t.Error("second post to C1 was not held back")
	}
	if _, err := b.a.PostReply(ctx, "C2", bot.Reply{Text: "three"}); err != nil {
		t.Errorf("post to C2: %v", err)
	}
	if n := len(b.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d posts, want 2", n)
	}
}

func TestQueueFullAnswers503(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}, 4), make(chan struct{})
	b := setup(t, bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		entered <- struct{}{}
		<-release
		return bot.Reply{Text: "ok"}, nil
	}), WithConfig(Config{Workers: 1, QueueSize: 1, ChannelRate: 1e9}))
	defer close(release)
	b.event(t, "EvQ1", dm("DNURSE", "UNURSE", "a", "1700000102.000100"), nil)
	recv(t, entered) // the worker is busy
	b.event(t, "EvQ2", dm("DNURSE", "UNURSE", "b", "1700000102.000200"), nil)
	resp := b.send(t, PathEvents, "application/json", eventBody(t, "EvQ3", dm("DNURSE", "UNURSE", "c", "1700000102.000300")), nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d with a full queue, want 503", resp.StatusCode)
	}
}

func TestShutdownDrainsQueue(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}, 4), make(chan struct{})
	b := setup(t, bot.HandlerFunc(func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		entered <- struct{}{}
		<-release
		return bot.Reply{Text: "ok " + m.Text}, nil
	}), WithConfig(Config{Workers: 1, ChannelRate: 1e9}))
	b.event(t, "EvD1", dm("DNURSE", "UNURSE", "a", "1700000103.000100"), nil)
	b.event(t, "EvD2", dm("DNURSE", "UNURSE", "b", "1700000103.000200"), nil)
	recv(t, entered)
	b.cancel() // shutdown begins with one job running and one queued
	resp := b.send(t, PathEvents, "application/json", eventBody(t, "EvD3", dm("DNURSE", "UNURSE", "c", "1700000103.000300")), nil)
	close(release)
	b.stop(t)
	// The request that raced the shutdown was either refused (Slack
	// retries) or, if it won the race, queued and answered too.
	want := 2
	switch resp.StatusCode {
	case http.StatusOK:
		want = 3
	case http.StatusServiceUnavailable:
	default:
		t.Errorf("status %d during shutdown", resp.StatusCode)
	}
	if n := len(b.fake.Calls("chat.postMessage")); n != want {
		t.Errorf("%d replies after shutdown (the last request answered %d), want %d", n, resp.StatusCode, want)
	}
}

// TestAlertSkipsChannelLimiter: an escalation alert does not wait behind
// the care channel's rate limit; ordinary posts then wait.
func TestAlertSkipsChannelLimiter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, nil, WithConfig(Config{ChannelRate: 1e-9, ChannelBurst: 1}))
	if _, err := b.a.PostReply(ctx, careChannel, bot.Reply{Text: "tip of the day"}); err != nil {
		t.Fatal(err)
	}
	p := &bot.Person{Key: bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "1"}, Consent: bot.ConsentGranted, Active: true}
	if err := b.store.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	r := bot.Reply{Level: bot.LevelEmergency, Alert: "Call 911 now."}
	if err := b.a.Alert(short, p, bot.Message{Text: "chest pain"}, r); err != nil {
		t.Fatalf("alert held back by the rate limiter: %v", err)
	}
	if _, err := b.a.PostReply(short, careChannel, bot.Reply{Text: "another tip"}); err == nil {
		t.Error("ordinary post not held back")
	}
}
