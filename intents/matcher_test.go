package intents

import (
	"os"
	"sync"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// testMatcher builds a matcher over the small knowledge base in
// testdata/kb, so these tests do not move when the real content is edited;
// for the same reason the learned second opinion is off (it has its own
// tests in secondopinion_test.go).
func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	kb, err := knowledge.Load(os.DirFS("testdata/kb"))
	if err != nil {
		t.Fatalf("load test kb: %v", err)
	}
	m, err := NewWithConfig(kb, Config{NoSecondOpinion: true})
	if err != nil {
		t.Fatalf("new matcher: %v", err)
	}
	return m
}

func TestMatchIntents(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, tc := range []struct {
		name, text, intent, lang string
	}{
		{"exact", "my wrist hurts", "pain.wrist_hand", "en"},
		{"plural and case", "WRISTS!!", "pain.wrist_hand", "en"},
		{"transposed letters", "my wrsit hurts", "pain.wrist_hand", "en"},
		{"misspelt", "exersise pls", "exercises", "en"},
		{"stem", "stretching ideas", "exercises", "en"},
		{"accents folded", "me duele la muñeca", "pain.wrist_hand", "es"},
		{"accents missing", "me duele la muneca", "pain.wrist_hand", "es"},
		{"spanish plural stem", "me duelen las munecas", "pain.wrist_hand", "es"},
		{"mixed languages", "me duele la wrist cuando cargo al baby", "pain.wrist_hand", "es"},
		{"repeated letters", "hellooooo", "greeting", "en"},
		{"emoji", "👋", "greeting", "en"},
		{"command with bot name", "/start@CareBot", "greeting", "en"},
		{"nothing known", "qwertyuiop", Fallback, "en"},
		{"empty", "", Fallback, "en"},
	} {
		r := m.Match(tc.text, "")
		if r.Intent != tc.intent || r.Lang != tc.lang {
			t.Errorf("%s: Match(%q) = %s/%s, want %s/%s", tc.name, tc.text, r.Intent, r.Lang, tc.intent, tc.lang)
		}
	}
}

func TestLanguageFallsBackToHint(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, hint := range []string{"en", "es"} {
		if r := m.Match("👋", hint); r.Lang != hint {
			t.Errorf("Match(emoji, %s).Lang = %s", hint, r.Lang)
		}
	}
	if r := m.Match("hola", "en"); r.Lang != "es" {
		t.Errorf("a Spanish message with an English hint: lang %s, want es", r.Lang)
	}
}

func TestNegation(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, tc := range []struct {
		text  string
		level knowledge.Level
	}{
		{"my hands are numb", knowledge.LevelProvider},
		{"no numbness, just stiff", knowledge.LevelNone},
		{"no numbness or tingling", knowledge.LevelNone},
		{"numbness? no. just sore", knowledge.LevelNone},
		{"not numb but my chest hurts", knowledge.LevelEmergency},
		{"no idea why my hands are numb", knowledge.LevelProvider},       // pseudo-negation
		{"no fever, and my hands are numb", knowledge.LevelProvider},     // scope ends at the comma
		{"se me duermen las manos", knowledge.LevelProvider},             //
		{"no se me duermen las manos, solo duelen", knowledge.LevelNone}, //
		{"sin hormigueo", knowledge.LevelNone},
		{"no puedo respirar", knowledge.LevelEmergency}, // inability is not negation
		{"not having any thoughts of hurting myself", knowledge.LevelNone},
		{"i keep having thoughts of hurting myself", knowledge.LevelEmergency},
		{"lol im out of breath from laughing", knowledge.LevelNone},
		{"pt denies CP/SOB", knowledge.LevelNone},
		{"c/o SOB", knowledge.LevelEmergency},
	} {
		if r := m.Match(tc.text, ""); r.Level != tc.level {
			t.Errorf("Match(%q).Level = %v, want %v", tc.text, r.Level, tc.level)
		}
	}
}

func TestSpecialTokens(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, tc := range []struct {
		text  string
		level knowledge.Level
	}{
		{"fever of 101", knowledge.LevelProvider},
		{"T 38.4", knowledge.LevelProvider},
		{"running 101.2 tonight", knowledge.LevelProvider},
		{"im 38 years old", knowledge.LevelNone},
		{"baby is 38.5 weeks", knowledge.LevelNone},
		{"temp 99.1", knowledge.LevelNone},
		{"pain is 9/10", knowledge.LevelProvider},
		{"pain is 4/10", knowledge.LevelNone},
		{"been 3 months and still hurts", knowledge.LevelProvider},
		{"3 months. still the same.", knowledge.LevelProvider}, // across a full stop
		{"been 3 weeks and still hurts", knowledge.LevelNone},
	} {
		if r := m.Match(tc.text, ""); r.Level != tc.level {
			t.Errorf("Match(%q).Level = %v, want %v", tc.text, r.Level, tc.level)
		}
	}
}

func TestMoreAndCommands(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, text := range []string{"more", "tell me more", "y eso?", "más", "cuéntame más"} {
		if r := m.Match(text, ""); !r.More {
			t.Errorf("Match(%q).More = false", text)
		}
	}
	for _, text := range []string{"more wrist pain", "tell me about exercises"} {
		if r := m.Match(text, ""); r.More {
			t.Errorf("Match(%q).More = true", text)
		}
	}
	r := m.Match("/Start@CareBot hello there", "")
	if r.Command != "/start" || r.Args != "hello there" {
		t.Errorf("command %q args %q", r.Command, r.Args)
	}
}

// TestStartPayloadLanguage: an invite code after /start is random letters;
// whatever its "words" look like, the reply keeps the person's language,
// and a typed sentence after /start still tells it.
func TestStartPayloadLanguage(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, code := range []string{"quiero_leche-dolor", "mi_dolor_de_espalda", "Ayuda-con-mi-bebe_x9"} {
		if r := m.Match("/start "+code, ""); r.Lang != "en" {
			t.Errorf("Match(/start %s, \"\").Lang = %q, want the default en", code, r.Lang)
		}
		if r := m.Match("/start "+code, "es"); r.Lang != "es" {
			t.Errorf("Match(/start %s, es).Lang = %q, want es", code, r.Lang)
		}
	}
	if r := m.Match("/start hola me duele la espalda", ""); r.Lang != "es" {
		t.Errorf("a typed Spanish sentence after /start: Lang %q, want es", r.Lang)
	}
}

// TestConcurrent runs matches from many goroutines; -race checks that the
// matcher is safe for concurrent use.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	want := m.Match("my wrsit hurts and my chest hurts", "")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if got := m.Match("my wrsit hurts and my chest hurts", ""); got.Intent != want.Intent || got.Topic != want.Topic || got.Level != want.Level {
					t.Errorf("concurrent Match differs: %+v vs %+v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestReassurance(t *testing.T) {
	t.Parallel()
	m := testMatcher(t)
	for _, tc := range []struct {
		text  string
		level knowledge.Level
	}{
		{"my hands were numb but they're fine", knowledge.LevelProvider}, // "but": the report stands
		{"the tingling is fine.", knowledge.LevelNone},
		{"fever of 38.5. everything else is fine", knowledge.LevelProvider},
		{"chest pain is not fine", knowledge.LevelEmergency},
		{"my chest pain, it's not ok", knowledge.LevelEmergency},
	} {
		if r := m.Match(tc.text, ""); r.Level != tc.level {
			t.Errorf("Match(%q).Level = %v, want %v", tc.text, r.Level, tc.level)
		}
	}
}
