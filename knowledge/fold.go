package knowledge

import "strings"

// folder folds the accented letters of Spanish to their plain forms.
var folder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n")

// fold is how the loader compares keywords and synonyms: lower-cased, the
// accents of Spanish folded (á é í ó ú ü ñ), whitespace collapsed to single
// spaces. It is deliberately tiny: the matcher has its own, full
// normalisation.
func fold(s string) string {
	if folded(s) {
		return s
	}
	return strings.Join(strings.Fields(folder.Replace(strings.ToLower(s))), " ")
}

// folded reports whether s is already folded: plain ASCII without capitals
// or tabs, single spaces between words. Most keywords are.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c < ' ' || c >= 'A' && c <= 'Z':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}
