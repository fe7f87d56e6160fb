package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok || r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeError(w, Failure{Code: 404, Description: "Not Found"})
		return
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		writeError(w, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	params, files, ctype, err := readParams(r)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params, Files: files, ContentType: ctype, Time: time.Now()})
	s.notify()
	s.mu.Unlock()
	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	var result any
	var f *Failure
	switch method {
	case "sendMediaGroup", "sendPhoto":
		result, f = s.sendMedia(method, params, files)
	default:
		result, f = s.do(method, params, false)
	}
	if f != nil {
		writeError(w, *f)
		return
	}
	writeResult(w, result)
}

// readParams reads the request's fields whatever its encoding, and the
// files of a multipart request by field name.
func readParams(r *http.Request) (map[string]string, map[string][]byte, string, error) {
	params := map[string]string{}
	var files map[string][]byte
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "multipart/form-data":
		// go-telegram/bot sends an empty body (not even a closing
		// boundary) for methods without parameters.
		if err := r.ParseMultipartForm(64 << 20); err != nil && !isEmptyMultipart(err) {
			return nil, nil, ctype, fmt.Errorf("multipart: %w", err)
		}
		if r.MultipartForm != nil {
			for k, v := range r.MultipartForm.Value {
				params[k] = v[0]
			}
			for k, v := range r.MultipartForm.File {
				data, err := readFile(v[0])
				if err != nil {
					return nil, nil, ctype, fmt.Errorf("multipart file %s: %w", k, err)
				}
				if files == nil {
					files = map[string][]byte{}
				}
				files[k] = data
			}
		}
	case "application/json":
		var m map[string]json.RawMessage
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, nil, ctype, err
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, nil, ctype, fmt.Errorf("json: %w", err)
			}
		}
		for k, v := range m {
			params[k] = jsonField(v)
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, nil, ctype, err
		}
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	return params, files, ctype, nil
}

func isEmptyMultipart(err error) bool {
	return err == io.EOF || strings.Contains(err.Error(), "EOF")
}

