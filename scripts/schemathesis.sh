#!/usr/bin/env bash
# The external contract check: schemathesis (PyPI, in .venv, installed by scripts/setup.sh) generates requests
# from the server's own OpenAPI document (/api/v1/openapi.json) and sends them to the real server binary on
# 127.0.0.1, started on a throwaway SQLite file with the demo data. Three passes, one per caller: anonymous,
# a signed-in shopper (device token) and an admin (the API token). Checks: no 5xx, and every status, content
# type and body matching the document. Bounded: a few examples per operation and a wall-clock limit per pass.
# SHOPPER_SERVER_BIN picks the binary (default: the release build scripts/build.sh makes);
# SCHEMATHESIS_EXAMPLES the examples per operation (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
server_bin=${SHOPPER_SERVER_BIN:-target/server/shopper-server}
examples=${SCHEMATHESIS_EXAMPLES:-15}
st=.venv/bin/schemathesis
[ -x "$st" ] || { echo "schemathesis: $st is missing; run scripts/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir "$work/dist"
echo '<!doctype html><title>Shopper</title>' >"$work/dist/index.html"
"$server_bin" --demo --demo-waves false --addr "127.0.0.1:$port" --database-url "sqlite://$work/shopper.sqlite" \
  --static-dir "$work/dist" --organizer-token "$token" --sign-ins-per-minute 100000 >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fsS "$base/api/v1/openapi.json" -o /dev/null 2>/dev/null && break; sleep 0.1; done
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
status=0
pass() {
  local who=$1; shift
  echo "schemathesis: as $who, $examples examples per operation"
  (cd "$work" && timeout 50 "$OLDPWD/$st" run "$base/api/v1/openapi.json" --url "$base" --checks "$checks" --max-examples "$examples" \
    --request-timeout 10 --seed 14 --suppress-health-check all --no-color "$@") || status=1
}
# Admin and shopper first: the anonymous pass sends wrong tokens, and ten of them from one address close that
# address to tokens for a minute (the limit works; it would leave the other passes only 429s to look at).
pass admin -H "Authorization: Bearer $token" --include-tag organizer
# A device token for the demo shopper, made after the admin pass (which may revoke or deactivate the shopper):
# the shopper made active again, an invite made with the API token, then the sign-in a phone makes.
curl -fsS -X POST -H "Authorization: Bearer $token" "$base/api/v1/organizer/shoppers/demo-shopper/reactivate" \
  -o /dev/null || true
link=$(curl -fsS -X POST -H "Authorization: Bearer $token" "$base/api/v1/organizer/shoppers/demo-shopper/invites" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["link"])')
device=$(curl -fsS -X POST -H 'content-type: application/json' -d "{\"invite_code\": \"${link##*code=}\"}" \
  "$base/api/v1/sign-in" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
pass shopper -H "Authorization: Bearer $device" --include-tag shopper
pass anonymous
[ "$status" = 0 ] || { echo "schemathesis: failures (server log: below)"; tail -20 "$work/server.log"; }
exit "$status"
