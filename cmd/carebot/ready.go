package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// readyTimeout bounds the database ping of one /readyz request.
const readyTimeout = 2 * time.Second

// pinger is a store that can say whether its database answers (the SQLite
// and PostgreSQL stores).
type pinger interface {
	Ping(ctx context.Context) error
}

// ready answers GET /readyz: 200 when the database answers, the knowledge
// base is loaded and every configured adapter is connected (Telegram past
// getMe and setWebhook or deleteWebhook, Slack past auth.test or with its
// socket connected); else 503. The body has one line per check, "name ok"
// or "name: what is wrong", and no secrets.
func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	var lines []string
	ok := true
	check := func(name string, err error) {
		if err != nil {
			ok = false
			lines = append(lines, name+": "+err.Error())
			return
		}
		lines = append(lines, name+" ok")
	}
	var dbErr error
	if p, isPinger := s.store.(pinger); isPinger {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		dbErr = p.Ping(ctx)
		cancel()
		if dbErr != nil {
			s.log.Warn("readyz: database ping failed", "err", dbErr)
			dbErr = fmt.Errorf("not reachable")
		}
	}
	check("database", dbErr)
	var kbErr error
	if s.router == nil || s.router.Content() == nil {
		kbErr = fmt.Errorf("not loaded")
	}
	check("knowledge_base", kbErr)
	if s.telegram != nil {
		check("telegram", connected(s.telegram.Ready()))
	}
	if s.slack != nil {
		check("slack", connected(s.slack.Ready()))
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// connected is nil for a connected adapter.
func connected(ready bool) error {
	if ready {
		return nil
	}
	return fmt.Errorf("not connected")
}
