#!/usr/bin/env bash
# Browser tests of the playground: builds what is missing (wasm module, page), then runs
# tests/browser/*.test.mjs (Node's test runner; playwright-core drives Debian's Chromium
# on the built page, served by scripts/serve.mjs). Screenshots go to test-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh browser npm
if [ ! -f web/generated/gradscope.wasm ] || [ ! -f web/generated/gradscope.mjs ]; then
  bash scripts/build-wasm.sh
fi
echo "== type check of the page (tsc, JSDoc) =="
npx tsc -p tsconfig.json
echo "== page build (vite -> dist/) =="
npx vite build --logLevel warn
mkdir -p test-results
echo "== browser tests =="
node --test --test-concurrency=1 tests/browser/*.test.mjs
