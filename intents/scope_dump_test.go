package intents

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// TestScopeDump writes the scope facts of every line of CAREBOT_SCOPE_IN to
// CAREBOT_SCOPE_OUT (one JSON object a line), for tuning the out-of-scope
// thresholds on data kept out of the repository.
func TestScopeDump(t *testing.T) {
	in, out := os.Getenv("CAREBOT_SCOPE_IN"), os.Getenv("CAREBOT_SCOPE_OUT")
	if in == "" || out == "" {
		t.Skip("set CAREBOT_SCOPE_IN and CAREBOT_SCOPE_OUT")
	}
	m := embeddedInternal(t)
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	enc := json.NewEncoder(w)
	var cur map[string]any
	scopeTrace = func(m *Matcher, f scopeFacts, s float64) {
		var cues []string
		for _, ci := range f.cues {
			cues = append(cues, fmt.Sprint(m.cues[ci].class, m.cues[ci].words))
		}
		cur["cues"], cur["birth"], cur["wcov"], cur["domain"], cur["aside"], cur["unknown"] = cues, f.birth, f.weightedCoverage(), f.domain, f.aside, f.unknown
		cur["others"], cur["topics"], cur["self"] = f.others, f.topics, f.self
		cur["content"], cur["explained"], cur["score"] = f.content, f.explained, s
	}
	defer func() { scopeTrace = nil }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		cur = map[string]any{}
		r := m.Match(row.Text, "")
		cur["intent"], cur["esc"] = r.Intent, r.Level.Escalates()
		if err := enc.Encode(cur); err != nil {
			t.Fatal(err)
		}
	}
}
