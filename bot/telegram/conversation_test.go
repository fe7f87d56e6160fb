package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

func TestButtonsAndCallbacks(t *testing.T) {
	t.Parallel()
	long := "cmd:/nudge " + strings.Repeat("08:00,", 20) // over 64 bytes
	f := setup(t, false)
	f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
		if m.Payload != "" {
			return bot.Reply{Text: "tapped " + m.Payload}, nil
		}
		return bot.Reply{Text: "Which joint?", Buttons: []bot.Button{
			{Label: "Wrist", Payload: "kb:wrist_pain"},
			{Label: "Nudges", Payload: long},
			{Label: "Odd", Payload: "~looks like a token"},
		}}, nil
	}
	f.srv.Push(telegramtest.PrivateText(9, "en", "pain"))
	f.h.next(t)
	msg := f.srv.WaitSent(t, 9, 1)[0]
	if len(msg.Buttons) != 3 {
		t.Fatalf("buttons %+v, want 3 rows", msg.Buttons)
	}
	for i, c := range []struct{ label, payload string }{
		{"Wrist", "kb:wrist_pain"}, {"Nudges", long}, {"Odd", "~looks like a token"},
	} {
		data, ok := msg.Button(c.label)
		if !ok || len(data) > telegram.MaxCallbackData {
			t.Fatalf("button %q: data %q", c.label, data)
		}
		f.srv.Push(telegramtest.Tap(msg, 9, data))
		if got := f.h.next(t); got.Payload != c.payload || got.ChatID != "9" || got.UserID != "9" || got.Text != "" {
			t.Errorf("tap %q: handler got %+v, want payload %q", c.label, got, c.payload)
		}
		answers := f.srv.WaitCalls(t, "answerCallbackQuery", i+1)
		if id := answers[i].Params["callback_query_id"]; id == "" {
			t.Errorf("answerCallbackQuery without an id: %v", answers[i].Params)
		}
		sent := f.srv.WaitSent(t, 9, i+2)
		if last := sent[i+1].Text; last != "tapped "+c.payload {
			t.Errorf("tap %q: reply %q", c.label, last)
		}
	}
	if n := len(f.srv.Calls("answerCallbackQuery")); n != 3 {
		t.Errorf("%d answerCallbackQuery calls, want one per tap", n)
	}
}

func TestExpiredButton(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	f.srv.Push(telegramtest.Tap(telegramtest.Sent{ChatID: 9, MessageID: 1}, 9, "~AAAAAAAAAAAAAAAAAAAA"))
	calls := f.srv.WaitCalls(t, "answerCallbackQuery", 1)
	if calls[0].Params["text"] == "" {
		t.Error("a tap on an unknown token is answered without a word")
	}
	f.srv.Push(telegramtest.PrivateText(9, "en", "next"))
	if m := f.h.next(t); m.Text != "next" {
		t.Errorf("handler got %+v for the expired tap", m)
	}
}

func TestRetryAfter429(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var waits []time.Duration
	sleep := func(_ context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return nil
	}
	f := setup(t, false, telegram.WithSleep(sleep))
	// Send (nudges, relays) hands the 429 to its caller: the sender
	// contract's *bot.RateLimitError, nothing sent, no wait of its own.
	f.srv.FailNext("sendMessage", telegramtest.TooManyRequests(3))
	err := f.a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "77"}, bot.Reply{Text: "time for five mini squats"})
	var rl *bot.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
		t.Fatalf("Send after a 429 = %v, want a *bot.RateLimitError of 3s", err)
	}
	if sent := f.srv.Sent(77); len(sent) != 0 {
		t.Errorf("sent %d messages, want none", len(sent))
	}

	// A reply waits for retry_after, however long, and never gives up on
	// 429s: here five of 90 s each.
	for range 5 {
		f.srv.FailNext("sendMessage", telegramtest.TooManyRequests(90))
	}
	f.srv.Push(telegramtest.PrivateText(78, "en", "a"))
	f.srv.Push(telegramtest.PrivateText(78, "en", "b"))
	sent := f.srv.WaitSent(t, 78, 2)
	if len(sent) != 2 || sent[0].Text != "echo: a" || sent[1].Text != "echo: b" {
		t.Errorf("sent %+v, want a then b once each", sent)
	}
	mu.Lock()
	if want := slices.Repeat([]time.Duration{90 * time.Second}, 5); !slices.Equal(waits, want) {
		t.Errorf("waited %v, want retry_after 90s five times", waits)
	}
	mu.Unlock()
}

