package intents

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Function words per language: they tell the language of a message and
// carry no topic, so BM25 ignores them. Accents are folded.
var functionWords = map[string]string{
	"en": `a an the i im ive id ill me my mine you youre your u ur he she him her his it its
		we our they them their is are was were be been being am do does did doing have has had
		having to of in on at for with from by about as into like up so and or but if then than
		that thats this these those there here what whats which who when where why how can could
		should would will just any some all very really too also much lot get got go going
		ok okay yes yeah pls please lol idk dont doesnt didnt cant wont isnt arent not no after
		before since while during again every day days anything something thing things its
		been because even ever only other same still feel feels felt know think want need
		plz haha hahaha lmao omg ugh tho btw tbh ngl um umm uh
		literally honestly seriously basically totally actually kinda sorta gonna wanna lowkey amount
		wondering asking curious enough now r n yet tonight rn lbs lb kg kgs pounds
		wil prob probs prolly pts nah wimp wuss exactly eventually ultimately precisely own
		anywhere somewhere everywhere anyplace general generally`,
	"es": `el la los las lo un una unos unas de del al a en y o u que es son soy estoy esta
		este esto estos estas ese esa eso mi mis me te tu tus su sus se le les nos yo ella el
		por para con sin como cuando donde porque pero mas muy ya tambien hay tengo tiene
		tienes hace hacer puedo puede algo nada todo toda todos todas cual cuales quien
		ahora hoy dia dias desde hasta entre sobre despues antes mucho mucha muchos poco bien
		si no ni solo tan asi sea fue era estaba estan siento quiero debo deberia
		porfa porfis xfa plis pliss favor jaja jajaja jajajaja oye che pues cachai cachay
		das pasame literalmente neta osea cantidad
		pregunto preguntaba acaso curiosidad suficiente ser sera seran seria serian sido estar
		vos aca alla ahi pte ptes quejica quejona exactamente eventualmente precisamente general`,
}

// plainWords are everyday words the content never uses, known so that
// they are not read as typos of a content word ("teaching" is no
// "teething", "guardias" no "guardas").
var plainWords = map[string]string{
	"en": `teach teaches teaching taught families`,
	"es": `guardias turnos`,
}

// chatFunctionWords are chat spellings of Spanish function words
// (synonyms.yaml reads them as the words they spell): they carry no topic
// either ("ya no kiero recordatorios" is as much about reminders as "ya
// no quiero recordatorios"), but as they are also English or nothing
// ("k", "pa") they do not vote for a language.
const chatFunctionWords = `q k ke pa pal xq pq porq xk pk tb tmb tbn tambn kiero kero qiero aki xa toy tngo nd nda mxo muxo cdo qdo kndo`

// stopwords is the union of function words, by word.
var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, ws := range append(slices.Collect(maps.Values(functionWords)), chatFunctionWords) {
		for _, w := range strings.Fields(ws) {
			m[w] = true
		}
	}
	return m
}()

// langBits marks the languages a word belongs to: bit 0 English, bit 1
// Spanish.
type langBits uint8

const (
	bitEN langBits = 1 << iota
	bitES
)

// langIndex returns the bit of a language code.
func langBit(lang string) langBits {
	if lang == "es" {
		return bitES
	}
	return bitEN
}

// Spanish-only marks in the original text.
// The marks are all outside ASCII: the ASCII head of text (all of most
// messages) is skipped a byte at a time, not a rune at a time against each
// mark.
func hasSpanishMarks(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return strings.ContainsAny(text[i:], "ñÑ¿¡áéíóúÁÉÍÓÚ")
		}
	}
	return false
}
