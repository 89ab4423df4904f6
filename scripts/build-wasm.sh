#!/usr/bin/env bash
# Builds the WebAssembly module (build/wasm) when missing or stale and copies it to
# web/generated/ where the page, the worker and the Node tests load it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh wasm
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
cmake --build build/wasm -j"$(nproc)"
mkdir -p web/generated
for f in gradscope.mjs gradscope.wasm; do
  cmp -s "build/wasm/$f" "web/generated/$f" || cp "build/wasm/$f" "web/generated/$f"
done
echo "wasm: web/generated/gradscope.mjs + gradscope.wasm ($(stat -c %s web/generated/gradscope.wasm) bytes)"
