package intents

import (
	"strconv"
	"strings"
	"sync"
)

// analysis is a message broken into analysed tokens, with what the screen
// and the scorer need to know about them.
type analysis struct {
	toks     []token
	raw      []rawToken
	feverCue bool // the message talks about fever or temperature
	asks     bool // the message has a question mark
	typos    bool // a word was read through a typo correction (corrected)
	// cleared: the screen found a sign's words and read them as something
	// else: a scoped suppression lowered them to none ("cut myself" while
	// cooking) or they were only in a hypothetical or past clause. The
	// learned model then may ask, not escalate.
	cleared bool
	ctx     *contextRules
	enVotes int
	esVotes int

	// scratch space reused across messages
	scores   []float64
	past     []float64
	stamps   stampSet
	terms    []termID
	masks    maskSet
	groups   maskSet
	patterns []groupRef // the first groups found (screen.run)
}

// stampSet is a set of small integers cleared in O(1) by bumping a
// generation.
type stampSet struct {
	gen    uint32
	stamps []uint32
}

func (s *stampSet) seen(i int32) bool { return s.stamps[i] == s.gen }
func (s *stampSet) mark(i int32)      { s.stamps[i] = s.gen }

// maskSet maps the sign alternatives found (or the pattern groups) to
// their sentence masks, a mask a plane. A message finds a few dozen of
// thousands: a small open-addressing table, cleared whole, keeps them in a
// few cache lines where an array by alternative would spread them over
// hundreds of kilobytes.
type maskSet struct {
	table []maskSlot // a power of two long, half full at most
	shift uint8      // 32 - log2(len(table))
	keys  []int32    // in the order added
	vals  []planeMasks
}

// maskSlot is an entry of a maskSet's table: key+1 (0: free) and the
// index of its masks, read together in one probe.
type maskSlot struct{ key1, i int32 }

// planeMasks is a sentence mask a plane.
type planeMasks [nPlanes]uint64

// union is the union of the planes.
func (p *planeMasks) union() uint64 {
	return p[planeSelf] | p[planeBaby] | p[planeHedged] | p[planeTypo]
}

// maskSetLog is the base-2 logarithm of a maskSet's smallest table.
const maskSetLog = 6

// get returns the masks of k, or nil when k has none.
func (s *maskSet) get(k int32) *planeMasks {
	mask := uint32(len(s.table) - 1)
	for h := uint32(k) * 0x9E3779B1 >> s.shift; ; h = (h + 1) & mask {
		switch e := s.table[h]; e.key1 {
		case k + 1:
			return &s.vals[e.i]
		case 0:
			return nil
		}
	}
}

// at returns the masks of k, adding them (all zero) if k has none; added
// says it did. The pointer is good until the next at.
func (s *maskSet) at(k int32) (m *planeMasks, added bool) {
	mask := uint32(len(s.table) - 1)
	for h := uint32(k) * 0x9E3779B1 >> s.shift; ; h = (h + 1) & mask {
		switch e := s.table[h]; e.key1 {
		case k + 1:
			return &s.vals[e.i], false
		case 0:
			return s.add(k, h), true
		}
	}
}

// add adds k, whose probe ended at the free slot h, with its masks zero.
func (s *maskSet) add(k int32, h uint32) *planeMasks {
	if 2*(len(s.keys)+1) > len(s.table) {
		s.grow()
		m, _ := s.at(k)
		return m
	}
	s.table[h] = maskSlot{k + 1, int32(len(s.keys))}
	s.keys = append(s.keys, k)
	s.vals = append(s.vals, planeMasks{})
	return &s.vals[len(s.vals)-1]
}

// set adds bit to plane pl of k.
func (s *maskSet) set(k int32, pl int, bit uint64) {
	m, _ := s.at(k)
	m[pl] |= bit
}

