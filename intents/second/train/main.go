// Command train fits carebot's learned second opinion (package second) to
// labelled JSON Lines files and writes the model file that package embeds.
//
// Usage:
//
//	go run ./intents/second/train [flags] -o intents/second/model.bin DATA.jsonl...
//
// Each line of DATA is {"text", "intents", "escalation", "lang"} (the format
// of shared/eval/dev.jsonl); only text and escalation are used. Thresholds
// are chosen on the -val files together with out-of-fold predictions over
// DATA (-cv folds); -val lines are never trained on. With -fold i/k the
// command trains on every fold of DATA but the i-th (of k, by a hash of the
// normalised text) and writes that fold to -heldout, for cross-validation
// (intents/second/cv.sh).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/intents/second"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "train: %v\n", err)
		os.Exit(1)
	}
}

// labelled is one line of a data file.
type labelled struct {
	raw  []byte
	norm string
	cls  int
}

func run(args []string, log io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(log)
	out := fs.String("o", "", "write the model to `FILE` (required)")
	extra := fs.String("extra", "", "comma-separated labelled `FILES` always trained on, never held out by -fold or -cv")
	valNeg := fs.String("val-ordinary", "", "comma-separated labelled `FILES` of other ordinary messages, never trained on: thresholds also hold the rates on each alone")
	val := fs.String("val", "", "comma-separated labelled `FILES` to choose thresholds on (never trained on)")
	cv := fs.Int("cv", 5, "out-of-fold predictions over DATA from `K` folds also choose thresholds (0: -val only)")
	fold := fs.String("fold", "", "train without fold `I/K` of DATA (0-based) and write it to -heldout")
	heldout := fs.String("heldout", "", "with -fold, write the held-out lines to `FILE`")
	bits := fs.Int("bits", 16, "log2 of the number of hashed feature `buckets`")
	epochs := fs.Int("epochs", 12, "passes over the data")
	l2 := fs.Float64("l2", 1e-4, "L2 weight decay")
	rate := fs.Float64("rate", 0.4, "Adagrad learning rate")
	seed := fs.Uint64("seed", second.DefaultSeed, "`SEED` of the epoch shuffle, 1 or more (model.bin is trained with the default; other seeds are other draws of the same model, to measure the retraining noise)")
	checkRate := fs.Float64("check-rate", second.DefaultCheckRate, "largest share of ordinary validation messages raised to check")
	escRate := fs.Float64("esc-rate", second.DefaultEscalationRate, "largest share of ordinary validation messages escalated (and of non-emergencies raised to emergency)")
	ordEscRate := fs.Float64("ordinary-esc-rate", second.DefaultOrdinaryEscalationRate, "largest share of each -val-ordinary set escalated")
	minEsc := fs.Float64("min-escalation", second.DefaultMinEscalation, "lowest probability at which the model escalates on its own")
	probe := fs.String("probe", "", "print the probabilities and level `MODEL` gives each line of stdin, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *probe != "" {
		return probeModel(*probe, os.Stdin, os.Stdout)
	}
	if *out == "" || fs.NArg() == 0 {
		fs.Usage()
		return errors.New("want -o FILE and at least one DATA file")
	}
	if *seed == 0 {
		return errors.New("-seed 0: want 1 or more")
	}
	opts := second.TrainOptions{Bits: *bits, Epochs: *epochs, L2: *l2, Rate: *rate, Seed: *seed}
	targets := second.Targets{CheckRate: *checkRate, EscalationRate: *escRate, MinEscalation: *minEsc}

	var valSet []labelled
	if *val != "" {
		for _, p := range strings.Split(*val, ",") {
			ls, err := readFile(p)
			if err != nil {
				return err
			}
			valSet = append(valSet, ls...)
		}
	}
	inVal := make(map[string]bool, len(valSet))
	for _, l := range valSet {
		inVal[l.norm] = true
	}
	var data []labelled
	dropped := 0
	for _, p := range fs.Args() {
		ls, err := readFile(p)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if inVal[l.norm] {
				dropped++ // a validation message is never trained on
				continue
			}
			data = append(data, l)
		}
	}
	var always []labelled
	if *extra != "" {
		for _, p := range strings.Split(*extra, ",") {
			ls, err := readFile(p)
			if err != nil {
				return err
			}
			for _, l := range ls {
				if inVal[l.norm] {
					dropped++
					continue
				}
				always = append(always, l)
			}
		}
	}
	if *fold != "" {
		i, k, err := parseFold(*fold)
		if err != nil {
			return err
		}
		var train, held []labelled
		for _, l := range data {
			if foldOf(l.norm, k) == i {
				held = append(held, l)
			} else {
				train = append(train, l)
			}
		}
		data = train
		if *heldout != "" {
			if err := writeLines(*heldout, held); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(log, "train: %d examples (%s) and %d always trained on, %d dropped as validation lines\n", len(data), counts(data), len(always), dropped)

	// Thresholds: out-of-fold predictions over the data, and the
	// validation files predicted by the final model.
	var probs []second.Probs
	var classes []int
	var oofSet []labelled
	if *cv > 1 {
		for f := range *cv {
			var tr, te []labelled
			for _, l := range data {
				if foldOf(l.norm, *cv) == f {
					te = append(te, l)
				} else {
					tr = append(tr, l)
				}
			}
			m, err := second.Train(examples(append(tr, always...)), opts)
			if err != nil {
				return err
			}
			oofSet = append(oofSet, te...)
			for _, l := range te {
				probs = append(probs, m.PredictString(l.norm))
				classes = append(classes, l.cls)
			}
		}
	}
	m, err := second.Train(examples(append(data, always...)), opts)
	if err != nil {
		return err
	}
	for _, l := range valSet {
		probs = append(probs, m.PredictString(l.norm))
		classes = append(classes, l.cls)
	}
	th := second.ChooseThresholds(probs, classes, targets)
	var negSets [][]labelled
	if *valNeg != "" {
		for _, p := range strings.Split(*valNeg, ",") {
			ls, err := readFile(p)
			if err != nil {
				return err
			}
			negSets = append(negSets, ls)
			var np []second.Probs
			var nc []int
			for _, l := range ls {
				np = append(np, m.PredictString(l.norm))
				nc = append(nc, l.cls)
			}
			ord := targets
			ord.EscalationRate = *ordEscRate
			th = th.Max(second.ChooseThresholds(np, nc, ord))
			fmt.Fprintf(log, "train: %s: %d messages\n", p, len(ls))
		}
	}
	m = m.WithThresholds(th)
	fmt.Fprintf(log, "train: thresholds check %.4f, provider %.4f, emergency %.4f, chosen on %d predictions (%d out-of-fold, %d validation)\n",
		th.Check, th.Provider, th.Emergency, len(probs), len(probs)-len(valSet), len(valSet))
	report(log, "validation", m, valSet, probs[len(oofSet):])
	report(log, "out-of-fold", m, oofSet, probs[:len(oofSet)])
	for i, ls := range negSets {
		var np []second.Probs
		for _, l := range ls {
			np = append(np, m.PredictString(l.norm))
		}
		report(log, "ordinary set "+strconv.Itoa(i+1), m, ls, np)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(log, "train: wrote %s (%d bytes)\n", *out, len(b))
	return nil
}

// report prints what the model alone does on ls, given its predictions, at
// its thresholds.
func report(log io.Writer, name string, m *second.Model, ls []labelled, probs []second.Probs) {
	if len(ls) == 0 {
		return
	}
	var n, hit [second.NumClasses]int
	var checked, escalated, emergency int
	for i, l := range ls {
		lvl := m.Level(probs[i])
		n[l.cls]++
		switch {
		case l.cls == second.None && lvl.Escalates():
			escalated++
		case l.cls == second.None && lvl > 0:
			checked++
		case l.cls != second.None && lvl.Escalates():
			hit[l.cls]++
		}
		if l.cls == second.Emergency && lvl.String() == "emergency" {
			emergency++
		}
	}
	fmt.Fprintf(log, "train: %s, model alone: emergency %d/%d, provider-or-higher %d/%d, false escalation %d/%d, check on none %d/%d\n",
		name, emergency, n[second.Emergency], hit[second.Provider]+hit[second.Emergency], n[second.Provider]+n[second.Emergency],
		escalated, n[second.None], checked, n[second.None])
}

func examples(ls []labelled) []second.Example {
	out := make([]second.Example, len(ls))
	for i, l := range ls {
		out[i] = second.Example{Norm: l.norm, Class: l.cls}
	}
	return out
}

func counts(ls []labelled) string {
	var n [second.NumClasses]int
	for _, l := range ls {
		n[l.cls]++
	}
	parts := make([]string, len(n))
	for k, c := range n {
		parts[k] = fmt.Sprintf("%s %d", second.Classes[k], c)
	}
	return strings.Join(parts, ", ")
}

// foldOf assigns a normalised text to one of k folds, so that repeated
// texts share a fold.
func foldOf(norm string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(norm))
	return int(h.Sum32() % uint32(k))
}

func parseFold(s string) (i, k int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			k, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || k < 2 || i < 0 || i >= k {
		return 0, 0, fmt.Errorf("fold %q: want I/K with 0 <= I < K", s)
	}
	return i, k, nil
}

// readFile reads a labelled JSON Lines file.
func readFile(path string) ([]labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read data: %w", err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var r struct {
			Text       string `json:"text"`
			Escalation string `json:"escalation"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("read data %s:%d: %w", path, n, err)
		}
		cls := -1
		for k, c := range second.Classes {
			if r.Escalation == c {
				cls = k
			}
		}
		if cls < 0 {
			return nil, fmt.Errorf("read data %s:%d: escalation %q", path, n, r.Escalation)
		}
		out = append(out, labelled{raw: append([]byte(nil), line...), norm: intents.Normalize(r.Text), cls: cls})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read data %s: %w", path, err)
	}
	return out, nil
}

func writeLines(path string, ls []labelled) error {
	var b strings.Builder
	for _, l := range ls {
		b.Write(l.raw)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write held-out fold: %w", err)
	}
	return nil
}

// probeModel prints what the model file says of each line of in.
func probeModel(path string, in io.Reader, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	m, err := second.Load(data)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		p := m.PredictString(intents.Normalize(sc.Text()))
		fmt.Fprintf(out, "%-9s none %.3f provider %.3f emergency %.3f  %s\n", m.Level(p), p[0], p[1], p[2], sc.Text())
	}
	return sc.Err()
}
