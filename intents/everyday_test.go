package intents_test

import (
	"slices"
	"strings"
	"testing"
)

// TestEveryday holds testdata/everyday.jsonl: for every class of everyday
// misses fixed for issue 13 (chat abbreviations, informal service requests,
// lay words for a topic, the baby's own care out of scope, the parent's own
// pain beside it in scope), three to five phrasings written apart from the
// labelled batches, so a fix that only learns one message fails here.
// "a|b" accepts either answer (a message that asks two things).
func TestEveryday(t *testing.T) {
	intentFile(t, "testdata/everyday.jsonl", 50)
}

// TestEverydayRound5 holds testdata/everyday-round5.jsonl: for every class
// of intent misses read in s18-s20 (round 5's first look), phrasings of our
// own written apart from those batches, in both languages where the class
// applies. "a|b" accepts either answer.
func TestEverydayRound5(t *testing.T) {
	intentFile(t, "testdata/everyday-round5.jsonl", 50)
}

// TestEverydayRound6 holds testdata/everyday-round6.jsonl: for every class
// of intent misses read in s21-s24 (folded into training after their
// first look), three to six phrasings of our own written apart from those
// batches, in both languages where the class applies: a hedge word
// ("exactly", "eventualmente"), language requests, regional greetings,
// thanks and goodbyes, a referral link, informal privacy and reminder
// requests, when to worry, a report of what helped before the next
// question, a question then an aside, a time ago that is no age, past
// history before "is exercise safe", regional baby words, and paperwork,
// hair, car seats and translations out of scope. "a|b" accepts either.
func TestEverydayRound6(t *testing.T) {
	intentFile(t, "testdata/everyday-round6.jsonl", 50)
}

// TestEverydayRound7 holds testdata/everyday-round7.jsonl: for every class
// of intent misses read in s25-s27 (folded into training after their
// first look) that the warning-sign screen does not cause, four to eight
// phrasings of our own written apart from those batches, in both
// languages where the class applies: privacy asked with a place adverb
// ("stored anywhere"), who reviewed or wrote the advice, a warm bath (in
// diminutive) or meditation for one's own aches, the baby's sleep out of
// scope even when a question shares words with an entry, a sport named
// when asking if exercise is safe (after signs denied), and giving birth
// said with "parir". "a|b" accepts either answer.
func TestEverydayRound7(t *testing.T) {
	intentFile(t, "testdata/everyday-round7.jsonl", 30)
}

// TestEverydayRound8 holds testdata/everyday-round8.jsonl: for every class
// of intent misses read in s28 and s31-s33 that the warning-sign screen
// does not cause, phrasings of our own written apart from those batches,
// in both languages, with hard negatives: a question about postpartum
// depression itself (its signs, the Edinburgh form, telling it from the
// blues, whether fathers get it: see_doctor, not the mood entry); the
// baby blues of the first days, or the sadness after the birth asked as a
// passing thing (the fallback, not the mood entry, hormones or duration);
// idioms of dying, killing or looking like a zombie, and dozing in a work
// meeting (out of scope); yoga after a c-section (exercise_safety);
// thanks for what helped; low mood denied before a stress question; an
// exercise named beside baby gear; "y yo con la espalda..." beside the
// baby's crying; "saber xq" asking why; a moment told as over. "a|b"
// accepts either answer.
func TestEverydayRound8(t *testing.T) {
	intentFile(t, "testdata/everyday-round8.jsonl", 90)
}

// TestEverydayRound9 holds testdata/everyday-round9.jsonl: the classes of
// intent misses read in s34-s36 after their first look, with phrasings of
// our own: crying in the first days asked as hormones (the blues: the
// fallback, not the hormones' joint entry) with its hard negatives, and
// laughing said as a death (out of scope).
func TestEverydayRound9(t *testing.T) {
	intentFile(t, "testdata/everyday-round9.jsonl", 8)
}

// TestEverydayRound10 holds testdata/everyday-round10.jsonl: the classes
// of intent misses read in s37-s39 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: a one-word piece of an exercise's name
// (out of scope without exercise talk), chat "pa" and "x", drinks and
// treats, papers for the baby, leave from work, whether crying in the
// first days is normal (see_doctor), a language asked for a relative,
// xq opening a question, which hip to carry on, "in general", exercise
// during a chore, sleep in a row, and the baby's colic as the setting of
// the parent's own question. "a|b" accepts either answer.
func TestEverydayRound10(t *testing.T) {
	intentFile(t, "testdata/everyday-round10.jsonl", 80)
}

