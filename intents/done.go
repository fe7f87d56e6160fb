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
