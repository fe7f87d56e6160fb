// Package placename folds place names the one way both the time-zone
// look-up (bot) and the generator of its table (bot/internal/zonegen) use,
// so that a name in zones.tab and a name a parent types meet.
package placename

import "strings"

// accents folds the accented letters of the place names in the tz database
// and of Spanish and Portuguese spellings.
var accents = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "ç", "c",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "ì", "i", "î", "i", "ï", "i", "ñ", "n",
	"ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ý", "y")

// FoldAccents replaces the accented letters of s by their plain forms
// ("Bogotá" gives "Bogota"); it changes nothing else.
func FoldAccents(s string) string { return accents.Replace(s) }

// Fold lower-cases s, drops accents and punctuation and squeezes spaces:
// "São Paulo" and "sao-paulo" both give "sao paulo".
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range accents.Replace(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
