#!/usr/bin/env bash
# Checks that `carebot match` writes byte-identical output before and after
# a change: builds BASE (a commit, default the merge base with main) and the
# work tree, runs both over every text of the labelled and external sets
# (eval/train/*.jsonl, the dev set, intents/testdata/*.jsonl,
# eval/external/clinc150.jsonl) and diffs the output.
#
#   scripts/same-output.sh [BASE]
#
# Speed work must keep this silent; exit status 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(git merge-base HEAD main)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/base"
git archive "$base" | tar -x -C "$tmp/base"
(cd "$tmp/base" && go build -trimpath -o "$tmp/carebot.base" ./cmd/carebot)
go build -trimpath -o "$tmp/carebot.new" ./cmd/carebot

dev=intents/testdata/eval/dev.jsonl
[ -f ../shared/eval/dev.jsonl ] && dev="$dev ../shared/eval/dev.jsonl"
# shellcheck disable=SC2086
python3 - eval/train/*.jsonl $dev intents/testdata/*.jsonl eval/external/clinc150.jsonl >"$tmp/in.txt" <<'PY'
import json, sys
for f in sys.argv[1:]:
    for l in open(f, encoding="utf-8"):
        if l.strip():
            print(json.loads(l)["text"].replace("\r", " ").replace("\n", " "))
PY
n=$(wc -l <"$tmp/in.txt")
for v in base new; do
	for so in on off; do
		"$tmp/carebot.$v" match --second-opinion "$so" <"$tmp/in.txt" >"$tmp/out.$v.$so"
	done
done
status=0
for so in on off; do
	if ! cmp -s "$tmp/out.base.$so" "$tmp/out.new.$so"; then
		echo "DIFFERENT with --second-opinion $so (base $base):" >&2
		diff <(paste -d'\t' "$tmp/in.txt" "$tmp/out.base.$so") <(paste -d'\t' "$tmp/in.txt" "$tmp/out.new.$so") | head -20 >&2
		status=1
	fi
done
[ "$status" -eq 0 ] && echo "same output on $n texts, second opinion on and off (base $(git rev-parse --short "$base"), sha256 $(sha256sum <"$tmp/out.new.on" | cut -c1-12))"
exit "$status"
