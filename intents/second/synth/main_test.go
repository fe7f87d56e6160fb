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
	for _, s := range []string{
		"it would be easier if i weren't here", "it would be easier for everyone if i wasn't here",
		"things would be easier if i was gone", "everyone is better without me",
		"sería más fácil si yo no estuviera", "sería más fácil para todos si yo no estuviera",
		"todo sería más fácil sin mí", "ojalá no estuviera aquí",
	} {
		if !selfAbsence.MatchString(s) {
			t.Errorf("selfAbsence misses %q", s)
		}
	}
	for _, s := range []string{
		"it would be easier if my mum were here", "sería más fácil si mi mamá estuviera aquí",
		"ojalá mi suegra pudiera venir", "i wish my sister lived closer",
	} {
		if selfAbsence.MatchString(s) {
			t.Errorf("selfAbsence matches the wish %q", s)
		}
	}
	for _, l := range generate() {
		if selfAbsence.MatchString(l.Text) {
			t.Errorf("synthetic negative says the writer's own absence: %q", l.Text)
		}
		if l.Escalation != "none" {
			t.Errorf("synthetic negative %q has escalation %q", l.Text, l.Escalation)
		}
	}
}

// TestNoTestLines: no round-15 synthetic negative is a line of the
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
