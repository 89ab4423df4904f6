#!/usr/bin/env bash
# npm run test:sanitize: the native doctest suites under AddressSanitizer (with leak
# detection) and UndefinedBehaviorSanitizer. Configures build-sanitize/ with
# -DGRADSCOPE_SANITIZE=ON (RelWithDebInfo: optimised, with line numbers in reports),
# builds the core, the CLI and the tests there, and runs ctest. Any sanitizer report
# aborts the test process, so ctest fails. Non-zero exit on any failure.
# Usage: scripts/test-sanitize.sh [ctest args...]   e.g. -R regressions
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh native

dir=build-sanitize
jobs=$(nproc)
cmake -S . -B "$dir" -DGRADSCOPE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" -j"$jobs" --target gradscope gradscope_tests

# detect_leaks=1: LeakSanitizer at exit; abort_on_error=1: a report kills the process
# (ctest then records a failure). halt_on_error=1: the first UB report is fatal.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The CLI tests run build-sanitize/gradscope, a sanitized binary too: its reports go to
# its stderr and its exit status, which the tests check.
ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@"
echo "== sanitizers (ASan + LSan + UBSan): every native test passed in $(( $(date +%s) - start )) s =="
