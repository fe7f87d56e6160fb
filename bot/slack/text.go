package slack

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes plain text safe inside Slack mrkdwn and message text: the
// three control characters &, < and > become entities, so that text
// cannot open a link, mention or broadcast (<!channel>).
func escape(s string) string { return mrkdwnEscaper.Replace(s) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// slackToken matches Slack's angle-bracket markup: <@U123>, <#C1|name>,
// <!here>, <https://x|label>, <mailto:a@b>.
var slackToken = regexp.MustCompile(`<([^<>]*)>`)

// plain turns Slack message text into plain text for the Router or a
// parent: user and group mentions are dropped, channel links keep their
// name, links become "label (url)", entities are unescaped and spaces
// tidied.
func plain(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		target, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "!"):
			return ""
		case strings.HasPrefix(target, "#"):
			if label != "" {
				return "#" + label
			}
			return ""
		case label != "" && label != target:
			return label + " (" + target + ")"
		default:
			return strings.TrimPrefix(target, "mailto:")
		}
	})
	s = unescaper.Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// mentions reports whether Slack text mentions the user id.
func mentions(text, userID string) bool {
	return userID != "" && strings.Contains(text, "<@"+userID)
}

// truncate shortens s to at most n bytes on a rune boundary, ending with
// an ellipsis when cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := n - len(ell)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ell
}

// quote renders plain text as an escaped mrkdwn block quote.
func quote(s string) string {
	lines := strings.Split(escape(s), "\n")
	for i, l := range lines {
		lines[i] = "&gt; " + l
	}
	return strings.Join(lines, "\n")
}

// slackTime parses a Slack timestamp ("1700000000.000100").
func slackTime(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}
	}
	us, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return time.Unix(s, us*1000)
}

// dateToken renders t for Slack in each reader's own time zone, with a
// UTC fallback.
func dateToken(t time.Time) string {
	return "<!date^" + strconv.FormatInt(t.Unix(), 10) + "^{date_short_pretty} {time}|" +
		t.UTC().Format("2006-01-02 15:04 UTC") + ">"
}