func TestRetryTransient(t *testing.T) {
	t.Parallel()
	f := setup(t, false, telegram.WithSleep(func(context.Context, time.Duration) error { return nil }), telegram.WithMaxRetries(2))
	// Send retries a 5xx WithMaxRetries times, then fails.
	for range 3 {
		f.srv.FailNext("sendMessage", telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	}
	err := f.a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "5"}, bot.Reply{Text: "x"})
	if err == nil || len(f.srv.Sent(5)) != 0 || len(f.srv.Calls("sendMessage")) != 3 {
		t.Errorf("err %v after %d calls; want an error after 1 try and 2 retries", err, len(f.srv.Calls("sendMessage")))
	}
	// A reply is retried until it goes out.
	for range 6 {
		f.srv.FailNext("sendMessage", telegramtest.Failure{Code: 502, Description: "Bad Gateway"})
	}
	f.srv.Push(telegramtest.PrivateText(6, "en", "hello"))
	if sent := f.srv.WaitSent(t, 6, 1); sent[0].Text != "echo: hello" {
		t.Errorf("sent %+v", sent)
	}
}

func TestBlocked403(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "31"}
	f.store.SavePerson(context.Background(), &bot.Person{Key: key, Active: true, Nudge: bot.NudgeSettings{Enabled: true}})
	<-f.store.saved
	f.srv.FailChat(31, telegramtest.Blocked())

	err := f.a.Send(context.Background(), key, bot.Reply{Text: "nudge"})
	if !errors.Is(err, telegram.ErrBlocked) {
		t.Fatalf("Send: %v, want ErrBlocked", err)
	}
	if p := <-f.store.saved; p.Key != key || p.Active {
		t.Errorf("saved %+v, want person 31 inactive", p)
	}

	// A reply that meets a 403 does the same.
	key2 := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "32"}
	f.store.SavePerson(context.Background(), &bot.Person{Key: key2, Active: true})
	<-f.store.saved
	f.srv.FailChat(32, telegramtest.Blocked())
	f.srv.Push(telegramtest.PrivateText(32, "en", "hi"))
	select {
	case p := <-f.store.saved:
		if p.Key != key2 || p.Active {
			t.Errorf("saved %+v, want person 32 inactive", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("person not marked inactive")
	}
	if err := f.a.Send(context.Background(), bot.PersonKey{Platform: bot.PlatformSlack, ChatID: "C1"}, bot.Reply{Text: "x"}); !errors.Is(err, telegram.ErrNotTelegram) {
		t.Errorf("Send to a Slack key: %v, want ErrNotTelegram", err)
	}
}

func TestLongAnswerSplit(t *testing.T) {
	t.Parallel()
	var paras []string
	for i := range 12 {
		paras = append(paras, fmt.Sprintf("Paragraph %02d. ", i)+strings.TrimSpace(strings.Repeat("Rest your wrist in a neutral position. ", 13)))
	}
	text := strings.Join(paras, "\n\n")
	if n := len(text); n < 6000 {
		t.Fatalf("answer only %d characters", n)
	}
	f := setup(t, false)
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: text, Buttons: []bot.Button{{Label: "More", Payload: "kb:more"}}}, nil
	}
	f.srv.Push(telegramtest.PrivateText(12, "en", "tell me everything"))
	f.srv.Push(telegramtest.PrivateText(12, "en", "done?"))
	sent := f.srv.WaitSent(t, 12, 4)
	parts := []string{sent[0].Text, sent[1].Text}
	for i, p := range parts {
		if telegramtest.Len16(sent[i].Raw) > telegram.MaxMessageLength {
			t.Errorf("part %d is %d long", i, telegramtest.Len16(sent[i].Raw))
		}
		if !strings.HasPrefix(p, "Paragraph ") || !strings.HasSuffix(p, "position.") {
			t.Errorf("part %d not cut at a paragraph: %.40q ... %.40q", i, p, p[max(0, len(p)-40):])
		}
	}
	if got := strings.Join(parts, "\n\n"); got != text {
		t.Errorf("parts do not add up to the answer")
	}
	if sent[0].Buttons != nil || sent[1].Buttons == nil {
		t.Error("buttons belong under the last part only")
	}
	if sent[2].Text != text[:len(sent[2].Text)] {
		t.Error("second answer not in order")
	}
}

