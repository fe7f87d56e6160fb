package intents_test

import "testing"

// TestDescribedNotNamed holds issue 13's "described, not named" class:
// exercises by their steps, sources, self-care, help and leaving in plain
// words, and the typos that missed.
func TestDescribedNotNamed(t *testing.T) {
	m := embeddedMatcher(t)
	for text, want := range map[string]string{
		"the one where you hold the counter and sink your hips back": "exercise.standing_childs_pose",
		"that thing where you lie down and lift your butt":           "exercise.bridge",
		"el de acostarse boca arriba y levantar la cola":             "exercise.bridge",
		"is this from a medical org or just some blog":               "references",
		"little things i can do tonight to feel less sore":           "treatments",
		"um how do i use this thing":                                 "help",
		"help":                                                       "help",
		"help me":                                                    "help",
		"ayuda":                                                      "help",
		"exit":                                                       "goodbye",
		"quit":                                                       "goodbye",
		"salir":                                                      "goodbye",
		"my wirst hurts":                                             "pain.wrist_hand",
		"my rist hurts":                                              "pain.wrist_hand",
		"tengo dolor de rodiyas":                                     "pain.knee",
		// the plain words do not take over a real question
		"help me with my back pain": "pain.back",
		"what helps my wrist":       "pain.wrist_hand",
	} {
		if r := m.Match(text, ""); r.Intent != want {
			t.Errorf("Match(%q) = %s, want %s", text, r.Intent, want)
		}
	}
}

// TestMoments: a parent who tells what they are doing now gets the moment;
// a question or a complaint about the same moment is a topic.
func TestMoments(t *testing.T) {
	m := embeddedMatcher(t)
	for text, want := range map[string]string{
		"warming a bottle now":                              "moment.bottle",
		"estoy calentando el biberón":                       "moment.bottle",
		"baby's napping, I have 2 minutes":                  "moment.nap",
		"changing a diaper":                                 "moment.diaper",
		"rocking her to sleep":                              "moment.rocking",
		"waiting for the bath to fill":                      "moment.bath",
		"my back hurts from rocking him":                    "",
		"how do i change a diaper without hurting my back?": "",
		"mini squats while the bottle warms, is that legit": "",
	} {
		r := m.Match(text, "")
		if r.Moment != want {
			t.Errorf("Match(%q).Moment = %q, want %q", text, r.Moment, want)
		}
		if want != "" && r.Intent != "nudge.now" {
			t.Errorf("Match(%q).Intent = %s, want nudge.now", text, r.Intent)
		}
	}
}
