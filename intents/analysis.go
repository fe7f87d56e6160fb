package intents

import (
	"strings"
	"sync"
)

// analysis is a message broken into analysed tokens, with what the screen
// and the scorer need to know about them.
type analysis struct {
	toks     []token
	raw      []rawToken
	feverCue bool // the message talks about fever or temperature
	enVotes  int
	esVotes  int
}

var analysisPool = sync.Pool{New: func() any { return new(analysis) }}

func (a *analysis) reset() {
	a.toks = a.toks[:0]
	a.raw = a.raw[:0]
	a.feverCue = false
	a.enVotes, a.esVotes = 0, 0
}

// Negation: a cue marks the next negationWindow tokens as negated, up to a
// scope breaker; "or", "nor", "ni" extend the scope over a list. A
// pseudo-negation ("no idea", "no puedo", "not improving") is not a cue.
const negationWindow = 6

var (
	negationCues = set(`no not never without denies denied deny denying negative nor dont doesnt
		didnt havent hasnt hadnt isnt arent wasnt werent sin ni nunca tampoco niega jamas`)
	scopeBreakers = set(`but just only though although however except yet and pero solo aunque
		sino excepto y mas`)
	listWords        = set(`or nor ni o`)
	pseudoNegations  = [][]string{{"no", "idea"}, {"not", "sure"}, {"no", "se"}, {"no", "i"}, {"no", "yo"}, {"no", "puedo"}, {"no", "pude"}, {"no", "logro"}, {"no", "better"}, {"not", "better"}, {"no", "improvement"}, {"not", "improving"}, {"no", "change"}, {"no", "mejora"}, {"no", "mejoro"}, {"no", "matter"}, {"not", "only"}, {"no", "longer"}}
	feverWords       = set(`fever feverish febrile temp temperature thermometer temps fiebre temperatura calentura termometro febril`)
	tempUnits        = set(`f c degrees degree grados grado`)
	monthWords       = set(`month months mes meses mo mos`)
	weekWords        = set(`week weeks wk wks semana semanas`)
	yearWords        = set(`year years yr yrs ano anos`)
	numberWords      = map[string]float64{"three": 3, "four": 4, "five": 5, "six": 6, "several": 3, "many": 3, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "varios": 3, "muchos": 3, "a": 1, "un": 1, "one": 1, "uno": 1}
	outOfTen         = [][]string{{"out", "of", "10"}, {"de", "10"}, {"sobre", "10"}}
	moreRequests     = set(`more mas continue cont go on seguir sigue continua else`)
	moreLeadIns      = set(`tell me give show and y eso what cuentame dime dame explain explicame please pls por favor quiero saber about sobre`)
	interjectionNext = set(`i im yo`)
)

func set(ws string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(ws) {
		m[w] = true
	}
	return m
}

// markNegation sets tok.neg for tokens in the scope of a negation cue, and
// numbers sentences.
func (a *analysis) markNegation() {
	remaining := 0
	var sent uint8
	for i := range a.toks {
		t := &a.toks[i]
		t.sent = sent
		switch {
		case t.kind == tokBreak:
			remaining = 0
			if sent < 63 {
				sent++
			}
			continue
		case t.kind == tokComma || scopeBreakers[t.text]:
			remaining = 0
			continue
		}
		if remaining > 0 {
			t.neg = true
			remaining--
			if listWords[t.text] {
				remaining = max(remaining, 3)
			}
		}
		if negationCues[t.text] && !a.pseudoNegation(i) {
			remaining = negationWindow
		}
	}
}

// pseudoNegation reports whether the cue at i starts a phrase that only
// looks like a negation.
func (a *analysis) pseudoNegation(i int) bool {
	if i+1 >= len(a.toks) {
		return false
	}
	next := a.toks[i+1].text
	for _, p := range pseudoNegations {
		if p[0] == a.toks[i].text && p[1] == next {
			return true
		}
	}
	return false
}

// isFever reports whether token i is a body temperature of 38 C / 100.4 F
// or more, said as one.
func (a *analysis) isFever(i int) bool {
	t := &a.toks[i]
	if t.kind != tokNumber {
		return false
	}
	celsius := t.num >= 38 && t.num <= 43.5
	fahrenheit := t.num >= 100.4 && t.num <= 110
	if !celsius && !fahrenheit {
		return false
	}
	if a.feverCue {
		return true
	}
	if i > 0 && (a.toks[i-1].text == "t" || a.toks[i-1].text == "temp") {
		return true
	}
	if i+1 < len(a.toks) {
		n := a.toks[i+1]
		return n.kind == tokDegree || tempUnits[n.text]
	}
	return false
}

// isSevereScore reports whether token i is a pain score of 7/10 or more.
func (a *analysis) isSevereScore(i int) bool {
	t := &a.toks[i]
	switch t.kind {
	case tokScore:
		return t.num >= 7 && t.num <= 10 && strings.HasSuffix(t.text, "/10")
	case tokNumber:
		if t.num < 7 || t.num > 10 {
			return false
		}
		for _, seq := range outOfTen {
			if a.followedBy(i, seq) {
				return true
			}
		}
	}
	return false
}

// isMonths reports whether token i starts a duration of about three months
// or more ("3 months", "12 weeks", "tres meses", "a year").
func (a *analysis) isMonths(i int) bool {
	t := &a.toks[i]
	n, ok := t.num, t.kind == tokNumber
	if !ok {
		n, ok = numberWords[t.text]
	}
	if !ok || i+1 >= len(a.toks) {
		return false
	}
	unit := a.toks[i+1].text
	if i+2 < len(a.toks) && (unit == "more" || unit == "full" || unit == "whole" || unit == "long") {
		unit = a.toks[i+2].text
	}
	switch {
	case monthWords[unit]:
		return n >= 3
	case weekWords[unit]:
		return n >= 12
	case yearWords[unit]:
		return n >= 1
	}
	return false
}

// followedBy reports whether the tokens after i read seq.
func (a *analysis) followedBy(i int, seq []string) bool {
	for k, w := range seq {
		j := i + 1 + k
		if j >= len(a.toks) || a.toks[j].text != w {
			return false
		}
	}
	return true
}
