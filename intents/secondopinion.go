package intents

import (
	"fmt"
	"slices"

	"github.com/carebot/carebot/intents/second"
	"github.com/carebot/carebot/knowledge"
)

// SecondOpinionSign is the id of the sign reported when the learned second
// opinion (package second) raises a message above what the rules found. At
// check level its reply is the knowledge base's "second_opinion" message,
// one yes/no safety question; at provider and emergency level it has no
// reply of its own, so the bot says its built-in alert for the level.
const SecondOpinionSign = "sign.second_opinion"

// SecondOpinionMessage is the message key of the check question.
const SecondOpinionMessage = "second_opinion"

// secondOpinion is the learned model and the signs it reports, by level.
type secondOpinion struct {
	model *second.Model
	signs [knowledge.LevelEmergency + 1]*knowledge.Sign
	// asks are the check signs that a rule's scoped suppression answers
	// with ("chest" while breastfeeding): the rules chose to ask there,
	// knowing the ambiguity, and the model does not overrule them.
	asks map[string]bool
}

// newSecondOpinion prepares the model cfg asks for: none when
// NoSecondOpinion is set, else cfg.SecondOpinion or the embedded model.
func newSecondOpinion(kb *knowledge.Base, cfg Config) (*secondOpinion, error) {
	if cfg.NoSecondOpinion {
		return nil, nil
	}
	model := cfg.SecondOpinion
	if model == nil {
		var err error
		if model, err = second.Default(); err != nil {
			return nil, fmt.Errorf("second opinion: %w", err)
		}
	}
	s := &secondOpinion{model: model, asks: map[string]bool{}}
	for _, sg := range kb.Signs {
		for _, sp := range sg.Suppress {
			if sp.To != "" && sp.To != knowledge.LevelNone.String() {
				s.asks[sp.To] = true
			}
		}
	}
	for l := knowledge.LevelCheck; l <= knowledge.LevelEmergency; l++ {
		s.signs[l] = &knowledge.Sign{ID: SecondOpinionSign, Level: l, Crisis: l == knowledge.LevelEmergency}
	}
	s.signs[knowledge.LevelCheck].Reply = kb.Messages[SecondOpinionMessage]
	return s, nil
}

// minSecondOpinionWords is the fewest words a message needs before the
// learned model may raise it: on one or two words it asked its safety
// question of bare answers ("no", "maybe", "not really").
const minSecondOpinionWords = 3

// secondOpinion lets the learned model raise r.Level after the rules: it
// never lowers it, and when it raises it puts its sign first in r.Signs.
func (m *Matcher) secondOpinion(a *analysis, r *Result) {
	s := m.second
	if s == nil || r.Level >= knowledge.LevelEmergency {
		return
	}
	// The tokens are the words of Normalize's text.
	sc := s.model.Scorer()
	words := 0
	for i := range a.raw {
		switch a.raw[i].kind {
		case tokWord, tokNumber, tokScore:
			words++
		}
		sc.Word(a.raw[i].text)
	}
	if words < minSecondOpinionWords {
		// Emoji, "no", "idk", "ya no": too little for the model to read,
		// and the everyday answers to the bot's own questions. A short
		// message with a sign in it is the rules' to catch.
		return
	}
	level := s.model.Level(sc.Probs())
	if slices.ContainsFunc(r.Signs, func(sg *knowledge.Sign) bool { return s.asks[sg.ID] || sg.Level == knowledge.LevelCheck }) {
		// The rules chose to ask (a check sign: hopelessness, "I can't do
		// this anymore", chest while breastfeeding): the safety question
		// is the designed answer, and a yes to it is an emergency with the
		// crisis line. The model does not skip it with a bare "call 911".
		level = min(level, r.Level)
	}
	if a.cleared && level > knowledge.LevelCheck {
		// The rules read the sign's words and cleared them: a scoped
		// suppression (a cut while cooking, a film's plot) or a
		// hypothetical or past clause. That is a judgement made on
		// purpose, and the model, which reads only words, may ask but not
		// overrule it with an alarm.
		level = knowledge.LevelCheck
	}
	if level <= r.Level {
		return
	}
	r.Level = level
	// The model cannot tell an emergency of the body from one of the
	// mind: at emergency it names the crisis line as well as the
	// emergency number.
	r.Crisis = r.Crisis || s.signs[level].Crisis
	r.Signs = slices.Insert(r.Signs, 0, s.signs[level])
}
