package knowledge

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// decoder turns the YAML node tree of one file into a File. Unlike
// yaml.v3's own decoding it does not stop at the first surprise: it reports
// every unknown field, wrong type, duplicate key and alias as a problem at
// the line of the key or item at fault, skips that value and goes on. It
// also records the line of every field, map value and list item in pos, so
// that validation can point at the precise line.
//
// The walk is driven by the Go types of the schema (their yaml tags), never
// by the input, so its depth is bounded whatever the input holds.
type decoder struct {
	file  string
	probs *Problems
	pos   map[lineKey]Pos
	bad   map[lineKey]bool // values of the wrong type, already reported
	// levels holds every Level as written ("urgent"), for the loader to
	// report one it does not know.
	levels map[lineKey]string
	// plain decodes a config file (DecodeYAML) rather than knowledge-base
	// content: problems name keys by their dotted path, and text is not
	// checked for special tokens.
	plain bool
	// lists and lines hold the lines of the items of lists of texts and
	// keywords (two thirds of the values of the content: concept words,
	// keywords, patterns, topics), a span of lines a list, instead of a
	// path string and a pos entry an item: validation asks for the line
	// of such an item only to report a problem with it, and loader.at
	// finds it here. Nil for a config file, whose every path is returned.
	lists map[lineKey]itemLines
	lines *[]int32
}

// itemLines is where the lines of a list's items are in decoder.lines.
type itemLines struct {
	file     string
	off, len int32
}

// lineKey names a value in the knowledge base: the Entry, Sign, Reference
// or File it belongs to, and its path inside it ("title.es",
// "keywords.en[2]", "exercise.prompts.es[0]"; "" is the owner itself).
type lineKey struct {
	owner any
	path  string
}

var (
	keywordType = reflect.TypeFor[Keyword]()
	stringType  = reflect.TypeFor[string]()
	textType    = reflect.TypeFor[Text]()
	listType    = reflect.TypeFor[List]()
	posType     = reflect.TypeFor[Pos]()
	levelType   = reflect.TypeFor[Level]()
)

// problem records a problem at line of the file being decoded.
func (d *decoder) problem(line int, format string, args ...any) {
	d.probs.add(Pos{File: d.file, Line: max(line, 1)}, format, args...)
}

// wrong reports a value of the wrong type at owner/path and marks it, so
// that validation does not report it a second time as missing.
func (d *decoder) wrong(n *yaml.Node, owner any, path string, t reflect.Type) {
	d.problem(n.Line, "%swant %s, got %s", label(path), want(t), describe(n))
	d.bad[lineKey{owner, path}] = true
}

// record remembers where the value at owner/path is.
func (d *decoder) record(owner any, path string, line int) {
	d.pos[lineKey{owner, path}] = Pos{File: d.file, Line: max(line, 1)}
}

// document decodes a whole document into f.
func (d *decoder) document(doc *yaml.Node, f *File) {
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	d.record(f, "", 1)
	if isNull(n) {
		return // an empty file, or only comments
	}
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, "a file is a mapping of sections (%s), got %s",
			strings.Join(fieldsOf(reflect.TypeFor[File]()).names, ", "), describe(n))
		return
	}
	d.value(n, reflect.ValueOf(f).Elem(), f, "")
}

