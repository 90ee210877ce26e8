#!/usr/bin/env bash
# Builds the PWA (release, into dist/) and the server (target/server/shopper-server).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
cargo build --profile server -p shopper-server