func TestHTMLSpecialCharacters(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	reply := bot.Reply{
		Alert:   "Call 911 if pain > 8/10 & you can't move <your arm>",
		Title:   "Wrist & thumb <de Quervain>",
		Text:    "Use ice_packs *gently* for 10 <15> min & rest.\n\nA_b*c [x](y) `z` #tag",
		Steps:   []string{"Make a fist <slowly>", "Open & repeat"},
		Sources: []string{"Mayo Clinic <2024> & ACOG"},
	}
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) { return reply, nil }
	f.srv.Push(telegramtest.PrivateText(13, "en", "<b>bold?</b> & more"))
	if m := f.h.next(t); m.Text != "<b>bold?</b> & more" {
		t.Errorf("handler got %q", m.Text)
	}
	sent := f.srv.WaitSent(t, 13, 1)[0]
	want := "Call 911 if pain > 8/10 & you can't move <your arm>\n\n" +
		"Wrist & thumb <de Quervain>\n\n" +
		"Use ice_packs *gently* for 10 <15> min & rest.\n\n" +
		"A_b*c [x](y) `z` #tag\n\n" +
		"1. Make a fist <slowly>\n2. Open & repeat\n\n" +
		"Sources:\n• Mayo Clinic <2024> & ACOG"
	if sent.Text != want {
		t.Errorf("visible text\n%s\nwant\n%s", sent.Text, want)
	}
	if !strings.HasPrefix(sent.Raw, "<b>Call 911 if pain &gt; 8/10 &amp; you can't move &lt;your arm&gt;</b>\n\n<b>Wrist &amp; thumb") {
		t.Errorf("alert not first and bold: %.80q", sent.Raw)
	}
	if !strings.Contains(sent.Raw, "ice_packs *gently*") {
		t.Errorf("_ and * must not be escaped in HTML mode: %q", sent.Raw)
	}
}

func TestMalformedUpdates(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	id := f.srv.NextUpdateID()
	f.srv.PushRaw(id, fmt.Sprintf(`{"update_id":%d,"poll":{"id":"1","question":"?","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}`, id))
	id = f.srv.NextUpdateID()
	f.srv.PushRaw(id, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":1,"date":1,"chat":{"id":14,"type":"private"}}}`, id)) // no sender
	id = f.srv.NextUpdateID()
	f.srv.PushRaw(id, fmt.Sprintf(`{"update_id":%d,"edited_message":{"message_id":1,"date":1,"chat":{"id":14,"type":"private"},"from":{"id":14,"is_bot":false},"text":"edit"}}`, id))
	id = f.srv.NextUpdateID()
	f.srv.PushRaw(id, fmt.Sprintf(`{"update_id":%d,"callback_query":{"id":"q","from":{"id":14,"is_bot":false},"chat_instance":"c","inline_message_id":"im","data":"kb:x"}}`, id))
	sticker := telegramtest.PrivateText(14, "es", "")
	sticker.Message.Sticker = &telegramtest.Sticker{FileID: "f", Emoji: "👍"}
	f.srv.Push(sticker)
	f.srv.Push(telegramtest.PrivateText(14, "en", "still here"))

	if m := f.h.next(t); m.Text != "still here" {
		t.Errorf("handler got %+v, want only the text message", m)
	}
	sent := f.srv.WaitSent(t, 14, 2)
	if !strings.Contains(sent[0].Text, "texto") || sent[1].Text != "echo: still here" {
		t.Errorf("sent %q, want the non-text notice (Spanish) then the echo", []string{sent[0].Text, sent[1].Text})
	}
}

func TestRestartDoesNotAnswerTwice(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	u1 := telegramtest.PrivateText(15, "en", "first")
	u1.UpdateID = f.srv.Push(u1)
	u2 := telegramtest.PrivateText(15, "en", "second")
	u2.UpdateID = f.srv.Push(u2)
	f.srv.WaitSent(t, 15, 2)
	f.shutdown(t)

	// Telegram redelivers what the crashed process had not confirmed.
	f.srv.Push(u1)
	f.srv.Push(u2)
	f.srv.Push(telegramtest.PrivateText(15, "en", "third"))
	f.start(t, false)
	sent := f.srv.WaitSent(t, 15, 3)
	var texts []string
	for _, m := range sent {
		texts = append(texts, m.Text)
	}
	want := []string{"echo: first", "echo: second", "echo: third"}
	if !slices.Equal(texts, want) {
		t.Errorf("sent %q, want %q", texts, want)
	}

	// The same in webhook mode: Telegram retries a delivery.
	f.shutdown(t)
	f.start(t, true)
	u4 := telegramtest.PrivateText(15, "en", "fourth")
	u4.UpdateID = f.srv.NextUpdateID()
	f.deliver(t, u4, http.StatusOK)
	f.deliver(t, u4, http.StatusOK)
	f.deliver(t, telegramtest.PrivateText(15, "en", "fifth"), http.StatusOK)
	sent = f.srv.WaitSent(t, 15, 5)
	if len(sent) != 5 || sent[3].Text != "echo: fourth" || sent[4].Text != "echo: fifth" {
		t.Errorf("after webhook retry sent %d messages, last %q", len(sent), sent[len(sent)-1].Text)
	}
}

func TestChatsConcurrentEachInOrder(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	bDone := make(chan struct{})
	var once sync.Once
	f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
		switch {
		case m.Text == "a0":
			// Chat A's first answer waits for chat B: if chats were
			// answered one after the other, this would never end.
			select {
			case <-bDone:
			case <-time.After(10 * time.Second):
				return bot.Reply{Text: "B never ran while A waited"}, nil
			}
		case m.ChatID == "200":
			once.Do(func() { close(bDone) })
		}
		return bot.Reply{Text: m.Text}, nil
	}
	const n = 8
	for i := range n {
		f.srv.Push(telegramtest.PrivateText(100, "en", fmt.Sprintf("a%d", i)))
		f.srv.Push(telegramtest.PrivateText(200, "en", fmt.Sprintf("b%d", i)))
	}
	for chat, prefix := range map[int64]string{100: "a", 200: "b"} {
		sent := f.srv.WaitSent(t, chat, n)
		for i, m := range sent {
			if want := fmt.Sprintf("%s%d", prefix, i); m.Text != want {
				t.Errorf("chat %d message %d: %q, want %q", chat, i, m.Text, want)
			}
		}
	}
}

