#!/usr/bin/env bash
# npm run test:sanitize: the native doctest suites under AddressSanitizer (with leak
# detection) and UndefinedBehaviorSanitizer. Configures build-sanitize/ with
# -DGRADSCOPE_SANITIZE=ON, builds the CLI and the tests there (the core once, for both),
# and runs ctest. Any sanitizer report aborts the test process, so ctest fails. Non-zero
# exit on any failure.
# Build speed (the sanitized build is compile-bound: instrumenting xtensor/json/doctest
# templates in every test file): -O1 -g1 instead of RelWithDebInfo's -O2 -g, about half the
# compile time. The same sanitizers and checks at -O1 (higher levels can only optimise
# some checked accesses away), and -g1 still gives file:line in every report frame (line
# tables; no variable info). -fno-omit-frame-pointer comes from GRADSCOPE_SANITIZE.
# Ninja when installed (finer parallelism than make), ccache when installed; neither is
# required.
# Usage: scripts/test-sanitize.sh [ctest args...]   e.g. -R regressions
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh native

dir=build-sanitize
jobs=$(nproc)
generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator=Ninja
# A build dir configured with another generator cannot be reused: start it afresh.
if [ -f "$dir/CMakeCache.txt" ] && ! grep -qx "CMAKE_GENERATOR:INTERNAL=$generator" "$dir/CMakeCache.txt"; then
  rm -rf "$dir"
fi
launcher=""
command -v ccache >/dev/null 2>&1 && launcher=ccache
cmake -S . -B "$dir" -G "$generator" -DGRADSCOPE_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" >/dev/null
# gradscope_tests depends on gradscope (the CLI its tests run), so this builds both.
cmake --build "$dir" -j"$jobs" --target gradscope_tests

# detect_leaks=1: LeakSanitizer at exit; abort_on_error=1: a report kills the process
# (ctest then records a failure). halt_on_error=1: the first UB report is fatal (the code
# is also built with -fno-sanitize-recover=undefined, so UB reports cannot continue).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The CLI tests run build-sanitize/gradscope, a sanitized binary too: its reports go to
# its stderr and its exit status, which the tests check.
ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@"
echo "== sanitizers (ASan + LSan + UBSan): every native test passed in $(( $(date +%s) - start )) s =="
