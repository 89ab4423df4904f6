#!/usr/bin/env bash
# npm test: every test suite of the project, on a fresh Debian 12 machine too.
# Installs what is missing (Debian packages as root, npm packages from the lock file),
# builds the native core and the WASM module, then runs:
#   1. native doctest suites (ctest)            tests/native/
#      and the same under ASan + UBSan          (scripts/test-sanitize.sh)
#   2. SIMD kernels vs scalar twins in WASM      tests/wasm/
#   3. the WASM module under Node (node --test)  tests/js/
#   4. the page in headless Chromium            tests/browser/
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh native wasm browser npm

echo "== 1. native build and doctest suites (ctest) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "== 1b. native suites under AddressSanitizer + UndefinedBehaviorSanitizer =="
bash scripts/test-sanitize.sh

echo "== 2. SIMD kernels against their scalar twins, inside WebAssembly =="
bash scripts/test-wasm-kernels.sh

echo "== 3. WASM module under Node =="
bash scripts/build-wasm.sh
if [ -f scripts/test-js.sh ]; then bash scripts/test-js.sh; fi

echo "== 4. browser tests (headless Chromium) =="
if [ -f scripts/test-browser.sh ]; then bash scripts/test-browser.sh; fi

echo "== all suites passed in $(( $(date +%s) - start )) s =="
