#!/usr/bin/env bash
# Sets up what is missing, builds everything, and starts the server with the demo campaign on ./data/.
# Extra arguments go to the server, e.g. --addr 127.0.0.1:9000 (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec target/server/shopper-server --demo "$@"
