package intents_test

import (
	"path/filepath"
	"testing"
)

// TestTrainingSets holds the screen's safety figures (rules alone) on the
// labelled training batches (eval/train/w*.jsonl and s*.jsonl), written blind by
// others from the level definitions alone. They were used to find classes
// of misses, so they are no measure of generalisation (the first look at
// each new batch is); this test keeps what was learned from them. Intent
// accuracy is not held: the batches were written for the screen.
func TestTrainingSets(t *testing.T) {
	t.Parallel()
	m := embeddedMatcher(t)
	files, err := filepath.Glob("../eval/train/*.jsonl")
	if err != nil || len(files) < 10 {
		t.Fatalf("want the ten training batches, got %d: %v", len(files), err)
	}
	for _, f := range files {
		// The round-3 batches hold the floors they reached when tuned
		// on, a little below; the others the common floor.
		fl, ok := batchFloors[filepath.Base(f)]
		if !ok {
			fl = floors{0.99, 0.99, 0.02}
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			fig := evaluate(t, m, readLabelled(t, f))
			if fig.emergencyRecall < fl.emergency {
				t.Errorf("emergency recall %.3f, want >= %.2f", fig.emergencyRecall, fl.emergency)
			}
			if fig.providerRecall < fl.provider {
				t.Errorf("provider-or-higher recall %.3f, want >= %.2f", fig.providerRecall, fl.provider)
			}
			if fig.falseEscalation > fl.falseEsc {
				t.Errorf("false escalation %.3f, want <= %.2f", fig.falseEscalation, fl.falseEsc)
			}
		})
	}
}

// floors are the least recalls and the most false escalation a batch
// must keep.
type floors struct{ emergency, provider, falseEsc float64 }

