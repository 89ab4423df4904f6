#!/usr/bin/env bash
# npm start: install/build what is missing, then serve the playground at
# http://127.0.0.1:5173/ (Vite dev server; PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh native wasm npm
bash scripts/configure-native.sh
cmake --build build -j"$(nproc)" --target gradscope
bash scripts/build-wasm.sh
echo "gradscope: CLI at build/gradscope; playground at http://127.0.0.1:${PORT:-5173}/"
exec node_modules/.bin/vite --config vite.config.js --host 127.0.0.1 --port "${PORT:-5173}" --strictPort
