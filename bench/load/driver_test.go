package main

import (
	"testing"
	"time"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

func setup(t *testing.T) *driver {
	t.Helper()
	n, err := knownNotices()
	if err != nil {
		t.Fatal(err)
	}
	return newDriver(config{chats: 2}, []text{{Text: "my wrist hurts", Lang: "en"}}, n)
}

// inflight marks a message of c as sent.
func inflight(c *chat) {
	c.mu.Lock()
	c.inflight, c.sent, c.sentAt = true, c.sent+1, time.Now()
	c.mu.Unlock()
}

func TestCheckCountsEachAnswerOnce(t *testing.T) {
	t.Parallel()
	d := setup(t)
	a, b := d.chats[0], d.chats[1]
	inflight(a)
	d.onSend(telegramtest.Sent{ChatID: a.id, Text: "Wrists work hard."})
	d.onSend(telegramtest.Sent{ChatID: a.id, Text: d.noticeText(t, "onboarding")}) // beside the answer
	<-a.replied
	inflight(b)
	d.onSend(telegramtest.Sent{ChatID: b.id, Text: "Knees too.", Inline: true})
	<-b.replied
	r := result{d: d, elapsed: time.Second}
	if sent, answered, missing, extra := r.check(); sent != 2 || answered != 2 || missing != 0 || extra != 0 || !r.ok() {
		t.Fatalf("check: sent %d answered %d missing %d extra %d ok %v", sent, answered, missing, extra, r.ok())
	}
	if d.onboarding.Load() != 1 || d.inline.Load() != 1 || len(d.latencies) != 2 {
		t.Fatalf("onboarding %d inline %d latencies %d", d.onboarding.Load(), d.inline.Load(), len(d.latencies))
	}
}

func TestCheckFindsDuplicatesAndLosses(t *testing.T) {
	t.Parallel()
	d := setup(t)
	a, b := d.chats[0], d.chats[1]
	inflight(a)
	d.onSend(telegramtest.Sent{ChatID: a.id, Text: "answer"})
	d.onSend(telegramtest.Sent{ChatID: a.id, Text: "answer"}) // a duplicate
	inflight(b)                                               // never answered
	d.onSend(telegramtest.Sent{ChatID: 42, Text: "answer"})   // not a chat of ours
	r := result{d: d, elapsed: time.Second}
	_, _, missing, extra := r.check()
	if missing != 1 || extra != 1 || d.unknownChat.Load() != 1 || r.ok() {
		t.Fatalf("missing %d extra %d unknown %d ok %v", missing, extra, d.unknownChat.Load(), r.ok())
	}
}

func TestCheckCountsApologiesAsErrors(t *testing.T) {
	t.Parallel()
	d := setup(t)
	a := d.chats[0]
	inflight(a)
	d.onSend(telegramtest.Sent{ChatID: a.id, Text: d.noticeText(t, "apology")})
	if r := (result{d: d, elapsed: time.Second}); r.ok() || d.apologies.Load() != 1 {
		t.Fatalf("apology: ok %v, apologies %d", r.ok(), d.apologies.Load())
	}
}

func TestLoadTextsLeavesOutCommandsAndStatefulRequests(t *testing.T) {
	t.Parallel()
	texts, err := loadTexts("../../intents/testdata/eval/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range texts {
		if x.Text[0] == '/' || stateful(x.Intents) {
			t.Errorf("kept %q (%v)", x.Text, x.Intents)
		}
	}
	if len(texts) < 100 {
		t.Errorf("only %d texts", len(texts))
	}
}

// noticeText returns a notice text of the kind.
func (d *driver) noticeText(t *testing.T, kind string) string {
	t.Helper()
	for s, k := range d.notices {
		if k == kind {
			return s
		}
	}
	t.Fatalf("no %s notice", kind)
	return ""
}
