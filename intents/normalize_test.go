package intents

import (
	"testing"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Me duelen las MUÑECAS", "me duelen las munecas"},
		{"munecas", "munecas"},
		{"sooooo tired", "soo tired"},
		{"can't sleep", "cant sleep"},
		{"child’s pose", "childs pose"},
		{"39c since noon, 101.2F now", "39 c since noon , 101.2 f now"},
		{"3cm, 2cups, abc1f", "3cm , 2cups , abc1f"},
		{"ＷＲＩＳＴ", "wrist"}, // NFKC folds full-width letters
		{"T 38.4, c/o knee pain", "t 38.4 , c o knee pain"},
		{"fiebre de 38,5", "fiebre de 38,5"},
		{"pain 9/10!!", "pain 9/10 ."},
		{"hey 👋", "hey 👋"},
		// a chart's "+" after an item or SI/HI is positive; between
		// words it is "and"
		{"EPDS 16 item 10 +. 6 wks pp", "epds 16 item 10 pos . 6 wks pp"},
		{"SI+, HI-", "si pos , hi"},
		{"exhaustion + aches", "exhaustion aches"},
		{"2+2 mom+baby", "2 2 mom baby"},
		{"¿qué síntomas?", "que sintomas ."},
		{"c-section", "c section"},
		{"", ""},
		{"\xff\xfe bad utf8", "bad utf8"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, cmd, args string }{
		{"/start", "/start", ""},
		{"/Nudge@CareBot 8pm", "/nudge", "8pm"},
		{"  /lang es", "/lang", "es"},
		{"/ not a command", "", ""},
		{"9/10 pain", "", ""},
		{"/carebot wrist pain", "/carebot", "wrist pain"},
	} {
		cmd, args, _ := parseCommand(tc.in)
		if cmd != tc.cmd || args != tc.args {
			t.Errorf("parseCommand(%q) = %q, %q, want %q, %q", tc.in, cmd, args, tc.cmd, tc.args)
		}
	}
}

func TestTypoIndex(t *testing.T) {
	t.Parallel()
	ix := newTypoIndex(map[string]int32{"wrist": 9, "worst": 1, "exercise": 1, "postpartum": 1, "feeding": 1, "hip": 1})
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"wrsit", "wrist", true},       // transposition: one edit
		{"exersise", "exercise", true}, // one substitution
		{"postpartm", "postpartum", true},
		{"exrcize", "exercise", false},   // seven letters: one edit only
		{"postprtm", "postpartum", true}, // ten letters: two edits
		{"hop", "", false},               // under four letters: none
		{"wrist", "wrist", true},
		{"wirst", "wrist", true}, // as near as "worst": the more frequent wins
		{"rist", "wrist", true},  // the first letter missed
		{"table", "", false},
	} {
		got, ok := ix.correct(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("correct(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestOSADistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"wrist", "wrsit", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"abc", "abc", 0}, {"ca", "ac", 1},
	} {
		if got := osaDistance([]rune(tc.a), []rune(tc.b), 10); got != tc.d {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}