// value decodes n into v, which belongs to owner at path.
func (d *decoder) value(n *yaml.Node, v reflect.Value, owner any, path string) {
	if n.Kind == yaml.AliasNode {
		d.problem(n.Line, "%saliases (*%s) are not supported: write the value out", label(path), n.Value)
		d.bad[lineKey{owner, path}] = true
		return
	}
	t := v.Type()
	switch {
	case t == keywordType:
		d.keyword(n, v.Addr().Interface().(*Keyword), owner, path)
	case t == levelType:
		// A level is typed once, here: "check" is LevelCheck from now on.
		// A name it does not know stays LevelNone, which the loader
		// reports with the name as written.
		if n.Kind != yaml.ScalarNode {
			d.wrong(n, owner, path, t)
			return
		}
		if isNull(n) {
			return
		}
		if d.levels != nil {
			d.levels[lineKey{owner, path}] = n.Value
		}
		l, _ := ParseLevel(n.Value)
		v.SetInt(int64(l))
	case t.Kind() == reflect.Pointer:
		if isNull(n) {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		elem := v.Elem()
		if f, ok := t.Elem().FieldByName("Pos"); ok && f.Type == posType && elem.Kind() == reflect.Struct {
			// An Entry, Sign or Reference: it owns the paths below it.
			elem.FieldByIndex(f.Index).Set(reflect.ValueOf(Pos{File: d.file, Line: n.Line}))
			owner, path = v.Interface(), ""
			d.record(owner, "", n.Line)
		}
		d.value(n, elem, owner, path)
	case t.Kind() == reflect.Struct:
		d.structure(n, v, owner, path)
	case t.Kind() == reflect.Map:
		d.mapping(n, v, owner, path)
	case t.Kind() == reflect.Slice:
		d.sequence(n, v, owner, path)
	case t.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.wrong(n, owner, path, t)
			return
		}
		if !d.plain {
			d.comment(n)
		}
		if !isNull(n) {
			v.SetString(n.Value)
		}
	default: // bool, int, float64
		old := reflect.New(t).Elem()
		old.Set(v)
		if n.Kind != yaml.ScalarNode || n.Decode(v.Addr().Interface()) != nil {
			d.wrong(n, owner, path, t)
			return
		}
		if d.plain && t.Kind() == reflect.Int && n.ShortTag() != "!!int" {
			// yaml.v3 truncates 1.5 to 1: a config value must be exact.
			v.Set(old)
			d.wrong(n, owner, path, t)
		}
	}
}

// structure decodes a mapping into the struct v field by field, by yaml
// tag, reporting unknown and repeated fields.
func (d *decoder) structure(n *yaml.Node, v reflect.Value, owner any, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.wrong(n, owner, path, v.Type())
		return
	}
	fields := fieldsOf(v.Type())
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.problem(k.Line, "%sa field name must be a plain word, got %s", label(path), describe(k))
			continue
		}
		idx, ok := fields.index[k.Value]
		if !ok && d.plain {
			d.problem(k.Line, "%s", fields.unknownKey(path, k.Value))
			continue
		}
		if !ok {
			d.problem(k.Line, "%s", fields.unknown(k.Value))
			continue
		}
		p, ok := d.firstTime(seen, k, owner, path)
		if !ok {
			continue
		}
		d.value(val, v.Field(idx), owner, p)
	}
}

// firstTime records the key k of a mapping at path, owned by owner, and
// returns its path; a key seen before in the same mapping is a problem,
// reported here, and ok is false.
func (d *decoder) firstTime(seen map[string]int, k *yaml.Node, owner any, path string) (p string, ok bool) {
	if first, dup := seen[k.Value]; dup {
		d.problem(k.Line, "%s is set twice (first at line %d)", join(path, k.Value), first)
		return "", false
	}
	seen[k.Value] = k.Line
	p = join(path, k.Value)
	d.record(owner, p, k.Line)
	return p, true
}

// mapping decodes a mapping into the map v: language codes to texts,
// message keys to texts, languages to synonym groups.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, owner any, path string) {
	if isNull(n) {
		return
	}
	t := v.Type()
	if n.Kind != yaml.MappingNode {
		d.wrong(n, owner, path, t)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
	}
	seen := make(map[string]int, len(n.Content)/2)
	// One key and one value are reused for every pair: the map copies
	// both, and the value is zeroed before each decoding, so each entry
	// is decoded from zero as if freshly allocated.
	key := reflect.New(t.Key()).Elem()
	elem := reflect.New(t.Elem()).Elem()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || isNull(k) {
			d.problem(k.Line, "%sa key must be a plain word, got %s", label(path), describe(k))
			continue
		}
		p, ok := d.firstTime(seen, k, owner, path)
		if !ok {
			continue
		}
		elem.SetZero()
		d.value(val, elem, owner, p)
		key.SetString(k.Value)
		v.SetMapIndex(key, elem)
	}
}

