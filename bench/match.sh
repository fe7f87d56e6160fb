#!/usr/bin/env bash
# Times `carebot match` as a whole process on N messages (default 100,000)
# cycled from the labelled sets, and reports messages per second and peak
# memory. Usage: bench/match.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -trimpath -o "$tmp/carebot" ./cmd/carebot
python3 - "$n" intents/testdata/eval/dev.jsonl intents/testdata/holdout.jsonl >"$tmp/in.txt" <<'PY'
import json, sys
n = int(sys.argv[1])
texts = [json.loads(l)["text"].replace("\n", " ") for f in sys.argv[2:] for l in open(f, encoding="utf-8") if l.strip()]
for i in range(n):
    print(texts[i % len(texts)])
PY
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(go version | cut -d' ' -f3)"
best=""
for run in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$tmp/carebot" match <"$tmp/in.txt" >"$tmp/out.jsonl"
  read -r secs kib <"$tmp/time"
  lines=$(wc -l <"$tmp/out.jsonl")
  [ "$lines" -eq "$n" ] || { echo "expected $n output lines, got $lines" >&2; exit 1; }
  echo "run $run: $n messages in ${secs}s: $(python3 -c "print(round($n/max($secs,0.001)))") messages/s, peak RSS $((kib / 1024)) MiB"
done
