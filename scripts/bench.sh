#!/usr/bin/env bash
# Benchmarks (not part of the test command): builds the release server code and measures ingestion (on SQLite,
# and on a throwaway local PostgreSQL started by scripts/postgres.sh), the raw SQLite limit, assignment download
# and results over 10,000 evaluations; writes docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --profile server -p shopper-bench
BENCH_POSTGRES_URL=$(PGPORT=54330 scripts/postgres.sh)
export BENCH_POSTGRES_URL
trap 'PGPORT=54330 scripts/postgres.sh stop' EXIT
target/server/shopper-bench
