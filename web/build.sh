#!/bin/sh
# Rebuilds the editor bundle that `mvplan serve` embeds (include_bytes!).
# Needs node and npm; the versions are pinned in package.json and
# package-lock.json, so the bundle is the same wherever it is built.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node_modules/.bin/esbuild src/editor.js --bundle --minify --format=iife \
  --target=es2020 --legal-comments=eof --outfile=../src/serve/assets/editor.js
