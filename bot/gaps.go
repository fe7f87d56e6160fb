package bot

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// A gap is a question carebot could not answer, or answered unsure: the
// fallback, "did you mean", or an answer below Config.GapConfidence. The
// gaps report (`carebot kb gaps`) shows content authors the most frequent
// ones. Recording is off unless the operator turns it on (Config.Gaps);
// the text is scrubbed (ScrubGap) before it is stored, kept no longer than
// Config.GapRetention, and deleted with the rest of a person's data by
// /forget (Store.Forget).

// Gap reasons.
const (
	GapFallback   = "fallback"       // below the matcher's threshold
	GapDidYouMean = "did_you_mean"   // two close candidates offered
	GapUnsure     = "low_confidence" // answered below Config.GapConfidence
)

// Gap is one unanswered or unsure question, scrubbed.
type Gap struct {
	// Person is whose question it was, so that /forget deletes it.
	Person PersonKey
	// Lang is the language the reply was in.
	Lang string
	// Text is the question as ScrubGap left it.
	Text string
	// Reason is GapFallback, GapDidYouMean or GapUnsure.
	Reason string
	// At is when it was asked; zero means now by the store's clock.
	At time.Time
}

// GapCount is one line of the gaps report: a scrubbed question and how
// often it was asked.
type GapCount struct {
	Lang  string
	Text  string
	Count int
	// Last is when it was last asked.
	Last time.Time
}

// GapLog keeps gaps. The SQLite and PostgreSQL stores implement it, and
// their Forget deletes a person's gaps too.
type GapLog interface {
	// AddGap records g, at g.At or, when that is zero, now.
	AddGap(ctx context.Context, g Gap) error
	// TopGaps returns the gaps recorded at or after since, grouped by
	// language and text, most frequent first (then most recent), at most
	// limit of them (all when limit <= 0).
	TopGaps(ctx context.Context, since time.Time, limit int) ([]GapCount, error)
	// PruneGaps deletes the gaps recorded before before and returns how
	// many it deleted.
	PruneGaps(ctx context.Context, before time.Time) (int64, error)
}

// DefaultGapRetention is how long gaps are kept by default.
const DefaultGapRetention = 30 * 24 * time.Hour

// gapPruneEvery is how often recording a gap also deletes expired ones.
const gapPruneEvery = time.Hour

// maxGapRunes bounds a stored gap's length.
const maxGapRunes = 280

// gapRegexps are what ScrubGap replaces, in the order it does.
type gapRegexps struct{ email, url, handle, phone, number, named *regexp.Regexp }

// gapPatterns are ScrubGap's patterns, compiled on its first call: every
// command of the one binary ran their compilation (a fifth of bot's init
// and about 200 KB of heap kept for good), though only a server recording
// a gap uses them.
var gapPatterns = sync.OnceValue(func() *gapRegexps {
	return &gapRegexps{
		email:  regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+`),
		url:    regexp.MustCompile(`(?i)\b(https?://|www\.)\S+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|edu|gov|io|co|me|app|ly|info|us|mx|es|ar|cl|pe|uk|ca)\b(/\S*)?`),
		handle: regexp.MustCompile(`(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+`),
		phone:  regexp.MustCompile(`\+?\d[\d\s().-]{5,}\d`),
		number: regexp.MustCompile(`\d+([.,:/]\d+)*`),
		// named finds a name introduced as one ("my name is Ana", "se
		// llama Leo"): the words of intro, then the name.
		named: regexp.MustCompile(`(?i)\b(my name is|my name's|name is|named|i am called|i'm called|me llamo|mi nombre es|se llama|llamad[oa])\s+[\p{L}'-]+`),
	}
})

// ScrubGap returns text fit to be stored in the gaps report, or "" when
// nothing useful is left. Emails, URLs, @handles and phone numbers become
// <email>, <url>, <handle> and <phone>; any other number becomes <n>; a name
// introduced as one, and a capitalized word inside a sentence (most often a
// name: "Ana", "Dr Lopez", "Mia's crib"), become <name>. The rest is folded
// to lower case with single spaces, at most maxGapRunes runes, so that the
// same question asked twice groups as one.
func ScrubGap(text string) string {
	re := gapPatterns()
	s := re.email.ReplaceAllString(text, " <email> ")
	s = re.url.ReplaceAllString(s, " <url> ")
	s = re.handle.ReplaceAllString(s, "$1 <handle> ")
	s = re.phone.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits >= 7 {
			return " <phone> "
		}
		return m
	})
	s = re.number.ReplaceAllString(s, " <n> ")
	s = re.named.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.LastIndexFunc(m, unicode.IsSpace)
		return m[:i+1] + "<name>"
	})
	s = scrubCapitalized(s)
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	s = strings.Trim(s, " .,;:!?¡¿-–—\"'()")
	if r := []rune(s); len(r) > maxGapRunes {
		s = strings.TrimSpace(string(r[:maxGapRunes]))
	}
	if !strings.ContainsFunc(strings.NewReplacer("<email>", "", "<url>", "", "<handle>", "",
		"<phone>", "", "<n>", "", "<name>", "").Replace(s), unicode.IsLetter) {
		return ""
	}
	return s
}

