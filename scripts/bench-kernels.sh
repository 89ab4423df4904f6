#!/usr/bin/env bash
# Benchmarks the hot kernels (bench/kernels_bench.cpp): native (g++ -O3, SIMD and scalar kernels) and
# WASM under Node (em++ -O3 -msimd128, simd and scalar kernels). One line per measurement.
# Usage: scripts/bench-kernels.sh [build-dir] [--f64]   (default: build/kernels-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/kernels-bench}"
shift || true
mkdir -p "$out"
srcs=(core/kernels/scalar.cpp core/kernels/simd.cpp bench/kernels_bench.cpp)

echo "== native (g++ -O3; SIMD kernels on SSE2, AVX2 when the CPU has it; scalar kernels) =="
# avx2.cpp alone is built with -mavx2 (called only after a run-time check), as in CMakeLists.txt
g++ -std=c++17 -O3 -Wall -Wextra -I. -mavx2 -c core/kernels/avx2.cpp -o "$out/avx2.o"
g++ -std=c++17 -O3 -Wall -Wextra -I. "${srcs[@]}" "$out/avx2.o" -o "$out/kernels_bench"
"$out/kernels_bench" "$@"

echo "== wasm (em++ -O3 -msimd128, node $(node --version)) =="
# Emscripten's node output is CommonJS; the repo's package.json says "type": "module".
echo '{ "type": "commonjs" }' > "$out/package.json"
NODE_PATH=/usr/share/nodejs em++ -std=c++17 -O3 -msimd128 -Wall -Wextra -I. "${srcs[@]}" \
  -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0 -o "$out/kernels_bench.js"
echo "kernels_bench.wasm: $(wasm-objdump -d "$out/kernels_bench.wasm" | grep -c f32x4) f32x4 instructions"
node "$out/kernels_bench.js" "$@"
