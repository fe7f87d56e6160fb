package telegram

import (
	"net/url"
	"strings"
)

// redactedError hides the bot token in an error's text while keeping the
// error chain for errors.Is and errors.As. The library's errors can hold the
// request URL, {api}/bot{token}/{method}, and it only masks the URL of
// *url.Error: a malformed API URL, a custom HTTP client or a decode error
// can still carry the token.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every form of the token in its text replaced by
// "<token>"; nil for nil.
func (a *Adapter) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := a.redactString(err.Error())
	if msg == err.Error() {
		if _, ok := err.(*redactedError); ok {
			return err
		}
	}
	return &redactedError{msg: msg, err: err}
}

func (a *Adapter) redactString(s string) string {
	return redactToken(s, a.token)
}

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	for _, form := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, form, "<token>")
	}
	// The secret half alone (after the colon) is as sensitive.
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "<token>")
	}
	return s
}

// libraryError turns an error the library reports on its own (a failed
// getUpdates) into loggable text: the token redacted, and any response or
// request body the library quotes (it can hold a parent's message) cut off.
func libraryError(s, token string) string {
	s = redactToken(s, token)
	for _, marker := range []string{"error decode response body for method ", "error decode request body"} {
		if i := strings.Index(s, marker); i >= 0 {
			rest := s[i+len(marker):]
			method, _, _ := strings.Cut(rest, ",")
			s = s[:i] + marker + strings.TrimSpace(method) + ": <body omitted>"
		}
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
