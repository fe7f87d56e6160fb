package slack

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/slack/slacktest"
)

// BenchmarkEventsAck measures what Slack waits for: reading, verifying and
// parsing a signed event and queueing its work (the queue is drained by a
// goroutine that drops the jobs).
func BenchmarkEventsAck(b *testing.B) {
	a, err := New(testBotToken, testSecret, echoHandler(), WithStore(newMemStore()), WithPseudonymKey(testPseudoKey),
		WithConfig(Config{Workers: 1, QueueSize: 1024}))
	if err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-a.queues[0]:
			case <-stop:
				return
			}
		}
	}()
	h := a.EventsHandler()
	body := []byte(`{"token":"x","team_id":"T0CARE","api_app_id":"A0CARE","type":"event_callback","event_id":"Ev0BENCH","event_time":1700000000,` +
		`"event":{"type":"app_mention","user":"UNURSE","text":"<@UCAREBOT> wrist pain after the baby","ts":"1700000000.000100","channel":"CGEN","event_ts":"1700000000.000100"}}`)
	hdr := http.Header{}
	slacktest.Sign(hdr, testSecret, time.Now(), body)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, PathEvents, bytes.NewReader(body))
		req.Header = hdr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkMentionRoundTrip measures a whole look-up: signed event in,
// answer posted to the fake Slack API over loopback HTTP.
func BenchmarkMentionRoundTrip(b *testing.B) {
	fake := slacktest.NewServer(testBotToken, "")
	defer fake.Close()
	a, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(fake.APIURL()), WithStore(newMemStore()),
		WithPseudonymKey(testPseudoKey), WithConfig(Config{ChannelRate: 1e12, ChannelBurst: 1 << 20}))
	if err != nil {
		b.Fatal(err)
	}
	h := a.EventsHandler()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		body := fmt.Appendf(nil, `{"type":"event_callback","event_id":"EvB%d","event":{"type":"app_mention","user":"UNURSE","text":"<@UCAREBOT> knee","ts":"1700000000.%06d","channel":"CGEN"}}`, i, i)
		req := httptest.NewRequest(http.MethodPost, PathEvents, bytes.NewReader(body))
		slacktest.Sign(req.Header, testSecret, time.Now(), body)
		h.ServeHTTP(httptest.NewRecorder(), req)
		for _, q := range a.queues {
			for len(q) > 0 {
				j := <-q
				if err := j.run(b.Context()); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if n := len(fake.Calls("chat.postMessage")); n != i {
		b.Fatalf("%d posts for %d events", n, i)
	}
}

func BenchmarkRenderReply(b *testing.B) {
	r := bot.Reply{
		Lang: "en", Level: bot.LevelProvider, Alert: "Call your provider today.", Title: "Wrist pain",
		Text:    "Lifting a baby strains the thumb side of the wrist.\n\nRest & support help.",
		Steps:   []string{"Rest your forearm.", "Bend the wrist 10 times.", "Squeeze a soft ball."},
		Details: []string{"How often: 3 times a day", "Stop if: pain gets sharper"},
		Sources: []string{"Smith J (2020). Wrist pain. J Hand Ther."},
		Buttons: []bot.Button{{Label: "Exercises", Payload: "kb:x"}, {Label: "Tips", Payload: "cmd:/tips"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		renderReply(r)
	}
}
