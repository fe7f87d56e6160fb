package intents_test

import "testing"

// TestUnderstandingPhrasings holds testdata/understanding-phrasings.jsonl:
// round 7's own phrasings, written apart from the labelled batches and
// never copied from them, for every answer id in Spanish registers
// (Mexico, Argentina and Uruguay voseo, Spain, Colombia, Chile, Peru, the
// Caribbean, US Spanglish, WhatsApp spelling, Spanish spelled by ear,
// voice-to-text run-ons, opening address words), and out-of-scope messages
// a parent might send in both languages (the baby's care, paperwork,
// insurance, the weather, recipes, tech, pets, hair, relationships, an
// assistant's errands), short and chatty, beside in-scope questions that
// use the same words. The classes behind the misses were fixed, not the
// lines: a fix that only learns one message fails here. "a|b" accepts
// either answer (a message that asks or tells two things, or a sign the
// screen answers with see_doctor).
func TestUnderstandingPhrasings(t *testing.T) {
	t.Parallel()
	intentFile(t, "testdata/understanding-phrasings.jsonl", 450)
}