// jsonField turns a JSON value into the string a form field would carry.
func jsonField(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func writeError(w http.ResponseWriter, f Failure) {
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	switch {
	case f.RetryAfter > 0:
		body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
	case f.MigrateTo != 0:
		body["parameters"] = map[string]any{"migrate_to_chat_id": f.MigrateTo}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code)
	json.NewEncoder(w).Encode(body)
}

// getUpdates confirms updates below offset, then returns what is pending or
// waits for it up to timeout seconds.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p map[string]string) {
	offset, _ := strconv.ParseInt(p["offset"], 10, 64)
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p["timeout"])
	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.webhookURL != "" {
			s.mu.Unlock()
			writeError(w, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		}
		if offset != 0 {
			kept := s.pending[:0]
			for _, u := range s.pending {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			if len(kept) != len(s.pending) {
				s.pending = kept
				s.notify()
			}
		}
		var out []json.RawMessage
		for _, u := range s.pending {
			if len(out) < limit {
				out = append(out, u.raw)
			}
		}
		s.received += len(out)
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || timeout <= 0 {
			if out == nil {
				out = []json.RawMessage{}
			}
			writeResult(w, out)
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			timeout = 0
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
}

// do performs a method other than getUpdates; inline is true for a method
// returned in a webhook response.
func (s *Server) do(method string, p map[string]string, inline bool) (any, *Failure) {
	s.mu.Lock()
	if q := s.failNext[method]; len(q) > 0 {
		s.failNext[method] = q[1:]
		s.mu.Unlock()
		return nil, &q[0]
	}
	s.mu.Unlock()
	switch method {
	case "getMe":
		return s.Me, nil
	case "sendMessage":
		return s.sendMessage(p, inline)
	case "setWebhook":
		u, err := url.Parse(p["url"])
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, &Failure{Code: 400, Description: "Bad Request: invalid webhook URL specified"}
		}
		if !validSecret(p["secret_token"]) {
			return nil, &Failure{Code: 400, Description: "Bad Request: secret token contains unallowed characters"}
		}
		s.mu.Lock()
		s.webhookURL, s.webhookKey = p["url"], p["secret_token"]
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "deleteWebhook":
		s.mu.Lock()
		s.webhookURL, s.webhookKey = "", ""
		if p["drop_pending_updates"] == "true" {
			s.pending = nil
		}
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return map[string]any{"url": s.webhookURL, "has_custom_certificate": false, "pending_update_count": len(s.pending)}, nil
	case "setMyCommands":
		var cmds []struct {
			Command     string `json:"command"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil || len(cmds) == 0 {
			return nil, &Failure{Code: 400, Description: "Bad Request: can't parse commands JSON object"}
		}
		for _, c := range cmds {
			if c.Command == "" || len(c.Command) > 32 || c.Description == "" || len(c.Description) > 256 {
				return nil, &Failure{Code: 400, Description: "Bad Request: BOT_COMMAND_INVALID"}
			}
		}
		return true, nil
	case "answerCallbackQuery":
		if p["callback_query_id"] == "" {
			return nil, &Failure{Code: 400, Description: "Bad Request: query is too old and response timeout expired or query ID is invalid"}
		}
		return true, nil
	case "sendChatAction", "deleteMyCommands":
		return true, nil
	}
	return nil, &Failure{Code: 404, Description: "Not Found"}
}

func validSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (s *Server) sendMessage(p map[string]string, inline bool) (any, *Failure) {
	chatID, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil {
		return nil, &Failure{Code: 400, Description: "Bad Request: chat not found"}
	}
	raw, text := p["text"], p["text"]
	if p["parse_mode"] == "HTML" {
		text, err = ParseHTML(raw)
		if err != nil {
			return nil, &Failure{Code: 400, Description: "Bad Request: " + err.Error()}
		}
	} else if p["parse_mode"] != "" {
		return nil, &Failure{Code: 400, Description: "Bad Request: unsupported parse_mode " + p["parse_mode"]}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &Failure{Code: 400, Description: "Bad Request: message text is empty"}
	}
	if Len16(text) > 4096 {
		return nil, &Failure{Code: 400, Description: "Bad Request: message is too long"}
	}
	var buttons [][]Button
	if rm := p["reply_markup"]; rm != "" {
		var m struct {
			InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(rm), &m); err != nil {
			return nil, &Failure{Code: 400, Description: "Bad Request: can't parse reply keyboard markup JSON object"}
		}
		for _, row := range m.InlineKeyboard {
			var out []Button
			for _, fields := range row {
				b, f := parseButton(fields)
				if f != nil {
					return nil, f
				}
				out = append(out, b)
			}
			buttons = append(buttons, out)
		}
	}

	s.mu.Lock()
	if f, ok := s.failChat[chatID]; ok {
		s.mu.Unlock()
		return nil, &f
	}
	if s.rateN > 0 {
		now := time.Now()
		i := 0
		for i < len(s.rateTimes) && now.Sub(s.rateTimes[i]) >= time.Second {
			i++
		}
		s.rateTimes = s.rateTimes[i:]
		if len(s.rateTimes) >= s.rateN {
			s.mu.Unlock()
			f := TooManyRequests(1)
			return nil, &f
		}
		s.rateTimes = append(s.rateTimes, now)
	}
	s.nextMsgID++
	m := Sent{ChatID: chatID, MessageID: s.nextMsgID, Text: text, Raw: raw, ParseMode: p["parse_mode"], Buttons: buttons, Inline: inline}
	s.sent = append(s.sent, m)
	s.notify()
	hook := s.onSend
	s.mu.Unlock()
	if hook != nil {
		hook(m)
	}
	typ := "private"
	if chatID < 0 {
		typ = "supergroup"
	}
	return Message{MessageID: m.MessageID, From: &s.Me, Date: time.Now().Unix(), Chat: Chat{ID: chatID, Type: typ}, Text: text}, nil
}

// parseButton checks an inline keyboard button as Telegram does: a label
// and exactly one action; callback_data of 1 to 64 bytes.
func parseButton(fields map[string]json.RawMessage) (Button, *Failure) {
	var b Button
	bad := func(why string) (Button, *Failure) {
		return b, &Failure{Code: 400, Description: "Bad Request: can't parse inline keyboard button: " + why}
	}
	if err := json.Unmarshal(fields["text"], &b.Text); err != nil || b.Text == "" {
		return bad("text is empty")
	}
	actions := 0
	for k, v := range fields {
		switch k {
		case "text":
		case "callback_data":
			if err := json.Unmarshal(v, &b.CallbackData); err != nil {
				return bad("callback_data must be a string")
			}
			if len(b.CallbackData) == 0 || len(b.CallbackData) > 64 {
				return b, &Failure{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"}
			}
			actions++
		case "url":
			json.Unmarshal(v, &b.URL)
			actions++
		default:
			// copy_text, web_app, ...: the fake does not expect them.
			return bad("unexpected field " + k)
		}
	}
	if actions != 1 {
		return bad("Text buttons are unallowed in the inline keyboard")
	}
	return b, nil
}
