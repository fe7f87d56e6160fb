#!/usr/bin/env bash
# Retrains the embedded model (intents/second/model.bin) the way it was made:
# on the labelled TRAIN files, the dev set and the synthetic negatives;
# thresholds chosen on intents/testdata/holdout.jsonl (never trained on),
# the ORDINARY files (labelled ordinary messages, never trained on) and the
# out-of-fold predictions over TRAIN; at most 1.5% of the ordinary ones asked
# the safety question (the command's defaults, which are package second's
# Default* constants: -check-rate 0.015, -esc-rate 0.01, -ordinary-esc-rate
# 0.005, -min-escalation 0.75). Extra flags for the training command go in
# $TRAIN_FLAGS.
#
# Usage: intents/second/retrain.sh [-n ORDINARY.jsonl]... TRAIN.jsonl...
# For example: intents/second/retrain.sh -n eval/external/clinc150.jsonl eval/train/w*.jsonl
set -euo pipefail
negs=()
while getopts n: opt; do
  case $opt in
    n) negs+=("$(realpath "$OPTARG")") ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-n ORDINARY.jsonl]... TRAIN.jsonl..." >&2; exit 2; }
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$(dirname "$0")/../.."
ordinary=$(IFS=,; echo "${negs[*]}")
go run ./intents/second/train -o intents/second/model.bin \
  -extra intents/testdata/eval/dev.jsonl,intents/second/testdata/synthetic-negatives.jsonl \
  -val intents/testdata/holdout.jsonl ${ordinary:+-val-ordinary "$ordinary"} ${TRAIN_FLAGS:-} "${files[@]}"
