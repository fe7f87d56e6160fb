package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

const matchAbout = `Read one message per line on stdin and write one JSON object per line on
stdout, in order, for every input line (empty and garbage lines included):

  {"intent":"<answer id>","escalation":"none|check|provider|emergency","lang":"en|es","confidence":0.83}

No state is kept between lines and nothing goes over the network. This is
what eval/score.py reads. The learned second opinion (intents/second) is on
unless --second-opinion off or $CAREBOT_SECOND_OPINION=off; --second-opinion
FILE uses another model file.`

// matchMemoryLimit is the soft memory limit of `carebot match` while it
// matches, unless GOMEMLIMIT sets one: above the live heap (about 10 MB
// with the embedded knowledge base, the learned model and the workers'
// scratch) and the runtime's own memory (some 10 MiB more: the build's
// survivors leave its spans part empty, and the collector's metadata),
// below what GOGC would let it grow to, so it is what sets the run's peak
// RSS and how often the collector runs (README, Figures). A cycle costs
// about the scannable heap, 5.0 MB: on the 99,900 dev lines (whole run)
// 23 MiB gives about 43 collections and a peak RSS of 36.3-36.5 MiB; 25
// about 32 for 1.8 MiB more; 22 some 65-85 for 0.3-0.6 MiB less, at
// about a tenth more CPU.
const matchMemoryLimit = 23 << 20

// matchBuildMemoryLimit is the soft memory limit while the knowledge base
// is loaded and the matcher built, unless GOMEMLIMIT sets one. The build
// allocates about 38 MB for 11 kept, and its garbage takes the heap to the
// limit: at 23 MiB that set the peak RSS of the 99,900 dev lines, 0.5 MiB
// above the matching peak. At 21 the collector runs about 22 times in the
// build instead of 16 (cheap ones: the heap is small until the end); at
// 20 a few more for no lower peak, matching setting it then. BenchmarkBuild
// and the server are not affected.
const matchBuildMemoryLimit = 21 << 20

// matchGCPercent is the collector's target of `carebot match` once the
// matcher is built, unless GOGC is set: a short-lived process whose peak
// RSS is what counts (README, Figures). About 12 MB is live while matching,
// nearly all of it the matcher's tables, and a line leaves a few hundred
// bytes of garbage, so letting the heap grow to 1.5 times what is live
// instead of 2 costs a few more collections of a few milliseconds: on
// 99,900 lines peak RSS 37.7-38.4 → 35.7-36.5 MiB for 1.3% more
// instructions (cachegrind). Lower targets, or one during the build,
// cost more than they give: 30 while matching +6.6% for 0.3 MiB more;
// 50 during the build and the build's garbage returned to the system
// +11% (20% more instructions at start-up) for 1.5 MiB more.
const matchGCPercent = 50