// sequence decodes a list into the slice v. A null item in a list of
// entries, signs or references is reported and dropped; in a list of texts
// it becomes "" and validation says what is empty.
func (d *decoder) sequence(n *yaml.Node, v reflect.Value, owner any, path string) {
	if isNull(n) {
		return
	}
	t := v.Type()
	if n.Kind != yaml.SequenceNode {
		d.wrong(n, owner, path, t)
		return
	}
	// Items are decoded in place into a slice of the list's length, cut
	// to the items kept: no per-item value to allocate, and no
	// reflect.Append (which allocates a slice header every call).
	s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
	if et := t.Elem(); d.lists != nil && (et == stringType || et == keywordType) {
		// No item is dropped from a list of texts or keywords, and none
		// has a path below it: the items' lines are kept in one span,
		// and an item's path is made only to report a problem with it.
		off := len(*d.lines)
		for i, item := range n.Content {
			*d.lines = append(*d.lines, int32(max(item.Line, 1)))
			if !d.leaf(item, s.Index(i), owner) {
				d.value(item, s.Index(i), owner, index(path, i))
			}
		}
		d.lists[lineKey{owner, path}] = itemLines{file: d.file, off: int32(off), len: int32(len(n.Content))}
		v.Set(s)
		return
	}
	ptr := t.Elem().Kind() == reflect.Pointer
	kept := 0
	for i, item := range n.Content {
		p := index(path, i)
		switch {
		case ptr && isNull(item):
			d.problem(item.Line, "%s is empty", p)
			continue
		case ptr && (item.Kind == yaml.ScalarNode || item.Kind == yaml.SequenceNode):
			d.problem(item.Line, "%s: want a mapping, got %s", p, describe(item))
			continue
		}
		d.record(owner, p, item.Line)
		elem := s.Index(kept)
		d.value(item, elem, owner, p)
		if ptr && elem.IsNil() {
			continue // an alias, reported (the slot is still nil)
		}
		kept++
	}
	v.Set(s)
	v.SetLen(kept) // not s.Slice, which allocates a header
}

// leaf decodes an item of a list of texts or keywords into v as value
// would, when it is of a form whose decoding reports no problem under the
// item's path (a scalar; a keyword's {phrase: weight}), and reports
// whether it did; anything else is left to value.
func (d *decoder) leaf(n *yaml.Node, v reflect.Value, owner any) bool {
	if v.Type() == keywordType {
		if n.Kind != yaml.ScalarNode && (n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Kind != yaml.ScalarNode) {
			return false
		}
		d.keyword(n, v.Addr().Interface().(*Keyword), owner, "") // these forms never use the path
		return true
	}
	if n.Kind != yaml.ScalarNode {
		return false
	}
	d.comment(n)
	if !isNull(n) {
		v.SetString(n.Value)
	}
	return true
}

// keyword decodes "phrase" (weight 1) or {phrase: weight}.
func (d *decoder) keyword(n *yaml.Node, k *Keyword, owner any, path string) {
	k.Pos = Pos{File: d.file, Line: n.Line}
	switch {
	case n.Kind == yaml.ScalarNode:
		k.Weight = 1
		d.comment(n)
		if !isNull(n) {
			k.Text = n.Value
		}
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Kind == yaml.ScalarNode:
		k.Text = n.Content[0].Value
		w := n.Content[1]
		if f, ok := plainNumber(w); ok {
			k.Weight = f
		} else if w.Kind != yaml.ScalarNode || w.Decode(&k.Weight) != nil {
			d.problem(w.Line, "keyword %q: weight must be a number, got %s", k.Text, describe(w))
			k.Weight = 1 // reported; keep it out of the range check
		}
	default:
		d.problem(n.Line, "%sa keyword is a phrase or {phrase: weight}, got %s", label(path), describe(n))
		d.bad[lineKey{owner, path}] = true
	}
}