// TestEverydayRound11 holds testdata/everyday-round11.jsonl: the classes
// of intent misses read in s40-s42 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: a greeting word before a question about
// the bot, the baby's own stool and sleep, errands and pets (out of
// scope), an "h" written by ear, relief besides the pills, a condition
// from before the pregnancy asked about the exercises, calm asked for
// after a hard day, tiredness or carrying told as the suspect cause, and
// the baby's crying soothed by rocking beside the parent's sore body.
// "a|b" accepts either answer.
func TestEverydayRound11(t *testing.T) {
	intentFile(t, "testdata/everyday-round11.jsonl", 50)
}

// TestEverydayRound12 holds testdata/everyday-round12.jsonl: the classes
// of intent misses read in s43-s45 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: what else the bot can tell or do asked
// without a topic, a gift to pick or a teacher's paper to write (out of
// scope), a threshold asked of the provider (what temperature, when it is
// time to get help), and a back said to be dead from carrying ("me tiene
// muerta la espalda"). "a|b" accepts either answer.
func TestEverydayRound12(t *testing.T) {
	intentFile(t, "testdata/everyday-round12.jsonl", 43)
}

// TestEverydayRound13 holds testdata/everyday-round13.jsonl: the classes
// of intent misses read in s46-s51 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: the baby's own sleep, skin, water and
// food, and temperature, a school paper to write and leave from work by
// its name (out of scope); what this thing can do, a rhymed goodbye,
// thanks with a plan to try; how one stands, exercise fitted into feeds
// or changes, sleeping twisted, a pressure reading asked about, back to a
// sport by name, a stretch asked every day at an hour, the parent's own
// pain told in the past or named with nobody else beside a topic,
// wanting to start moving again, when one should ask for help and how to
// bring stress down; and, for the
// scope mechanism widened past those lines, baby care asked with no word
// of the parent's own body and general-knowledge chat (out of scope), with
// the parent's own pain from that care as hard negatives. "a|b" accepts
// either answer.
func TestEverydayRound13(t *testing.T) {
	intentFile(t, "testdata/everyday-round13.jsonl", 120)
}

// TestEverydayRound14 holds testdata/everyday-round14.jsonl: the classes
// of intent misses read in s52-s54 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: Spanish written by ear in the ways the
// screen's reading leaves unknown (respell: "komo", "yevo", "ehpalda",
// "brasos", "cuelpo"), with English words that must not be respelled;
// Spanish clinical shorthand (AINEs, artralgias, lumbalgia,
// cervicalgia); a warning sign asked about just in case (see_doctor);
// "gracias a Dios" as relief, not thanks; regional slings; a walk in
// the heat; a pain one asks how to avoid ("sin que me duela", "without
// hurting"); one's own pain beside the baby's crying; a long question
// after a greeting; nobody warned me; pelvic floor therapy by name; a
// folk cause. "a|b" accepts either answer.
func TestEverydayRound14(t *testing.T) {
	intentFile(t, "testdata/everyday-round14.jsonl", 45)
}

// TestEverydayRound15 holds testdata/everyday-round15.jsonl: the classes
// of intent misses read in s55-s57 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: British thanks and goodbyes ("cheers
// love", "ta-ra"); a carrier, a pillow setup or bathtime named beside the
// sore area (the tip answers); getting fitter when unfit and a walk in
// the heat; zero time to fit exercise in; how the bot works, asked out of
// curiosity (help); which exercises work (the exercises list); when pain
// should be evaluated by a provider;
// insurance, copays and a covered breast pump (out of scope); "darle
// papa" (feeding in baby talk, not the father); and Spanish words for bad
// sleep, breathing techniques, stiff shoulders, home exercises and not
// keeping what one writes. "a|b" accepts either answer.
func TestEverydayRound15(t *testing.T) {
	intentFile(t, "testdata/everyday-round15.jsonl", 40)
}

// TestEverydayRound16 holds testdata/everyday-round16.jsonl: the classes
// of intent misses read in s58-s60 after their first look that the
// warning-sign screen does not cause, with phrasings of our own and hard
// negatives, in both languages: a clinic's or shop's opening hours, the
// exchange rate and where the baby sleeps (out of scope); how to lift
// asked as a how-to ("cómo debo alzar"); overdoing it on a walk and
// which gentle exercises; a knee "hecha polvo" in hot weather (the knee,
// not heat therapy); carrying all day in arms in a transcribed voice
// note; clinical "refiere lumbalgia al dar de lactar"; an arm or hand
// gone numb ("brazo dormido"); "dale pues, adiós"; Spain's "tirar las
// perras" (money, not dogs); tips for stress; "sos doctor de verdad"
// (the disclaimer); "waist pain" (the back); what the bot saves about
// me. "a|b" accepts either answer.
func TestEverydayRound16(t *testing.T) {
	intentFile(t, "testdata/everyday-round16.jsonl", 40)
}