// grow doubles the table.
func (s *maskSet) grow() {
	s.table = make([]maskSlot, 2*len(s.table))
	s.shift--
	mask := uint32(len(s.table) - 1)
	for i, k := range s.keys {
		h := uint32(k) * 0x9E3779B1 >> s.shift
		for s.table[h].key1 != 0 {
			h = (h + 1) & mask
		}
		s.table[h] = maskSlot{k + 1, int32(i)}
	}
}

// hasWordIn reports whether a word of the message, as typed (folded), is
// in words.
func (a *analysis) hasWordIn(words map[string]bool) bool {
	for i := range a.toks {
		if t := &a.toks[i]; t.kind == tokWord && words[t.orig] {
			return true
		}
	}
	return false
}

// scratchScores returns n zeroed scores.
func (a *analysis) scratchScores(n int) []float64 { return zeroed(&a.scores, n) }

// scratchPast returns n zeroed scores for keywords of past-history
// clauses.
func (a *analysis) scratchPast(n int) []float64 { return zeroed(&a.past, n) }

// zeroed returns *buf as n zeroes, growing it when it is too short: the
// analysis's scratch slices live from one message to the next.
func zeroed(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

// hasPast reports whether a token is in a past-history clause.
func (a *analysis) hasPast() bool {
	for i := range a.toks {
		if a.toks[i].past {
			return true
		}
	}
	return false
}

// scratchStamps returns an empty set of integers below n.
func (a *analysis) scratchStamps(n int) *stampSet {
	s := &a.stamps
	if len(s.stamps) < n {
		s.stamps = make([]uint32, n)
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: clear for real
		clear(s.stamps)
		s.gen = 1
	}
	return s
}

// scratchTerms returns an empty list of terms.
func (a *analysis) scratchTerms() *[]termID {
	a.terms = a.terms[:0]
	return &a.terms
}

// scratchGroups returns an empty mask set for pattern groups.
func (a *analysis) scratchGroups() *maskSet { return a.groups.reset() }

// scratchMasks returns an empty mask set for alternatives.
func (a *analysis) scratchMasks() *maskSet { return a.masks.reset() }

// reset empties s.
func (s *maskSet) reset() *maskSet {
	if s.table == nil {
		s.table = make([]maskSlot, 1<<maskSetLog)
		s.shift = 32 - maskSetLog
	} else {
		clear(s.table)
	}
	s.keys, s.vals = s.keys[:0], s.vals[:0]
	return s
}

var analysisPool = sync.Pool{New: func() any { return new(analysis) }}

func (a *analysis) reset() {
	a.toks = a.toks[:0]
	a.raw = a.raw[:0]
	a.feverCue, a.asks, a.cleared = false, false, false
	a.enVotes, a.esVotes = 0, 0
}

// Negation: a cue (the "negation" context list) marks the next
// negationWindow tokens as negated, up to a terminator; a "list" word
// ("or", "ni") extends the scope over a list. A pseudo-negation ("no idea",
// "can not feel", "won't stop", "no respira") is not a cue. The word lists
// live in content/context.yaml.
const negationWindow = 6

var (
	// Grammar, not triggers: Spanish clitics between "no" and a verb, and
	// the verbs of possession after a trailing "no" ("fiebre no tengo").
	possession = set(`tengo have has tiene`)
	clitics    = set(`me la lo le te se nos`)

	feverWords   = set(`fever feverish febrile temp temperature thermometer temps chills rigors fiebre temperatura calentura termometro febril escalofrios`)
	feverFilter  = filterOf(feverWords) // before every look-up in feverWords
	tempUnits    = set(`f c degrees degree grados grado`)
	tempLeadIns  = set(`t temp running ran spiking spiked hit reading read tenia marca marcaba`)
	halfWords    = [][]string{{"y", "medio"}, {"and", "a", "half"}, {"y", "pico"}, {"point", "5"}}
	otherUnits   = set(`weeks week wks days day months years lbs lb pounds kg kilos oz ml minutes mins hours hrs percent semanas dias meses anos libras gramos minutos horas`)
	monthWords   = set(`month months mes meses mo mos`)
	weekWords    = set(`week weeks wk wks semana semanas`)
	yearWords    = set(`year years yr yrs ano anos`)
	numberWords  = map[string]float64{"three": 3, "four": 4, "five": 5, "six": 6, "several": 3, "many": 3, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "varios": 3, "muchos": 3, "a": 1, "un": 1, "one": 1, "uno": 1}
	outOfTen     = [][]string{{"out", "of", "10"}, {"de", "10"}, {"sobre", "10"}}
	bpOver       = set(`over sobre entre`)
	moreRequests = set(`more mas continue cont go on seguir sigue continua else`)
	moreLeadIns  = set(`tell me give show and y eso what cuentame dime dame explain explicame please pls por favor quiero saber about sobre`)
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
func (a *analysis) markNegation(c *contextRules) {
	remaining := 0
	listing := false // a clinical "denies A, B, C": commas continue the list
	// unable says the clause has had a pseudo-negation ("no puedo"): a
	// "ni" before another infinitive goes on with it ("no puedo cerrar el
	// pañal ni abrir un frasco"), it denies nothing; before a verb of its
	// own it is a denial ("no puedo dormir ni tengo fiebre").
	unable := false
	var sent uint8
	for i := range a.toks {
		t := &a.toks[i]
		t.sent = sent
		switch {
		case t.kind == tokBreak:
			remaining, listing, unable = 0, false, false
			if sent < 63 {
				sent++
			}
			continue
		case (t.kind == tokComma || c.is(a, ctxConjunction, i)) && listing:
			// "denies CP, SOB and HA": the list goes on.
			remaining = max(remaining, 3)
			continue
		case t.kind == tokComma || c.is(a, ctxTerminate, i) || remaining > 0 && c.at(a, ctxTerminate, i) > 1:
			// A phrase of a cause ends a denial too ("no siento las
			// piernas de tanta sentadilla").
			remaining, listing, unable = 0, false, false
			continue
		}
		if remaining > 0 {
			t.neg = true
			remaining--
			if c.is(a, ctxList, i) {
				remaining = max(remaining, 3)
			}
		}
		if c.is(a, ctxNegation, i) {
			if c.pseudoNegation(a, i) || unable && c.is(a, ctxList, i) && infinitiveAt(a, i+1) {
				remaining = 0 // "can not feel": what follows is the sign
				t.neg = false
				unable = true
			} else {
				remaining = negationWindow
				listing = c.is(a, ctxListing, i)
			}
		}
		if c.is(a, ctxPostNegation, i) && (a.endsClause(i+1) || i+1 < len(a.toks) && possession[a.toks[i+1].text] && a.endsClause(i+2)) {
			a.negateBefore(c, i) // "tingling? no", "fiebre no tengo"
		}
		// "for good" ends a clause as "for ever", not as "fine": "if the
		// mom disappears for good" is no reassurance (round 9).
		forGood := i > 0 && a.toks[i-1].text == "for" && a.toks[i].text == "good"
		if c.is(a, ctxReassurance, i) && !forGood && (a.endsClause(i+1) || i+1 < len(a.toks) && clauseTails[a.toks[i+1].text] && a.endsClause(i+2)) && !a.cueBefore(c, i) {
			a.negateBefore(c, i) // "vision is fine (tho)", "la vista bien"; not "not fine"
		}
	}
}

// infinitiveAt reports whether token i is a Spanish infinitive, with or
// without clitics ("abrir", "cargarla", "levantarme").
func infinitiveAt(a *analysis, i int) bool {
	if i >= len(a.toks) || a.toks[i].kind != tokWord {
		return false
	}
	w := a.toks[i].text
	for _, clitic := range []string{"melo", "mela", "selo", "sela", "me", "te", "se", "lo", "la", "le", "los", "las", "les", "nos", ""} {
		if v, ok := strings.CutSuffix(w, clitic); ok && len(v) > 3 && (strings.HasSuffix(v, "ar") || strings.HasSuffix(v, "er") || strings.HasSuffix(v, "ir")) {
			return true
		}
	}
	return false
}

// clauseTails are chat words that may trail a clause without ending its
// meaning ("vision is fine tho").
var clauseTails = set(`tho though tbh lol haha jaja igual eh`)

// cueBefore reports whether a negation cue is among the few tokens of the
// clause before i ("not fine", "no estoy bien").
func (a *analysis) cueBefore(c *contextRules, i int) bool {
	for j, n := i-1, 0; j >= 0 && n < 4; j, n = j-1, n+1 {
		t := &a.toks[j]
		if t.kind == tokBreak || t.kind == tokComma {
			return false
		}
		if c.is(a, ctxNegation, j) || t.text == "cant" {
			return true
		}
	}
	return false
}

// endsClause reports whether token i is past the end of a clause.
func (a *analysis) endsClause(i int) bool {
	return i >= len(a.toks) || a.toks[i].kind == tokBreak || a.toks[i].kind == tokComma
}

// negateBefore marks the words of the clause before the answer at i as
// negated: "tingling? no.", "fiebre no, escalofríos tampoco".
func (a *analysis) negateBefore(c *contextRules, i int) {
	j := i - 1
	if j >= 0 && a.toks[j].kind == tokBreak { // "numbness? no"
		j--
	}
	for n := 0; j >= 0 && n < 4; j, n = j-1, n+1 {
		if a.toks[j].kind == tokBreak || a.toks[j].kind == tokComma || c.is(a, ctxTerminate, j) {
			break
		}
		a.toks[j].neg = true
	}
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
	if a.notBody(i) || a.weatherBefore(i) {
		return false // 101 degrees outside, bath water at 38, "hace 40 grados", "estamos a 38 grados"
	}
	for _, seq := range halfWords {
		if celsius && a.followedBy(i, seq) {
			return true // "tengo 38 y medio"
		}
	}
	if i+1 < len(a.toks) {
		n := a.toks[i+1]
		if n.kind == tokDegree || tempUnits[n.text] {
			return true
		}
		if otherUnits[n.text] {
			return false // 38.5 weeks, 101 lbs
		}
	}
	if a.feverCue || (i > 0 && tempLeadIns[a.toks[i-1].text]) {
		return true
	}
	// A decimal in the fever range is a temperature: nothing else a parent
	// writes looks like 38.4 or 101.2.
	return strings.ContainsAny(t.text, ".,")
}

// weatherBefore reports whether a weather_before trigger ends just before
// token i: one word ("hace 40") or a phrase ("estamos a 38 grados").
func (a *analysis) weatherBefore(i int) bool {
	if i == 0 || a.ctx == nil {
		return false
	}
	if a.ctx.is(a, ctxWeatherBefore, i-1) {
		return true
	}
	for j := i - 2; j >= 0 && j >= i-3; j-- {
		if a.ctx.at(a, ctxWeatherBefore, j) == i-j {
			return true
		}
	}
	return false
}

// isNormalTemp reports whether token i is a body temperature under 37.6 C
// (99.7 F) read from a thermometer or given as one ("el termómetro marcó
// 37,1", "temp 98.6"): a reading that rules a fever out. A decimal is
// needed, or a unit or a thermometer word just before it.
func (a *analysis) isNormalTemp(i int) bool {
	t := &a.toks[i]
	if t.kind != tokNumber {
		return false
	}
	celsius := t.num >= 35 && t.num < 37.6
	fahrenheit := t.num >= 95 && t.num < 99.7
	if !celsius && !fahrenheit || a.notBody(i) {
		return false
	}
	if i+1 < len(a.toks) && (a.toks[i+1].kind == tokDegree || tempUnits[a.toks[i+1].text]) {
		return true
	}
	if i+1 < len(a.toks) && otherUnits[a.toks[i+1].text] {
		return false
	}
	return strings.ContainsAny(t.text, ".,") && (a.feverCue || i > 0 && tempLeadIns[a.toks[i-1].text])
}

// notBody reports whether the sentence of token i talks about a temperature
// that is not a body's (the weather, water, an oven).
func (a *analysis) notBody(i int) bool {
	if !a.sentenceHas(i, ctxNotBody) {
		return false
	}
	// A long chatty sentence strings many clauses with commas: a reading
	// told with a fever word in its own clause, and no word of the
	// weather, water or a car there, is the writer's ("we got the car
	// seat in, oh and ive had 101.5 since last night with chills").
	lo, hi := i, i
	for lo > 0 && !a.endsClause(lo-1) {
		lo--
	}
	for !a.endsClause(hi + 1) {
		hi++
	}
	fever := false
	for j := lo; j <= hi; j++ {
		if a.ctx != nil && a.ctx.at(a, ctxNotBody, j) > 0 {
			return true
		}
		fever = fever || feverWords[a.toks[j].text]
	}
	return !fever
}

// bloodPressure returns the reading that starts at token i ("160/110",
// "150 over 100", "150 sobre 100"), if it is one: a systolic of 60 to 260
// above a diastolic of 30 to 160.
func (a *analysis) bloodPressure(i int) (sys, dia float64, ok bool) {
	t := &a.toks[i]
	n := 1 // tokens of the reading
	switch t.kind {
	case tokScore:
		k := strings.IndexByte(t.text, '/')
		d, err := strconv.ParseFloat(t.text[k+1:], 64)
		if err != nil {
			return 0, 0, false
		}
		sys, dia = t.num, d
	case tokNumber:
		switch {
		case i+2 < len(a.toks) && bpOver[a.toks[i+1].text] && a.toks[i+2].kind == tokNumber:
			sys, dia = t.num, a.toks[i+2].num
			n = 3
		case i+2 < len(a.toks) && a.toks[i+1].text == "con" && a.toks[i+2].kind == tokNumber &&
			(a.sentenceHas(i, ctxBpWords) || a.onlyReading(i, 3)):
			// "160 con 105" is a reading said aloud, but "38 con 5" a
			// temperature: "con" only with a pressure word or alone.
			sys, dia = t.num, a.toks[i+2].num
			n = 3
		case i+1 < len(a.toks) && a.toks[i+1].kind == tokNumber && a.sentenceHas(i, ctxBpWords):
			sys, dia = t.num, a.toks[i+1].num // voice to text: "la presión 165 110"
			n = 2
		default:
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	if sys >= 8 && sys <= 26 && dia >= 4 && dia <= 16 && (a.sentenceHas(i, ctxBpWords) || a.onlyReading(i, n)) {
		sys, dia = sys*10, dia*10 // "la presión 14/9": centimetres of mercury
	}
	if sys < 60 || sys > 260 || dia < 30 || dia > 160 || dia >= sys {
		return 0, 0, false
	}
	return sys, dia, true
}

// onlyReading reports whether the n tokens from i are all the message
// says, but for a few words of a reading ("16/11", "me dio 160 con 105",
// "17/11 hoy"): a reading sent alone, in the short form of Latin America
// ("16/11" is 160/110) or said aloud. A date is written after a word
// such as "el" or "on" ("el 16/11").
func (a *analysis) onlyReading(i, n int) bool {
	if len(a.toks) > n+8 || i > 0 && dateLeads[a.toks[i-1].text] {
		return false
	}
	for j := range a.toks {
		if j >= i && j < i+n {
			continue
		}
		t := &a.toks[j]
		if t.kind != tokBreak && t.kind != tokComma && !readingWords[t.text] {
			return false
		}
	}
	return true
}

var (
	// readingWords may stand beside a reading sent alone.
	readingWords = set(`hoy today now ahora ahorita me le dio da salio sale marca marco tengo tuve mine my mi is was es fue en casa at home mmhg cmhg otra vez again`)
	// dateLeads before two numbers make them a date.
	dateLeads = set(`el del on para hasta desde for by until since`)
)

// sentenceHas reports whether a trigger of the context list l is in the
// sentence of token i.
func (a *analysis) sentenceHas(i int, l contextList) bool {
	if a.ctx == nil {
		return false
	}
	sent := a.toks[i].sent
	for j := range a.toks {
		if a.toks[j].sent == sent && a.ctx.at(a, l, j) > 0 {
			return true
		}
	}
	return false
}

// isBP reports whether token i starts a blood pressure of 140/90 or more
// (severe: 160/110 or more).
func (a *analysis) isBP(i int, severe bool) bool {
	sys, dia, ok := a.bloodPressure(i)
	switch {
	case !ok:
		return false
	case severe:
		return sys >= 160 || dia >= 110
	}
	return sys >= 140 || dia >= 90
}

// isLowSat reports whether token i is an oxygen saturation under 92%
// written after an oxygen word, with no other words needed: "spo2 86",
// "sat 87", "SatO2 88%", "o2 sat: 85", "pulse ox says 84", "saturación
// 86", "oxígeno en 85". Where the sensor sits may come between (round
// 22: "pulse ox on my finger says 86%", "el oxímetro en el dedo marca
// 88"). "sat" is also the past of "sit", so it counts only right before
// the number, never before a unit ("sat 80 minutes").
func (a *analysis) isLowSat(i int) bool {
	t := &a.toks[i]
	if t.kind != tokNumber || t.num < 50 || t.num >= 92 || strings.ContainsAny(t.text, ".,") {
		return false
	}
	if i+1 < len(a.toks) && (otherUnits[a.toks[i+1].text] || satNotAfter[a.toks[i+1].text]) {
		return false // "sat 80 minutes", "sat 85 times"
	}
	linked := false // a word, not only a colon, between them
	sep := false    // a link word or a colon seen: the sensor may come before it
back:
	for j, n := i-1, 0; j >= 0 && n < 8; j, n = j-1, n+1 {
		w := &a.toks[j]
		switch {
		case w.kind == tokWord && satWords[w.text]:
			return w.text != "sat" || !linked
		case w.kind == tokComma && n < 3:
			sep = true
			continue
		case w.kind == tokWord && satLinks[w.text] && n < 3:
			linked, sep = true, true
			continue
		case w.kind == tokWord && (satSensor[w.text] || satLinks[w.text]) && sep:
			linked = true
			continue // "pulse ox on my finger says 86", "saturación en el reloj: 87"
		}
		break back
	}
	// "87 for oxygen", "86 on the oximeter": the word after the number.
	for j, n := i+1, 0; j < len(a.toks) && n < 3; j, n = j+1, n+1 {
		w := &a.toks[j]
		switch {
		case w.kind == tokWord && satWords[w.text]:
			return w.text != "sat" && w.text != "sats"
		case w.kind == tokWord && satAfterLinks[w.text]:
			continue
		}
		return false
	}
	return false
}

var (
	// satAfterLinks may sit between the number and a later oxygen word.
	satAfterLinks = set(`for on the my of de en el la mi`)
	// satWords name an oxygen saturation just before its number.
	satWords = set(`spo2 sp02 sao2 sato2 sat sats o2 oxygen ox oximeter saturation saturations saturacion saturando satura saturo oxigeno oximetro oxigenacion`)
	// satLinks may sit between the word and the number.
	satLinks = set(`is was are were at of around about only just says said reads read shows showed showing reading dropped dropping fell down to en de es a esta estaba estan marca marcaba dice da dio bajo baja`)
	// satSensor name where an oximeter sits or what shows the number;
	// with a link word ("says", "marca") they may stand between the
	// oxygen word and the number.
	satSensor = set(`on in my her his the el la los mi su del me le baby babys bebe wife husband partner esposa esposo mama mom finger toe ear wrist foot hand dedo dedito oreja pie mano watch reloj app monitor screen pantalla clip thing gadget device machine meter reader aparato aparatito cosito`)
	// satNotAfter after a number make it no saturation.
	satNotAfter = set(`times x veces secs seconds segundos steps pasos`)
)

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
	unit, after := "", i+2
	switch {
	case !ok:
		// "3mo", "12wks", "4mos": clinician shorthand in one word.
		if n, unit, ok = splitUnit(t.text); !ok {
			return a.monthSpan(i)
		}
		after = i + 1
	case i+1 >= len(a.toks):
		return false
	default:
		unit = a.toks[i+1].text
	}
	if after < len(a.toks) && pregnancyWords[a.toks[after].text] {
		return false // "12 weeks pregnant"
	}
	if i+2 < len(a.toks) && (unit == "more" || unit == "full" || unit == "whole" || unit == "long") {
		unit = a.toks[i+2].text
	}
	switch {
	case monthWords[unit]:
		return n >= 3
	case weekWords[unit]:
		// "38.5 weeks", "at 36 weeks", "estoy de 36 semanas": a
		// pregnancy's length, not a span of pain. Past 24 weeks a
		// count of weeks is taken as one unless it says postpartum.
		if strings.ContainsAny(t.text, ".,") || n >= 24 && n <= 42 && !(after < len(a.toks) && postpartumWords[a.toks[after].text]) {
			return false
		}
		return n >= 12
	case yearWords[unit]:
		return n >= 1
	}
	return false
}

// splitUnit reads a number run into its unit ("3mo", "12wks") as the
// number and the unit.
func splitUnit(w string) (float64, string, bool) {
	k := 0
	for k < len(w) && w[k] >= '0' && w[k] <= '9' {
		k++
	}
	if k == 0 || k == len(w) {
		return 0, "", false
	}
	n, err := strconv.ParseFloat(w[:k], 64)
	unit := w[k:]
	if err != nil || !(monthWords[unit] || weekWords[unit] || yearWords[unit]) {
		return 0, "", false
	}
	return n, unit, true
}

var (
	// pregnancyWords after a number of weeks make it a pregnancy's.
	pregnancyWords = set(`pregnant along gestation embarazada embarazo gestacion`)
	// postpartumWords after a number of weeks make it time since birth.
	postpartumWords = set(`pp postpartum posparto postparto after since despues desde`)
)

// months are month names, January first, in both languages.
var months = map[string]int{
	"january": 1, "jan": 1, "enero": 1, "february": 2, "feb": 2, "febrero": 2, "march": 3, "marzo": 3,
	"april": 4, "abril": 4, "may": 5, "mayo": 5, "june": 6, "junio": 6, "july": 7, "julio": 7,
	"august": 8, "aug": 8, "agosto": 8, "september": 9, "sept": 9, "septiembre": 9, "setiembre": 9,
	"october": 10, "oct": 10, "octubre": 10, "november": 11, "nov": 11, "noviembre": 11,
	"december": 12, "dec": 12, "diciembre": 12,
}

// monthSpan reports whether token i is a month name followed later in the
// message by another three or more months on ("born in march, it's july
// now"). "may" only counts capitalised away, so it needs a digitless
// neighbour that is a month too.
func (a *analysis) monthSpan(i int) bool {
	from, ok := months[a.toks[i].text]
	if !ok || a.toks[i].text == "may" {
		return false
	}
	for j := i + 1; j < len(a.toks); j++ {
		to, ok := months[a.toks[j].text]
		if !ok || a.toks[j].text == "may" && j+1 < len(a.toks) && a.toks[j+1].kind == tokWord {
			continue
		}
		if (to-from+12)%12 >= 3 {
			return true
		}
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