func TestWebhookChatsInOrder(t *testing.T) {
	t.Parallel()
	f := setup(t, true)
	var wg sync.WaitGroup
	for _, chat := range []int64{300, 400} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				u := telegramtest.PrivateText(chat, "en", fmt.Sprint(i))
				if code, err := f.srv.Deliver(context.Background(), u); err != nil || code != 200 {
					t.Errorf("deliver: %d %v", code, err)
				}
			}
		}()
	}
	wg.Wait()
	for _, chat := range []int64{300, 400} {
		for i, m := range f.srv.WaitSent(t, chat, 10) {
			if m.Text != fmt.Sprintf("echo: %d", i) {
				t.Errorf("chat %d message %d: %q", chat, i, m.Text)
			}
		}
	}
}

func TestGroupChat(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	const group, user = -1001234, 555
	mention := telegramtest.GroupText(group, user, "@"+telegramtest.DefaultUsername+" my wrist hurts")
	mention.Message.Entities = []telegramtest.Entity{{Type: "mention", Offset: 0, Length: 1 + len(telegramtest.DefaultUsername)}}
	reply := telegramtest.GroupText(group, user, "and my knee")
	reply.Message.ReplyToMessage = &telegramtest.Message{MessageID: 1, From: &f.srv.Me, Date: 1, Chat: telegramtest.Chat{ID: group, Type: "supergroup"}, Text: "earlier"}
	for _, u := range []telegramtest.Update{
		telegramtest.GroupText(group, user, "just chatting"),
		telegramtest.GroupText(group, user, "/help@some_other_bot"),
		telegramtest.GroupText(group, user, "/help@"+telegramtest.DefaultUsername),
		mention,
		telegramtest.GroupText(group, user, "ask @"+strings.ToUpper(telegramtest.DefaultUsername)+" about sleep"),
		reply,
		telegramtest.GroupText(group, user, "/tips"),
	} {
		f.srv.Push(u)
	}
	want := []string{"/help", "my wrist hurts", "ask about sleep", "and my knee", "/tips"}
	for _, w := range want {
		m := f.h.next(t)
		if m.Text != w || m.ChatID != fmt.Sprint(group) || m.UserID != fmt.Sprint(user) {
			t.Errorf("handler got %+v, want %q from the group", m, w)
		}
	}
	if sent := f.srv.WaitSent(t, group, len(want)); len(sent) != len(want) {
		t.Errorf("sent %d messages to the group, want %d", len(sent), len(want))
	}
}

