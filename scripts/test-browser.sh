#!/usr/bin/env bash
# Browser tests of the playground: builds what is missing (wasm module, page), then runs
# tests/browser/*.test.mjs (Node's test runner; playwright-core drives Debian's Chromium
# on the built page, served by scripts/serve.mjs). Screenshots go to test-results/.
# Usage: scripts/test-browser.sh [--no-build] [node --test args...]
#   --no-build: test the dist/ that is there (npm test type-checks and builds the page in
#   stages of their own)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh browser npm
if [ "${1:-}" = --no-build ]; then
  shift
else
  if [ ! -f web/generated/gradscope.wasm ] || [ ! -f web/generated/gradscope.mjs ]; then
    bash scripts/build-wasm.sh
  fi
  echo "== type check of the page (tsc, JSDoc) =="
  npx tsc -p tsconfig.json
  echo "== page build (vite -> dist/) =="
  npx vite build --logLevel warn
fi
mkdir -p test-results
# Every tests/browser/*.test.mjs (the shell expands the glob; docs/toolchain.md), one file
# at a time: each starts its own Chromium, and a page's frame pacing is part of what the
# files check.
shopt -s nullglob
tests=(tests/browser/*.test.mjs)
[ ${#tests[@]} -gt 0 ] || { echo "test-browser: no tests/browser/*.test.mjs" >&2; exit 1; }
node --test --test-concurrency=1 "$@" "${tests[@]}"
