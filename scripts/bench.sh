#!/usr/bin/env bash
# npm run bench: build what is missing, then the benchmark (bench/run.mjs) and the kernel
# GFLOP/s figures. Arguments go to bench/run.mjs (e.g. --seconds 5 --workloads W1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh native wasm npm
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target gradscope gradscope_bench
bash scripts/build-wasm.sh
if [ -f scripts/bench-kernels.sh ]; then bash scripts/bench-kernels.sh; fi
node bench/run.mjs "$@"
