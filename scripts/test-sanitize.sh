#!/usr/bin/env bash
# npm run test:sanitize: the native doctest suites under AddressSanitizer (with leak
# detection) and UndefinedBehaviorSanitizer. Builds, in build/, the core and the CLI with
# the sanitizers (gradscope_core_san, gradscope_san) and links them with the test objects
# the plain suites already use (cmake/tests.cmake), then runs the "sanitize" label of
# ctest. Any sanitizer report aborts the test process, so ctest fails. Non-zero exit on
# any failure.
# Usage: scripts/test-sanitize.sh [--no-build] [ctest args...]   e.g. -R regressions
#   --no-build: run what build/ holds (npm test builds it in a stage of its own)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ "${1:-}" = --no-build ]; then
  shift
else
  bash scripts/ensure-deps.sh native
  bash scripts/configure-native.sh
  cmake --build build -j"$(nproc)" --target gradscope_tests_san
fi
# The sanitizer options (detect_leaks, abort_on_error, halt_on_error...) and GS_CLI (the
# sanitized CLI the CLI tests run) are set per test by cmake/tests.cmake.
ctest --test-dir build --output-on-failure -j"$(nproc)" -L sanitize "$@"
echo "== sanitizers (ASan + LSan + UBSan): every native test passed in $(( $(date +%s) - start )) s =="