// scrubCapitalized replaces a word that starts with a capital letter and
// goes on in lower case, and is not the first word of a sentence, with
// <name>, and so does the word after a title ("Dr", "Sra"). "I" and words
// in capitals ("PT", "OB", "ACOG") stay.
func scrubCapitalized(s string) string {
	var b strings.Builder
	sentenceStart, afterTitle := true, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			if strings.ContainsRune(".!?¡¿\n", r) && !afterTitle {
				sentenceStart = true
			}
			b.WriteRune(r)
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r2, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r2) && r2 != '\'' && r2 != '’' {
				break
			}
			j += n
		}
		word := s[i:j]
		if afterTitle || !sentenceStart && isNameLike(word) {
			b.WriteString("<name>")
		} else {
			b.WriteString(word)
		}
		afterTitle = titles[strings.ToLower(word)]
		sentenceStart = false
		i = j
	}
	return b.String()
}

// titles are words before a name ("Dr. Ana Ruiz"): the next word is a name
// whatever its case.
var titles = map[string]bool{"dr": true, "dra": true, "doctor": true, "doctora": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "sr": true, "sra": true, "srta": true,
	"señor": true, "señora": true, "nurse": true, "enfermera": true, "enfermero": true}

// isNameLike reports whether word is capitalized and then in lower case
// ("Ana", "Lopez's"), and not the pronoun I.
func isNameLike(word string) bool {
	r, n := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(r) || n == len(word) {
		return false
	}
	if w := strings.ToLower(word); w == "i'm" || w == "i've" || w == "i'll" || w == "i'd" ||
		w == "i’m" || w == "i’ve" {
		return false
	}
	lower := 0
	for _, c := range word[n:] {
		if unicode.IsUpper(c) {
			return false // PT, ACOG, McDonald: not a plain capitalized word
		}
		if unicode.IsLower(c) {
			lower++
		}
	}
	return lower > 0
}

// recordGap stores the turn's question in the gaps report when the Router
// records gaps and the message, typed in words, got the fallback, "did you
// mean" or an unsure answer. Warning signs, commands and taps are never
// recorded. The text goes through ScrubGap first; logs hold no text.
func (t *turn) recordGap(ctx context.Context) {
	g := t.r.cfg.Gaps
	if g == nil || t.m.Payload != "" || t.m.Text == "" || t.cmd != "" || t.forgotten ||
		t.res.Level.Escalates() || t.res.Crisis || t.res.Command != "" || t.res.More {
		return
	}
	var reason string
	switch {
	case t.reply.Intent == EntryFallback:
		reason = GapFallback
	case t.unsure:
		reason = GapDidYouMean
	case t.reply.Intent != "" && t.reply.Confidence > 0 && t.reply.Confidence < t.r.cfg.GapConfidence:
		reason = GapUnsure
	default:
		return
	}
	text := ScrubGap(t.m.Text)
	if text == "" {
		return
	}
	err := g.AddGap(ctx, Gap{Person: t.p.Key, Lang: t.lang, Text: text, Reason: reason, At: t.now})
	if err != nil {
		t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "record gap",
			slog.String("person", t.r.handle(t.p.Key)), slog.String("err", err.Error()))
		return
	}
	if last := t.r.gapPruned.Load(); t.now.Unix()-last >= int64(gapPruneEvery/time.Second) &&
		t.r.gapPruned.CompareAndSwap(last, t.now.Unix()) {
		if _, err := t.r.PruneGaps(ctx); err != nil {
			t.r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "prune gaps", slog.String("err", err.Error()))
		}
	}
}

// PruneGaps deletes the gaps older than Config.GapRetention and returns how
// many it deleted; without Config.Gaps it does nothing. Recording a gap
// also does this, at most once an hour; `carebot serve` calls it hourly.
func (r *Router) PruneGaps(ctx context.Context) (int64, error) {
	if r.cfg.Gaps == nil {
		return 0, nil
	}
	return r.cfg.Gaps.PruneGaps(ctx, r.cfg.Now().Add(-r.cfg.GapRetention))
}