func TestFloodControl(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC) // frozen: no refill
	release := make(chan struct{})
	f := setup(t, false,
		telegram.WithNow(func() time.Time { return now }),
		telegram.WithFloodLimits(telegram.FloodLimits{Rate: 1, Burst: 3}),
	)
	f.h.reply = func(_ context.Context, m bot.Message) (bot.Reply, error) {
		if m.Text == "m0" {
			<-release // hold the chat while the flood arrives
		}
		return bot.Reply{Text: "echo: " + m.Text}, nil
	}
	for i := range 30 {
		text := fmt.Sprintf("m%d", i)
		if i == 20 {
			text = "I have chest pain"
		}
		f.srv.Push(telegramtest.PrivateText(500, "en", text))
	}
	f.srv.Push(telegramtest.PrivateText(600, "en", "other chat"))
	if sent := f.srv.WaitSent(t, 600, 1); sent[0].Text != "echo: other chat" {
		t.Errorf("other chat got %q", sent[0].Text)
	}
	f.srv.WaitPending(t, 0)
	// Every update was received; now let the flooded chat go on, and send a
	// marker after the flood.
	close(release)
	var got []string
	for range 3 { // m0, m1, then m2 with the rest of the flood merged in
		got = append(got, f.h.nextIn(t, "500").Text)
	}
	if got[0] != "m0" || got[1] != "m1" {
		t.Errorf("first messages %q", got[:2])
	}
	merged := got[2]
	if !strings.HasPrefix(merged, "m2\nm3\nm4") || !strings.Contains(merged, "\nI have chest pain\n") || !strings.HasSuffix(merged, "m29") {
		t.Errorf("merged flood %q: want m2..m29 with the warning sign", merged)
	}
	sent := f.srv.WaitSent(t, 500, 4) // m0's reply, m1's, the merged reply, one notice
	var replies []string
	notices := 0
	for _, m := range sent {
		if strings.Contains(m.Text, "faster than I can answer") {
			notices++
		} else {
			replies = append(replies, m.Text)
		}
	}
	if notices != 1 || !slices.Equal(replies, []string{"echo: m0", "echo: m1", "echo: " + merged}) {
		t.Errorf("sent %d notices and replies %q", notices, replies)
	}
	// Still in the flood (the clock is frozen): a new message is answered
	// on its own and no second notice goes out.
	f.srv.Push(telegramtest.PrivateText(500, "en", "marker"))
	if m := f.h.nextIn(t, "500"); m.Text != "marker" {
		t.Errorf("after the flood the handler got %q", m.Text)
	}
	sent = f.srv.WaitSent(t, 500, 5)
	if len(sent) != 5 || sent[4].Text != "echo: marker" {
		t.Errorf("last sent %q", sent[len(sent)-1].Text)
	}
}

func TestHandlerErrorApologises(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, errors.New("store down") }
	f.srv.Push(telegramtest.PrivateText(16, "es", "hola"))
	if sent := f.srv.WaitSent(t, 16, 1); !strings.HasPrefix(sent[0].Text, "Lo siento") {
		t.Errorf("sent %q, want the Spanish apology", sent[0].Text)
	}
}

func TestSendFallbacks(t *testing.T) {
	t.Parallel()
	f := setup(t, false, telegram.WithMessages(func(key, lang string) string {
		if key == "apology" {
			return "Oops."
		}
		return knowledge.EmbeddedMessage(key, lang)
	}))
	ctx := context.Background()

	// HTML Telegram cannot parse goes again as plain text.
	f.srv.FailNext("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: can't parse entities: unexpected end tag"})
	if err := f.a.Send(ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "70"}, bot.Reply{Title: "T", Text: "a < b & c"}); err != nil {
		t.Fatal(err)
	}
	if sent := f.srv.Sent(70); len(sent) != 1 || sent[0].ParseMode != "" || sent[0].Text != "T\n\na < b & c" {
		t.Errorf("sent %+v, want the plain text", sent)
	}

	// A group that became a supergroup: the message follows it.
	f.srv.FailNext("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: -1009})
	if err := f.a.Send(ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "-71"}, bot.Reply{Text: "hi group"}); err != nil {
		t.Fatal(err)
	}
	if sent := f.srv.Sent(-1009); len(sent) != 1 {
		t.Errorf("nothing sent to the supergroup")
	}

	// Other errors come back, without retries.
	f.srv.FailNext("sendMessage", telegramtest.Failure{Code: 400, Description: "Bad Request: chat not found"})
	if err := f.a.Send(ctx, bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "72"}, bot.Reply{Text: "x"}); err == nil || !strings.Contains(err.Error(), "chat not found") {
		t.Errorf("Send: %v", err)
	}

	// Texts replace the defaults.
	f.h.reply = func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, errors.New("down") }
	f.srv.Push(telegramtest.PrivateText(73, "en-GB", "hi"))
	if sent := f.srv.WaitSent(t, 73, 1); sent[0].Text != "Oops." {
		t.Errorf("apology %q", sent[0].Text)
	}
}
