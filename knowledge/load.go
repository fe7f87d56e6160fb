package knowledge

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"go.yaml.in/yaml/v3"
)

//go:embed content/*.yaml
var content embed.FS

// Embedded returns the knowledge base compiled into the binary, as a file
// system whose root holds the YAML files.
func Embedded() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}

// Load reads every *.yaml file at the root of fsys, in name order, and
// validates the result. When the content has problems the error is a
// Problems listing every one of them with its file and line.
func Load(fsys fs.FS) (*Base, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("load kb: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("load kb: %w", ErrEmpty)
	}
	sort.Strings(names)
	b := &Base{Synonyms: map[string][][]string{}, Messages: map[string]Text{}}
	var probs Problems
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load kb %s: %w", name, err)
		}
		f, p := parseFile(path.Base(name), data)
		probs = append(probs, p...)
		if f != nil {
			b.add(f)
		}
	}
	probs = append(probs, b.index()...)
	if len(probs) > 0 {
		probs.sort()
		return nil, probs
	}
	return b, nil
}

// ErrEmpty is returned by Load when there is no YAML file to read.
var ErrEmpty = errors.New("no *.yaml files")

func parseFile(name string, data []byte) (*File, Problems) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, yamlProblems(name, err)
	}
	for _, e := range f.Entries {
		if e != nil {
			e.Pos.File = name
			for _, kws := range e.Keywords {
				for i := range kws {
					kws[i].Pos.File = name
				}
			}
		}
	}
	for _, s := range f.Signs {
		if s != nil {
			s.Pos.File = name
		}
	}
	for _, r := range f.References {
		if r != nil {
			r.Pos.File = name
		}
	}
	return &f, nil
}

func (b *Base) add(f *File) {
	for _, e := range f.Entries {
		if e != nil {
			b.Entries = append(b.Entries, e)
		}
	}
	for _, s := range f.Signs {
		if s != nil {
			b.Signs = append(b.Signs, s)
		}
	}
	for _, r := range f.References {
		if r != nil {
			b.References = append(b.References, r)
		}
	}
	for lang, groups := range f.Synonyms {
		b.Synonyms[lang] = append(b.Synonyms[lang], groups...)
	}
	for k, t := range f.Messages {
		b.Messages[k] = t
	}
}

// index builds the lookup maps.
func (b *Base) index() Problems {
	b.entries = make(map[string]*Entry, len(b.Entries))
	for _, e := range b.Entries {
		b.entries[e.ID] = e
	}
	b.refs = make(map[string]*Reference, len(b.References))
	for _, r := range b.References {
		b.refs[r.ID] = r
	}
	return nil
}

// UnmarshalYAML records where the entry starts.
func (e *Entry) UnmarshalYAML(n *yaml.Node) error {
	type plain Entry
	if err := n.Decode((*plain)(e)); err != nil {
		return err
	}
	e.Pos.Line = n.Line
	return nil
}

// UnmarshalYAML records where the sign starts.
func (s *Sign) UnmarshalYAML(n *yaml.Node) error {
	type plain Sign
	if err := n.Decode((*plain)(s)); err != nil {
		return err
	}
	s.Pos.Line = n.Line
	return nil
}

// UnmarshalYAML records where the reference starts.
func (r *Reference) UnmarshalYAML(n *yaml.Node) error {
	type plain Reference
	if err := n.Decode((*plain)(r)); err != nil {
		return err
	}
	r.Pos.Line = n.Line
	return nil
}

// UnmarshalYAML reads "phrase" (weight 1) or {phrase: weight}.
func (k *Keyword) UnmarshalYAML(n *yaml.Node) error {
	k.Pos.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		k.Weight = 1
		return n.Decode(&k.Text)
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			return fmt.Errorf("line %d: a keyword is a phrase or {phrase: weight}", n.Line)
		}
		if err := n.Content[0].Decode(&k.Text); err != nil {
			return err
		}
		return n.Content[1].Decode(&k.Weight)
	}
	return fmt.Errorf("line %d: a keyword is a phrase or {phrase: weight}", n.Line)
}
