#!/usr/bin/env bash
# trunk post_build hook, in order:
# 1. move trunk's inline start-up script into its own file (the CSP allows no inline script);
# 2. write this build's file list and version into sw.js (its precache), now that every file exists;
# 3. write brotli and gzip copies of every file, which the server sends as they are.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run by trunk}"
node scripts/externalize-loader.mjs
bash scripts/sw-precache.sh
node scripts/precompress.mjs
