#!/usr/bin/env bash
# Benchmarks (not part of the test command): builds the release server code and measures ingestion, the raw
# SQLite limit, assignment download and results over 10,000 evaluations; writes docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --profile server -p shopper-bench
target/server/shopper-bench
