package slack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carebot/carebot/bot/slack/slacktest"
)

// FuzzEvents sends signed Events API bodies to the handler and runs the
// queued work synchronously (no recover, so a panic fails): the handler
// answers 200, 400 or 503, never panics, and nothing is posted for a
// body that is not an event carebot acts on. Seeds: testdata/events.
func FuzzEvents(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, s := range seeds {
		body, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	fake := slacktest.NewServer(testBotToken, "")
	f.Cleanup(fake.Close)
	store := newMemStore()
	a, err := New(testBotToken, testSecret, echoHandler(), WithAPIURL(fake.APIURL()), WithStore(store),
		WithPseudonymKey(testPseudoKey), WithConfig(Config{ChannelRate: 1e9, Workers: 1, QueueSize: 8}))
	if err != nil {
		f.Fatal(err)
	}
	h := a.EventsHandler()
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, PathEvents, bytes.NewReader(body))
		slacktest.Sign(req.Header, testSecret, time.Now(), body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusServiceUnavailable:
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		for _, q := range a.queues {
			for len(q) > 0 {
				j := <-q
				_ = j.run(ctx) // errors are fine; panics are not
			}
		}
	})
}
