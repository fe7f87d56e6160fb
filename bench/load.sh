#!/usr/bin/env bash
# Load test of the Telegram webhook path (bench/load): builds carebot and the
# driver, prints the machine, then runs
#   1. the built `carebot serve` as a child process, with Telegram's default
#      sending limits (30 messages a second overall), and
#   2. the same binary with a config file that lifts Telegram's sending and
#      flood limits (what the code can do).
# Extra arguments go to both runs (e.g. -chats 1000 -concurrency 64
# -duration 30s, the defaults). Exits non-zero when a message was lost or
# answered twice.
#   bench/load.sh
#   bench/load.sh -duration 10s -chats 200
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -trimpath -o "$tmp/carebot" ./cmd/carebot
go build -trimpath -o "$tmp/load" ./bench/load
echo "machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(go version | cut -d' ' -f3-); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
status=0
echo
echo "== carebot serve, default Telegram limits"
"$tmp/load" -bin "$tmp/carebot" "$@" || status=1
echo
echo "== carebot serve, limits off (a config file with telegram.send and telegram.flood at .inf)"
"$tmp/load" -bin "$tmp/carebot" -limits off "$@" || status=1
exit $status
