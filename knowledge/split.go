package knowledge

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// pieceSize is about the size of the pieces cutPieces cuts a file into.
// Parsing is most of a load, so every file of more than one piece's size is
// parsed in pieces side by side: cut small enough that the two cores stay
// busy to the end (the last file, tips.yaml, was parsed whole on one core
// while the other waited), large enough that a piece's own costs (a parser,
// its buffers, the empty lines it starts with) stay small.
var pieceSize = 32 << 10

// cutPieces returns the pieces data is parsed in: data itself when it is
// small or not of a shape that can be cut, else the pieces of splitPieces,
// of about equal size.
func cutPieces(data []byte) [][]byte {
	if pieces := splitPieces(data, pieceSize); len(pieces) > 1 {
		return pieces
	}
	return [][]byte{data}
}

// joinParsed returns the documents of a file parsed in the pieces
// cutPieces cut it into. One piece is the whole file, its documents and
// error as they are; several are joined into the tree of the first. When a
// piece failed or is not what it should be (a multi-line scalar cut in two,
// an alias of an anchor in another piece), the file is parsed whole
// instead: errors, and their lines, are always those of the whole file.
func joinParsed(data []byte, docs [][]*yaml.Node, errs []error) ([]*yaml.Node, error) {
	if len(docs) == 1 {
		return docs[0], errs[0]
	}
	if joined := joinPieces(docs, errs); joined != nil {
		return []*yaml.Node{joined}, nil
	}
	return parseYAML(data)
}

// joinPieces joins the items of the parsed pieces into the tree of the
// first, or returns nil when a piece failed or is not one mapping of one
// key to a sequence, the same key as the first piece's.
func joinPieces(docs [][]*yaml.Node, errs []error) *yaml.Node {
	var seq *yaml.Node
	for i := range docs {
		if errs[i] != nil || len(docs[i]) != 1 || len(docs[i][0].Content) != 1 {
			return nil
		}
		m := docs[i][0].Content[0]
		if m.Kind != yaml.MappingNode || len(m.Content) != 2 || m.Content[1].Kind != yaml.SequenceNode {
			return nil
		}
		if i == 0 {
			seq = m.Content[1]
			continue
		}
		if m.Content[0].Value != docs[0][0].Content[0].Content[0].Value {
			return nil
		}
		seq.Content = append(seq.Content, m.Content[1].Content...)
	}
	return docs[0][0]
}

// splitPieces cuts data into pieces of about len(data)/(len(data)/size)
// bytes (so as many of about size as fit, each at least that), or returns
// nil when it cannot: the file must have one top-level key, a
// plain "key:" line, followed by the items of a block sequence ("- " at
// one indentation); it is cut at the items of that sequence only. A piece
// but the first is the key line and its items, each line where it is in
// the file (after empty lines), so that every node keeps its line and
// column.
func splitPieces(data []byte, size int) [][]byte {
	n := len(data) / size
	if n < 2 {
		return nil
	}
	each := len(data) / n
	var (
		keyLine  []byte // the line of the top-level key, with its newline
		keyNo    int    // its line number, from 1
		indent   = -1   // of the sequence's "- "
		cuts     []int  // offsets of the lines pieces start at
		cutLines []int  // and their numbers
		lineNo   = 0
	)
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off + 1
		}
		line := data[off:end]
		lineNo++
		body := bytes.TrimRight(line, " \t\r\n")
		text := bytes.TrimLeft(body, " ")
		switch {
		case bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")):
			return nil // more than one document, or directives
		case len(text) == 0 || text[0] == '#':
		case body[0] != ' ':
			if keyLine != nil || !isPlainKey(body) {
				return nil // one top-level key only
			}
			keyLine, keyNo = line, lineNo
		case keyLine != nil:
			n := len(body) - len(text)
			item := bytes.HasPrefix(text, []byte("- ")) || string(text) == "-"
			if indent < 0 {
				if !item {
					return nil // not a block sequence
				}
				indent = n
			}
			if item && n == indent && off-lastCut(cuts) >= each && len(data)-off >= each/2 {
				cuts = append(cuts, off)
				cutLines = append(cutLines, lineNo)
			}
		}
		off = end
	}
	if len(cuts) == 0 || !bytes.HasSuffix(keyLine, []byte("\n")) {
		return nil
	}
	pieces := make([][]byte, 0, len(cuts)+1)
	pieces = append(pieces, data[:cuts[0]])
	for i, c := range cuts {
		end := len(data)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		// line keyNo is the key, then empty lines up to cutLines[i]
		p := make([]byte, 0, keyNo-1+len(keyLine)+cutLines[i]-keyNo-1+end-c)
		p = append(p, bytes.Repeat([]byte("\n"), keyNo-1)...)
		p = append(p, keyLine...)
		p = append(p, bytes.Repeat([]byte("\n"), cutLines[i]-keyNo-1)...)
		pieces = append(pieces, append(p, data[c:end]...))
	}
	return pieces
}

// lastCut returns the last of cuts, or 0.
func lastCut(cuts []int) int {
	if len(cuts) == 0 {
		return 0
	}
	return cuts[len(cuts)-1]
}

// isPlainKey reports whether line is "name:" alone (letters, digits, "_").
func isPlainKey(line []byte) bool {
	if len(line) < 2 || line[len(line)-1] != ':' {
		return false
	}
	for _, c := range line[:len(line)-1] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
