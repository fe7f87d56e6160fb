package knowledge

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"sync"

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

// ErrEmpty is returned by Load when there is no YAML file to read.
var ErrEmpty = errors.New("no *.yaml files")

// Load reads every *.yaml file at the root of fsys, in name order, and
// validates the result. When the content has problems the error is a
// Problems listing every one of them, sorted by file and line; any other
// error (ErrEmpty, a file that cannot be read) is wrapped with the file
// name. Load never panics, whatever the files hold.
//
// To read a directory, pass os.DirFS(dir).
func Load(fsys fs.FS) (*Base, error) {
	b, probs, err := loadBase(fsys)
	if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return b, nil
}

// loadBase reads and validates fsys like Load, but returns the base also
// when it has problems (the content test looks at both).
func loadBase(fsys fs.FS) (*Base, Problems, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("load kb: %w", err)
	}
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("load kb: %w", ErrEmpty)
	}
	sort.Strings(names)
	files := make([]parsed, len(names))
	for i, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, fmt.Errorf("load kb %s: %w", name, err)
		}
		files[i] = parsed{name: path.Base(name), data: data}
	}
	// Sized once, not grown: the 11,501 lines of the embedded content
	// have 5,161 positions, 14,845 items of lists of texts or keywords, in
	// 1,546 lists.
	lines := 0
	for _, f := range files {
		lines += bytes.Count(f.data, []byte("\n"))
	}
	l := &loader{
		pos:    make(map[lineKey]Pos, lines/2),
		bad:    map[lineKey]bool{},
		levels: map[lineKey]string{},
		lists:  make(map[lineKey]itemLines, lines/6),
		lines:  make([]int32, 0, lines+lines/3),
	}
	// Parsing the YAML is most of the work and each file's is
	// independent, so the files are parsed side by side, the larger ones
	// cut in pieces of about equal size (cutPieces) so that the parsers
	// stay busy to the end. Meanwhile this goroutine decodes the files in
	// name order, each as soon as its pieces are parsed, so problems come
	// out the same and a file's node trees are garbage once it is decoded.
	// The parsers take the pieces in that order too, and run a few pieces
	// a parser ahead of the decoding: node trees are several times the
	// size of their YAML, and when every file was parsed ahead (largest
	// first) they were most of the heap while loading, and so of the peak
	// RSS of `carebot match` (README, Figures). On one core nothing is
	// cut: the pieces would only add their own costs.
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var all []*piece
	ahead := 4 * workers
	for i := range files {
		f := &files[i]
		cut := [][]byte{f.data}
		if workers > 1 {
			cut = cutPieces(f.data)
		}
		f.pieces = make([]piece, len(cut))
		for j, data := range cut {
			f.pieces[j] = piece{data: data, done: make(chan struct{})}
			all = append(all, &f.pieces[j])
		}
		ahead = max(ahead, len(cut))
	}
	order := make(chan *piece, len(all))
	for _, p := range all {
		order <- p
	}
	close(order)
	// A parser takes a slot before it takes a piece, and the decoding
	// frees it. Pieces are taken in order, so while the file being
	// decoded waits for a piece, the slots held are its own other pieces:
	// with at least as many slots as the largest file has pieces, one is
	// always free for the piece it waits for.
	slots := make(chan struct{}, ahead)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				slots <- struct{}{}
				p, ok := <-order
				if !ok {
					<-slots
					return
				}
				p.docs, p.err = parseYAML(p.data)
				close(p.done)
			}
		})
	}
	for i := range files {
		f := &files[i]
		docs := make([][]*yaml.Node, len(f.pieces))
		errs := make([]error, len(f.pieces))
		for j := range f.pieces {
			<-f.pieces[j].done
			docs[j], errs[j] = f.pieces[j].docs, f.pieces[j].err
			f.pieces[j].docs = nil // the order channel still holds the piece
		}
		f.docs, f.err = joinParsed(f.data, docs, errs)
		l.parse(*f)
		f.docs, f.pieces = nil, nil
		for range docs {
			<-slots
		}
	}
	wg.Wait()
	b := l.build()
	l.probs.sort()
	return b, l.probs, nil
}

// loader holds the state of one Load: the files read so far, where every
// value was found, and the problems.
type loader struct {
	files  []*File
	pos    map[lineKey]Pos
	bad    map[lineKey]bool   // values of the wrong type, already reported
	levels map[lineKey]string // levels as written (decoder.levels)
	lists  map[lineKey]itemLines
	lines  []int32 // the lines of the items of lists (decoder.lists)
	probs  Problems
	broken bool // a file could not be parsed: its ids are unknown

	msgFirst map[string]Pos // message key -> where it was first defined
	// kwSeen is the folded keywords of one list (keywords): made by the
	// first call, after validate copied the loader, so the copy checking
	// the signs does not share it
	kwSeen map[string]Pos
}

// parsed is one file read and parsed into YAML node trees.
type parsed struct {
	name   string
	data   []byte
	pieces []piece // what the parsers parse: the file, or its pieces
	docs   []*yaml.Node
	err    error // a syntax error
}

// piece is one piece of a file (cutPieces) and what parsing it gave.
type piece struct {
	data []byte
	docs []*yaml.Node
	err  error
	done chan struct{} // closed once docs and err are set
}

// parse decodes one parsed file. A syntax error leaves the file out
// (yaml.v3 stops at the first one); every other problem is recorded and the
// rest of the file is still read.
func (l *loader) parse(p parsed) {
	if p.err != nil {
		l.probs = append(l.probs, syntaxProblem(p.name, p.data, p.err))
		l.broken = true
		return
	}
	f := &File{}
	d := &decoder{file: p.name, probs: &l.probs, pos: l.pos, bad: l.bad, levels: l.levels, lists: l.lists, lines: &l.lines}
	for i, doc := range p.docs {
		if i > 0 {
			d.problem(doc.Line, "a file holds one YAML document: move this one to a file of its own")
			continue
		}
		d.document(doc, f)
	}
	l.files = append(l.files, f)
}

// parseYAML parses every document of data into node trees.
func parseYAML(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		// yaml.v3 turns its own panics into errors; this is a last guard
		// so that Load never panics on odd input.
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &n)
	}
}

// build merges the files into a Base, builds its indexes and validates it.
func (l *loader) build() *Base {
	b := &Base{Synonyms: map[string][][]string{}, Messages: map[string]Text{}, Scope: map[string]List{}}
	for _, f := range l.files {
		b.Entries = append(b.Entries, f.Entries...)
		b.Signs = append(b.Signs, f.Signs...)
		b.References = append(b.References, f.References...)
		b.Concepts = append(b.Concepts, f.Concepts...)
		b.Context = append(b.Context, f.Context...)
		b.Moments = append(b.Moments, f.Moments...)
		b.Poses = append(b.Poses, f.Poses...)
		for _, lang := range sortedKeys(f.Synonyms) {
			b.Synonyms[lang] = append(b.Synonyms[lang], f.Synonyms[lang]...)
		}
		l.messages(f, b)
		l.scope(f, b)
	}
	b.index()
	l.validate(b)
	return b
}
