package slack

import (
	"strconv"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/carebot/carebot/bot"
)

// Block Kit limits.
const (
	maxHeaderText   = 150
	maxSectionText  = 3000
	maxButtonLabel  = 75
	maxButtonValue  = 2000
	maxActions      = 25
	maxContextElems = 10
	maxBlocks       = 50
	maxFallbackText = 3000
)

// Block ids and action ids carebot uses.
const (
	blockAlert      = "carebot_alert"
	blockButtons    = "carebot_buttons"
	blockShare      = "carebot_share"
	blockStatus     = "carebot_status"
	blockActions    = "carebot_alert_actions"
	actionButton    = "carebot_btn_" // + index; value is a bot.Button payload
	actionShare     = "carebot_share"
	actionClaim     = "carebot_claim"
	actionResolve   = "carebot_resolve"
	rootFromMessage = "-" // Claim/Resolved value when the alert is the thread root
)

// renderReply renders a reply as Block Kit and a plain-text fallback (for
// notifications and clients without blocks): the warning-sign alert first
// in its own section, then the title as a header, the text, the steps as a
// numbered list, the details, the notice, the sources in a context block,
// and the buttons.
func renderReply(r bot.Reply) ([]slackapi.Block, string) {
	var blocks []slackapi.Block
	var fb []string
	if a := strings.TrimSpace(r.Alert); a != "" {
		icon := ":warning:"
		if r.Level >= bot.LevelEmergency {
			icon = ":rotating_light:"
		}
		for i, chunk := range chunks(escape(a), maxSectionText-len(icon)-1) {
			if i == 0 {
				chunk = icon + " " + chunk
			}
			blocks = append(blocks, section(blockAlert+suffix(i), chunk))
		}
		fb = append(fb, a)
	}
	if t := strings.TrimSpace(r.Title); t != "" {
		blocks = append(blocks, slackapi.NewHeaderBlock(
			slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(t, maxHeaderText), true, false)))
		fb = append(fb, t)
	}
	if t := strings.TrimSpace(r.Text); t != "" {
		for _, chunk := range chunks(escape(t), maxSectionText) {
			blocks = append(blocks, section("", chunk))
		}
		fb = append(fb, t)
	}
	if len(r.Steps) > 0 {
		var items []slackapi.RichTextElement
		var lines []string
		for _, s := range r.Steps {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			items = append(items, slackapi.NewRichTextSection(slackapi.NewRichTextSectionTextElement(s, nil)))
			lines = append(lines, strconv.Itoa(len(lines)+1)+". "+s)
		}
		if len(items) > 0 {
			blocks = append(blocks, slackapi.NewRichTextBlock("carebot_steps",
				slackapi.NewRichTextList(slackapi.RTEListOrdered, 0, items...)))
			fb = append(fb, strings.Join(lines, "\n"))
		}
	}
	if len(r.Details) > 0 {
		var lines []string
		for _, d := range r.Details {
			if d = strings.TrimSpace(d); d != "" {
				lines = append(lines, detail(d))
			}
		}
		if len(lines) > 0 {
			for _, chunk := range chunks(strings.Join(lines, "\n"), maxSectionText) {
				blocks = append(blocks, section("", chunk))
			}
			fb = append(fb, strings.Join(r.Details, "\n"))
		}
	}
	if n := strings.TrimSpace(r.Notice); n != "" {
		blocks = append(blocks, section("carebot_notice", truncate(":information_source: "+escape(n), maxSectionText)))
		fb = append(fb, n)
	}
	if src := sourcesBlock(r.Sources); src != nil {
		blocks = append(blocks, src)
	}
	if b := buttonsBlock(r.Buttons); b != nil {
		blocks = append(blocks, b)
	}
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}
	return blocks, fallback(fb)
}

// fallback joins the parts as the message's top-level text, escaped and
// cut to a notification-sized length.
func fallback(parts []string) string {
	return truncate(escape(strings.Join(parts, "\n\n")), maxFallbackText)
}

// detail bolds a short "Label: value" label.
func detail(d string) string {
	if label, rest, ok := strings.Cut(d, ": "); ok && len(label) <= 40 && !strings.ContainsAny(label, "*_~`\n") {
		return "*" + escape(label) + ":* " + escape(rest)
	}
	return escape(d)
}

func section(id, mrkdwn string) *slackapi.SectionBlock {
	var opts []slackapi.SectionBlockOption
	if id != "" {
		opts = append(opts, slackapi.SectionBlockOptionBlockID(id))
	}
	return slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, mrkdwn, false, false), nil, nil, opts...)
}

func suffix(i int) string {
	if i == 0 {
		return ""
	}
	return "_" + strconv.Itoa(i)
}

func sourcesBlock(sources []string) *slackapi.ContextBlock {
	var elems []slackapi.MixedElement
	for _, s := range sources {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		text := truncate(escape(s), maxSectionText)
		if len(elems) == maxContextElems {
			last := elems[maxContextElems-1].(*slackapi.TextBlockObject)
			last.Text = truncate(last.Text+"\n"+text, maxSectionText)
			continue
		}
		elems = append(elems, slackapi.NewTextBlockObject(slackapi.MarkdownType, text, false, false))
	}
	if len(elems) == 0 {
		return nil
	}
	return slackapi.NewContextBlock("carebot_sources", elems...)
}

func buttonsBlock(buttons []bot.Button) *slackapi.ActionBlock {
	var elems []slackapi.BlockElement
	for i, b := range buttons {
		if b.Payload == "" || len(b.Payload) > maxButtonValue || strings.TrimSpace(b.Label) == "" {
			continue
		}
		if len(elems) == maxActions {
			break
		}
		elems = append(elems, slackapi.NewButtonBlockElement(actionButton+strconv.Itoa(i), b.Payload,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(b.Label, maxButtonLabel), true, false)))
	}
	if len(elems) == 0 {
		return nil
	}
	return slackapi.NewActionBlock(blockButtons, elems...)
}

// shareBlock is the "Share in channel" button under an ephemeral answer;
// its value is the question, asked again when tapped.
func (a *Adapter) shareBlock(question string) *slackapi.ActionBlock {
	btn := slackapi.NewButtonBlockElement(actionShare, truncate(question, maxButtonValue),
		slackapi.NewTextBlockObject(slackapi.PlainTextType, a.teamText(msgShare), true, false))
	return slackapi.NewActionBlock(blockShare, btn)
}

// chunks splits s into pieces of at most n bytes, at a blank line, a line
// break or a space when it can, never inside a rune.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := -1
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(s[:n], sep); i > n/2 {
				cut = i
				break
			}
		}
		if cut < 0 {
			cut = n
			for cut > 0 && (s[cut]&0xC0) == 0x80 {
				cut--
			}
			// Do not split an entity such as &amp;.
			if amp := strings.LastIndexByte(s[:cut], '&'); amp >= 0 && cut-amp < 5 && !strings.Contains(s[amp:cut], ";") {
				cut = amp
			}
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
