package intents

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/carebot/carebot/knowledge"
)

// TestExplain prints, for each line of $CAREBOT_EXPLAIN, the entries that
// scored, the keywords and example words behind each score and the scope
// facts of the best one: a tool for reading a miss (go test ./intents -run
// TestExplain -v). It checks nothing.
func TestExplain(t *testing.T) {
	in := os.Getenv("CAREBOT_EXPLAIN")
	if in == "" {
		t.Skip("set CAREBOT_EXPLAIN to messages, one a line")
	}
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewWithConfig(kb, Config{NoSecondOpinion: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(in, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		t.Log(m.explain(line))
	}
}

// explain describes how text is scored.
func (m *Matcher) explain(text string) string {
	var b strings.Builder
	r := m.Match(text, "")
	fmt.Fprintf(&b, "%q -> %s/%s topic=%s conf=%.2f lang=%s cands=%v\n", text, r.Intent, r.Level, r.Topic, r.Confidence, r.Lang, r.Candidates)
	a := &analysis{}
	m.analyse(text, a)
	m.respell(a, m.Match(text, "").Lang)
	var toks []string
	for i, tk := range a.toks {
		s := tk.text
		if tk.orig != tk.text {
			s = tk.orig + ">" + tk.text
		}
		if tk.stop {
			s += "·"
		}
		if tk.neg {
			s += "¬"
		}
		if tk.past {
			s += "⏮"
		}
		if tk.baby {
			s += "👶"
		}
		if notBodyBack(a, i) {
			s += "↩"
		}
		if tk.kind == tokWord && tk.keys[0] == noTerm && tk.keys[1] == noTerm {
			s += "?"
		}
		toks = append(toks, s)
	}
	fmt.Fprintf(&b, "  toks: %s\n", strings.Join(toks, " "))
	why := map[int32][]string{}
	scores := map[int32]float64{}
	seen := map[int32]bool{}
	for i := range a.toks {
		tk := &a.toks[i]
		backWord := notBodyBack(a, i)
		for _, k := range tk.keys {
			if k == noTerm {
				continue
			}
			for _, c := range m.kwCands(k) {
				kwi := c.alt
				if seen[kwi] {
					continue
				}
				kw := &m.kws[kwi]
				if backWord && len(kw.p) == 1 {
					continue
				}
				if _, ok := m.matchAt(a, kw.p, i); ok {
					seen[kwi] = true
					w := kw.weight * keywordWeight(tk, m.entries[kw.entry])
					scores[kw.entry] += w
					var ws []string
					for _, p := range kw.p {
						ws = append(ws, p.text)
					}
					why[kw.entry] = append(why[kw.entry], fmt.Sprintf("kw[%s]%.1f", strings.Join(ws, " "), w))
				}
			}
		}
	}
	qSeen := map[termID]bool{}
	for i := range a.toks {
		tk := &a.toks[i]
		if tk.stop || notBodyBack(a, i) {
			continue
		}
		for _, k := range tk.keys {
			if k == noTerm || qSeen[k] {
				continue
			}
			qSeen[k] = true
			for _, p := range m.examplePostings(k) {
				s := m.cfg.ExampleWeight * m.terms[k].idf * p.norm
				scores[p.entry] += s
				why[p.entry] = append(why[p.entry], fmt.Sprintf("ex[%s]%.2f", m.v.names[k], s))
			}
			for _, p := range m.bmList[m.terms[k].step:m.terms[k+1].ex] {
				s := m.cfg.StepWeight * m.terms[k].stepIDF * p.norm
				scores[p.entry] += s
				why[p.entry] = append(why[p.entry], fmt.Sprintf("st[%s]%.2f", m.v.names[k], s))
			}
		}
	}
	var ids []int32
	for e := range scores {
		ids = append(ids, e)
	}
	sort.Slice(ids, func(i, j int) bool { return scores[ids[i]] > scores[ids[j]] })
	for n, e := range ids {
		if n == 6 {
			break
		}
		fmt.Fprintf(&b, "  %-28s %.2f %s\n", m.entries[e].ID, scores[e], strings.Join(why[e], " "))
	}
	if len(ids) > 0 {
		f := m.scopeOf(a, ids[0])
		fmt.Fprintf(&b, "  scope: others=%d topics=%d self=%d birth=%d aside=%d content=%d explained=%d domain=%d unknown=%d cov=%.2f dcov=%.2f\n",
			f.others, f.topics, f.self, f.birth, f.aside, f.content, f.explained, f.domain, f.unknown, f.coverage(), f.domainCoverage())
	}
	return b.String()
}
