// Package knowledge loads and validates carebot's YAML knowledge base: the
// answers, exercises, warning-sign rules, synonyms, references and interface
// messages, in every supported language.
//
// Content lives in knowledge/content/*.yaml and is embedded in the binary;
// Load reads any fs.FS with the same layout, so a clinic can edit a copy and
// point CAREBOT_KB_DIR at it. Every file may hold any of the top-level
// sections of File. See knowledge/content/README.md for the format, written
// for the people who edit it.
package knowledge

import "slices"

// DefaultLanguage is the language of a person or a text whose language is
// not known: the first of Languages.
const DefaultLanguage = "en"

// languages lists the languages every text must be written in, in order of
// preference: the first is the default.
var languages = []string{DefaultLanguage, "es"}

// Languages returns the languages every text must be written in, in order
// of preference (the first is DefaultLanguage), a new slice each call.
func Languages() []string { return slices.Clone(languages) }

// KnownLanguage reports whether lang ("es") is one of Languages.
func KnownLanguage(lang string) bool { return slices.Contains(languages, lang) }

// Kind says what an entry is about. It decides where the entry appears in
// menus (/exercises lists exercises, /tips lists tips) and how answers are
// laid out.
type Kind string

// The kinds of entry.
const (
	KindOverview   Kind = "overview"   // what postpartum joint pain is
	KindCause      Kind = "cause"      // why it happens
	KindSymptom    Kind = "symptom"    // what it feels like, how long it lasts
	KindBodyArea   Kind = "body_area"  // pain in one part of the body
	KindExercise   Kind = "exercise"   // one exercise, with steps
	KindTip        Kind = "tip"        // a self-care or treatment tip
	KindEscalation Kind = "escalation" // when to see a provider
	KindSmallTalk  Kind = "small_talk" // greeting, thanks, help, fallback
	KindNudge      Kind = "nudge"      // reminders
	KindPrivacy    Kind = "privacy"    // what is stored, forgetting
	KindInfo       Kind = "info"       // references, disclaimer, anything else
)

// kinds lists every valid Kind.
var kinds = []Kind{KindOverview, KindCause, KindSymptom, KindBodyArea, KindExercise,
	KindTip, KindEscalation, KindSmallTalk, KindNudge, KindPrivacy, KindInfo}

// Level is how urgently a message needs a person's attention.
type Level int

// The escalation levels, in increasing order of urgency.
const (
	LevelNone      Level = iota // self-care information is enough
	LevelCheck                  // ask one direct yes/no safety question first
	LevelProvider               // contact a healthcare provider soon
	LevelEmergency              // call emergency services now
)

// Escalates reports whether l tells the person to contact someone now or
// soon (provider or emergency). LevelCheck does not: it asks first.
func (l Level) Escalates() bool { return l >= LevelProvider }

// areas lists the body areas entries can be tagged with.
var areas = []string{"wrist_hand", "back", "hip_pelvis", "knee", "neck_shoulder"}

// Areas returns the body areas entries can be tagged with, a new slice each
// call.
func Areas() []string { return slices.Clone(areas) }

// Text is a piece of text per language code: {en: "...", es: "..."}.
type Text map[string]string

// List is a list of strings per language code.
type List map[string][]string

// File is one YAML file of the knowledge base. Every section is optional;
// ids are unique across all files.
type File struct {
	// Entries are the answers the bot can give.
	Entries []*Entry `yaml:"entries"`
	// Signs are the warning-sign rules screened on every message.
	Signs []*Sign `yaml:"signs"`
	// Synonyms are groups of words or phrases that mean the same, per
	// language; the first of each group is the canonical form.
	Synonyms map[string][][]string `yaml:"synonyms"`
	// References are the sources behind the advice.
	References []*Reference `yaml:"references"`
	// Messages are the bot's own interface texts (menus, fallbacks,
	// onboarding, confirmations), by key.
	Messages map[string]Text `yaml:"messages"`
	// Concepts are named vocabularies that sign patterns refer to as
	// @name ("@breath + @difficulty"), so that a word added to a concept
	// helps every sign that uses it.
	Concepts []*Concept `yaml:"concepts"`
	// Context are the trigger lists of the screen's context rules
	// (negation, pseudo-negation, scope terminators, hypothetical,
	// history, experiencer), by the name the engine knows them by.
	Context []*Concept `yaml:"context"`
	// Scope are cue words that tell a message is about something else than
	// the parent's own joints, by class (others, topics, self, birth), per language.
	Scope map[string]List `yaml:"scope"`
	// Moments are the baby-care moments a parent may be in right now, each
	// with the short exercises that fit it.
	Moments []*Moment `yaml:"moments"`
	// Poses are the illustrated sequences of the exercises, one per
	// exercise id.
	Poses []*Pose `yaml:"poses"`
}

