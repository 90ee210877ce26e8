#!/usr/bin/env bash
# trunk post_build hook, in order:
# 1. build the wasm, split into the main module and the chunks loaded on demand, with its JS glue and the
#    start-up script (a file of its own: the CSP allows no inline script), and link them from index.html;
# 2. minify the modules loaded only when used, name them by content hash, and write those names into the glue;
# 3. minify wasm-bindgen's JS glue and the app's own JS glue (trunk copies them as they are);
# 4. write this build's file list and version into sw.js (its precache), now that every file exists;
# 5. write brotli and gzip copies of every file, which the server sends as they are.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run by trunk}"
node scripts/wasm-build.mjs
node scripts/lazy-modules.mjs
node scripts/minify-js.mjs
bash scripts/sw-precache.sh
node scripts/precompress.mjs
