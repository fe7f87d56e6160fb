package knowledge

import (
	"strings"
	"testing"
)

// TestProblems checks each kind of problem, one small broken file at a time
// next to the valid base in a.yaml, with the exact lines Load reports.
func TestProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		// Decoding: syntax, unknown fields, wrong types, shapes.
		{"syntax error", "entries:\n  - id: x\n   kind: tip\n",
			[]string{"x.yaml:3: yaml syntax: did not find expected '-' indicator"}},
		{"unknown fields everywhere", `entries:
  - id: tip.x
    kind: tip
    titel: {en: X, es: X}
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    colour: red
signs:
  - id: sign.x
    level: provider
    patterns: {en: [fever], es: [fiebre]}
    reply: {en: Call., es: Llama.}
    replies: {}
references:
  - {id: ref.x, title: T, year: 2020, url: "https://example.org", publisher: P}
signals: []
`, []string{
			`x.yaml:4: unknown field "titel" in entry (did you mean "title"?)`,
			`x.yaml:8: unknown field "colour" in entry`,
			`x.yaml:14: unknown field "replies" in sign`,
			`x.yaml:16: unknown field "publisher" in reference`,
			`x.yaml:17: unknown section "signals" (did you mean "signs"?)`,
		}},
		{"unknown field in exercise", `entries:
  - id: exercise.x
    kind: exercise
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    exercise:
      steps: {en: [a], es: [b]}
      dose: {en: a, es: b}
      feel: {en: a, es: b}
      stop: {en: a, es: b}
      prompts: {en: [a, b, c], es: [a, b, c]}
      reps: 10
`, []string{`x.yaml:13: unknown field "reps" in exercise (did you mean "steps"?)`}},
		{"unknown section without a close name", "stuff: 1\n",
			[]string{`x.yaml:1: unknown section "stuff" (sections are entries, signs, synonyms, references, messages, concepts, context, scope, moments, poses)`}},
		{"wrong types are reported once", `entries:
  - id: tip.x
    kind: [tip]
    title: X
    keywords: {en: xx, es: [{xx: heavy}, [a, b]]}
    answer: {en: [x], es: x}
    exercise: []
references:
  - {id: ref.x, title: T, year: soon, url: "https://example.org"}
signs:
  - id: sign.x
    level: provider
    crisis: perhaps
    patterns: {en: [fever], es: [fiebre]}
    reply: {en: Call., es: Llama.}
`, []string{
			`x.yaml:3: kind: want text, got a list`,
			`x.yaml:4: title: want a text per language (en: ..., es: ...), got "X"`,
			`x.yaml:5: keyword "xx": weight must be a number, got "heavy"`,
			`x.yaml:5: keywords.en: want a list, got "xx"`,
			`x.yaml:5: keywords.es[1]: a keyword is a phrase or {phrase: weight}, got a list`,
			`x.yaml:6: answer.en: want text, got a list`,
			`x.yaml:7: exercise: want a mapping, got a list`,
			`x.yaml:9: year: want a whole number, got "soon"`,
			`x.yaml:13: crisis: want true or false, got "perhaps"`,
		}},
		{"keys set twice", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    kind: info
    answer: {en: y, en: z}
`, []string{
			`x.yaml:7: kind is set twice (first at line 3)`,
			`x.yaml:8: answer is set twice (first at line 6)`,
		}},
		{"alias", `entries:
  - id: tip.x
    kind: tip
    title: &t {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: *t
`, []string{`x.yaml:6: answer: aliases (*t) are not supported: write the value out`}},
		{"file is a list", "- id: x\n", []string{
			`x.yaml:1: a file is a mapping of sections (entries, signs, synonyms, references, messages, concepts, context, scope, moments, poses), got a list`}},
		{"file is text", "hello\n", []string{
			`x.yaml:1: a file is a mapping of sections (entries, signs, synonyms, references, messages, concepts, context, scope, moments, poses), got "hello"`}},
		{"empty file", "", nil},
		{"only comments", "# nothing yet\n", nil},
		{"two documents", "messages: {}\n---\nmessages: {}\n", []string{
			`x.yaml:2: a file holds one YAML document: move this one to a file of its own`}},
		{"nulls", "entries:\n  -\n  - ~\nsigns: [~, text, [1]]\nreferences: ~\nmessages: ~\nsynonyms: ~\n", []string{
			`x.yaml:2: entries[0] is empty`,
			`x.yaml:3: entries[1] is empty`,
			`x.yaml:4: signs[0] is empty`,
			`x.yaml:4: signs[1]: want a mapping, got "text"`,
			`x.yaml:4: signs[2]: want a mapping, got a list`,
		}},

		// Entries.
		{"entry ids", `entries:
  - {kind: tip, title: {en: X, es: X}, keywords: {en: [xx], es: [xx]}, answer: {en: x, es: x}}
  - {id: greeting, kind: tip, title: {en: X, es: X}, keywords: {en: [xy], es: [xy]}, answer: {en: x, es: x}}
  - {id: Tip X, kind: tip, title: {en: X, es: X}, keywords: {en: [xz], es: [xz]}, answer: {en: x, es: x}}
  - {id: tip.y, kind: tip, title: {en: X, es: X}, keywords: {en: [yy], es: [yy]}, answer: {en: x, es: x}}
  - {id: tip.y, kind: tip, title: {en: X, es: X}, keywords: {en: [yz], es: [yz]}, answer: {en: x, es: x}}
`, []string{
			`x.yaml:2: entry has no id`,
			`x.yaml:3: duplicate id greeting (first at a.yaml:2)`,
			`x.yaml:4: id "Tip X": use lower-case letters, digits, '.', '_' and '-' only`,
			`x.yaml:6: duplicate id tip.y (first at x.yaml:5)`,
		}},
		{"ids are shared by entries, signs and references", `references:
  - {id: greeting, title: T, year: 2020, url: "https://example.org"}
`, []string{`x.yaml:2: duplicate id greeting (first at a.yaml:2)`}},
		{"kind", `entries:
  - {id: tip.x, kind: tips, title: {en: X, es: X}, keywords: {en: [xx], es: [xx]}, answer: {en: x, es: x}}
  - {id: tip.y, title: {en: X, es: X}, keywords: {en: [yy], es: [yy]}, answer: {en: x, es: x}}
`, []string{
			`x.yaml:2: tip.x: unknown kind "tips" (kinds are overview, cause, symptom, body_area, exercise, tip, escalation, small_talk, nudge, privacy, info)`,
			`x.yaml:3: tip.y: no kind (kinds are overview, cause, symptom, body_area, exercise, tip, escalation, small_talk, nudge, privacy, info)`,
		}},
		{"title", `entries:
  - id: tip.x
    kind: tip
    title:
      en: Carrying your baby without straining
      es: ""
      fr: Porter
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
  - id: tip.y
    kind: tip
    title: {en: Y}
    keywords: {en: [yy], es: [yy]}
    answer: {en: x, es: x}
  - {id: tip.z, kind: tip, keywords: {en: [zz], es: [zz]}, answer: {en: x, es: x}}
  - {id: tip.w, kind: tip, title: {en: Cargar al bebé sin forzar la espalda, es: Cargar al bebé sin forzar espalda}, keywords: {en: [ww], es: [ww]}, answer: {en: x, es: x}}
`, []string{
			`x.yaml:5: tip.x: title in en is 36 characters, over 32`,
			`x.yaml:6: tip.x: title in es is empty`,
			`x.yaml:7: tip.x: title in unknown language "fr" (languages are en, es)`,
			`x.yaml:12: tip.y: no title in es`,
			`x.yaml:15: tip.z: no title (write it in en and es)`,
			`x.yaml:16: tip.w: title in en is 36 characters, over 32`,
			`x.yaml:16: tip.w: title in es is 33 characters, over 32`,
		}},
		{"answer", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer:
      en: "   "
  - {id: tip.y, kind: tip, title: {en: X, es: X}, keywords: {en: [yy], es: [yy]}}
  - {id: tip.z, kind: tip, title: {en: X, es: X}, keywords: {en: [zz], es: [zz]}, answer: {en: "Call {emergncy}", es: "{crisis}"}, more: {es: "Más"}}
`, []string{
			`x.yaml:6: tip.x: no answer in es`,
			`x.yaml:7: tip.x: answer in en is empty`,
			`x.yaml:8: tip.y: no answer (write it in en and es)`,
			`x.yaml:9: tip.z: no more text in en`,
			`x.yaml:9: tip.z: unknown placeholder {emergncy} in answer (en); use {emergency}, {crisis} or {maternal_line}`,
		}},
		{"keywords", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    answer: {en: x, es: x}
    keywords:
      en:
        - wrist: 3
        - Wrist
        - thumb: 3.5
        - hand: 0.25
        - ""
        -
      es:
        - Muñeca
        - "muneca  "
        - mano: 0.5
      pt: [mão]
  - {id: tip.y, kind: tip, title: {en: X, es: X}, keywords: {en: [yy]}, answer: {en: x, es: x}}
  - {id: tip.z, kind: tip, title: {en: X, es: X}, answer: {en: x, es: x}}
`, []string{
			`x.yaml:9: tip.x: keyword "Wrist" is listed twice (first at line 8)`,
			`x.yaml:10: tip.x: keyword "thumb": weight 3.5 outside 0.5..3`,
			`x.yaml:11: tip.x: keyword "hand": weight 0.25 outside 0.5..3`,
			`x.yaml:12: tip.x: empty keyword`,
			`x.yaml:13: tip.x: empty keyword`,
			`x.yaml:16: tip.x: keyword "muneca  " is listed twice (first at line 15)`,
			`x.yaml:18: tip.x: keywords in unknown language "pt" (languages are en, es)`,
			`x.yaml:19: tip.y: no keywords in es`,
			`x.yaml:20: tip.z: no keywords (write them in en and es)`,
		}},
		{"keyword claimed by two entries", `entries:
  - {id: tip.x, kind: tip, title: {en: X, es: X}, keywords: {en: [Hello, {bridges: 3}], es: [xx]}, answer: {en: x, es: x}}
  - id: tip.y
    kind: tip
    title: {en: X, es: X}
    keywords:
      en: [yy, {bridge: 2}]
      es: [" HOLA ", {puente: 2}]
    answer: {en: x, es: x}
`, []string{
			`a.yaml:6: greeting: keyword "hello" (weight 1) is also claimed by tip.x (x.yaml:2) at the same weight`,
			`a.yaml:7: greeting: keyword "hola" (weight 1) is also claimed by tip.y (x.yaml:8) at the same weight`,
			`x.yaml:2: tip.x: keyword "Hello" (weight 1) is also claimed by greeting (a.yaml:6) at the same weight`,
			`x.yaml:8: tip.y: keyword " HOLA " (weight 1) is also claimed by greeting (a.yaml:7) at the same weight`,
		}},
		{"examples", `entries:
  - {id: tip.x, kind: tip, title: {en: X, es: X}, keywords: {en: [xx], es: [xx]}, answer: {en: x, es: x}, examples: {en: [how do i x]}}
  - id: tip.y
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [yy], es: [yy]}
    answer: {en: x, es: x}
    examples:
      en: [how do i y]
      es: [""]
`, []string{
			`x.yaml:2: tip.x: no examples in es`,
			`x.yaml:10: tip.y: empty item in examples (es)`,
		}},
		{"fallback needs no keywords", `entries:
  - {id: tip.x, kind: tip, title: {en: X, es: X}, keywords: {en: [xx], es: [xx]}, answer: {en: x, es: x}, follow_up: [fallback]}
`, nil},
		{"follow-ups and references", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    follow_up:
      - tip.x
      - greeting
      - tip.nowhere
      - greeting
      - ""
      - sign.chest_pain
    references: [ref.ruchat2025, ref.nowhere, greeting]
`, []string{
			`x.yaml:8: tip.x: follow_up points to the entry itself`,
			`x.yaml:10: tip.x: follow_up tip.nowhere: no such entry`,
			`x.yaml:11: tip.x: follow_up greeting is listed twice`,
			`x.yaml:12: tip.x: empty follow_up id`,
			`x.yaml:13: tip.x: follow_up sign.chest_pain: no such entry`,
			`x.yaml:14: tip.x: reference greeting: no such reference`,
			`x.yaml:14: tip.x: reference ref.nowhere: no such reference`,
		}},
		{"areas", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    areas:
      - back
      - elbow
`, []string{`x.yaml:9: tip.x: unknown area "elbow" (areas are wrist_hand, back, hip_pelvis, knee, neck_shoulder)`}},
		{"exercise block on another kind, or missing", `entries:
  - id: tip.x
    kind: tip
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    exercise:
      steps: {en: [a], es: [b]}
  - {id: exercise.y, kind: exercise, title: {en: Y, es: Y}, keywords: {en: [yy], es: [yy]}, answer: {en: y, es: y}}
`, []string{
			`x.yaml:7: tip.x: exercise block on a tip entry; only kind exercise has one`,
			`x.yaml:9: exercise.y: exercise entry without an exercise block (steps, dose, feel, stop, prompts)`,
		}},
		{"exercise with holes", `entries:
  - id: exercise.x
    kind: exercise
    title: {en: X, es: X}
    keywords: {en: [xx], es: [xx]}
    answer: {en: x, es: x}
    exercise:
      steps:
        en: [Stand tall., ""]
      dose: {en: 10 times., es: ""}
      feel: {}
      prompts:
        en:
          - Five mini squats while the bottle warms.
          - Five mini squats after a diaper change.
          - Ten slow mini squats while you wait for the kettle, the bottle warmer and the microwave all at once, then rest and breathe.
        es:
          - Cinco mini sentadillas mientras se calienta el biberón.
          - Cinco mini sentadillas después de cambiar el pañal.
`, []string{
			`x.yaml:7: exercise.x: no stop (write it in en and es)`,
			`x.yaml:8: exercise.x: no steps in es`,
			`x.yaml:9: exercise.x: empty item in steps (en)`,
			`x.yaml:10: exercise.x: dose in es is empty`,
			`x.yaml:11: exercise.x: no feel (write it in en and es)`,
			`x.yaml:16: exercise.x: item in prompts (en) is 123 characters, over 120`,
			`x.yaml:17: exercise.x: 2 prompts in es, want at least 3`,
		}},

		// Signs.
		{"sign ids and levels", `signs:
  - {level: provider, patterns: {en: [fever], es: [fiebre]}, reply: {en: Call., es: Llama.}}
  - {id: sign.chest_pain, level: provider, patterns: {en: [fever], es: [fiebre]}, reply: {en: Call., es: Llama.}}
  - {id: sign.x, level: urgent, patterns: {en: [fever], es: [fiebre]}, reply: {en: Call., es: Llama.}}
  - {id: sign.y, level: none, patterns: {en: [fever], es: [fiebre]}, reply: {en: Call., es: Llama.}}
  - {id: sign.z, patterns: {en: [fever], es: [fiebre]}, reply: {en: Call., es: Llama.}}
`, []string{
			`x.yaml:2: sign has no id`,
			`x.yaml:3: duplicate id sign.chest_pain (first at a.yaml:37)`,
			`x.yaml:4: sign.x: level "urgent": want check, provider or emergency`,
			`x.yaml:5: sign.y: level "none": want check, provider or emergency`,
			`x.yaml:6: sign.z: no level (check, provider or emergency)`,
		}},
		{"sign patterns and replies", `signs:
  - id: sign.x
    level: provider
    patterns:
      en:
        - fever + + chills
        - "#hot + fever"
        - ""
    unless:
      en: [laugh*|giggl*, "", "*ing", "cough|"]
  - id: sign.y
    level: provider
    patterns:
      es: [fiebre]
    reply:
      en: Call your provider.
      es: "  "
`, []string{
			`x.yaml:2: sign.x: no reply (write it in en and es)`,
			`x.yaml:4: sign.x: no patterns in es`,
			`x.yaml:6: sign.x: pattern "fever + + chills": empty group 2 (two "+" in a row)`,
			`x.yaml:7: sign.x: pattern "#hot + fever": unknown special token #hot (allowed: #temp, #severe, #months, #bp, #bp_severe, #spo2, #temp_normal)`,
			`x.yaml:8: sign.x: empty item in patterns (en)`,
			`x.yaml:10: sign.x: empty unless phrase (en)`,
			`x.yaml:10: sign.x: unless "*ing": "*ing": "*" only at the end of a word`,
			`x.yaml:10: sign.x: unless "cough|": empty alternative (a "|" with nothing on one side)`,
			`x.yaml:13: sign.y: no patterns in en`,
			`x.yaml:17: sign.y: reply in es is empty`,
		}},
		{"emergency and crisis replies", `signs:
  - id: sign.x
    level: emergency
    crisis: true
    patterns: {en: [hurt* + myself], es: [hacerme + dano]}
    reply:
      en: "Call {emergency} or {crisis} now."
      es: Llama ya a urgencias.
  - id: sign.y
    level: provider
    crisis: true
    patterns: {en: [fever], es: [fiebre]}
    reply: {en: "Call {crisis}.", es: "Llama al {crisis}, {emergencia}."}
`, []string{
			`x.yaml:8: sign.x: crisis reply in es does not name {crisis}`,
			`x.yaml:8: sign.x: emergency reply in es does not name {emergency}`,
			`x.yaml:13: sign.y: unknown placeholder {emergencia} in reply (es); use {emergency}, {crisis} or {maternal_line}`,
		}},
		{"special token cut off as a comment", `signs:
  - id: sign.x
    level: provider
    patterns:
      en:
        - fever|temperature + #temp
        - "fever + #temp"
      es: ["fiebre + #temp"]
    reply: {en: Call., es: Llama.}
`, []string{
			`x.yaml:6: #temp after a space starts a YAML comment and is lost: put the text in quotes ("... + #temp")`,
			`x.yaml:6: sign.x: pattern "fever|temperature +": "+" at the end`,
		}},

		// References.
		{"references", `references:
  - id: ref.x
    authors: Someone
    journal: J
  - {id: ref.y, title: T, year: 1066, doi: 10.1/x}
  - {title: T, year: 2020, url: "https://example.org"}
`, []string{
			`x.yaml:2: ref.x: neither doi nor url`,
			`x.yaml:2: ref.x: no title`,
			`x.yaml:2: ref.x: no year`,
			`x.yaml:5: ref.y: year 1066 is not a plausible year`,
			`x.yaml:6: reference has no id`,
		}},

		// Messages.
		{"messages", `messages:
  menu: {en: Menu, es: Menú}
  help:
    en: Use the buttons.
  stop:
    en: Stopped.
    es: ""
    de: Gestoppt.
`, []string{
			`x.yaml:2: duplicate message menu (first at a.yaml:57)`,
			`x.yaml:3: message help: no text in es`,
			`x.yaml:7: message stop: text in es is empty`,
			`x.yaml:8: message stop: text in unknown language "de" (languages are en, es)`,
		}},

		// Synonyms.
		{"synonyms", `synonyms:
  en:
    - [wrist]
    - [Infant, little one]
    - [back, BACK]
    - [knee, ""]
  es:
    - [Bebe, criatura]
  sp:
    - [hola, buenas]
`, []string{
			`x.yaml:3: synonyms (en): a group needs at least 2 words, got 1`,
			`x.yaml:4: synonyms (en): "Infant" is already in another group (first at a.yaml:53)`,
			`x.yaml:5: synonyms (en): "BACK" is twice in its group`,
			`x.yaml:6: synonyms (en): empty word`,
			`x.yaml:8: synonyms (es): "Bebe" is already in another group (first at a.yaml:55)`,
			`x.yaml:9: synonyms: unknown language "sp" (languages are en, es)`,
		}},
		{"concepts, context lists and suppressions", `concepts:
  - id: breath
    words: {en: [breathe, air], es: [respirar]}
  - id: Bad-Name
    words: {en: [x], es: [x]}
  - id: breath
    words: {en: ["@chest"], es: ["*ing"]}
context:
  - id: negation
    words: {en: [no], es: [sin]}
  - id: negations
    words: {en: [no], es: [sin]}
signs:
  - id: sign.x
    level: emergency
    about: partner
    check: sign.y
    patterns: {en: ["@breath + @difficulty"], es: ["@breath + @1x"]}
    suppress:
      - when: {en: ["laugh*|@giggles"]}
        to: sign.nope
      - why: a laugh
        when: {en: [laugh*]}
        except: {en: ["cough|"]}
        to: none
    reply: {en: "Call {emergency}.", es: "Llama al {emergency}."}
  - id: sign.y
    level: provider
    patterns: {en: [fever], es: [fiebre]}
    reply: {en: Call., es: Llama.}
`, []string{
			`x.yaml:4: concept "Bad-Name": use lower-case letters, digits and '_' only`,
			`x.yaml:6: duplicate concept breath (first at x.yaml:2)`,
			`x.yaml:7: concept breath: "*ing": "*ing": "*" only at the end of a word`,
			`x.yaml:7: concept breath: "@chest": a concept cannot refer to another concept`,
			`x.yaml:11: context "negations": unknown context list (known: actual, actual_before, baby, baby_object, bp_words, comparison, conditional, conjunction, first_person, history, hypothetical, hypothetical_any, inability, intrusive, list, listing, negation, not_body, post_negation, pseudo_negation, reassurance, recent_birth, relapse, reporting, terminate, weather_before)`,
			`x.yaml:16: sign.x: about "partner": want self, baby or any`,
			`x.yaml:17: sign.x: check "sign.y": want a sign of level check, not provider`,
			`x.yaml:18: sign.x: pattern "@breath + @1x": "@1x": a concept reference is @ and a name of lower-case letters, digits and '_'`,
			`x.yaml:18: sign.x: unknown concept @difficulty`,
			`x.yaml:20: sign.x: suppression without why (name the ambiguity it lowers)`,
			`x.yaml:20: sign.x: unknown concept @giggles`,
			`x.yaml:21: sign.x: suppression to "sign.nope": no such sign`,
			`x.yaml:24: sign.x: except "cough|": empty alternative (a "|" with nothing on one side)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := load(t, map[string]string{"a.yaml": validKB, "x.yaml": tt.yaml})
			diffLines(t, got, tt.want)
		})
	}
}

// TestProblemsAfterSyntaxError checks that a file that cannot be parsed
// does not make every reference to its ids a second problem.
func TestProblemsAfterSyntaxError(t *testing.T) {
	t.Parallel()
	got := load(t, map[string]string{
		"a.yaml": strings.Replace(validKB, "kind: small_talk", "kind: small_talk\n   oops", 1),
		"b.yaml": `entries:
  - {id: tip.x, kind: tip, title: {en: X, es: X}, keywords: {en: [xx], es: [xx]}, answer: {en: x, es: x}, follow_up: [greeting], references: [ref.ruchat2025]}
`,
	})
	diffLines(t, got, []string{"a.yaml:4: yaml syntax: mapping values are not allowed in this context"})
}

// TestProblemsSorted checks that problems come sorted by file, then line.
func TestProblemsSorted(t *testing.T) {
	t.Parallel()
	got := load(t, map[string]string{
		"b.yaml": "entries:\n  - {id: tip.b}\nstuff: 1\n",
		"a.yaml": "stuff: 1\nentries:\n  - {id: tip.a}\n",
	})
	var prev Problem
	for i, s := range got {
		file, rest, _ := strings.Cut(s, ":")
		line, _, _ := strings.Cut(rest, ":")
		p := Problem{Pos: Pos{File: file}}
		for _, c := range line {
			p.Pos.Line = p.Pos.Line*10 + int(c-'0')
		}
		if i > 0 && (p.Pos.File < prev.Pos.File || p.Pos.File == prev.Pos.File && p.Pos.Line < prev.Pos.Line) {
			t.Errorf("problem %d out of order: %q after %s", i, s, prev)
		}
		prev = p
	}
	if len(got) < 6 {
		t.Errorf("got %d problems, want at least 6:\n%s", len(got), strings.Join(got, "\n"))
	}
}