// Moment is a moment of baby care ("warming a bottle", "changing a
// diaper") and the one-line exercises that are safe in it: a parent who
// says they are in it gets one.
type Moment struct {
	// ID names the moment, for example "moment.bottle"; unique.
	ID string `yaml:"id"`
	// Cues are phrases that say the parent is in the moment now, per
	// language ("warming a bottle", "calentando el biberon"), matched like
	// keywords.
	Cues List `yaml:"cues"`
	// Prompts are one-line exercises, safe in this moment (never a hand
	// off a baby on a changing table), per language; at least two.
	Prompts List `yaml:"prompts"`
	// Times are the parts of the day the moment usually falls in
	// (morning, afternoon, evening): scheduled nudges at such a time may
	// use its prompts.
	Times []string `yaml:"times"`

	Pos Pos `yaml:"-"`
}

// partsOfDay lists the valid Moment.Times.
var partsOfDay = []string{"morning", "afternoon", "evening"}

// The classes of scope cues.
const (
	// ScopeOthers names someone whose body is not the parent's: a pet, a
	// grandmother, a partner, an older child ("my dog", "mi abuela").
	ScopeOthers = "others"
	// ScopeTopics names a domain outside postpartum joints: baby care,
	// pregnancy itself, everyday chores and chat ("swaddle", "bitcoin").
	ScopeTopics = "topics"
	// ScopeSelf names the parent's own body or person ("i", "me duele"):
	// it outweighs a cue of the others class.
	ScopeSelf = "self"
	// ScopeBirth names a birth or a newborn ("postpartum", "dio a luz",
	// "the baby"): the other person a message is about is then the one
	// who gave birth ("my wife's wrists since the baby came").
	ScopeBirth = "birth"
)

// scopeClasses lists the valid classes of scope cues.
var scopeClasses = []string{ScopeOthers, ScopeTopics, ScopeSelf, ScopeBirth}

// Entry is one answer: an id, what it is about, how to recognise a question
// about it, and what to say.
type Entry struct {
	// ID names the entry, for example "exercise.bridge"; unique.
	ID string `yaml:"id"`
	// Kind is what the entry is about.
	Kind Kind `yaml:"kind"`
	// Title is a short label (at most 32 characters) used on buttons and as
	// a heading.
	Title Text `yaml:"title"`
	// Keywords are the words and phrases that point to this entry, per
	// language. Each is a plain string (weight 1) or a one-key mapping
	// {phrase: weight}; weights run from 0.5 (a hint) to 3 (decisive).
	Keywords map[string][]Keyword `yaml:"keywords"`
	// Examples are whole questions people might ask, per language, scored
	// as well as keywords. Never copy evaluation messages here.
	Examples List `yaml:"examples"`
	// Answer is the reply, per language: short, kind and concrete.
	// Paragraphs are separated by a blank line. {emergency} and {crisis}
	// are replaced by the configured numbers.
	Answer Text `yaml:"answer"`
	// FollowUp lists entry ids offered as buttons after the answer.
	FollowUp []string `yaml:"follow_up"`
	// References lists reference ids that support the answer.
	References []string `yaml:"references"`
	// Areas lists the body areas the entry is about or helps with
	// (wrist_hand, back, hip_pelvis, knee, neck_shoulder).
	Areas []string `yaml:"areas"`
	// Exercise holds the how-to for entries of kind exercise.
	Exercise *Exercise `yaml:"exercise"`
	// More is a longer text, per language, sent when the person asks for
	// more about this entry ("tell me more", "y eso?").
	More Text `yaml:"more"`

	// Pos is where the entry starts in its file.
	Pos Pos `yaml:"-"`
}

// Keyword is a word or phrase with a weight.
type Keyword struct {
	// Text is the word or phrase as written.
	Text string
	// Weight runs from 0.5 (a hint) to 3 (decisive); 1 when not given.
	Weight float64
	// Pos is where the keyword is written.
	Pos Pos
}

// Exercise is how to do one exercise.
type Exercise struct {
	// Steps are the numbered steps, per language.
	Steps List `yaml:"steps"`
	// Dose says how many and how often.
	Dose Text `yaml:"dose"`
	// Feel says what the person should feel.
	Feel Text `yaml:"feel"`
	// Stop says when to stop and ask a provider.
	Stop Text `yaml:"stop"`
	// Prompts are one-line micro-prompts that tie the exercise to a
	// newborn-care moment ("Five mini squats while the bottle warms."),
	// per language; nudges rotate through them.
	Prompts List `yaml:"prompts"`
}

