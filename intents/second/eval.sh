#!/usr/bin/env bash
# Measures what the learned second opinion adds over the rules alone, with
# `carebot match` and eval/score.py, and prints one table row per set:
#
#   - holdout: intents/testdata/holdout.jsonl, rules vs rules + the model
#     in intents/second/model.bin (holdout is validation, never trained on);
#   - k-fold: the labelled TRAIN files split in K folds by a hash of the
#     text; each fold is scored with a model trained as retrain.sh does on
#     the other folds plus the dev set and the synthetic negatives
#     (thresholds chosen on holdout, the NEG files and that model's own
#     out-of-fold predictions), so no message is scored by a model that saw
#     it; $TRAIN_FLAGS are passed to the training command;
#   - each NEG file (labelled ordinary messages, all "none"): rules vs
#     rules + model.bin.
#
# Usage: intents/second/eval.sh [-k K] [-n NEG.jsonl]... TRAIN.jsonl...
set -euo pipefail
cd "$(dirname "$0")/../.."
k=5
negs=()
while getopts k:n: opt; do
  case $opt in
    k) k=$OPTARG ;;
    n) negs+=("$OPTARG") ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-k K] [-n NEG.jsonl]... TRAIN.jsonl..." >&2; exit 2; }
# shellcheck source=intents/second/common.sh
. intents/second/common.sh
row() { # name labels rules-predictions model-predictions
  python3 - "$@" "$score" <<'PY'
import json, subprocess, sys
name, labels, off, on, score = sys.argv[1:]
def s(p):
    return json.loads(subprocess.run([sys.executable, score, labels, p, "--json"], capture_output=True, check=True, text=True).stdout)
def f(x):
    return "n/a" if x is None else f"{x:.3f}"
a, b = s(off), s(on)
keys = ["emergency_recall", "provider_or_higher_recall", "false_escalation_rate", "check_rate_on_none", "caught_or_checked"]
print(f"| {name} | {a['n']} | " + " | ".join(f"{f(a[k])} → {f(b[k])}" for k in keys) + " |")
PY
}

echo "| set | n | emergency recall | provider-or-higher recall | false escalation | check rate on none | caught or checked |"
echo "|---|---|---|---|---|---|---|"
texts "$holdout" >"$tmp/h.txt"
"$tmp/carebot" match --second-opinion off <"$tmp/h.txt" >"$tmp/h.off"
"$tmp/carebot" match --second-opinion on <"$tmp/h.txt" >"$tmp/h.on"
row "holdout (rules → rules + model)" "$holdout" "$tmp/h.off" "$tmp/h.on"

: >"$tmp/cv.jsonl"; : >"$tmp/cv.off"; : >"$tmp/cv.on"
for ((i = 0; i < k; i++)); do
  "$tmp/train" -fold "$i/$k" -heldout "$tmp/f$i.jsonl" -extra "$dev,$synth" -val "$holdout" ${ordinary:+-val-ordinary "$ordinary"} \
    ${TRAIN_FLAGS:-} -o "$tmp/m$i.bin" "$@" 2>"$tmp/train$i.log"
  texts "$tmp/f$i.jsonl" >"$tmp/f$i.txt"
  "$tmp/carebot" match --second-opinion off <"$tmp/f$i.txt" >>"$tmp/cv.off"
  "$tmp/carebot" match --second-opinion "$tmp/m$i.bin" <"$tmp/f$i.txt" >>"$tmp/cv.on"
  cat "$tmp/f$i.jsonl" >>"$tmp/cv.jsonl"
done
row "$k-fold over $(basename -a "$@" | paste -sd+ -)" "$tmp/cv.jsonl" "$tmp/cv.off" "$tmp/cv.on"

for neg in "${negs[@]}"; do
  texts "$neg" >"$tmp/n.txt"
  "$tmp/carebot" match --second-opinion off <"$tmp/n.txt" >"$tmp/n.off"
  "$tmp/carebot" match --second-opinion on <"$tmp/n.txt" >"$tmp/n.on"
  row "$(basename "$neg")" "$neg" "$tmp/n.off" "$tmp/n.on"
done
