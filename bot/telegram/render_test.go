package telegram

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/carebot/carebot/bot"
	"github.com/carebot/carebot/bot/internal/golden"
	"github.com/carebot/carebot/bot/telegram/telegramtest"
	"github.com/carebot/carebot/knowledge"
)

func TestEscapeHTML(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":                  "plain",
		"a < b > c & d":          "a &lt; b &gt; c &amp; d",
		"&amp; already":          "&amp;amp; already",
		`_under_ *star* "q" 'a'`: `_under_ *star* "q" 'a'`,
		"<b>not a tag</b>":       "&lt;b&gt;not a tag&lt;/b&gt;",
		"ñandú 👶":                "ñandú 👶",
	} {
		if got := escapeHTML(in); got != want {
			t.Errorf("escapeHTML(%q) = %q, want %q", in, got, want)
		}
		if v, err := telegramtest.ParseHTML(escapeHTML(in)); err != nil || v != in {
			t.Errorf("Telegram would read %q as %q (%v)", in, v, err)
		}
	}
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	r := bot.Reply{
		Lang:    "es",
		Alert:   "Llama a tu proveedor hoy: fiebre > 38 °C & dolor.\n\nSi no puedes mover el brazo, llama al 911.",
		Title:   "Muñeca de mamá (tenosinovitis de De Quervain)",
		Text:    "Es frecuente en las primeras semanas.\n\nCambia la forma de sostener al bebé: <palmas> hacia arriba.",
		Steps:   []string{"Apoya el antebrazo.", "Abre y cierra la mano 10 veces.", "  "},
		Details: []string{"Frecuencia: 3 veces al día", "Para si: hormigueo"},
		Sources: []string{"ACOG 2021", "Mayo Clinic"},
		Notice:  "¿Quieres recordatorios diarios? Escribe /nudge.",
		Buttons: []bot.Button{{Label: "Ejercicios", Payload: "kb:wrist_exercises"}},
	}
	var b strings.Builder
	for i, part := range renderHTML(r, TextsFrom(nil, "es"), MaxMessageLength) {
		b.WriteString("--- part " + string(rune('1'+i)) + "\n" + part + "\n")
	}
	golden.Check(t, filepath.Join("testdata", "render_es.golden"), []byte(b.String()), "")
}

// checkParts checks each part is valid Telegram HTML within limit and
// returns the visible texts.
func checkParts(t *testing.T, parts []string, limit int) []string {
	t.Helper()
	var vis []string
	for i, p := range parts {
		if n := len16(p); n > limit {
			t.Errorf("part %d: %d units, limit %d", i, n, limit)
		}
		v, err := telegramtest.ParseHTML(p)
		if err != nil {
			t.Errorf("part %d: %v", i, err)
		}
		vis = append(vis, v)
	}
	return vis
}

func TestSplit(t *testing.T) {
	t.Parallel()
	const limit = 100
	words := strings.TrimSpace(strings.Repeat("hold baby close & breathe ", 40))
	cases := []struct {
		name  string
		r     bot.Reply
		join  string // how the visible parts add up to want
		want  string
		parts int // expected number of parts; 0: don't check
	}{
		{"fits", bot.Reply{Text: "short"}, "", "short", 1},
		{"paragraphs", bot.Reply{Text: strings.Repeat("a", 60) + "\n\n" + strings.Repeat("b", 60)}, "\n\n", strings.Repeat("a", 60) + "\n\n" + strings.Repeat("b", 60), 2},
		{"packs small paragraphs", bot.Reply{Text: "one\n\ntwo\n\nthree"}, "", "one\n\ntwo\n\nthree", 1},
		{"lines", bot.Reply{Steps: []string{strings.Repeat("x", 70), strings.Repeat("y", 70)}}, "\n", "1. " + strings.Repeat("x", 70) + "\n2. " + strings.Repeat("y", 70), 2},
		{"words", bot.Reply{Text: words}, " ", words, 0},
		{"one huge word", bot.Reply{Text: strings.Repeat("w", 250)}, "", strings.Repeat("w", 250), 3},
		{"entities near the cut", bot.Reply{Text: strings.Repeat("&", 90)}, "", strings.Repeat("&", 90), 5},
		{"emoji count double", bot.Reply{Text: strings.Repeat("👶", 60)}, "", strings.Repeat("👶", 60), 2},
		{"bold alert too long", bot.Reply{Alert: strings.Repeat("call now ", 30)}, " ", strings.TrimSpace(strings.Repeat("call now ", 30)), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := renderHTML(c.r, TextsFrom(nil, "en"), limit)
			vis := checkParts(t, parts, limit)
			if got := strings.Join(vis, c.join); got != c.want {
				t.Errorf("parts %q add up to\n%q\nwant\n%q", vis, got, c.want)
			}
			if c.parts > 0 && len(parts) != c.parts {
				t.Errorf("%d parts, want %d: %q", len(parts), c.parts, parts)
			}
			if c.r.Alert != "" {
				for i, p := range parts {
					if !strings.HasPrefix(p, "<b>") || !strings.HasSuffix(p, "</b>") {
						t.Errorf("alert part %d not bold: %q", i, p)
					}
				}
			}
		})
	}
}

