package telegram

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/carebot/carebot/bot"
	"github.com/go-telegram/bot/models"
)

// SecretHeader is the header in which Telegram sends the webhook's
// secret_token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// MaxWebhookBody is the largest webhook request body accepted (1 MiB);
// larger ones get 413.
const MaxWebhookBody = 1 << 20

// WebhookHandler returns the handler for the webhook URL; `carebot serve`
// mounts it on WebhookPath. It answers:
//
//   - 405 to anything but POST;
//   - 401 when the X-Telegram-Bot-Api-Secret-Token header is missing or
//     wrong (compared in constant time), without reading the body (the
//     library's own handler answers 200 and logs);
//   - 413 to a body over MaxWebhookBody;
//   - 400 to a body that is not a JSON update with an update_id;
//   - 503 while Run is not running (before it started, and from the moment
//     its context is done), or when the store could not record the update
//     (Telegram retries later);
//   - 200 otherwise: with the reply as a sendMessage call in the body when
//     inline replies are on and it is ready within the inline wait, empty
//     when the update is a duplicate, ignored, or answered with sendMessage.
//
// Updates are processed asynchronously in their chat's queue.
func (a *Adapter) WebhookHandler() http.Handler { return http.HandlerFunc(a.serveWebhook) }

func (a *Adapter) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !a.secretOK(r.Header.Get(SecretHeader)) {
		a.log.Warn("telegram webhook: bad secret token", "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if r.ContentLength > MaxWebhookBody {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var upd models.Update
	if err := json.Unmarshal(body, &upd); err != nil || upd.ID <= 0 {
		a.log.Warn("telegram webhook: malformed update", "bytes", len(body))
		http.Error(w, "bad request: not an update", http.StatusBadRequest)
		return
	}
	var slot *inlineSlot
	if a.opts.inline {
		slot = newInlineSlot()
	}
	c, own, attached, v := a.accept(&upd, slot)
	if v == refused {
		// Stopping, or the update could not be stored: Telegram sends it
		// again (here or, behind a load balancer, to another replica).
		w.Header().Set("Retry-After", "5")
		http.Error(w, "not running", http.StatusServiceUnavailable)
		return
	}
	if own {
		// The chat was idle: answer here, without a hand-off.
		a.workFirst(c, func() {
			if slot.body != nil && r.Context().Err() != nil {
				// Telegram hung up (its timeout): sendMessage instead.
				a.mu.Lock()
				ctx := a.workCtx
				a.mu.Unlock()
				if err := a.deliver(ctx, c, slot.msg, true); err != nil {
					a.log.Warn("telegram send", "person", c.handle, "err", err)
					if ctx.Err() != nil || errors.Is(err, errStopping) {
						return // it stays in the outbox
					}
				}
				a.sent(slot.seq)
				return
			}
			writeInline(w, slot.body)
			if slot.body != nil {
				a.opts.metrics.MessageOut(bot.PlatformTelegram)
			}
			if f, ok := w.(http.Flusher); ok && slot.body != nil {
				f.Flush()
			}
			a.sent(slot.seq)
		})
		return
	}
	if !attached {
		w.WriteHeader(http.StatusOK)
		return
	}
	timer := time.NewTimer(a.opts.inlineWait)
	defer timer.Stop()
	select {
	case body := <-slot.reply:
		writeInline(w, body)
		if body != nil {
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
			close(slot.written)
		}
	case <-timer.C:
		close(slot.gone)
		w.WriteHeader(http.StatusOK)
	case <-r.Context().Done():
		close(slot.gone)
	}
}

// writeInline answers 200 with the method call in body, or empty.
func writeInline(w http.ResponseWriter, body []byte) {
	if body == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// secretOK compares the header with the secret in constant time (hashing
// both first, so not even the length leaks). Without a configured secret
// nothing is accepted.
func (a *Adapter) secretOK(got string) bool {
	if a.opts.webhookSecret == "" {
		return false
	}
	g := sha256.Sum256([]byte(got))
	w := sha256.Sum256([]byte(a.opts.webhookSecret))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
