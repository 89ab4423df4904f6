#!/usr/bin/env bash
# npm test: every test suite of the project. Installs/builds what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh native npm
echo "== native build (build/) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "== native tests (doctest through ctest) =="
ctest --test-dir build --output-on-failure -j"$(nproc)"
