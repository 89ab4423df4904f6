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
# time ends the run. TEST_JOBS=N: at most N stages at a time (default: cores + 1).
# The browser stage waits for the native builds (build-san comes after the CLI and the test
# builds): Chromium's scenarios wait for the page within time limits, so they run beside the
# lighter test stages, not beside compilers.
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
S=scripts/run-stages.sh
# name | depends on | command
exec bash "$S" \
  "deps-native |                                 | bash scripts/ensure-deps.sh native" \
  "deps-npm    |                                 | bash scripts/ensure-deps.sh npm" \
  "deps-web    | deps-native                     | bash scripts/ensure-deps.sh wasm browser" \
  "deps-torch  | deps-web                        | bash scripts/ensure-deps.sh torch" \
  "build-cli   | deps-native                     | bash scripts/configure-native.sh && cmake --build build -j$cores --target gradscope" \
  "build-tests | build-cli                       | cmake --build build -j$cores --target gradscope_tests" \
  "native      | build-tests                     | ctest --test-dir build --output-on-failure -j$cores -LE sanitize" \
  "build-san   | build-tests                     | cmake --build build -j$cores --target gradscope_tests_san" \
  "sanitize    | build-san                       | bash scripts/test-sanitize.sh --no-build" \
  "build-wasm  | deps-web                        | bash scripts/build-wasm.sh" \
  "kernels     | deps-web deps-native            | bash scripts/test-wasm-kernels.sh" \
  "js          | build-wasm build-cli deps-torch | bash scripts/test-js.sh --test-concurrency=$cores" \
  "types       | build-wasm deps-npm             | npx tsc -p tsconfig.json" \
  "build-page  | build-wasm deps-npm             | npx vite build --logLevel warn" \
  "browser     | build-page deps-web build-san   | bash scripts/test-browser.sh --no-build"
