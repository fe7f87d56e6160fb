#!/usr/bin/env bash
# Times NLP.js (node-nlp, the reference in ../shared/bench/nlpjs) and
# `carebot match` on the same machine, in the same run, on the same number
# of messages from the dev set.
#
#   bench/compare-nlpjs.sh [NLPJS_DIR] [PASSES]
#
# NLPJS_DIR defaults to ../shared/bench/nlpjs (its package.json pins
# node-nlp 4.27.0; npm installs it into a temporary copy). PASSES (default
# 300) is how many times each classifies the 333 dev messages: 99,900.
set -euo pipefail
cd "$(dirname "$0")/.."
nlpjs=$(cd "${1:-../shared/bench/nlpjs}" && pwd)
passes=${2:-300}
dev=intents/testdata/eval/dev.jsonl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(go version | cut -d' ' -f3); node $(node --version)"

# throughput.js trains on ../../eval/dev.jsonl from where it lies: lay the
# copy out the same way.
mkdir -p "$tmp/bench/nlpjs" "$tmp/eval"
cp "$dev" "$tmp/eval/dev.jsonl"
cp "$nlpjs/package.json" "$nlpjs/package-lock.json" "$nlpjs/throughput.js" "$tmp/bench/nlpjs/"
(cd "$tmp/bench/nlpjs" && npm install --no-audit --no-fund --silent >/dev/null)
echo "== NLP.js, trained on the dev set, $passes passes over it"
node "$tmp/bench/nlpjs/throughput.js" --passes "$passes" | sed 's/^/  /'

echo "== carebot match, the same messages as one process"
n=$((passes * $(grep -c . "$dev")))
go build -trimpath -o "$tmp/carebot" ./cmd/carebot
python3 - "$dev" "$passes" >"$tmp/in.txt" <<'PY'
import json, sys
texts = [json.loads(l)["text"].replace("\n", " ") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for _ in range(int(sys.argv[2])):
    for t in texts:
        print(t)
PY
for run in 1 2 3; do
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$tmp/carebot" match <"$tmp/in.txt" >"$tmp/out.jsonl"
	read -r secs kib <"$tmp/time"
	echo "  run $run: $n messages in ${secs}s: $(python3 -c "print(round($n/max($secs,0.001)))") messages/s (start-up and knowledge-base build included), peak RSS $((kib / 1024)) MiB"
done
