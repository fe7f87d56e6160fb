package telegram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/internal/testlog"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// TestWithRouter runs the real Router (test knowledge base, real matcher)
// behind the adapter: onboarding by buttons, a warning sign, /forget.
func TestWithRouter(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: telegramtest.New(t), store: newMemStore(), logs: &testlog.Buffer{}}
	router, err := bot.NewRouter(bot.Config{Content: bottest.Content(t), Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	f.h = newRecorder()
	f.h.reply = router.Handle
	f.start(t, true)
	const chat = 2024
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "2024"}

	// /start in Spanish (from language_code): set-up one step at a time,
	// the language, then consent.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "/start"), 200)
	start := f.srv.WaitSent(t, chat, 1)[0]
	es, ok := start.Button(labelWithPayload(t, start, "cmd:/lang es setup"))
	if !ok {
		t.Fatalf("/start offers no language button: %+v", start.Buttons)
	}
	f.deliver(t, telegramtest.Tap(start, chat, es), 200)
	step := f.srv.WaitSent(t, chat, 2)[1]
	yes, ok := step.Button(labelWithPayload(t, step, "cmd:/consent yes setup"))
	if !ok {
		t.Fatalf("the language step offers no consent button: %+v", step.Buttons)
	}
	f.deliver(t, telegramtest.Tap(step, chat, yes), 200)
	f.srv.WaitSent(t, chat, 3)
	if p, err := f.store.Person(context.Background(), key); err != nil || p.Consent != bot.ConsentGranted || p.Lang != "es" {
		t.Errorf("after tapping yes: %+v, %v; want consent granted, Spanish", p, err)
	}
	if n := len(f.srv.Calls("answerCallbackQuery")); n != 2 {
		t.Errorf("%d answerCallbackQuery calls", n)
	}

	// A warning sign: the alert comes first, in bold.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "tengo dolor en el pecho y en la muñeca"), 200)
	alert := f.srv.WaitSent(t, chat, 4)[3]
	if !strings.HasPrefix(alert.Raw, "<b>El dolor en el pecho puede ser grave. Llama al 911 ya.</b>") {
		t.Errorf("warning-sign reply does not start with the alert: %q", alert.Raw)
	}

	// /forget asks to confirm with a button, then forgets.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "/forget"), 200)
	ask := f.srv.WaitSent(t, chat, 5)[4]
	confirm, ok := ask.Button(labelWithPayload(t, ask, "cmd:/forget confirm"))
	if !ok {
		t.Fatalf("/forget offers no confirm button: %+v", ask.Buttons)
	}
	f.deliver(t, telegramtest.Tap(ask, chat, confirm), 200)
	f.srv.WaitSent(t, chat, 6)
	if _, err := f.store.Person(context.Background(), key); err == nil {
		t.Error("person still stored after /forget")
	}
}

// labelWithPayload returns the label of the button whose callback data is
// payload (or starts with it).
func labelWithPayload(t *testing.T, s telegramtest.Sent, payload string) string {
	t.Helper()
	for _, row := range s.Buttons {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, payload) {
				return b.Text
			}
		}
	}
	t.Logf("no button with payload %q in %+v", payload, s.Buttons)
	return ""
}
