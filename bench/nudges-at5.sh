#!/usr/bin/env bash
# bench/nudges-at5.sh: issue 11's measured case "nudges against a platform
# allowing 5/s fail none". TestTelegramAdapterAt5PerSecond with 200 nudges
# (the suite runs it with 30): the real Telegram adapter as the scheduler's
# Sender, the fake Bot API (telegramtest, 127.0.0.1) answering 429 past 5
# sendMessage a second, the scheduler's limiter at Telegram's usual 30. On
# SQLite, and on PostgreSQL when CAREBOT_TEST_DATABASE_URL is set
# (eval "$(scripts/pg env)"). At 5 a second 200 nudges take at least 40 s.
#
#   bench/nudges-at5.sh [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-200}"
go test -count=1 -run '^TestTelegramAdapterAt5PerSecond$' -v -timeout 20m ./bot/nudge/ -args -at5.people "$people" |
	grep -E 'nudges delivered|^(--- |ok|FAIL|PASS)'