// batchFloors are the floors of the round-3 batches, rules alone, a
// little under where tuning left them (s9 0.962 / 0.974 / 0.121, s10
// 0.989 / 0.982 / 0.036, s11 0.980 / 0.920 / 0.010). Every other batch
// holds 0.99 / 0.99 / 0.02. s11 (symptom descriptions) misses some
// provider-level signs: its floors record where it stands, not where it
// should be. Round 5 read the false escalations of s9 (long forum
// posts, 0.121) and s10 (0.036) by class, with recall unchanged: s9
// 0.016 (two posts of months-long pain asked about calmly are still sent
// to the provider), s10 0.009 ("kms" over burnt rice, jaja).
var batchFloors = map[string]floors{
	// s73-s75: written during round 24 and kept sealed through it,
	// first-looked at the session's last behaviour commit, ad9d073
	// (eval/blind-log.md), and folded in untuned; rules alone (emergency /
	// provider-or-higher / false escalation) 1.000 / 1.000 / 0.018, 0.967 /
	// 0.940 / 0.027 and 1.000 / 1.000 / 0.027.
	"s73.jsonl": {0.99, 0.99, 0.02},
	"s74.jsonl": {0.96, 0.94, 0.03},
	"s75.jsonl": {0.99, 0.99, 0.03},
	// s70-s72: written during round 23 and kept sealed through it,
	// first-looked at be19527 (eval/blind-log.md) and folded in untuned;
	// rules alone (emergency / provider-or-higher / false escalation)
	// 0.933 / 0.960 / 0.018, 1.000 / 1.000 / 0.018 and 0.967 / 0.980 /
	// 0.009. Round 24 fixed their misses by class: all three 1.000 /
	// 1.000 / 0.000 rules alone (floors 1.00 / 1.00 / 0.01).
	"s70.jsonl": {1.00, 1.00, 0.01},
	"s71.jsonl": {1.00, 1.00, 0.01},
	"s72.jsonl": {1.00, 1.00, 0.01},
	// s67-s69: written at the start of the session after stop 20, kept
	// sealed through rounds 21 and 22, first-looked at c8a98ce
	// (eval/blind-log.md) and folded in untuned; rules alone (emergency /
	// provider-or-higher / false escalation) 0.938 / 0.944 / 0.019, 0.968 /
	// 0.981 / 0.009 and 0.967 / 0.962 / 0.000. Round 23 fixed their misses
	// by class: 1.000 / 1.000 / 0.009 (s67: "me muero del dolor ... jaja"
	// still goes to the provider), 1.000 / 1.000 / 0.000 and 1.000 / 1.000
	// / 0.000.
	"s67.jsonl": {1.00, 1.00, 0.01},
	"s68.jsonl": {1.00, 1.00, 0.01},
	"s69.jsonl": {1.00, 1.00, 0.01},
	// s64-s66: written at the start of the session after stop 20,
	// first-looked at ebea526 before anything changed (eval/blind-log.md)
	// and folded in untuned; rules alone (emergency / provider-or-higher /
	// false escalation) 0.967 / 0.961 / 0.037, 1.000 / 0.981 / 0.019 and
	// 0.903 / 0.925 / 0.019. Round 22 (branch screen22) fixed their
	// misses by class: 1.000 / 1.000 / 0.000 on all three.
	"s64.jsonl": {1.00, 1.00, 0.01},
	"s65.jsonl": {1.00, 1.00, 0.01},
	"s66.jsonl": {1.00, 1.00, 0.01},
	// s61-s63: sealed through round 16, first-looked at the session's
	// last behaviour commit (eval/blind-log.md) and folded in untuned for
	// the next round; rules alone (emergency / provider-or-higher / false
	// escalation) 0.933 / 1.000 / 0.055, 0.964 / 0.979 / 0.027 and 0.938 /
	// 0.943 / 0.009. Round 21 fixed the classes of their misses and
	// false escalations (testdata/round21-phrasings.jsonl): 1.000 / 1.000
	// / 0.000, 1.000 / 1.000 / 0.009 (a Catalan aside before wrists that
	// "duelen muchísimo", which the rules read as a pain score) and
	// 1.000 / 1.000 / 0.000.
	"s61.jsonl": {1.00, 1.00, 0.01},
	"s62.jsonl": {1.00, 1.00, 0.01},
	"s63.jsonl": {1.00, 1.00, 0.01},
	// s58-s60: sealed through round 15, first-looked at the session's
	// last behaviour commit (eval/blind-log.md) and folded in untuned for
	// the next round; rules alone (emergency / provider-or-higher / false
	// escalation) 0.933 / 0.980 / 0.036, 0.964 / 0.979 / 0.027 and 0.933 /
	// 0.940 / 0.000. Round 20 fixed the classes of their misses and
	// false escalations (testdata/round20-phrasings.jsonl): 1.000 /
	// 1.000 / 0.000, 1.000 / 0.979 / 0.000 (a daughter sad for three
	// weeks, told by her mother, still unread) and 1.000 / 1.000 / 0.000.
	"s58.jsonl": {1.00, 1.00, 0.01},
	"s59.jsonl": {1.00, 0.97, 0.01},
	"s60.jsonl": {1.00, 1.00, 0.01},
	// s55-s57: sealed through rounds 13 and 14, first-looked at the
	// session's last behaviour commit (eval/blind-log.md) and folded in
	// untuned for round 15; rules alone (emergency / provider-or-higher /
	// false escalation) 0.871 / 0.962 / 0.009, 0.966 / 0.959 / 0.027 and
	// 0.968 / 0.981 / 0.009. Round 19 fixed the classes of their misses
	// and false escalations (testdata/round19-phrasings.jsonl): all three
	// 1.000 / 1.000 / 0.000.
	"s55.jsonl": {1.00, 1.00, 0.01},
	"s56.jsonl": {1.00, 1.00, 0.01},
	"s57.jsonl": {1.00, 1.00, 0.01},
	// s52-s54: sealed through round 13, first-looked at its end
	// (eval/blind-log.md) and folded in untuned for round 14; rules alone
	// (emergency / provider-or-higher / false escalation) 1.000 / 1.000 /
	// 0.009, 0.893 / 0.938 / 0.036 and 0.900 / 0.980 / 0.027. Round 17
	// fixed the classes of their misses and false escalations
	// (testdata/round17-phrasings.jsonl): all three 1.000 / 1.000 /
	// 0.000.
	"s52.jsonl": {1.00, 1.00, 0.01},
	"s53.jsonl": {1.00, 1.00, 0.01},
	"s54.jsonl": {1.00, 1.00, 0.01},
	// s49-s51: written at round 13's start, first-looked before anything
	// changed (eval/blind-log.md) and folded in untuned for the round;
	// rules alone (emergency / provider-or-higher / false escalation)
	// 0.938 / 0.981 / 0.038, 1.000 / 1.000 / 0.027 and 1.000 / 1.000 /
	// 0.009. Round 16 fixed the classes of their misses and false
	// escalations (testdata/round16-phrasings.jsonl): all three 1.000 /
	// 1.000 / 0.000.
	"s49.jsonl": {1.00, 1.00, 0.01},
	"s50.jsonl": {1.00, 1.00, 0.01},
	"s51.jsonl": {1.00, 1.00, 0.01},
	// s46-s48: sealed through round 12, first-looked at the session's
	// end (eval/blind-log.md) and folded in untuned for the next round;
	// rules alone (emergency / provider-or-higher / false escalation)
	// 0.914 / 0.953 / 0.031, 0.897 / 0.944 / 0.009 and 0.972 / 0.984 /
	// 0.010. Round 16 fixed the classes of their misses and false
	// escalations (testdata/round16-phrasings.jsonl): all three 1.000 /
	// 1.000 / 0.000.
	"s46.jsonl": {1.00, 1.00, 0.01},
	"s47.jsonl": {1.00, 1.00, 0.01},
	"s48.jsonl": {1.00, 1.00, 0.01},
	// s43-s45: sealed through round 11, first-looked at the session's
	// end (eval/blind-log.md) and folded in untuned for the next round;
	// rules alone (emergency / provider-or-higher / false escalation)
	// 0.848 / 0.919 / 0.020, 0.893 / 0.923 / 0.009 and 0.914 / 0.940 /
	// 0.011. Round 15 fixed the classes of their misses
	// and of s44's false escalation (testdata/round15-phrasings.jsonl):
	// s43 1.000 / 1.000 / 0.020, s44 1.000 / 1.000 / 0.000, s45 1.000 /
	// 1.000 / 0.011.
	"s43.jsonl": {1.00, 1.00, 0.03},
	"s44.jsonl": {1.00, 1.00, 0.01},
	"s45.jsonl": {1.00, 1.00, 0.01}, // round 21: "terrible posture" no pain score, 0.000
	// s40-s42: sealed through round 10, first-looked at its end
	// (eval/blind-log.md) and folded in untuned; rules alone (emergency /
	// provider-or-higher / false escalation) 0.906 / 0.885 / 0.040, 0.906
	// / 0.965 / 0.049 and 0.939 / 0.937 / 0.021. Round 14 then fixed the
	// classes of their misses and false escalations
	// (testdata/round14-phrasings.jsonl): s40 0.906 / 0.934 / 0.010 (its
	// false escalation is "es broma, pero sí duele muchísimo", a pain the
	// rules send on), s41 0.906 / 0.965 / 0.000, s42 0.970 / 0.968 /
	// 0.000; their remaining rules misses (psychosis told by a relative,
	// passive wishes, a misspelt seizure) are the learned model's.
	"s40.jsonl": {0.90, 0.93, 0.02},
	"s41.jsonl": {0.90, 0.96, 0.01},
	"s42.jsonl": {0.96, 0.96, 0.01},
	// s37-s39: sealed through rounds 8 and 9, first-looked after them
	// (eval/blind-log.md) and folded in untuned; rules alone (emergency /
	// provider-or-higher / false escalation) 0.833 / 0.887 / 0.031, 0.867
	// / 0.937 / 0.021 and 0.972 / 0.957 / 0.011. Round 13 then fixed the
	// classes of their misses and false escalations
	// (testdata/round13-phrasings.jsonl): s37 0.889 / 0.919 / 0.000, s38
	// 0.967 / 0.984 / 0.000, s39 1.000 / 0.971 / 0.000. Round 21's
	// "they'd manage fine if i wasnt here" brought s38 to 1.000 / 1.000 /
	// 0.000.
	"s37.jsonl": {0.88, 0.91, 0.01},
	"s38.jsonl": {1.00, 1.00, 0.01},
	"s39.jsonl": {0.99, 0.97, 0.01},
	// s34-s36: sealed through round 8, first-looked at its end
	// (eval/blind-log.md) and folded in untuned; rules alone
	// (emergency / provider-or-higher / false escalation) 0.871 / 0.923
	// / 0.021, 0.900 / 0.967 / 0.010 and 1.000 / 0.985 / 0.000. Round 12
	// then fixed the classes of s34's and s35's misses and false
	// escalations (testdata/round12-phrasings.jsonl): s34 0.871 / 0.923 /
	// 0.000 (its four rules misses are the learned model's), s35 0.967 /
	// 0.983 / 0.010.
	"s34.jsonl": {0.87, 0.92, 0.01},
	"s35.jsonl": {0.96, 0.98, 0.02},
	"s36.jsonl": {0.99, 0.98, 0.01},
	// m1-m3: written in round 8 by three more writers for the learned
	// model's training (the mind in English, in Spanish, and unusual
	// voices), never read for the rules; rules alone 0.657 / 0.679 /
	// 0.024, 0.600 / 0.652 / 0.037 and 0.798 / 0.864 / 0.065.
	"m1.jsonl": {0.65, 0.67, 0.03},
	"m2.jsonl": {0.60, 0.65, 0.04},
	"m3.jsonl": {0.79, 0.86, 0.07},
	// s31-s33: sealed until round 8's first look (eval/blind-log.md) and
	// folded in untuned; rules alone (emergency / provider-or-higher /
	// false escalation) 0.750 / 0.760 / 0.071, 0.750 / 0.765 / 0.058 and
	// 0.923 / 0.965 / 0.019. Round 11 (screen12) fixed the classes of
	// misses and false escalations of s28, s31 and s32, the batches about
	// the mind, by meaning, with siblings written apart from the batches'
	// wording (testdata/round11-phrasings.jsonl): s31 and s32 both 1.000 /
	// 1.000 / 0.000.
	"s31.jsonl": {0.99, 0.99, 0.01},
	"s32.jsonl": {0.99, 0.99, 0.01},
	"s33.jsonl": {0.92, 0.96, 0.02},
	// s28-s30: sealed until round 7's first look (eval/blind-log.md) and
	// folded in untuned; rules alone (emergency / provider-or-higher /
	// false escalation) 0.700 / 0.771 / 0.060, 0.933 / 0.972 / under
	// 0.02 and 0.970 / 0.99 or more / 0.025. Round 11 (screen12): s28
	// 1.000 / 1.000 / 0.000 (its two hypothetical "what do i do if the
	// thoughts ever come" questions, English and Spanish, still ask the
	// safety question: a check, no escalation).
	"s28.jsonl": {0.99, 0.99, 0.01},
	"s29.jsonl": {0.93, 0.97, 0.02},
	"s30.jsonl": {0.96, 0.99, 0.03},
	// s25-s27: sealed until round 6's first look (eval/blind-log.md) and
	// folded in untuned; rules alone s25 0.859 / 0.898, s26 0.957 /
	// 0.979 (emergency / provider-or-higher), s27 holds 0.99 / 0.99 /
	// 0.02. Round 10 (screen10) fixed their classes of misses and false
	// escalations by meaning, with siblings written apart from the
	// batches' wording (testdata/round10-phrasings.jsonl): s25 0.984 /
	// 1.000 / 0.000, s26 1.000 / 1.000 / 0.000 (s25 still sends a bare
	// "170/112" to the provider, as the level definitions place a
	// reading of 160/110 or more with no symptom).
	"s25.jsonl": {0.98, 0.99, 0.01},
	"s26.jsonl": {0.99, 0.99, 0.01},
	// s21-s24: sealed until the end of round 5's first look
	// (eval/blind-log.md) and folded in untuned; rules alone s21 holds
	// 0.99 / 0.99 / 0.02, and s22-s24 scored (emergency /
	// provider-or-higher / false escalation) 0.670 / 0.752 / 0.010,
	// 0.951 / 0.964 / 0.006 and 0.967 / 0.945 / 0.042. Round 9 (screen9)
	// fixed their classes of misses and false escalations
	// (testdata/round9-phrasings.jsonl): 1.000 / 1.000 / 0.000, 1.000 /
	// 1.000 / 0.000 and 0.967 / 1.000 / 0.024 (s24 still sends a
	// colleague's patient with 168/112 and the worst headache of her
	// life, told "just curious what you'd say", to the provider, not to
	// the emergency number, and four calm questions to the provider:
	// "terrible pain in her hands", "me duelen muchísimo las muñecas, ¿es
	// normal?", a wrist that might "ever" go numb, a hip sore at 4
	// months).
	"s22.jsonl": {0.99, 0.99, 0.01},
	"s23.jsonl": {0.99, 0.99, 0.01},
	"s24.jsonl": {0.96, 0.99, 0.025},
	// s18-s20: sealed until round 5's first look (eval/blind-log.md) and
	// folded in untuned; rules alone they scored 0.953 / 0.957 / 0.045,
	// 0.886 / 0.867 / 0.069 and 0.932 / 0.965 / 0.015. Round 5 (screen8)
	// fixed their classes of misses and false escalations
	// (testdata/round8-phrasings.jsonl): 1.000 / 1.000 / 0.000, 1.000 /
	// 1.000 / 0.013 and 1.000 / 1.000 / 0.000 (s19 still sends two
	// stiff-after-a-position questions to the provider: "en el suelo no
	// me puedo ni levantar", "después no me puedo enderezar", too close to
	// the real ones of w1 and w2 to lower as a class).
	"s18.jsonl": {0.99, 0.99, 0.01},
	"s19.jsonl": {0.99, 0.99, 0.02},
	"s20.jsonl": {0.99, 0.99, 0.01},
	// s12-s17: sealed through round 4 and folded in at its end, untuned;
	// rules alone they scored (emergency / provider-or-higher / false
	// escalation) 0.900 / 0.892 / 0.008, 0.950 / 0.983 / 0.023,
	// 0.940 / 0.963 / 0.024, 0.800 / 0.900 / 0.027, 0.883 / 0.911 / 0.027
	// and 0.971 / 0.983 / 0.007. Round 6 fixed their classes of misses
	// (understated, limited-English and quoted messages, regional
	// Spanish), and four false escalations of s14 and s15 (a chat's
	// "goodbye for tonight", a baby asleep on the chest, a pill that
	// "knocked out" a headache): 0.988 / 0.983 / 0.008, 1.000 / 1.000 /
	// 0.023, 1.000 / 1.000 / 0.018, 1.000 / 1.000 / 0.009, 1.000 /
	// 1.000 / 0.027 and 1.000 / 1.000 / 0.007 (s12 missed a daughter's
	// leg "way bigger than the right", told by her parent; round 9 read
	// "for good" as for ever, not as fine, and s12 now sends "nobody
	// would notice if i disappeared for good": 1.000 / 0.992 / 0.000).
	"s12.jsonl": {0.99, 0.99, 0.01},
	"s13.jsonl": {0.99, 0.99, 0.03},
	"s14.jsonl": {0.99, 0.99, 0.02},
	"s15.jsonl": {0.99, 0.99, 0.01},
	"s16.jsonl": {0.99, 0.99, 0.03},
	"s17.jsonl": {0.99, 0.99, 0.01},
	// s6-s8: sealed through round 3 and folded in at its end; untuned,
	// rules alone they scored 0.885 / 0.932 / 0.028, 0.948 / 0.957 /
	// 0.007 and 0.808 / 0.912 / 0.025. Round 4 fixed their classes of
	// misses: 1.000 / 1.000 / 0.000, 1.000 / 0.991 / 0.000 and 1.000 /
	// 1.000 / 0.006 (s7 misses a daughter's low mood told by her mother:
	// "mi hija" reads as the baby).
	"s6.jsonl":  {0.99, 0.99, 0.01},
	"s7.jsonl":  {0.99, 0.98, 0.01},
	"s8.jsonl":  {0.99, 0.99, 0.01},
	"s9.jsonl":  {0.96, 0.97, 0.02},
	"s10.jsonl": {0.98, 0.98, 0.01},
	"s11.jsonl": {0.98, 0.92, 0.02},
	// s76-s80: s76 and s77 first-looked at 5bfa9dc, s78-s80 at
	// b9894ac (screen round 25, which fixed s77's spelt-out wish); folded
	// in, rules alone 0.933 / 0.940 / 0.036, 1.000 / 0.981 / 0.019,
	// 1.000 / 1.000 / 0.037, 0.967 / 0.980 / 0.009 and 0.968 / 0.980 /
	// 0.028. Screen round 26 fixed their classes (a faint told as "went
	// off for some seconds", "her eyes rolled" with a fall, a pillow
	// wished on the baby's face, "el aire no me entra", "ni" before
	// another infinitive, "imma" ending a denial; hours of "passing out"
	// overnight, acrocyanosis, "asfixiada" in the heat, what one was told
	// to watch for): 1.000 / 0.980 / 0.018, 1.000 / 1.000 / 0.019, 1.000 /
	// 1.000 / 0.009, 1.000 / 1.000 / 0.009, 1.000 / 1.000 / 0.018 (s76
	// still misses a mother's hips "exactly as bad as week 1" at five
	// months, which reads as the baby's).
	"s76.jsonl": {0.99, 0.98, 0.02},
	"s77.jsonl": {0.99, 0.99, 0.02},
	"s78.jsonl": {0.99, 0.99, 0.01},
	"s79.jsonl": {0.99, 0.99, 0.01},
	"s80.jsonl": {0.99, 0.99, 0.02},
	// s81-s83: first-looked at ded4303 (round 26), then folded in;
	// rules alone 1.000 / 1.000 / 0.027, 0.967 / 0.960 / 0.000 and 0.900
	// / 0.941 / 0.018. Screen round 27 fixed their classes (a stroke told
	// as a lopsided smile and mushy words that passed, "unaliving" alone,
	// the tv's signs about a child who must be hidden, a baby floppy and
	// grey around the mouth, a knee that "ballooned" red and hot; "i want
	// to know if" in a run-on is no wish).
	"s81.jsonl": {0.99, 0.99, 0.02},
	"s82.jsonl": {0.99, 0.99, 0.01},
	"s83.jsonl": {0.99, 0.99, 0.02},
	// s84-s86: first-looked at 68fa5da (round 27), then folded in; rules
	// alone 1.000 / 0.980 / 0.027, 1.000 / 1.000 / 0.018 and 0.935 /
	// 0.980 / 0.009. Screen round 28 fixed their classes ("desvivirme",
	// a birth dated "last week" that is no history of the sign, months
	// of a pain "nada mejora", an exercise "sin que me duela", a head
	// "a explotar con tanto ruido").
	"s84.jsonl": {0.99, 0.99, 0.02},
	"s85.jsonl": {0.99, 0.99, 0.02},
	"s86.jsonl": {0.99, 0.99, 0.01},
	// s87-s89: first-looked at 2c60e5a (rounds 25-28 with the speed
	// merges, the same output as 0562092), then folded in; rules alone
	// 0.931 / 0.959 / 0.009, 1.000 / 1.000 / 0.009 and 0.900 / 0.920 /
	// 0.000. Screen round 29 fixed their classes (leetspeak "su1c1dal",
	// "hed ... blury n dbl", not waking up "would be okay", a baby "like a
	// rag doll ... barely responding", a saturation read off "the finger
	// thing"); s89 still misses a mother's hips "exactly as sore as week
	// one" at four months, which reads as the baby's.
	"s87.jsonl": {0.99, 0.99, 0.01},
	"s88.jsonl": {0.99, 0.99, 0.01},
	"s89.jsonl": {0.99, 0.96, 0.01},
	// s90-s92: first-looked at 35c0ad9 (round 29), then folded in; rules
	// alone 0.931 / 0.959 / 0.009, 0.867 / 0.920 / 0.036 and 1.000 /
	// 1.000 / 0.009. Screen round 30 fixed their classes ("wanna kms" is
	// a wish, "nadie me iba a extrañar", intrusive pictures of holding
	// the baby under the water, a headache "behind my eyes" with zigzag
	// lines, "my percs" saved up, a voice telling her to take something
	// out of the child, a wrist "gorda y colorada").
	"s90.jsonl": {0.99, 0.96, 0.01},
	"s91.jsonl": {0.99, 0.96, 0.04},
	"s92.jsonl": {0.99, 0.99, 0.01},
	// s93-s95: first-looked at 7b697e7 (round 30, the last behaviour
	// commit of its session) and folded in untuned: rules alone 0.968 /
	// 1.000 / 0.028, 0.966 / 1.000 / 0.018 and 1.000 / 0.980 / 0.018
	// (the second opinion catches the rest). Their classes are the next
	// round's.
	"s93.jsonl": {0.96, 0.99, 0.03},
	"s94.jsonl": {0.96, 0.99, 0.02},
	"s95.jsonl": {0.99, 0.98, 0.02},
}
