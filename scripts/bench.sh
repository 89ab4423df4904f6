#!/usr/bin/env bash
# npm run bench: build what is missing, then the benchmark (bench/run.mjs), the kernel
# GFLOP/s figures and the page's frame rate and training speed in Chromium (bench/page.mjs).
# Arguments go to bench/run.mjs (e.g. --seconds 5 --workloads W1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh native wasm browser npm bench
bash scripts/configure-native.sh
cmake --build build -j"$(nproc)" --target gradscope gradscope_bench c_ref_bench
bash scripts/build-wasm.sh
bash bench/c-ref/build-wasm.sh   # the plain C reference step in WASM (build/c-ref/)
if [ -f scripts/bench-kernels.sh ]; then bash scripts/bench-kernels.sh; fi
node bench/run.mjs "$@"
echo "== the page in Chromium (dist/) =="
npx vite build --logLevel warn
node bench/page.mjs
