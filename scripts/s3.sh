#!/usr/bin/env bash
# A throwaway S3-protocol server for the attachment tests: moto's server mode (PyPI, in .venv, installed by
# scripts/setup.sh) on 127.0.0.1 on a free port (or $S3PORT), with one bucket, `shopper-test`. Prints the bucket's
# URL (http://127.0.0.1:PORT/shopper-test), which the tests read from SHOPPER_TEST_S3_URL.
# `scripts/s3.sh stop URL` stops the one at that URL again. Nothing is kept: moto holds everything in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
pidfile() { echo "${TMPDIR:-/tmp}/shopper-test-s3-$1.pid"; }
if [ "${1:-start}" = "stop" ]; then
  port=${2:?usage: $0 stop URL}; port=${port#http://127.0.0.1:}; port=${port%%/*}
  file=$(pidfile "$port")
  [ -f "$file" ] && kill "$(cat "$file")" 2>/dev/null || true
  rm -f "$file"
  exit 0
fi
[ -x .venv/bin/moto_server ] || { echo "s3: .venv/bin/moto_server is missing; run scripts/setup.sh" >&2; exit 1; }
port=${S3PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
.venv/bin/moto_server -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/shopper-test-s3-$port.log" 2>&1 &
echo $! >"$(pidfile "$port")"
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/" -o /dev/null 2>/dev/null && break; sleep 0.1; done
curl -fsS -X PUT "http://127.0.0.1:$port/shopper-test" -o /dev/null
echo "http://127.0.0.1:$port/shopper-test"
