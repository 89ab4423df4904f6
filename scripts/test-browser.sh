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
# Every tests/browser/*.test.mjs (the shell expands the glob; docs/toolchain.md), up to
# BROWSER_JOBS files at a time (default: cores + 1), each with its own Chromium and its own
# static servers (ports chosen by the system). The files spend most of their time waiting
# for conditions (a network trained so far, a 20 s idle...), with time limits far above
# what they take on a loaded machine, and none checks a speed (that is `npm run bench`):
# side by side they take about a third of the time of one after the other. The longest
# files start first (the others fill in beside them); a file not named here runs after them.
shopt -s nullglob
tests=(tests/browser/*.test.mjs)
[ ${#tests[@]} -gt 0 ] || { echo "test-browser: no tests/browser/*.test.mjs" >&2; exit 1; }
first=(security a11y robustness idle page compare embed remedies words package docs-site firstsecond)
ordered=()
for f in "${first[@]}"; do [ -f "tests/browser/$f.test.mjs" ] && ordered+=("tests/browser/$f.test.mjs"); done
for f in "${tests[@]}"; do [[ " ${ordered[*]} " == *" $f "* ]] || ordered+=("$f"); done
node --test --test-concurrency="${BROWSER_JOBS:-$(( $(nproc) + 1 ))}" "$@" "${ordered[@]}"
