package slack

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/golden"
	"github.com/carebot/carebot/knowledge"
)

func TestRenderReplyGolden(t *testing.T) {
	t.Parallel()
	r := bot.Reply{
		Lang: "en", Level: bot.LevelProvider, Signs: []string{"sign.numbness"},
		Alert:   "Numbness that does not go away needs a check: call your provider today.",
		Intent:  "symptom.wrist_pain",
		Title:   "Wrist & thumb pain <de Quervain>",
		Text:    "Lifting a baby puts the thumb side of the wrist under strain.\n\nIt usually settles with rest & support.",
		Steps:   []string{"Rest your forearm on a table.", "Gently bend the wrist up and down 10 times."},
		Details: []string{"How often: 3 times a day", "Stop if: pain gets sharper"},
		Sources: []string{"Smith J (2020). Postpartum wrist pain. J Hand Ther. doi:10.1/x"},
		Buttons: []bot.Button{{Label: "Exercises", Payload: "kb:exercise.wrist"}, {Label: "Tips", Payload: "cmd:/tips"}},
		Notice:  "Want daily reminders? Send /nudge.",
	}
	blocks, text := renderReply(r)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"text": text, "blocks": blocks}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "reply.json"), out.Bytes(), "")
	if !strings.HasPrefix(text, "Numbness") {
		t.Errorf("fallback does not start with the alert: %q", text)
	}
}

func TestRenderAlertComesFirst(t *testing.T) {
	t.Parallel()
	blocks, _ := renderReply(bot.Reply{Level: bot.LevelEmergency, Alert: "Call 911 now.", Title: "Wrist", Text: "x"})
	if blocks[0].ID() != blockAlert {
		t.Fatalf("first block %q, want the alert", blocks[0].ID())
	}
	raw, _ := json.Marshal(blocks[0])
	if !strings.Contains(string(raw), ":rotating_light: Call 911 now.") {
		t.Errorf("alert block %s", raw)
	}
}

func TestRenderLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ñandú & ", 2000) // 18000 bytes, entities after escaping
	var buttons []bot.Button
	for range 40 {
		buttons = append(buttons, bot.Button{Label: strings.Repeat("b", 100), Payload: "kb:x"})
	}
	var sources []string
	for range 15 {
		sources = append(sources, "source")
	}
	blocks, text := renderReply(bot.Reply{Title: strings.Repeat("t", 300), Text: long, Buttons: buttons, Sources: sources})
	if len(blocks) > maxBlocks {
		t.Errorf("%d blocks", len(blocks))
	}
	if len(text) > maxFallbackText || !utf8.ValidString(text) {
		t.Errorf("fallback %d bytes, valid %v", len(text), utf8.ValidString(text))
	}
	for _, b := range blocks {
		raw, _ := json.Marshal(b)
		var m struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
			Elements []json.RawMessage `json:"elements"`
		}
		_ = json.Unmarshal(raw, &m)
		switch m.Type {
		case "header":
			if len(m.Text.Text) > maxHeaderText {
				t.Errorf("header %d bytes", len(m.Text.Text))
			}
		case "section":
			if len(m.Text.Text) > maxSectionText || !utf8.ValidString(m.Text.Text) {
				t.Errorf("section %d bytes", len(m.Text.Text))
			}
			if strings.HasSuffix(m.Text.Text, "&") || strings.HasSuffix(m.Text.Text, "&amp") {
				t.Errorf("section cut inside an entity: %q", m.Text.Text[len(m.Text.Text)-10:])
			}
		case "actions":
			if len(m.Elements) > maxActions {
				t.Errorf("%d buttons", len(m.Elements))
			}
		case "context":
			if len(m.Elements) > maxContextElems {
				t.Errorf("%d context elements", len(m.Elements))
			}
		}
	}
}

func TestEscape(t *testing.T) {
	t.Parallel()
	if got := escape("<!channel> & <@U1>"); got != "&lt;!channel&gt; &amp; &lt;@U1&gt;" {
		t.Errorf("escape = %q", got)
	}
}

func TestPlain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"<@UCAREBOT> wrist pain":                   "wrist pain",
		"see <https://x.org/a|the guide> &amp; go": "see the guide (https://x.org/a) & go",
		"<https://x.org>":                          "https://x.org",
		"<!here> call <#C1|care> &lt;now&gt;":      "call #care <now>",
		"<mailto:a@b.org|a@b.org>":                 "a@b.org (mailto:a@b.org)",
		"two\n\n  lines  here ":                    "two\n\nlines here",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlackTime(t *testing.T) {
	t.Parallel()
	if got := slackTime("1700000000.000250"); got.Unix() != 1700000000 || got.Nanosecond() != 250000 {
		t.Errorf("slackTime = %v", got)
	}
	if !slackTime("junk").IsZero() {
		t.Error("junk parsed")
	}
}

func TestParentText(t *testing.T) {
	t.Parallel()
	a := &Adapter{}
	es, en := knowledge.EmbeddedMessage(msgCarePrefix, "es"), knowledge.EmbeddedMessage(msgCarePrefix, "en")
	if es == "" || en == "" || es == en {
		t.Fatalf("knowledge/content: %s is %q in English, %q in Spanish", msgCarePrefix, en, es)
	}
	for lang, want := range map[string]string{"es": es, "es-MX": es, "en": en, "": en, "fr": en} {
		if got := a.parentText(msgCarePrefix, lang); got != want {
			t.Errorf("%q: %q", lang, got)
		}
	}
}

// TestEmbeddedContentHasEveryTeamMessage checks that the real content words
// every message the adapter uses in every language, and that the care
// team's texts follow Config.Lang with their placeholders filled.
func TestEmbeddedContentHasEveryTeamMessage(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	for _, key := range MessageKeys() {
		for _, lang := range knowledge.Languages() {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
	}
	for _, lang := range knowledge.Languages() {
		a := &Adapter{cfg: Config{Lang: lang}.withDefaults()}
		got := a.teamText(msgClaimedBy, "user", "U123", "when", "today")
		if !strings.Contains(got, "<@U123>") || !strings.Contains(got, "today") || strings.Contains(got, "{") {
			t.Errorf("%s: %s = %q", lang, msgClaimedBy, got)
		}
		if want := kb.Messages[msgClaim][lang]; a.teamText(msgClaim) != want {
			t.Errorf("%s: %s = %q, want %q", lang, msgClaim, a.teamText(msgClaim), want)
		}
	}
}
