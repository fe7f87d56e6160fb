package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// The paths carebot serves Slack on.
const (
	PathEvents      = "/slack/events"
	PathCommands    = "/slack/commands"
	PathInteractive = "/slack/interactive"
)

// Mount registers the three Slack handlers on mux at PathEvents,
// PathCommands and PathInteractive.
func (a *Adapter) Mount(mux *http.ServeMux) {
	mux.Handle(PathEvents, a.EventsHandler())
	mux.Handle(PathCommands, a.CommandsHandler())
	mux.Handle(PathInteractive, a.InteractiveHandler())
}

// EventsHandler serves the Events API: it answers url_verification and
// acknowledges event callbacks at once, queueing the work. It answers 401
// to a request that is not signed with the signing secret within
// Config.MaxClockSkew, and 503 when the event could not be stored in the
// inbox or queued, or the adapter is stopping (Slack retries).
func (a *Adapter) EventsHandler() http.Handler {
	return a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		var env struct {
			Type      string `json:"type"`
			Challenge string `json:"challenge"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		switch env.Type {
		case slackevents.URLVerification:
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, env.Challenge)
			return
		case slackevents.CallbackEvent:
		default:
			w.WriteHeader(http.StatusOK)
			return
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			// An event type the library does not know: acknowledged,
			// nothing to do.
			a.log.Debug("slack: unparsed event", "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		if n := r.Header.Get(headerRetryNum); n != "" {
			a.log.Info("slack: event retried", "retry_num", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		a.acknowledge(w, "event", a.acceptEvent(ev, body))
	})
}

// CommandsHandler serves slash commands: it stores the command in the
// inbox (when the store has one), acknowledges with an empty 200 and
// answers through the command's response_url. A command that cannot be
// stored or queued is answered "busy" in the 200 (Slack does not send a
// command again).
func (a *Adapter) CommandsHandler() http.Handler {
	return a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Form, r.PostForm = nil, nil
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cmd, err := slackapi.SlashCommandParse(r)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := a.acceptCommand(cmd); err != nil {
			// Slack does not retry commands: say so to the user.
			a.log.Warn("slack: command not queued", "err", err)
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]string{"response_type": "ephemeral", "text": a.teamText(msgBusy)})
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// InteractiveHandler serves block actions (button taps): it stores the tap
// in the inbox (when the store has one), acknowledges, and does the work
// after; 503 when it cannot be stored or queued.
func (a *Adapter) InteractiveHandler() http.Handler {
	return a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("payload") == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var cb slackapi.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		a.acknowledge(w, "interaction", a.acceptInteraction(cb, []byte(form.Get("payload"))))
	})
}

// verified serves the requests that are signed with the signing secret
// (readVerified answers the others) with serve, given the body read.
func (a *Adapter) verified(serve func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if body, ok := a.readVerified(w, r); ok {
			serve(w, r, body)
		}
	})
}

// acknowledge answers a request whose work was to be queued: 200, or 503
// when err says it could not be stored or queued (Slack sends it again).
func (a *Adapter) acknowledge(w http.ResponseWriter, what string, err error) {
	if err != nil {
		a.log.Warn("slack: "+what+" not queued", "err", err)
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}
