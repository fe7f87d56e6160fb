package telegramtest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot/telegram/telegramtest"
)

func call(t *testing.T, s *telegramtest.Server, method string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(s.URL+"/bot"+s.Token+"/"+method, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestGetUpdatesOffset(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	a := s.Push(telegramtest.PrivateText(1, "en", "a"))
	b := s.Push(telegramtest.PrivateText(1, "en", "b"))
	if _, out := call(t, s, "getUpdates", nil); len(out["result"].([]any)) != 2 {
		t.Fatalf("getUpdates %v", out)
	}
	// An offset confirms everything below it.
	_, out := call(t, s, "getUpdates", url.Values{"offset": {formatID(b)}})
	res := out["result"].([]any)
	if len(res) != 1 || res[0].(map[string]any)["update_id"].(float64) != float64(b) || a >= b {
		t.Fatalf("getUpdates offset %d: %v", b, out)
	}
	if s.Pending() != 1 {
		t.Errorf("pending %d", s.Pending())
	}
	// With nothing pending and no timeout it answers at once.
	if _, out := call(t, s, "getUpdates", url.Values{"offset": {formatID(b + 1)}}); len(out["result"].([]any)) != 0 {
		t.Errorf("getUpdates %v", out)
	}
}

func formatID(id int64) string { b, _ := json.Marshal(id); return string(b) }

func TestSendMessageChecks(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"chat_id": {"1"}, "text": {"<b>x"}, "parse_mode": {"HTML"}}, "can't parse entities"},
		{url.Values{"chat_id": {"1"}, "text": {"a & b"}, "parse_mode": {"HTML"}}, "can't parse entities"},
		{url.Values{"chat_id": {"1"}, "text": {"<blink>x</blink>"}, "parse_mode": {"HTML"}}, "unsupported start tag"},
		{url.Values{"chat_id": {"1"}, "text": {strings.Repeat("x", 4097)}}, "message is too long"},
		{url.Values{"chat_id": {"1"}, "text": {" "}}, "message text is empty"},
		{url.Values{"chat_id": {"1"}, "text": {"x"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"` + strings.Repeat("d", 65) + `"}]]}`}}, "BUTTON_DATA_INVALID"},
		{url.Values{"chat_id": {"1"}, "text": {"x"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"d","copy_text":{"text":""}}]]}`}}, "unexpected field copy_text"},
	} {
		code, out := call(t, s, "sendMessage", c.form)
		if code != 400 || !strings.Contains(out["description"].(string), c.want) {
			t.Errorf("sendMessage %v: %d %v, want 400 %q", c.form, code, out, c.want)
		}
	}
	code, out := call(t, s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"<b>a &amp; b</b> &lt;3"}, "parse_mode": {"HTML"}})
	if code != 200 || out["result"].(map[string]any)["text"] != "a & b <3" {
		t.Errorf("sendMessage: %d %v", code, out)
	}
	if code, _ := call(t, s, "noSuchMethod", nil); code != 404 {
		t.Errorf("unknown method: %d", code)
	}
	resp, _ := http.Post(s.URL+"/botWRONG/getMe", "", nil)
	if resp.StatusCode != 401 {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	s.FailNext("sendMessage", telegramtest.TooManyRequests(7))
	code, out := call(t, s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"x"}})
	if code != 429 || out["parameters"].(map[string]any)["retry_after"].(float64) != 7 {
		t.Errorf("429: %d %v", code, out)
	}
	s.FailChat(2, telegramtest.Blocked())
	if code, out := call(t, s, "sendMessage", url.Values{"chat_id": {"2"}, "text": {"x"}}); code != 403 || !strings.Contains(out["description"].(string), "blocked") {
		t.Errorf("403: %d %v", code, out)
	}
	s.SetRateLimit(2)
	codes := []int{}
	for range 3 {
		c, _ := call(t, s, "sendMessage", url.Values{"chat_id": {"3"}, "text": {"x"}})
		codes = append(codes, c)
	}
	ok := 0
	for _, c := range codes {
		if c == 200 {
			ok++
		}
	}
	// Two a second: the third gets 429, unless the calls straddle a second.
	if codes[0] != 200 || codes[1] != 200 || (codes[2] != 429 && codes[2] != 200) {
		t.Errorf("rate limit 2/s: %v", codes)
	}
	if n := len(s.Sent(0)); n != ok {
		t.Errorf("%d messages recorded, %d accepted", n, ok)
	}
}
