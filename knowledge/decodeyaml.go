package knowledge

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

var durationType = reflect.TypeFor[time.Duration]()

// ErrDecodeTarget is returned by DecodeYAML when v is not a non-nil
// pointer to a struct.
var ErrDecodeTarget = errors.New("decode yaml: want a non-nil pointer to a struct")

// DecodeYAML decodes one YAML document, a mapping, into the struct v points
// to, strictly: every unknown key (with a suggestion for a near miss), value
// of the wrong type, key set twice, alias, merge key or second document is a
// Problem at its line, and decoding goes on past it, so that one run reports
// everything. Fields are matched by their yaml tag (fields without one are
// never set); structs nest; a time.Duration is written as "30s", "5m" or
// "1h30m"; keys absent from the file keep the value v already held, so fill
// v with the defaults first.
//
// It returns where every key of the file is, by dotted path
// ("nudges.limits.telegram.per_second"), so that the caller can report its
// own checks of the values at the right line, and an error that is Problems
// (sorted by line) when the file has any; a YAML syntax error is a single
// Problem. file names the file in the problems.
//
// It is the project's only door to the YAML parser for files other than the
// knowledge base (the serve config).
func DecodeYAML(file string, data []byte, v any) (map[string]Pos, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, ErrDecodeTarget
	}
	docs, err := parseYAML(data)
	if err != nil {
		return map[string]Pos{}, Problems{syntaxProblem(file, data, err)}
	}
	var probs Problems
	d := &decoder{file: file, probs: &probs, pos: map[lineKey]Pos{}, bad: map[lineKey]bool{}, plain: true}
	for i, doc := range docs {
		if i > 0 {
			d.problem(doc.Line, "a config file holds one YAML document: remove this one")
			continue
		}
		n := doc
		if n.Kind == yaml.DocumentNode {
			if len(n.Content) == 0 {
				continue
			}
			n = n.Content[0]
		}
		if isNull(n) {
			continue // an empty file, or only comments
		}
		if n.Kind != yaml.MappingNode {
			d.problem(n.Line, "want a mapping of keys (key: value), got %s", describe(n))
			continue
		}
		d.value(n, rv.Elem(), v, "")
	}
	lines := make(map[string]Pos, len(d.pos))
	for k, p := range d.pos {
		if k.owner == v && k.path != "" {
			lines[k.path] = p
		}
	}
	if len(probs) == 0 {
		return lines, nil
	}
	probs.sort()
	return lines, probs
}

// unknownKey is the problem for an unknown key at path in a config file.
func (f *structFields) unknownKey(path, name string) string {
	if name == "<<" {
		return "merge keys (<<) are not supported: write the keys out"
	}
	where := ""
	if path != "" {
		where = " in " + path
	}
	if s := suggest(name, f.names); s != "" {
		return fmt.Sprintf("unknown key %q%s%s", name, where, s)
	}
	return fmt.Sprintf("unknown key %q%s (known keys: %s)", name, where, strings.Join(f.names, ", "))
}
