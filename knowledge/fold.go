package knowledge

import "strings"

// folder folds the accented letters of Spanish to their plain forms.
var folder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n")

// fold is how the loader compares keywords and synonyms: lower-cased, the
// accents of Spanish folded (á é í ó ú ü ñ), whitespace collapsed to single
// spaces. It is deliberately tiny: the matcher has its own, full
// normalisation.
func fold(s string) string {
	return strings.Join(strings.Fields(folder.Replace(strings.ToLower(s))), " ")
}
