#!/usr/bin/env bash
# Configures the native build in build/ (Release) once: Ninja when installed (finer
# parallelism than make), ccache when installed; neither is required. A build/ configured
# with another generator is started afresh. Used by npm start, test, bench and test:sanitize.
set -euo pipefail
cd "$(dirname "$0")/.."
generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator=Ninja
if [ -f build/CMakeCache.txt ] && ! grep -qx "CMAKE_GENERATOR:INTERNAL=$generator" build/CMakeCache.txt; then
  rm -rf build/CMakeCache.txt build/CMakeFiles
fi
launcher=""
command -v ccache >/dev/null 2>&1 && launcher=ccache
cmake -S . -B build -G "$generator" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" >/dev/null
