package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers Slack signs requests with.
const (
	headerSignature = "X-Slack-Signature"
	headerTimestamp = "X-Slack-Request-Timestamp"
	headerRetryNum  = "X-Slack-Retry-Num"
)

// verifyHeaders checks what can be checked before the body is read: the
// signature and timestamp headers are present, the signature is well
// formed, and the timestamp is within skew of now (replay protection). A
// request that fails is answered before its body costs anything.
func verifyHeaders(h http.Header, secret []byte, now time.Time, skew time.Duration) (ts string, sig []byte, err error) {
	ts, s := h.Get(headerTimestamp), h.Get(headerSignature)
	if ts == "" || s == "" || len(secret) == 0 {
		return "", nil, ErrUnsigned
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", nil, ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > skew || d < -skew {
		return "", nil, ErrStaleRequest
	}
	hexSig, ok := strings.CutPrefix(s, "v0=")
	if !ok {
		return "", nil, ErrBadSignature
	}
	sig, err = hex.DecodeString(hexSig)
	if err != nil || len(sig) != sha256.Size {
		return "", nil, ErrBadSignature
	}
	return ts, sig, nil
}

// verifyBody checks Slack's v0 signature: HMAC-SHA256 of "v0:<timestamp>:<raw
// body>" with the signing secret, compared in constant time.
func verifyBody(ts string, sig, body, secret []byte) error {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), sig) {
		return ErrBadSignature
	}
	return nil
}

// verify checks the headers (verifyHeaders) and then the signature of
// body (verifyBody).
func verify(h http.Header, body, secret []byte, now time.Time, skew time.Duration) error {
	ts, sig, err := verifyHeaders(h, secret, now, skew)
	if err != nil {
		return err
	}
	return verifyBody(ts, sig, body, secret)
}

// readVerified checks the signature headers and the timestamp, then reads
// a POST body of at most Config.MaxBodyBytes and verifies its signature.
// An unsigned or stale request is refused before its body is read. On
// failure it writes the answer (405, 401, 413 or 400) and returns false.
func (a *Adapter) readVerified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	ts, sig, err := verifyHeaders(r.Header, a.signingSecret, a.now(), a.cfg.MaxClockSkew)
	if err != nil {
		a.refuse(w, r, err)
		return nil, false
	}
	if r.ContentLength > a.cfg.MaxBodyBytes {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "bad request", http.StatusBadRequest)
		}
		return nil, false
	}
	if err := verifyBody(ts, sig, body, a.signingSecret); err != nil {
		a.refuse(w, r, err)
		return nil, false
	}
	return body, true
}

// refuse answers 401 to a request whose signature or timestamp failed.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Warn("slack: rejected request", "path", r.URL.Path, "reason", err)
	w.Header().Set("Connection", "close") // the unread body is not drained
	http.Error(w, "unauthorized", http.StatusUnauthorized)
}
