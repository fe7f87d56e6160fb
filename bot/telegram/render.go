package telegram

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/carebot/carebot/bot"
)

// MaxMessageLength is Telegram's limit on a message's text, in UTF-16 code
// units.
const MaxMessageLength = 4096

// escapeHTML escapes text for Telegram's HTML parse mode: '&', '<' and '>'
// are the only characters that need it.
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// len16 is s's length in UTF-16 code units, Telegram's unit.
func len16(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// block is one paragraph of a reply: plain text (lines separated by "\n")
// and the tag it is wrapped in ("b", "i" or none).
type block struct {
	tag  string
	text string
}

func (b block) html() string { return wrap(b.tag, escapeHTML(b.text)) }

func wrap(tag, html string) string {
	if tag == "" || html == "" {
		return html
	}
	return "<" + tag + ">" + html + "</" + tag + ">"
}

// blocks lays a reply out in reading order: Alert (bold) first, then Title
// (bold), Text paragraphs, numbered Steps, Details and Sources (italic).
// Notice and Buttons are not part of it.
func blocks(r bot.Reply, t Texts) []block {
	var out []block
	for _, p := range paragraphs(r.Alert) {
		out = append(out, block{"b", p})
	}
	if title := strings.TrimSpace(r.Title); title != "" {
		out = append(out, block{"b", title})
	}
	for _, p := range paragraphs(r.Text) {
		out = append(out, block{"", p})
	}
	if steps := nonEmpty(r.Steps); len(steps) > 0 {
		lines := make([]string, 0, len(steps))
		for i, s := range steps {
			lines = append(lines, strconv.Itoa(i+1)+". "+s)
		}
		out = append(out, block{"", strings.Join(lines, "\n")})
	}
	if d := nonEmpty(r.Details); len(d) > 0 {
		out = append(out, block{"", strings.Join(d, "\n")})
	}
	if s := nonEmpty(r.Sources); len(s) > 0 {
		label := t.Sources
		if label == "" {
			label = "Sources"
		}
		out = append(out, block{"i", label + ":\n• " + strings.Join(s, "\n• ")})
	}
	return out
}

// paragraphs splits text at blank lines, trimming each paragraph.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.Trim(p, " \t\n"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// renderHTML renders r's text as Telegram HTML messages of at most limit
// UTF-16 code units each: blocks are packed in order, separated by a blank
// line, and a message is cut only between blocks; a block longer than limit
// is cut between lines, a line between words, a word anywhere (between
// runes). Each part is well-formed HTML on its own.
func renderHTML(r bot.Reply, t Texts, limit int) []string {
	var out []string
	var cur strings.Builder
	curLen := 0
	add := func(h, sep string) {
		n := len16(h)
		switch {
		case curLen == 0:
		case curLen+len16(sep)+n <= limit:
			cur.WriteString(sep)
			curLen += len16(sep)
		default:
			out = append(out, cur.String())
			cur.Reset()
			curLen = 0
		}
		cur.WriteString(h)
		curLen += n
	}
	for _, b := range blocks(r, t) {
		if h := b.html(); len16(h) <= limit {
			add(h, "\n\n")
			continue
		}
		sep := "\n\n"
		for _, p := range pieces(b, limit) {
			add(wrap(b.tag, escapeHTML(p.text)), sep)
			sep = p.sep
		}
	}
	if curLen > 0 {
		out = append(out, cur.String())
	}
	return out
}

type piece struct {
	text string
	sep  string // separator before the next piece of the same block
}

// pieces cuts a block too long for one message into pieces that each render
// within limit: at line breaks, then at spaces, then between runes. Escaping
// works character by character, so lengths add up and each is computed
// once.
func pieces(b block, limit int) []piece {
	room := limit // for the escaped text, inside the tags
	if b.tag != "" {
		room -= len16(wrap(b.tag, "x")) - 1
	}
	elen := func(s string) int { return len16(escapeHTML(s)) }
	var out []piece
	for _, line := range strings.Split(b.text, "\n") {
		if elen(line) <= room {
			out = append(out, piece{line, "\n"})
			continue
		}
		var cur strings.Builder
		curLen := 0
		flush := func(sep string) {
			if cur.Len() > 0 {
				out = append(out, piece{cur.String(), sep})
				cur.Reset()
				curLen = 0
			}
		}
		for _, w := range strings.Split(line, " ") {
			wl := elen(w)
			switch {
			case wl == 0:
			case cur.Len() > 0 && curLen+1+wl <= room:
				cur.WriteByte(' ')
				cur.WriteString(w)
				curLen += 1 + wl
			case wl <= room:
				flush(" ")
				cur.WriteString(w)
				curLen = wl
			default: // a word longer than a message: cut between runes
				flush(" ")
				for _, r := range w {
					rl := elen(string(r))
					if curLen+rl > room {
						flush("")
					}
					cur.WriteRune(r)
					curLen += rl
				}
			}
		}
		flush("\n")
	}
	return out
}

var unescapeHTML = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// plainText is the visible text of HTML rendered here: tags removed,
// entities decoded. It is the fallback when Telegram rejects the HTML.
func plainText(h string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			b.WriteString(h[i:])
			break
		}
		h = h[i+j+1:]
	}
	return unescapeHTML.Replace(b.String())
}

// inlineKeyboard is the reply_markup for inline buttons. The library's own
// type sends an empty "copy_text" object with every button, which Telegram
// has rejected (BUTTON_COPY_TEXT_INVALID); this one sends only what is set.
type inlineKeyboard struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// keyboard renders buttons one per row (easy to hit one-handed), with
// callback data of at most 64 bytes (longer payloads become tokens); nil
// without buttons.
func (a *Adapter) keyboard(buttons []bot.Button) *inlineKeyboard {
	var rows [][]inlineButton
	for _, b := range buttons {
		label := strings.TrimSpace(b.Label)
		if label == "" || b.Payload == "" {
			continue
		}
		rows = append(rows, []inlineButton{{Text: label, CallbackData: a.tokens.data(b.Payload)}})
	}
	if len(rows) == 0 {
		return nil
	}
	return &inlineKeyboard{InlineKeyboard: rows}
}
