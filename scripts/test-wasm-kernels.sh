#!/usr/bin/env bash
# Builds tests/wasm/kernels_test.cpp (doctest) with em++ (-O3 -msimd128) and runs it under
# Node: every SIMD kernel against its scalar twin inside WebAssembly. Prints doctest's
# summary (test cases and assertions, i.e. checks); non-zero exit on any failure.
# Usage: scripts/test-wasm-kernels.sh [build-dir] [doctest args...]   (default: build/wasm-kernels-test)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh wasm native   # em++, wasm-objdump; doctest's header
out="${1:-build/wasm-kernels-test}"
shift || true
mkdir -p "$out/include"
# doctest is header-only; em++ must not see /usr/include (glibc headers would leak into the
# wasm build), so it gets a folder holding only links to doctest's headers and xtensor's
# (the optimiser update's scalar twin, core/kernels/update_scalar.cpp) (docs/toolchain.md).
for d in doctest xtensor xtl xsimd; do ln -sfn "/usr/include/$d" "$out/include/$d"; done
# The repo's package.json says "type": "module"; Emscripten's node output is CommonJS.
echo '{ "type": "commonjs" }' > "$out/package.json"
# emcc's -O2+ JS optimiser runs under /usr/bin/node and needs Debian's acorn; without
# WASM_ASYNC_COMPILATION=0, Node 20 would fetch() the .wasm by path and fail; exceptions
# (doctest's REQUIRE) need DISABLE_EXCEPTION_CATCHING=0 at compile and link time
# (docs/toolchain.md).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
flags=(-std=c++17 -O3 -msimd128 -Wall -Wextra -I. -isystem "$out/include" -sDISABLE_EXCEPTION_CATCHING=0)
srcs=(core/kernels/*.cpp tests/wasm/kernels_test.cpp)  # avx2 files compile to nothing in WASM
# Rebuilt when a source, a kernel header or this script changed.
newest=$(ls -t "${srcs[@]}" core/kernels/*.hpp "$0" | head -n 1)
if [ ! -f "$out/kernels_test.wasm" ] || [ "$newest" -nt "$out/kernels_test.wasm" ]; then
  em++ "${flags[@]}" "${srcs[@]}" \
    -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0 -o "$out/kernels_test.js"
fi
simd_ops=$(wasm-objdump -d "$out/kernels_test.wasm" | grep -c 'f32x4' || true)
echo "kernels_test.wasm: $simd_ops f32x4 instructions"
if [ "$simd_ops" -lt 50 ]; then
  echo "expected real SIMD code (f32x4 instructions) in $out/kernels_test.wasm" >&2
  exit 1
fi
[ -t 1 ] || set -- --no-colors=true "$@"
node "$out/kernels_test.js" "$@"
