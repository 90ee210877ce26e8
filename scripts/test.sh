#!/usr/bin/env bash
# Every test: unit and server integration tests (cargo), then the real-browser end-to-end tests against the
# server the run command starts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
cargo test --workspace --exclude shopper
scripts/build.sh
node --test tests/e2e/
