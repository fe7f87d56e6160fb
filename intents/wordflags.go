package intents

// wordFlag marks a known word as a member of one of the fixed word sets
// the matcher reads every message's words against.
type wordFlag uint8

const (
	flagNow       wordFlag = 1 << iota // nowWords
	flagPain                           // painWords
	flagQuestion                       // questionWds
	flagWh                             // whWords
	flagFever                          // feverWords
	flagSpecial                        // isSpecialWord
	flagDone                           // doneWords
	flagDoneSplit                      // doneSplits
)

// indexWordFlags computes the flags of every known word, once the
// vocabulary is finished, so that a token whose text is a known word is
// read against the sets with one slice index.
func (m *Matcher) indexWordFlags() {
	m.flags = make([]wordFlag, m.v.nWords+1)
	mark := func(w string, f wordFlag) {
		if info, ok := m.v.words[w]; ok {
			m.flags[info.id] |= f
		}
	}
	for _, s := range []struct {
		flag wordFlag
		set  map[string]bool
	}{{flagNow, nowWords}, {flagPain, painWords}, {flagQuestion, questionWds}, {flagWh, whWords}, {flagFever, feverWords},
		{flagDone, doneWords}, {flagDoneSplit, doneSplits}} {
		for w, in := range s.set {
			if in {
				mark(w, s.flag)
			}
		}
	}
	for w := range numberWords {
		mark(w, flagSpecial)
	}
	for w, n := range months {
		if n > 0 {
			mark(w, flagSpecial)
		}
	}
}

// wordIs reports whether w, the text or the surface as typed of token t,
// is in set (flag for a known word); filter, if not nil, is the set's
// wordFilter.
func (m *Matcher) wordIs(t *token, w string, flag wordFlag, set map[string]bool, filter *wordFilter) bool {
	if t.wid != noWord && int(t.wid) < len(m.flags) && w == t.text {
		return m.flags[t.wid]&flag != 0
	}
	return (filter == nil || filter.may(w)) && set[w]
}

// isSpecial reports whether the text of token t is a number word or a
// month name (isSpecialWord).
func (m *Matcher) isSpecial(t *token) bool {
	if t.wid != noWord && int(t.wid) < len(m.flags) {
		return m.flags[t.wid]&flagSpecial != 0
	}
	return specialFilter.may(t.text) && isSpecialWord(t.text)
}
