package intents

// A follow-up that tells what was already done before it asks the next
// thing: "that stretch helped, anything for my knees now?", "ya hice lo del
// puente y me ayudó con la espalda, ¿ahora qué hago para las rodillas?",
// "the squats worked but my wrists still hurt". The clauses up to the last
// one that says something helped or worked are read like a past-history
// clause: their keywords and example words weigh a quarter, unless the
// rest of the message adds up to no match (score gives the keywords back
// then). It runs after the warning-sign screen, which reads every word as
// it is.

// doneWords say that something helped or worked (accents folded): a
// report of the past, not the question. A plain "did", "hice" or "hecho"
// is no report ("hice 20 sentadillas, ¿cuenta?" asks about them; "hecho
// polvo" is worn out).
var doneWords = set(`helped worked ayudo ayudaron sirvio sirvieron funciono funcionaron`)

// doneSplits end a clause besides punctuation: a turn to what comes next.
var doneSplits = set(`but now next pero ahora luego despues`)

// markDone marks the clauses of a done report (see above) as past.
func (m *Matcher) markDone(a *analysis) {
	lastDone, doneEnd := -1, -1
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tokBreak || t.kind == tokComma || t.kind == tokWord && m.wordIs(t, t.orig, flagDoneSplit, doneSplits, nil) {
			if lastDone >= 0 && doneEnd < 0 {
				doneEnd = i // the end of the clause of the last done word
			}
			continue
		}
		if t.kind != tokWord {
			continue
		}
		if m.wordIs(t, t.orig, flagDone, doneWords, nil) {
			lastDone, doneEnd = i, -1
		}
	}
	if lastDone < 0 || doneEnd < 0 {
		return // no report, or nothing asked after it
	}
	content := false
	for i := doneEnd; i < len(a.toks); i++ {
		if t := &a.toks[i]; t.kind == tokWord && !t.stop && !m.wordIs(t, t.orig, flagDoneSplit, doneSplits, nil) {
			content = true
			break
		}
	}
	if !content {
		return
	}
	for i := 0; i < doneEnd; i++ {
		if a.toks[i].kind == tokWord {
			a.toks[i].past, a.toks[i].done = true, true
		}
	}
}

// thankWords thank (accents folded).
var thankWords = set(`thanks thank thx ty tysm gracias grax`)

// aheadPhrases say a thanks is given ahead, for an answer still to come
// (accents folded).
var aheadPhrases = [][]string{{"in", "advance"}, {"ahead", "of", "time"}, {"beforehand"}, {"de", "antemano"}, {"por", "adelantado"}, {"por", "anticipado"}}

// thanksAhead reports whether a message asks something and every thanks
// in it is given ahead ("thanks in advance", "gracias de antemano"): the
// thanks closes the request, the request is the message.
func thanksAhead(a *analysis) bool {
	if !a.asks {
		return false
	}
	thanks := 0
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord || !thankWords[t.orig] {
			continue
		}
		j := i + 1
		if j < len(a.toks) && (a.toks[j].orig == "you" || a.toks[j].orig == "so" || a.toks[j].orig == "mil") {
			j++ // "thank you in advance", "mil gracias de antemano"
		}
		if !aheadAt(a, j) {
			return false
		}
		thanks++
	}
	return thanks > 0
}

// aheadAt reports whether one of aheadPhrases starts at token i.
func aheadAt(a *analysis, i int) bool {
	for _, p := range aheadPhrases {
		if seqAt(a, p, i) {
			return true
		}
	}
	return false
}

// thanksEntry is the entry that answers thanks.
const thanksEntry = "thanks"

// thanksForHelp reports whether a message thanks for something that
// helped and asks nothing after it: "thanks, that breathing thing actually
// helped me calm down", "gracias, lo de respirar me sirvió un montón". The
// words of what helped are no question about it; the thanks is the
// message.
func thanksForHelp(a *analysis) bool {
	if a.asks {
		return false
	}
	thank, lastDone := false, -1
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tokWord {
			continue
		}
		thank = thank || thankWords[t.orig]
		if doneWords[t.orig] {
			lastDone = i
		}
	}
	if !thank || lastDone < 0 {
		return false
	}
	// nothing asked after the clause of the last done word ("thanks, the
	// squats helped, now my wrists": a next question)
	for i := lastDone + 1; i < len(a.toks); i++ {
		t := &a.toks[i]
		if t.kind == tokBreak || t.kind == tokComma || t.kind == tokWord && doneSplits[t.orig] {
			for j := i + 1; j < len(a.toks); j++ {
				if u := &a.toks[j]; u.kind == tokWord && !u.stop && !doneSplits[u.orig] && !thankWords[u.orig] {
					return false
				}
			}
			break
		}
	}
	return true
}

// prefersThanks returns the index of the thanks entry when a message
// thanks for something that helped (see thanksForHelp) and the thanks
// entry matched, or -1.
func (m *Matcher) prefersThanks(a *analysis, best int, scores []float64) int {
	if best < 0 || m.entries[best].ID == thanksEntry || !thanksForHelp(a) {
		return -1
	}
	for i, e := range m.entries {
		if e.ID == thanksEntry && scores[i] >= m.cfg.MinScore {
			return i
		}
	}
	return -1
}