// TestEverydayRound17 holds testdata/everyday-round17.jsonl: the classes
// of intent misses read in s55-s63 that the warning-sign screen does not
// cause, with phrasings of our own and hard negatives, in both languages:
// the baby's naps and settling without being held and visas for family
// (out of scope; the parent's own sleep stays in scope); the weather's
// heat told anywhere in a message (the joint, not heat therapy, unless a
// pack or compress is named); what a symptom beside the pain means or
// what counts as a fever, asked just in case (see_doctor); what can you
// do for me, what you keep about me, thanks for the help; something for
// the shoulder blades and a hunched upper back; not even five minutes to
// exercise; pelvic floor physio by name; the pain going away sooner
// (treatments); joints that crack (symptoms). "a|b" accepts either
// answer.
func TestEverydayRound17(t *testing.T) {
	intentFile(t, "testdata/everyday-round17.jsonl", 40)
}

// TestEverydayRound18 holds testdata/everyday-round18.jsonl: the classes
// of intent and out-of-scope misses read in s64-s66 that the warning-sign
// screen does not cause, with phrasings of our own and hard negatives, in
// both languages: regional greetings and thanks ("g'day", "pura vida",
// "tuanis", "sweet as"); sleep in pieces as the why of pain ("a
// pedacitos", "choppy"); where a figure comes from (statistic,
// percentage, prevalence); clinicians' shorthand (APAP, ibu, PFPT, SUI,
// dyspareunia); a partner's leak when she sneezes, not a baby's sneeze; a
// twisting stretch asked for by its shape; a stretch while the kettle
// boils; baby-care amounts and budgets (out of scope); Chilean "cachai"
// and "reventada"; "tieso" and "destruida" as one's own pain beside a
// baby-care topic; being wound up as the why of aches. "a|b" accepts
// either answer.
func TestEverydayRound18(t *testing.T) {
	intentFile(t, "testdata/everyday-round18.jsonl", 50)
}

// TestEverydayRound19 holds testdata/everyday-round19.jsonl: the classes
// of intent and out-of-scope misses read in s67-s69 that the warning-sign
// screen does not cause, with phrasings of our own and hard negatives, in
// both languages: thanks with a blessing or an endearment ("Dios te
// bendiga", "majo"); thanks while leaving because the baby calls (the
// baby-care topic is the reason, not a question); a switch turned off by
// name ("reminders off", "sin avisos"); squats named with the verb beside
// a feeding amount; stretches lying down or in bed; a time of day naming
// when it hurts, not a reminder; the baby's nails whatever the verb (out
// of scope); a word of address closing a sentence with no comma ("¿cuántas
// hago tía?"), not someone spoken of. "a|b" accepts either answer.
func TestEverydayRound19(t *testing.T) {
	intentFile(t, "testdata/everyday-round19.jsonl", 40)
}

// TestEverydayRound20 holds testdata/everyday-round20.jsonl: the classes
// of intent and out-of-scope misses read in s70-s72 that the warning-sign
// screen does not cause, with phrasings of our own and hard negatives, in
// both languages: what the service does asked formally with a sign-off;
// thanks given in advance closing a request (the request answers, or the
// fallback); a greeting sent from somewhere, weather and all, and a
// newcomer saying so; whether what is typed is tied to a name or number; a
// first walk done, asking to build up; a goodbye because the baby just
// woke; the standing child's pose as "niño parado"; physiotherapy online;
// insurance in Spanglish ("aseguranza") and the bus ("guagua" in the
// Canaries) asked for a time or a stop, out of scope. "a|b" accepts either
// answer.
func TestEverydayRound20(t *testing.T) {
	intentFile(t, "testdata/everyday-round20.jsonl", 40)
}

// intentFile checks every row of the JSON Lines file name ({"class",
// "text", "intent"}, "a|b" accepting either answer) against the embedded
// matcher, and that the file holds at least least rows.
func intentFile(t *testing.T, name string, least int) {
	t.Helper()
	m := embeddedMatcher(t)
	rows := readJSONL[struct{ Class, Text, Intent string }](t, name)
	if len(rows) < least {
		t.Fatalf("%d phrasings, want the whole file", len(rows))
	}
	for _, row := range rows {
		if r := m.Match(row.Text, ""); !slices.Contains(strings.Split(row.Intent, "|"), r.Intent) {
			t.Errorf("%s: Match(%q) = %s/%s, want %s", row.Class, row.Text, r.Intent, r.Level, row.Intent)
		}
	}
}
