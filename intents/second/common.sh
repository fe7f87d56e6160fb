# Sourced by eval.sh and lobo.sh from the repository's root, with negs
# (the ORDINARY files) set: the sets they score and train with, a temporary
# directory removed on exit with carebot and the training command built in
# it, and texts, which prints the texts of a JSON Lines file one a line.
dev=intents/testdata/eval/dev.jsonl
holdout=intents/testdata/holdout.jsonl
score=intents/testdata/eval/score.py
synth=intents/second/testdata/synthetic-negatives.jsonl
ordinary=$(IFS=,; echo "${negs[*]}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/carebot" ./cmd/carebot
go build -o "$tmp/train" ./intents/second/train

texts() { python3 -c 'import json,sys;[print(json.loads(l)["text"].replace("\n"," ")) for l in open(sys.argv[1]) if l.strip()]' "$1"; }
