#!/usr/bin/env bash
# Leave-one-batch-out: for each BATCH, trains a model as retrain.sh does on
# every TRAIN file but that batch, then scores the batch with the rules
# alone, the rules and that model, and the rules and the shipped model
# (intents/second/model.bin), one table row per batch. The middle column is
# the honest figure of what the model adds on a batch it never saw.
#
# Usage: intents/second/lobo.sh [-n ORDINARY.jsonl]... -b BATCH.jsonl... -- TRAIN.jsonl...
# For example:
#   intents/second/lobo.sh -n eval/external/clinc150.jsonl \
#     -b eval/train/s12.jsonl -b eval/train/s13.jsonl -- eval/train/*.jsonl
set -euo pipefail
negs=()
batches=()
while getopts n:b: opt; do
  case $opt in
    n) negs+=("$(realpath "$OPTARG")") ;;
    b) batches+=("$(realpath "$OPTARG")") ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] && [ ${#batches[@]} -gt 0 ] || { echo "usage: $0 [-n ORDINARY.jsonl]... -b BATCH.jsonl... -- TRAIN.jsonl..." >&2; exit 2; }
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$(dirname "$0")/../.."
# shellcheck source=intents/second/common.sh
. intents/second/common.sh
echo "| batch | n | emergency recall | provider-or-higher recall | false escalation | check rate on none | caught or checked |"
echo "|---|---|---|---|---|---|---|"
echo "| (rules → rules + model without the batch → rules + shipped model) | | | | | | |"
for b in "${batches[@]}"; do
  rest=()
  for f in "${files[@]}"; do [ "$f" = "$b" ] || rest+=("$f"); done
  "$tmp/train" -o "$tmp/m.bin" -extra "$dev,$synth" -val "$holdout" ${ordinary:+-val-ordinary "$ordinary"} \
    ${TRAIN_FLAGS:-} "${rest[@]}" 2>"$tmp/train.log"
  texts "$b" >"$tmp/b.txt"
  "$tmp/carebot" match --second-opinion off <"$tmp/b.txt" >"$tmp/b.off"
  "$tmp/carebot" match --second-opinion "$tmp/m.bin" <"$tmp/b.txt" >"$tmp/b.lobo"
  "$tmp/carebot" match --second-opinion on <"$tmp/b.txt" >"$tmp/b.on"
  python3 - "$(basename "$b" .jsonl)" "$b" "$tmp/b.off" "$tmp/b.lobo" "$tmp/b.on" "$score" <<'PY'
import json, subprocess, sys
name, labels, off, lobo, on, score = sys.argv[1:]
def s(p):
    return json.loads(subprocess.run([sys.executable, score, labels, p, "--json"], capture_output=True, check=True, text=True).stdout)
def f(x):
    return "n/a" if x is None else f"{x:.3f}"
a, b, c = s(off), s(lobo), s(on)
keys = ["emergency_recall", "provider_or_higher_recall", "false_escalation_rate", "check_rate_on_none", "caught_or_checked"]
print(f"| {name} | {a['n']} | " + " | ".join(f"{f(a[k])} → {f(b[k])} → {f(c[k])}" for k in keys) + " |")
PY
done
