package console

import (
	"strconv"
	"strings"

	"github.com/carebot/carebot/bot"
)

// Render formats a reply as plain text: the alert first, then the title,
// text, numbered steps, details, sources, the pictures ("[picture] alt
// text", one a line) and the notice, then the buttons as a numbered list
// ("1) Bridge"). Blocks are separated by blank lines and the result ends
// with one.
func Render(r bot.Reply) string { return render(r, nil) }

// render is Render with the path of each picture, where it was saved ("" for
// one that was not).
func render(r bot.Reply, paths []string) string {
	var blocks []string
	add := func(lines ...string) {
		if s := strings.Join(lines, "\n"); strings.TrimSpace(s) != "" {
			blocks = append(blocks, strings.Trim(s, "\n"))
		}
	}
	if r.Alert != "" {
		add("!! " + r.Alert)
	}
	add(r.Title, r.Text)
	add(numbered(r.Steps, ". ", "  ")...)
	add(r.Details...)
	add(bulleted(r.Sources)...)
	pics := make([]string, len(r.Media))
	for i, m := range r.Media {
		pics[i] = "[picture] " + m.Alt
		if i < len(paths) && paths[i] != "" {
			pics[i] = "[picture] " + paths[i] + ": " + m.Alt
		}
	}
	add(pics...)
	add(r.Notice)
	labels := make([]string, len(r.Buttons))
	for i, b := range r.Buttons {
		labels[i] = b.Label
	}
	add(numbered(labels, ") ", "")...)
	if len(blocks) == 0 {
		return ""
	}
	return strings.Join(blocks, "\n\n") + "\n\n"
}

func numbered(items []string, sep, indent string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = indent + strconv.Itoa(i+1) + sep + s
	}
	return out
}

func bulleted(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "- " + s
	}
	return out
}
