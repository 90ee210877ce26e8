#!/usr/bin/env bash
# Benchmarks (not part of the test command). `scripts/bench.sh server` or `scripts/bench.sh pwa` runs one of them.
# Server: builds the release server code and measures ingestion (on SQLite, and on a throwaway local PostgreSQL
# started by scripts/postgres.sh), the raw SQLite limit, assignment download and results over 10,000
# evaluations, and a season against the real server binary (its log and memory); writes docs/PERFORMANCE.md.
# `target/server/shopper-bench season` runs the season alone.
# PWA: builds the PWA and the server (scripts/build.sh), then measures Lighthouse scores, the autosave cost per
# keystroke, the offline start and 200 evaluations on the device in Debian chromium (scripts/bench-pwa.mjs); writes
# docs/PERFORMANCE-PWA.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
which="${1:-all}"
case "$which" in all | server | pwa) ;; *) echo "usage: $0 [server|pwa]" >&2; exit 2 ;; esac
if [ "$which" != pwa ]; then
  cargo build --profile server -p shopper-bench -p shopper-server
  BENCH_POSTGRES_URL=$(PGPORT=54330 scripts/postgres.sh)
  export BENCH_POSTGRES_URL
  trap 'PGPORT=54330 scripts/postgres.sh stop' EXIT
  target/server/shopper-bench
fi
if [ "$which" != server ]; then
  scripts/setup.sh
  scripts/build.sh
  node scripts/bench-pwa.mjs
fi
