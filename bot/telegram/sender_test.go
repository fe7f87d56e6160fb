package telegram_test

import (
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/sendertest"
	"github.com/carebot/carebot/bot/telegram"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

// telegramFake drives telegramtest for the sender contract's suite.
type telegramFake struct{ srv *telegramtest.Server }

const contractChat = 4242

func (f telegramFake) Key() bot.PersonKey {
	return bot.PersonKey{Platform: bot.PlatformTelegram, ChatID: "4242"}
}

func (f telegramFake) RateLimit(d time.Duration) {
	f.srv.FailNext("sendMessage", telegramtest.TooManyRequests(int(d/time.Second)))
}

func (f telegramFake) Block() { f.srv.FailChat(contractChat, telegramtest.Blocked()) }

func (f telegramFake) Delivered() int { return len(f.srv.Sent(contractChat)) }

func TestSenderContract(t *testing.T) {
	t.Parallel()
	sendertest.Run(t, sendertest.Harness{New: func(t *testing.T) (bot.Sender, sendertest.Fake) {
		srv := telegramtest.New(t)
		a, err := telegram.New(srv.Token, newRecorder(), append(noLimits(), telegram.WithAPIURL(srv.URL))...)
		if err != nil {
			t.Fatal(err)
		}
		return a, telegramFake{srv: srv}
	}})
}