// plainNumber reads a weight written the plain way (2, 0.5, 1.5): an
// unquoted scalar the parser resolved to !!int or !!float, of decimal
// digits with at most one point and no leading zero (which yaml.v3 would
// read as octal). That is what Node.Decode would return for it, without
// the decoder Node.Decode allocates every call (a keyword weight is the
// commonest number in the content). Anything else is left to
// Node.Decode.
func plainNumber(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || n.Style != 0 || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, false
	}
	v := n.Value
	dot := -1
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0 && i < len(v)-1:
			dot = i
		default:
			return 0, false
		}
	}
	intPart := len(v)
	if dot >= 0 {
		intPart = dot
	}
	if intPart == 0 || intPart > 15 || len(v) > 30 || (v[0] == '0' && intPart > 1) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// comment reports a special token (#temp) cut off as a YAML comment: in
// "fever + #temp" the " #" starts a comment unless the text is quoted.
func (d *decoder) comment(n *yaml.Node) {
	word, _, _ := strings.Cut(strings.TrimSpace(n.LineComment), " ")
	word = strings.TrimRight(word, ",]}")
	if slices.Contains(specialTokens, word) {
		d.problem(n.Line, "%s after a space starts a YAML comment and is lost: put the text in quotes (\"... + %s\")", word, word)
	}
}

// structFields is what the decoder knows about a struct type.
type structFields struct {
	name  string         // what to call it in messages: "entry"
	index map[string]int // yaml name to field index
	names []string       // yaml names, in declaration order
}

// unknown is the problem for an unknown field name.
func (f *structFields) unknown(name string) string {
	if name == "<<" {
		return "merge keys (<<) are not supported: write the fields out"
	}
	if f.name == "" { // the top level of a file
		if s := suggest(name, f.names); s != "" {
			return fmt.Sprintf("unknown section %q%s", name, s)
		}
		return fmt.Sprintf("unknown section %q (sections are %s)", name, strings.Join(f.names, ", "))
	}
	return fmt.Sprintf("unknown field %q in %s%s", name, f.name, suggest(name, f.names))
}

var fieldCache sync.Map // reflect.Type -> *structFields

// fieldsOf returns the yaml fields of struct type t.
func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{name: strings.ToLower(t.Name()), index: map[string]int{}}
	if t == reflect.TypeFor[File]() {
		f.name = ""
	}
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		f.index[tag] = i
		f.names = append(f.names, tag)
	}
	fieldCache.Store(t, f)
	return f
}

// suggest returns ` (did you mean "x"?)` when name is one or two edits
// away from one of names (and not so short that anything is), else "".
func suggest(name string, names []string) string {
	best, bestD := "", 3
	for _, c := range names {
		if d := distance(strings.ToLower(name), c); d < bestD && d < len(name)-1 {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in bytes (field
// names are ASCII).
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64 // not a typo of a field name
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isNull reports whether n is an empty or null scalar.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what n is, for messages: "a list", "a mapping", "\"text\"".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		s := []rune(n.Value)
		if len(s) > 24 {
			return strconv.Quote(string(s[:24]) + "...")
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// want says what a value of type t is written as, for messages.
func want(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration such as 30s, 5m or 1h30m"
	case t == levelType:
		return "check, provider or emergency"
	case t == textType:
		return "a text per language (en: ..., es: ...)"
	case t == listType:
		return "a list per language (en: [...], es: [...])"
	case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.Slice: // keywords, synonyms
		return "a list per language (en: [...], es: [...])"
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	}
	return "text"
}

// join appends a field or key to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// label turns a path into a message prefix: "title.es: ", or "" at the top.
func label(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}
