package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// selfAbsence matches the writer's own absence, non-existence or death said
// as a wish or a counterfactual: an emergency, never a synthetic negative,
// however close it is to a wish for someone else's presence.
var selfAbsence = regexp.MustCompile(`\b(if i (were|was|wasn'?t|weren'?t|just wasn'?t|just weren'?t) (not )?(here|there|around|gone|alive|dead)|if i (wasn'?t|weren'?t|wasnt|werent)\b|if i (didn'?t|did not) exist|if i (died|disappeared|left for good)|without me|w/?o me|i wish i (wasn'?t|weren'?t|was dead|were dead|didn'?t exist)|si yo no|si yo ya no|si (ya )?no (estuviera|existiera)|si me (muriera|fuera para siempre)|si (yo )?desapareciera|sin m[ií]($|[^a-zñáéíóú])|ojal[aá] (yo )?no (estuviera|existiera|despertar|amanecer))`)

func TestNoSelfAbsence(t *testing.T) {
	// The pattern itself must catch the self-absence phrasings of the
	// brief and leave the wishes for someone else's help alone.
	patternCases(t, "selfAbsence", selfAbsence, []string{
		"it would be easier if i weren't here", "it would be easier for everyone if i wasn't here",
		"things would be easier if i was gone", "everyone is better without me",
		"sería más fácil si yo no estuviera", "sería más fácil para todos si yo no estuviera",
		"todo sería más fácil sin mí", "ojalá no estuviera aquí",
	}, []string{
		"it would be easier if my mum were here", "sería más fácil si mi mamá estuviera aquí",
		"ojalá mi suegra pudiera venir", "i wish my sister lived closer",
	})
	for _, l := range generate() {
		if selfAbsence.MatchString(l.Text) {
			t.Errorf("synthetic negative says the writer's own absence: %q", l.Text)
		}
		if l.Escalation != "none" {
			t.Errorf("synthetic negative %q has escalation %q", l.Text, l.Escalation)
		}
	}
}

// TestNoTestLines: no round-15, round-17 or round-18 synthetic negative is a line of the
// phrasing tests (intents/testdata), and the probes stay out. (Some
// negatives of rounds 4-8 are lines of round4- and round7-phrasings.jsonl
// and known-phrasings.jsonl; they are left as they were trained on.)
func TestNoTestLines(t *testing.T) {
	gen := make(map[string]bool)
	for _, l := range generate() {
		if gen[l.Text] {
			t.Errorf("%q generated twice", l.Text)
		}
		gen[l.Text] = true
	}
	for _, p := range probes {
		if gen[p] {
			t.Errorf("probe %q is among the synthetic negatives", p)
		}
	}
	gen = make(map[string]bool)
	round15(func(text, _ string) { gen[text] = true })
	round17(func(text, _ string) { gen[text] = true })
	round18(func(text, _ string) { gen[text] = true })
	files, err := filepath.Glob("../../testdata/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no phrasing files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var l struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &l) != nil || l.Text == "" {
				continue
			}
			if gen[strings.ToLower(l.Text)] {
				t.Errorf("%s: %q is a synthetic negative", filepath.Base(f), l.Text)
			}
		}
	}
}

