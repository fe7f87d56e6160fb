package knowledge

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with the knowledge base, at a place in a file.
type Problem struct {
	// Pos is the most precise place of the problem: the line of the field
	// or list item at fault when there is one, else the line of the entry.
	Pos Pos
	// Msg says what is wrong, in lower case, without the position.
	Msg string
}

// String formats the problem as "file:line: message".
func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// String formats the position as "file:line".
func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Problems is every problem found in a knowledge base, sorted by file and
// line; it is the error Load returns for invalid content. Use errors.As to
// get at it.
type Problems []Problem

// Error lists the problems, one "file:line: message" per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// add records a problem at pos.
func (ps *Problems) add(pos Pos, format string, args ...any) {
	*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// sort orders the problems by file, then line, then message, so that the
// output is the same on every run.
func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return ps[i].Msg < ps[j].Msg
	})
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntaxProblem turns a YAML parser error into a problem at its line.
func syntaxProblem(file string, data []byte, err error) Problem {
	p := Problem{Pos: Pos{File: file, Line: 1}, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	if sm := yamlLine.FindStringSubmatch(err.Error()); sm != nil {
		if n, convErr := strconv.Atoi(sm[1]); convErr == nil && n > 0 {
			p.Pos.Line = n
		}
		p.Msg = sm[2]
	}
	p.Pos.Line = syntaxLine(data, p.Pos.Line)
	p.Msg = "yaml syntax: " + p.Msg
	return p
}

// syntaxLine finds the line of a syntax error more precisely than yaml.v3,
// which reports where the enclosing construct starts (the whole "entries:"
// list for a bad indentation deep inside it): it bisects for the longest
// prefix of whole lines that still parses; the line after it is where the
// file breaks. Bisection assumes that a prefix of a valid prefix is valid,
// which fails only when the cut falls inside a multi-line quoted text or
// flow list; the result is then never before yamlLine-1, where yaml.v3 says
// the broken construct starts.
func syntaxLine(data []byte, yamlLine int) int {
	ends := lineEnds(data)
	lo, hi := 0, len(ends)-1 // the first lo lines parse, the first hi do not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if _, err := parseYAML(data[:ends[mid]]); err == nil {
			lo = mid
		} else {
			hi = mid
		}
	}
	if hi < yamlLine-1 || hi < 1 {
		return yamlLine
	}
	return hi
}

// lineEnds returns the offsets where the lines of data end, as YAML counts
// lines: ends[k] is the end of the first k lines, ends[0] is 0. A line
// ends after "\r\n", "\r", "\n", NEL, LS or PS, or at the end of data.
func lineEnds(data []byte) []int {
	ends := []int{0}
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
			i++
		case data[i] == '\r' || data[i] == '\n':
		case data[i] == 0xC2 && i+1 < len(data) && data[i+1] == 0x85: // NEL
			i++
		case data[i] == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9): // LS, PS
			i += 2
		default:
			continue
		}
		ends = append(ends, i+1)
	}
	if ends[len(ends)-1] < len(data) {
		ends = append(ends, len(data))
	}
	return ends
}