// Sign is a warning-sign rule: patterns that, found in a message and not
// negated, mean the person needs a provider or emergency services.
type Sign struct {
	// ID names the rule, for example "sign.chest_pain"; unique.
	ID string `yaml:"id"`
	// Level is check, provider or emergency, written as its name
	// ("provider") and typed when the file is read; a Sign of a loaded
	// Base never has LevelNone.
	Level Level `yaml:"level"`
	// Crisis says the reply must name the crisis line (thoughts of
	// self-harm or of harming the baby).
	Crisis bool `yaml:"crisis"`
	// Patterns, per language. A pattern is groups joined by " + " that
	// must all appear in the same clause, in any order; a group is
	// alternatives joined by "|"; an alternative is a word or a phrase;
	// a trailing "*" matches any ending ("numb*" matches numbness);
	// #temp, #severe and #months stand for a fever temperature, a severe
	// pain score and a span of months, #bp and #bp_severe for a blood
	// pressure and a severe one. Quote a pattern that has " #" in it:
	// YAML reads the rest of the line as a comment.
	// Example: "calf|leg + swollen|swelling|hot|red". See ParsePattern.
	Patterns List `yaml:"patterns"`
	// Unless lists words or phrases, per language, that cancel the rule
	// when they appear in the same clause; alternatives may be joined by
	// "|". Deprecated: it cancels real signs told beside an innocent word
	// ("crushing chest pain and my boobs are engorged"); write a Suppress
	// that names the one ambiguity instead.
	Unless List `yaml:"unless"`
	// Suppress lists scoped suppressions: each lowers this rule, and only
	// this rule, when a cue of one named ambiguity is near the match and
	// no cue that rules the ambiguity out is.
	Suppress []*Suppression `yaml:"suppress"`
	// About is who the sign is about. Empty (the default): the person
	// writing, or a partner or patient they write about; found in a
	// clause about the baby, it answers with the "baby" sign of the same
	// level instead. "baby": the baby's own sign. "self": the writer's
	// alone, never found in a clause about the baby (mood). "any": never
	// the baby's, found anywhere (a belief about the baby).
	About string `yaml:"about"`
	// Check names a sign of level check to answer with when this rule is
	// only met hedged (hypothetical, history): crisis signs ask rather
	// than stay silent. Empty: a hedged match is no sign.
	Check string `yaml:"check"`
	// Reply is what the bot says first, per language.
	Reply Text `yaml:"reply"`

	// Pos is where the rule starts in its file.
	Pos Pos `yaml:"-"`
}

// Concept is a named vocabulary: words and phrases per language that mean
// one thing for the screen ("breath": breath, breathe, air, respirar...).
// Items are written like pattern alternatives: a word, a phrase, a
// trailing "*" for any ending.
type Concept struct {
	// ID is the name patterns use after "@": lower-case letters, digits
	// and "_".
	ID string `yaml:"id"`
	// About says, for a clinician reading the file, what the concept
	// covers and where its words come from.
	About string `yaml:"about"`
	// Words are the items, per language.
	Words List `yaml:"words"`

	// Pos is where the concept starts in its file.
	Pos Pos `yaml:"-"`
}

// Suppression lowers one sign when a named ambiguity is likely: "chest"
// meaning the breasts while feeding, "out of breath" after a laugh.
type Suppression struct {
	// Why names the ambiguity, for the reader and the tests.
	Why string `yaml:"why"`
	// When are the cues of the ambiguity, per language (words, phrases,
	// @concepts), looked for in the sentence of the match and the next.
	When List `yaml:"when"`
	// Except are cues that rule the ambiguity out (another cue of the
	// same sign: "crushing", "left arm"); with one of them near, the
	// suppression does nothing.
	Except List `yaml:"except"`
	// To is the id of a sign of level check to answer with instead, or
	// "none" to drop the sign.
	To string `yaml:"to"`

	// Pos is where the suppression starts in its file.
	Pos Pos `yaml:"-"`
}

// Reference is a source behind the advice.
type Reference struct {
	// ID names the reference, for example "ref.ruchat2025"; unique.
	ID string `yaml:"id"`
	// Authors as cited: "Ruchat S-M, Beamish N, et al.".
	Authors string `yaml:"authors"`
	// Year of publication; required.
	Year int `yaml:"year"`
	// Title of the article or page; required.
	Title string `yaml:"title"`
	// Journal or website.
	Journal string `yaml:"journal"`
	// DOI, without "https://doi.org/"; a DOI or a URL is required.
	DOI string `yaml:"doi"`
	// URL of the source when it has no DOI.
	URL string `yaml:"url"`

	// Pos is where the reference starts in its file.
	Pos Pos `yaml:"-"`
}

// Pos is a place in a knowledge-base file.
type Pos struct {
	// File is the file's name inside the knowledge-base directory.
	File string
	// Line is the line number, from 1.
	Line int
}
