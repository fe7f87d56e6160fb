package intents

// respell reads again, for the intent match of a Spanish message only,
// every word the
// vocabulary did not know (left unknown or read through a typo
// correction) with all the ways of writing Spanish by ear, the late ones
// included ("komo", "yeno", "cabesa", "mariada", "cansao", "dolol",
// "ehpalda"): a word spelt by ear is the known word it sounds like, not
// the nearest typo ("mariada" is "mareada"). In a Spanish message, a word
// known only in English that sounds like a Spanish word is that word
// ("boy a caer" is "voy", "ago" is "hago"). It runs after the
// warning-sign screen, which keeps its own reading of every word.
func (m *Matcher) respell(a *analysis, lang string) {
	if lang != "es" {
		return // English words are no Spanish spelt by ear ("oil", "jet")
	}
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		englishOnly := t.known && t.bits == bitEN && t.text == t.orig
		if t.known && !englishOnly {
			continue
		}
		alt, ok := earVariantBy(earSpellingsAll, t.orig, m.v.words)
		if !ok {
			if !t.known && t.text != t.orig && m.v.words[t.text].bits == bitEN {
				// a Spanish word the vocabulary lacks is no typo of an
				// English one ("dale" is not "date", "usted" not "used")
				t.text = t.orig
				t.keys, t.bits, t.stop, t.surf, t.wid = [2]termID{noTerm, noTerm}, 0, false, m.v.lookup(t.orig), noWord
				t.pre = nil
			}
			continue
		}
		info := m.v.words[alt]
		if englishOnly && info.bits&bitES == 0 {
			continue
		}
		t.text = alt
		m.setWord(t, info)
	}
}
