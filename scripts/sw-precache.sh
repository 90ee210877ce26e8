#!/usr/bin/env bash
# Step 2 of scripts/post-build.sh (trunk post_build): fills sw.js in the staging dir with this build's files
# and a version derived from them.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
# The manifest's screenshots are for the install sheet only: not precached on every phone.
files=$(find . -type f ! -name sw.js ! -path './screenshots/*' | sed 's|^\./|/|' | sort)
version=$(echo "$files" | sed 's|^/||' | xargs sha256sum | sha256sum | cut -c1-16)
list=$(echo "$files" | sed 's|/index.html$|/|' | sed 's|.*|"&"|' | paste -sd, -)
sed -i "s|__BUILD_VERSION__|$version|; s|\"__PRECACHE__\"|$list|" sw.js
