#!/usr/bin/env bash
# Builds tests/wasm/kernels_test.cpp with em++ (-O3 -msimd128) and runs it under Node: every
# SIMD kernel against its scalar twin inside WebAssembly. Non-zero exit on any failure.
# Usage: scripts/test-wasm-kernels.sh [build-dir]   (default: build/wasm-kernels-test)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/wasm-kernels-test}"
mkdir -p "$out"
# The repo's package.json says "type": "module"; Emscripten's node output is CommonJS.
echo '{ "type": "commonjs" }' > "$out/package.json"
# emcc's -O2+ JS optimiser runs under /usr/bin/node and needs Debian's acorn (TOOLCHAIN pitfall 1).
# WASM_ASYNC_COMPILATION=0: Node 20 would otherwise fetch() the .wasm by path and fail (pitfall 4).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
flags=(-std=c++17 -O3 -msimd128 -Wall -Wextra -I. -sDISABLE_EXCEPTION_CATCHING=0)
em++ "${flags[@]}" core/kernels/scalar.cpp core/kernels/simd.cpp tests/wasm/kernels_test.cpp \
  -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0 -o "$out/kernels_test.js"
simd_ops=$(wasm-objdump -d "$out/kernels_test.wasm" | grep -c 'f32x4' || true)
echo "kernels_test.wasm: $simd_ops f32x4 instructions"
if [ "$simd_ops" -lt 50 ]; then
  echo "expected real SIMD code (f32x4 instructions) in $out/kernels_test.wasm" >&2
  exit 1
fi
node "$out/kernels_test.js" > "$out/kernels_test.log" || status=$?
grep -v '^PASS' "$out/kernels_test.log" || true
exit "${status:-0}"
