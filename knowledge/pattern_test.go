package knowledge

import (
	"errors"
	"reflect"
	"testing"
)

func TestParsePattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    [][]string
		problem string
	}{
		{in: "chest + pain|hurt*|ache*", want: [][]string{{"chest"}, {"pain", "hurt*", "ache*"}}},
		{in: "  calf|leg  +  hot and   swollen ", want: [][]string{{"calf", "leg"}, {"hot and swollen"}}},
		{in: "fever|#temp + #months|#severe", want: [][]string{{"fever", "#temp"}, {"#months", "#severe"}}},
		{in: "numb*", want: [][]string{{"numb*"}}},
		{in: "", problem: "empty pattern"},
		{in: "   ", problem: "empty pattern"},
		{in: "+ chest", problem: `"+" at the start`},
		{in: "chest +", problem: `"+" at the end`},
		{in: "chest + + pain", problem: `empty group 2 (two "+" in a row)`},
		{in: "chest|", problem: `empty alternative in group 1 (a "|" with nothing on one side)`},
		{in: "chest + |pain", problem: `empty alternative in group 2 (a "|" with nothing on one side)`},
		{in: "chest + pain||ache", problem: `empty alternative in group 2 (a "|" with nothing on one side)`},
		{in: "fever + #hot", problem: "unknown special token #hot (allowed: #temp, #severe, #months, #bp, #bp_severe, #spo2, #temp_normal)"},
		{in: "fever + *", problem: `a lone "*": it must end a word ("numb*")`},
		{in: "short*ness", problem: `"short*ness": "*" only at the end of a word`},
	}
	for _, tt := range tests {
		got, err := ParsePattern(tt.in)
		if tt.problem == "" {
			if err != nil || !reflect.DeepEqual(got.Groups, tt.want) {
				t.Errorf("ParsePattern(%q) = %v, %v; want %v", tt.in, got.Groups, err, tt.want)
			}
			continue
		}
		var pe *PatternError
		if !errors.As(err, &pe) || pe.Problem != tt.problem || pe.Pattern != tt.in || !errors.Is(err, ErrPattern) {
			t.Errorf("ParsePattern(%q) err = %v, want problem %q", tt.in, err, tt.problem)
		}
	}
}
