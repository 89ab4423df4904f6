#!/usr/bin/env bash
# Benchmarks the hot kernels (bench/kernels_bench.cpp): native (g++ -O3, scalar kernels) and
# WASM under Node (em++ -O3 -msimd128, simd and scalar kernels). One line per measurement.
# Usage: scripts/bench-kernels.sh [build-dir] [--f64]   (default: build/kernels-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/kernels-bench}"
shift || true
mkdir -p "$out"
srcs=(core/kernels/scalar.cpp core/kernels/simd.cpp bench/kernels_bench.cpp)

echo "== native (g++ -O3, scalar kernels) =="
g++ -std=c++17 -O3 -Wall -Wextra -I. "${srcs[@]}" -o "$out/kernels_bench"
"$out/kernels_bench" "$@"

echo "== wasm (em++ -O3 -msimd128, node $(node --version)) =="
# Emscripten's node output is CommonJS; the repo's package.json says "type": "module".
echo '{ "type": "commonjs" }' > "$out/package.json"
NODE_PATH=/usr/share/nodejs em++ -std=c++17 -O3 -msimd128 -Wall -Wextra -I. "${srcs[@]}" \
  -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0 -o "$out/kernels_bench.js"
echo "kernels_bench.wasm: $(wasm-objdump -d "$out/kernels_bench.wasm" | grep -c f32x4) f32x4 instructions"
node "$out/kernels_bench.js" "$@"
