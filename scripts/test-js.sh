#!/usr/bin/env bash
# The Node tests of the WASM engine and its worker protocol (tests/js/*.test.mjs).
# Builds the WASM module first when it is missing or stale (scripts/build-wasm.sh is
# incremental). The tests that compare with the native CLI need build/gradscope (npm test
# builds it first); without it they fail with a message saying how to build it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh torch   # PyTorch, for the exported-network test
bash scripts/build-wasm.sh
if [ ! -x build/gradscope ]; then
  echo "test-js: build/gradscope is missing: the native comparisons will fail." >&2
  echo "test-js: build it with: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build" >&2
fi
# Only the *.test.mjs files, not helpers/ (docs/toolchain.md). The shell expands the
# glob: Node 20's --test does not expand a quoted one ("Could not find '.../*.test.mjs'").
shopt -s nullglob
tests=(tests/js/*.test.mjs)
if [ ${#tests[@]} -eq 0 ]; then echo "test-js: no tests/js/*.test.mjs" >&2; exit 1; fi
exec node --test "$@" "${tests[@]}"
