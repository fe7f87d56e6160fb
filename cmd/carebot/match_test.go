package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/carebot/carebot/intents"
	"github.com/carebot/carebot/knowledge"
)

// TestMatchLinesBatches checks that lines matched as views of reused batch
// buffers, many batches deep, get what each gets matched alone.
func TestMatchLinesBatches(t *testing.T) {
	t.Parallel()
	kb, err := knowledge.Load(knowledge.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	m, err := intents.New(kb)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"how do I do a bridge", "", "chest pain and my wrist hurts",
		"me duele la espalda cuando cargo al bebé", "/start", "\xff\xfe not utf-8",
		"my baby has a fever of 101", "thanks!", strings.Repeat("ok ", 40),
		"no puedo dormir y estoy muy triste", "what stretches help my knees",
	}
	var in strings.Builder
	var want []byte
	for i := range 5000 {
		// vary the lines so that a reused buffer holds other bytes
		line := fmt.Sprintf("%s %d", texts[i%len(texts)], i%7)
		if i%13 == 0 {
			line = texts[i%len(texts)]
		}
		in.WriteString(line + "\n")
		res, _ := safeMatch(m, string(bytes.ToValidUTF8([]byte(line), []byte("\uFFFD"))))
		want = appendResult(want, res)
	}
	var out bytes.Buffer
	if err := matchLines(context.Background(), m, strings.NewReader(in.String()), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		got, exp := strings.Split(out.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(got), len(exp)) {
			if got[i] != exp[i] {
				t.Fatalf("line %d: got %s, want %s", i+1, got[i], exp[i])
			}
		}
		t.Fatalf("%d output lines, want %d", len(got), len(exp))
	}
}