// TestCommitted: testdata/synthetic-negatives.jsonl is what this command
// writes.
func TestCommitted(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, l := range generate() {
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("../testdata/synthetic-negatives.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Error("testdata/synthetic-negatives.jsonl is stale: go run ./intents/second/synth > intents/second/testdata/synthetic-negatives.jsonl")
	}
}

// selfNotWaking matches the writer's own wish not to wake up (or not to
// have woken), anyone's wish not to have woken from a surgery, and another
// adult's reported wish of the same: passive death wishes, never a
// synthetic negative however tired they sound.
var selfNotWaking = regexp.MustCompile(`\b(i (never|hadn'?t|had not|didn'?t|did not|wouldn'?t|would not|won'?t) (wake|woke|woken)|(sleep|go to sleep) and (just )?(not|never) wake|not wake up|(she|he) wish(es|ed)? (she|he) (never|hadn'?t|didn'?t)|(ojal[aá]|quisiera|quiero|pienso|mejor)( que)?( yo)? no (me )?despert|y no despert|no amanecer|no volver a despertar|dice que ojal[aá]|ces[aá]rea|c-section|surgery|anest|operaci[oó]n|cirug[ií]a)`)

func TestWishOtherNotSelf(t *testing.T) {
	// The pattern must catch the passive death wishes about waking
	// (training data and round 19's phrasings) and leave the wishes about
	// another's sleep alone.
	patternCases(t, "selfNotWaking", selfNotWaking, []string{
		"sometimes i wish i could go to sleep and not wake up", "i wish i never woke up after the surgery",
		"honestly i wish i hadn't woken up after the c-section", "she told me she wishes she never woke up from the c-section",
		"mi esposa dice que ojalá no se hubiera despertado de la cesárea", "ojalá no despertara mañana",
		"quisiera dormirme y no despertar nunca más", "a veces pienso que sería mejor no despertar",
		"ojala no despertar mañana", "i wish i wouldn't wake up tomorrow",
	}, []string{
		"i wish the baby hadn't woken up so early", "ojalá se durmiera más", "ojalá el bebé no se despertara cada hora",
		"i wish my husband would wake up for the night feeds", "wish he'd slept past 5",
	})
	n := 0
	round17(func(text, _ string) {
		n++
		if selfNotWaking.MatchString(text) || selfAbsence.MatchString(text) {
			t.Errorf("wish about another says the writer's own not waking or absence: %q", text)
		}
	})
	if n < 150 {
		t.Errorf("round17 emits %d lines, want a class, not a few lines", n)
	}
}

// partnerSign matches what a partner's ordinary mornings must never say: a
// silence or a mood of days or weeks, staring, threats or harm, crying,
// not eating or not leaving the bedroom, a bad mother, a mother at all
// (her withdrawal is a warning sign), voices or a weapon.
var partnerSign = regexp.MustCompile(`\b(days?|weeks?|d[ií]as?|semanas?|stares?|staring|wall|pared|threat\w*|amenaz\w*|kill\w*|mat(a|ar|o|e)\b|hurt (me|him|her|us|the baby)|lastim\w*|golpe\w*|hit\w*|pega\w*|bad (mother|mom|mum)|mal[ao] (madre|mam[aá])|bedroom|cuarto|recámara|won'?t eat|doesn'?t eat|no come|not spoken|hasn'?t (spoken|talked|said)|no (me )?ha hablado|cr(y|ies|ying)|llor\w*|hopeless|sin esperanza|voices|voces|gun|arma|knife|cuchillo|wife|esposa|mujer|she|ella|mother|mom|mum|mam[aá]|madre|suegra)\b`)

// adviceSign matches a warning sign that advice followed and a pain better
// must never carry: a fever, bleeding, the chest, breathing, vision, a
// faint, swelling, a calf, a headache, numbness, worse, or a baby switched
// or swapped.
var adviceSign = regexp.MustCompile(`(fever|fiebre|sangr|bleed|blood|chest|\bpecho|breath|respir|vision|visi[oó]n|faint|desmay|swell|hinch|calf|pantorrilla|headache|cabeza|numb|entumec|hormigue|worse|peor|switched (at|with)|(been|was|were) (switched|swapped)|swapped (with|at)|cambiad[oa]|cambiaron|suicid|kill|mat(ar|o)\b)`)

func TestRound18NoSigns(t *testing.T) {
	patternCases(t, "partnerSign", partnerSign, []string{
		"my husband hasn't spoken for days and stares at the wall", "he threatened me this morning",
		"mi esposa casi no sale del cuarto desde hace dos semanas", "my wife wont leave the bedroom for weeks now, barely eats",
		"my partner keeps saying she's a bad mother", "él no me ha hablado en días y mira la pared",
	}, nil)
	patternCases(t, "adviceSign", adviceSign, []string{
		"my wife thinks the baby has been switched at the hospital, she hasnt slept",
		"she keeps saying our son has been swapped with another baby", "my hip is better but i have a fever",
		"me duele el pecho y siento que me falta el aire",
	}, nil)
	np, na := 0, 0
	for _, lang := range []string{"en", "es"} {
		partnerMornings(lang, func(text, _ string) {
			np++
			if partnerSign.MatchString(text) || adviceSign.MatchString(text) || selfAbsence.MatchString(text) || selfNotWaking.MatchString(text) {
				t.Errorf("partner's morning says a warning sign: %q", text)
			}
		})
		adviceFollowed(lang, func(text, _ string) {
			na++
			if adviceSign.MatchString(text) || selfAbsence.MatchString(text) || selfNotWaking.MatchString(text) {
				t.Errorf("advice followed says a warning sign: %q", text)
			}
		})
	}
	if np < 150 || na < 150 {
		t.Errorf("round18 emits %d partner and %d advice lines, want classes, not a few lines", np, na)
	}
}

// patternCases checks a guard pattern of the tests themselves: it matches
// every one of hits and none of misses.
func patternCases(t *testing.T, name string, re *regexp.Regexp, hits, misses []string) {
	t.Helper()
	for _, s := range hits {
		if !re.MatchString(s) {
			t.Errorf("%s misses %q", name, s)
		}
	}
	for _, s := range misses {
		if re.MatchString(s) {
			t.Errorf("%s matches %q", name, s)
		}
	}
}
