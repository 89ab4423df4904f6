#!/usr/bin/env bash
# npm test: every test suite of the project, on a fresh Debian 12 machine too.
# Installs what is missing (Debian packages as root, npm packages from the lock file),
# builds what each suite needs, and runs, side by side where they do not depend on each
# other (stages below; scripts/run-stages.sh runs them):
#   native     native doctest suites (ctest)                      tests/native/
#   sanitize   the same suites under ASan + LSan + UBSan          (cmake/tests.cmake)
#   kernels    SIMD kernels vs scalar twins inside WebAssembly    tests/wasm/
#   js         the WASM module under Node (node --test)           tests/js/
#   types      tsc (checkJs) on the page's JSDoc types
#   browser    the built page in headless Chromium                tests/browser/*.test.mjs
# Each stage's output is printed in one block when it ends; a failed stage fails npm test
# (its dependants are skipped, the others still run); a table of each stage's wall and CPU
# time ends the run. TEST_JOBS=N: at most N stages at a time (default: no limit).
#
# The order, for a fresh machine with 2 cores:
# - Debian packages in four installs, one after the other (one dpkg at a time), each as early
#   as its first user: native (cmake, g++: the native builds), wasm (emscripten: the module
#   the page needs), browser (chromium), torch (the largest, only for the js stage).
# - What the browser tests need, the page (WASM module, vite) and the CLI (the export test
#   compares with it), is built at normal priority: the browser tests, the longest stage,
#   start as soon as it is there. Their files run side by side (scripts/test-browser.sh);
#   their waits are condition waits with generous time limits.
# - The compilers of the native tests (plain and sanitized, one build: the sanitized core
#   compiles beside the test objects instead of after them) and of the kernel test run
#   under `nice`: they take the CPU that the browser and the other test stages leave, and
#   never starve Chromium; by the time the browser tests end they are done.
# - The Node tests run after the browser tests (~browser: whatever their result), beside
#   the niced compilers only: tests/js/idle.test.mjs gives the worker 300 ms to answer, which
#   three Chromiums training networks beside it can stretch past.
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
low="nice -n 10"
S=scripts/run-stages.sh
# name | depends on | command
exec bash "$S" \
  "deps-native  |                                          | bash scripts/ensure-deps.sh native" \
  "deps-npm     |                                          | bash scripts/ensure-deps.sh npm" \
  "deps-wasm    | deps-native                              | bash scripts/ensure-deps.sh wasm" \
  "deps-browser | deps-wasm                                | bash scripts/ensure-deps.sh browser" \
  "deps-torch   | deps-browser                             | bash scripts/ensure-deps.sh torch" \
  "build-wasm   | deps-wasm deps-native                    | bash scripts/build-wasm.sh" \
  "build-cli    | deps-native                              | bash scripts/configure-native.sh && cmake --build build -j$cores --target gradscope" \
  "build-page   | build-wasm deps-npm                      | npx vite build --logLevel warn" \
  "browser      | build-page deps-browser build-cli        | bash scripts/test-browser.sh --no-build" \
  "build-tests  | build-cli                                | $low cmake --build build -j$cores --target gradscope_tests gradscope_tests_san" \
  "native       | build-tests                              | ctest --test-dir build --output-on-failure -j$cores -LE sanitize" \
  "sanitize     | build-tests                              | bash scripts/test-sanitize.sh --no-build" \
  "kernels      | deps-wasm deps-native                    | $low bash scripts/test-wasm-kernels.sh" \
  "types        | build-wasm deps-npm                      | npx tsc -p tsconfig.json" \
  "js           | build-wasm build-cli deps-torch ~browser | bash scripts/test-js.sh --test-concurrency=$cores"
