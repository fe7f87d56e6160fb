package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replies that fit the turn. An answer written for a question ("can sleep
// make it worse?" "Yes, it can. ...") reads oddly after a statement ("i'm
// so exhausted i cry every day"): for a statement the "Yes" opener goes.

// questionStarts are first words that make a message a question even
// without a question mark.
var questionStarts = map[string]bool{
	"is": true, "are": true, "am": true, "can": true, "could": true, "do": true, "does": true, "did": true,
	"should": true, "would": true, "will": true, "why": true, "how": true, "what": true, "whats": true,
	"when": true, "where": true, "which": true, "who": true, "any": true, "anything": true,
	"que": true, "qué": true, "como": true, "cómo": true, "por": true, "porque": true, "cuando": true,
	"cuándo": true, "cual": true, "cuál": true, "donde": true, "dónde": true, "puedo": true, "es": true,
	"hay": true, "sirve": true, "debo": true, "cuanto": true, "cuánto": true, "xq": true,
}

// isQuestion reports whether text asks something: a question mark, or a
// question word first.
func isQuestion(text string) bool {
	if strings.ContainsAny(text, "?¿") {
		return true
	}
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(f) == 0 {
		return false
	}
	w := strings.ReplaceAll(f[0], "'", "")
	return questionStarts[w]
}

// maxOpener is the longest first sentence dropped whole ("Yes, it can.",
// "Sí, es común:"); a longer one loses only its "Yes,".
const maxOpener = 20

// dropYes removes a "Yes," or "Sí," opener from an answer.
func dropYes(s string) string {
	var rest string
	switch {
	case strings.HasPrefix(s, "Yes, "):
		rest = s[len("Yes, "):]
	case strings.HasPrefix(s, "Sí, "):
		rest = s[len("Sí, "):]
	default:
		return s
	}
	if i := strings.IndexAny(s, ".:!"); i > 0 && i < maxOpener && i+1 < len(s) {
		rest = strings.TrimSpace(s[i+1:])
	}
	r, n := utf8.DecodeRuneInString(rest)
	return string(unicode.ToUpper(r)) + rest[n:]
}
