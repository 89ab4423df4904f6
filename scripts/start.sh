#!/usr/bin/env bash
# npm start: build what is missing and serve the playground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh native npm
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "built: build/gradscope (CLI), build/libgradscope_core.a"