func (c *cli) match(ctx context.Context, args []string) int {
	fs := c.flags("match [--kb DIR] [--second-opinion on|off|FILE]", matchAbout)
	kbDir := fs.String("kb", "", "read the knowledge base from `DIR` (default $"+envKBDir+", else the embedded one)")
	secondOpinion := fs.String("second-opinion", "", "learned second opinion: on, off or a model `FILE` (default $"+envSecondOpinion+", else on)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	limit := c.getenv("GOMEMLIMIT") == ""
	if limit {
		// A batch job that may run beside others keeps a small footprint:
		// a soft limit makes the GC collect before the heap doubles.
		// Restored on return, since tests call match in-process.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(matchBuildMemoryLimit))
	}
	src := c.kbSourceFor(*kbDir)
	if *secondOpinion != "" {
		src.second = *secondOpinion
	}
	content, ok := c.loadContent(src)
	if !ok {
		return exitFail
	}
	if c.getenv("GOGC") == "" {
		// Restored on return, since tests call match in-process.
		defer debug.SetGCPercent(debug.SetGCPercent(matchGCPercent))
	}
	if limit {
		// The build's garbage goes back to the system before matching
		// starts (one more collection, a few milliseconds), and matching
		// has its own limit.
		debug.FreeOSMemory()
		debug.SetMemoryLimit(matchMemoryLimit)
	}
	if err := matchLines(ctx, content.Matcher, c.stdin, c.stdout, c.stderr); err != nil {
		fmt.Fprintf(c.stderr, "carebot match: %v\n", err)
		return exitFail
	}
	return exitOK
}

// matchLines writes a JSON line for every line of in, in order. Lines are
// matched in batches on every core; a batch is cut when it is full or when
// no more input is waiting, and its output is flushed then, so a program
// that writes a line and waits for the answer gets it.
func matchLines(ctx context.Context, m *intents.Matcher, in io.Reader, out, errOut io.Writer) error {
	const batchSize = 512
	workers := max(1, runtime.GOMAXPROCS(0))
	type batch struct {
		first int      // number of the first line, for messages
		text  []byte   // the input lines, one after the other
		ends  []int    // where each line of text ends
		lines []string // the lines, views of text made when it is full
		out   []byte   // the JSON lines, once done
		flush bool     // input was idle after this batch
		done  chan struct{}
	}
	todo := make(chan *batch, workers)
	ordered := make(chan *batch, 2*workers)
	// Written batches come back for reuse, their lines and output with
	// the room they grew to: a run of many lines then allocates little
	// more than the lines themselves, and the collector seldom runs.
	free := make(chan *batch, 3*workers+1)
	newBatch := func(first int) *batch {
		select {
		case b := <-free:
			b.first, b.text, b.ends, b.lines, b.out, b.flush, b.done = first, b.text[:0], b.ends[:0], b.lines[:0], b.out[:0], false, make(chan struct{})
			return b
		default:
			return &batch{first: first, ends: make([]int, 0, batchSize), lines: make([]string, 0, batchSize), done: make(chan struct{})}
		}
	}
	for range workers {
		go func() {
			for b := range todo {
				for i, line := range b.lines {
					res, ok := safeMatch(m, line)
					if !ok {
						fmt.Fprintf(errOut, "carebot match: line %d: matcher panicked; answered fallback\n", b.first+i)
					}
					b.out = appendResult(b.out, res)
				}
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(todo)
		r := bufio.NewReaderSize(in, 64<<10)
		var line []byte
		b := newBatch(1)
		send := func(flush bool) {
			// The lines are views of the batch's text, not copies: a
			// string a line was a fifth of the bytes a run allocates
			// while matching, and the collector ran a third more often
			// for it. Match keeps nothing of its text once it returns,
			// and the text is written again only when the batch comes
			// back through free, after its output is written.
			start := 0
			for _, end := range b.ends {
				b.lines = append(b.lines, unsafe.String(unsafe.SliceData(b.text[start:end]), end-start))
				start = end
			}
			b.flush = flush
			todo <- b
			ordered <- b
			b = newBatch(b.first + len(b.lines))
		}
		for n := 1; ; n++ {
			if ctx.Err() != nil {
				readErr <- ctx.Err()
				return
			}
			var err error
			line, err = readLine(r, line[:0])
			if len(line) == 0 && err == io.EOF {
				break
			}
			if err != nil && err != io.EOF {
				readErr <- fmt.Errorf("read line %d: %w", n, err)
				return
			}
			b.text = appendText(b.text, line)
			b.ends = append(b.ends, len(b.text))
			if err == io.EOF {
				break
			}
			if idle := r.Buffered() == 0; idle || len(b.ends) == batchSize {
				send(idle)
			}
		}
		if len(b.ends) > 0 {
			send(true)
		}
		readErr <- nil
	}()
	w := bufio.NewWriterSize(out, 64<<10)
	var werr error
	for b := range ordered {
		<-b.done
		if werr != nil {
			continue // drain so the reader and workers finish
		}
		if _, werr = w.Write(b.out); werr == nil && b.flush {
			werr = w.Flush()
		}
		select {
		case free <- b:
		default:
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	if werr == nil {
		werr = w.Flush()
	}
	if werr != nil {
		return fmt.Errorf("write: %w", werr)
	}
	return nil
}

// readLine appends the next line of r to dst without its line ending; it
// returns io.EOF with the last line when the input does not end in a
// newline, and with an empty line at the end.
func readLine(r *bufio.Reader, dst []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		dst = append(dst, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		dst = bytes.TrimSuffix(dst, []byte("\n"))
		dst = bytes.TrimSuffix(dst, []byte("\r"))
		return dst, err
	}
}

// appendText appends line to dst, replacing invalid UTF-8.
func appendText(dst, line []byte) []byte {
	if utf8.Valid(line) {
		return append(dst, line...)
	}
	return append(dst, bytes.ToValidUTF8(line, []byte("\uFFFD"))...)
}

// safeMatch matches text, answering fallback if the matcher panics so that
// every input line still gets its output line.
func safeMatch(m *intents.Matcher, text string) (res intents.Result, ok bool) {
	defer func() {
		if recover() != nil {
			res, ok = intents.Result{Intent: intents.Fallback, Topic: intents.Fallback}, false
		}
	}()
	return m.Match(text, ""), true
}

// appendResult appends the JSON line for res to b.
func appendResult(b []byte, res intents.Result) []byte {
	intent := res.Intent
	if intent == "" {
		intent = intents.Fallback
	}
	lang := res.Lang
	if lang == "" {
		lang = knowledge.DefaultLanguage
	}
	level := res.Level
	if level < knowledge.LevelNone || level > knowledge.LevelEmergency {
		level = knowledge.LevelEmergency // unknown: when in doubt, escalate
	}
	conf := res.Confidence
	if math.IsNaN(conf) || conf < 0 {
		conf = 0
	}
	conf = math.Round(min(conf, 1)*1e4) / 1e4
	b = append(b, `{"intent":`...)
	b = appendString(b, intent)
	b = append(b, `,"escalation":`...)
	b = appendString(b, level.String())
	b = append(b, `,"lang":`...)
	b = appendString(b, lang)
	b = append(b, `,"confidence":`...)
	b = strconv.AppendFloat(b, conf, 'f', -1, 64)
	return append(b, "}\n"...)
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
