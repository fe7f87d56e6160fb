package telegram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/bottest"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// TestWithRouter runs the real Router (test knowledge base, real matcher)
// behind the adapter: onboarding by buttons, a warning sign, /forget.
func TestWithRouter(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: telegramtest.New(t), store: newMemStore(), logs: &syncBuffer{}}
	router, err := bot.NewRouter(bot.Config{Content: bottest.Content(t), Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	f.h = newRecorder()
	f.h.reply = router.Handle
	f.start(t, true)
	const chat = 2024
	key := bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "2024"}

	// /start in Spanish (from language_code): buttons for language and
	// consent.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "/start"), 200)
	start := f.srv.WaitSent(t, chat, 1)[0]
	yes, ok := start.Button(labelWithPayload(t, start, "cmd:/consent yes"))
	if !ok {
		t.Fatalf("/start offers no consent button: %+v", start.Buttons)
	}
	f.deliver(t, telegramtest.Tap(start, chat, yes), 200)
	f.srv.WaitSent(t, chat, 2)
	if p, err := f.store.Person(context.Background(), key); err != nil || p.Consent != bot.ConsentGranted || p.Lang != "es" {
		t.Errorf("after tapping yes: %+v, %v; want consent granted, Spanish", p, err)
	}
	if n := len(f.srv.Calls("answerCallbackQuery")); n != 1 {
		t.Errorf("%d answerCallbackQuery calls", n)
	}

	// A warning sign: the alert comes first, in bold.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "tengo dolor en el pecho y en la muñeca"), 200)
	alert := f.srv.WaitSent(t, chat, 3)[2]
	if !strings.HasPrefix(alert.Raw, "<b>El dolor en el pecho puede ser grave. Llama al 911 ya.</b>") {
		t.Errorf("warning-sign reply does not start with the alert: %q", alert.Raw)
	}

	// /forget asks to confirm with a button, then forgets.
	f.deliver(t, telegramtest.PrivateText(chat, "es-419", "/forget"), 200)
	ask := f.srv.WaitSent(t, chat, 4)[3]
	confirm, ok := ask.Button(labelWithPayload(t, ask, "cmd:/forget confirm"))
	if !ok {
		t.Fatalf("/forget offers no confirm button: %+v", ask.Buttons)
	}
	f.deliver(t, telegramtest.Tap(ask, chat, confirm), 200)
	f.srv.WaitSent(t, chat, 5)
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
