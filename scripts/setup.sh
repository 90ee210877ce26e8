#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian machine of this kind, and says what it installs.
# Versions are pinned on purpose: see ../docs/DECISIONS.md and the toolchain notes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { echo "setup: $*"; }
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi
if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "installing trunk 0.21.14 (about 7 minutes, once)"; cargo install trunk --version 0.21.14 --locked
fi
bindgen=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p' | head -1)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen"; then
  # --locked fails for this crate (its lockfile pins a yanked version); without it the install works.
  say "installing wasm-bindgen-cli $bindgen (the Cargo.lock version)"; cargo install wasm-bindgen-cli --version "$bindgen"
fi
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
  || [ ! -d node_modules/lighthouse ] || [ ! -d node_modules/terser ]; then
  say "installing npm packages (binaryen's wasm-opt, playwright-core, axe-core, lighthouse, terser)"; npm install --no-audit --no-fund --loglevel=error
fi
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3 python3-venv)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian ${missing[*]} (the API contract check runs in a Python venv and waits with curl; the printed reports are read back with pdftotext)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if ! .venv/bin/schemathesis --version 2>/dev/null | grep -q '4.32.5'; then
  say "installing schemathesis 4.32.5 from PyPI into .venv (the API contract check, once)"
  python3 -m venv .venv && .venv/bin/pip install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
if ! .venv/bin/python -c 'import moto, flask; assert moto.__version__ == "5.2.5"' 2>/dev/null; then
  say "installing moto 5.2.5 (server mode) from PyPI into .venv (a real S3-protocol server for the attachment tests, once)"
  python3 -m venv .venv && .venv/bin/pip install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
fi