func TestRenderOrder(t *testing.T) {
	t.Parallel()
	r := bot.Reply{Alert: "ALERT", Title: "TITLE", Text: "TEXT", Steps: []string{"STEP"}, Details: []string{"DETAIL"}, Sources: []string{"SOURCE"}}
	parts := renderHTML(r, TextsFrom(nil, "en"), MaxMessageLength)
	if len(parts) != 1 {
		t.Fatalf("parts %q", parts)
	}
	last := -1
	for _, w := range []string{"<b>ALERT</b>", "<b>TITLE</b>", "TEXT", "1. STEP", "DETAIL", "<i>Sources:\n• SOURCE</i>"} {
		i := strings.Index(parts[0], w)
		if i <= last {
			t.Errorf("%q at %d, after %d: wrong order in %q", w, i, last, parts[0])
		}
		last = i
	}
	if got := renderHTML(bot.Reply{}, TextsFrom(nil, "en"), MaxMessageLength); len(got) != 0 {
		t.Errorf("empty reply rendered as %q", got)
	}
}

func TestPlainText(t *testing.T) {
	t.Parallel()
	r := bot.Reply{Alert: "a < b", Text: "x & y", Sources: []string{"s"}}
	for _, h := range renderHTML(r, TextsFrom(nil, "en"), MaxMessageLength) {
		want, _ := telegramtest.ParseHTML(h)
		if got := plainText(h); got != want {
			t.Errorf("plainText %q, want %q", got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	tk := newTokens(2)
	short := "kb:wrist_pain"
	if d := tk.data(short); d != short {
		t.Errorf("short payload became %q", d)
	}
	long := "cmd:/nudge " + strings.Repeat("x", 100)
	d := tk.data(long)
	if len(d) > MaxCallbackData || !strings.HasPrefix(d, tokenPrefix) || tk.data(long) != d {
		t.Errorf("long payload token %q", d)
	}
	if p, ok := tk.payload(d); !ok || p != long {
		t.Errorf("token back to %q %v", p, ok)
	}
	tk.data(long + "1")
	tk.data(long + "2") // evicts long, the least recently used
	if _, ok := tk.payload(d); ok {
		t.Error("evicted token still known")
	}
	if p, ok := tk.payload("~unknown"); ok {
		t.Errorf("unknown token gave %q", p)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("text & <tags>\n\nsecond paragraph", "alert", 50)
	f.Add(strings.Repeat("👶 ", 100), "", 30)
	f.Add("a\n\n\n\nb\r\n\r\nc", "<b>", 10)
	f.Fuzz(func(t *testing.T, text, alert string, limit int) {
		if limit < 20 || limit > 5000 {
			return
		}
		parts := renderHTML(bot.Reply{Alert: alert, Text: text}, TextsFrom(nil, "en"), limit)
		for i, p := range parts {
			if n := len16(p); n > limit {
				t.Fatalf("part %d: %d units over %d", i, n, limit)
			}
			if _, err := telegramtest.ParseHTML(p); err != nil {
				t.Fatalf("part %d: %v: %q", i, err, p)
			}
		}
	})
}

// TestEmbeddedContentWordsTheTexts checks that the knowledge base words
// each of the adapter's own texts in every language: they live there only.
func TestEmbeddedContentWordsTheTexts(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatalf("embedded knowledge base: %v", err)
	}
	for _, key := range []string{msgFlood, msgApology, msgNonText, msgExpired, msgSources} {
		for _, lang := range knowledge.Languages() {
			if kb.Messages[key][lang] == "" {
				t.Errorf("knowledge/content: message %s has no %s text", key, lang)
			}
		}
	}
	if got, want := TextsFrom(nil, "es").Sources, kb.Messages[msgSources]["es"]; got != want {
		t.Errorf("Spanish sources label = %q, want %q", got, want)
	}
}
