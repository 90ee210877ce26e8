#!/usr/bin/env bash
# Every test: unit and server integration tests (cargo) on SQLite, the server integration tests again on a
# throwaway local PostgreSQL (scripts/postgres.sh installs and starts it), then the real-browser end-to-end
# tests against the server the run command starts, and schemathesis against the real server binary's
# OpenAPI document (scripts/schemathesis.sh). The attachment tests run on the disk and on a real S3-protocol
# server (moto, scripts/s3.sh), started here and stopped on exit like PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
s3_url=$(scripts/s3.sh)
trap 'scripts/s3.sh stop "$s3_url"' EXIT
export SHOPPER_TEST_S3_URL="$s3_url"
# crates/wasm-split (the build's splitter) has no tests of its own: the build and the e2e tests run it.
cargo test --workspace --exclude shopper --exclude shopper-wasm-split
postgres_url=$(scripts/postgres.sh)
trap 'scripts/postgres.sh stop; scripts/s3.sh stop "$s3_url"' EXIT
echo "test: the server's integration tests again, on PostgreSQL ($postgres_url)"
# The same selection of packages as above, so nothing is compiled again (only the server tests use the URL).
SHOPPER_TEST_DATABASE_URL="$postgres_url" cargo test --workspace --exclude shopper --exclude shopper-wasm-split --tests
scripts/build.sh
scripts/schemathesis.sh
node --test tests/e2e/
