#!/usr/bin/env bash
# Builds the WebAssembly module (build/wasm) when missing or stale and copies it to
# web/generated/ where the page, the worker and the Node tests load it. Safe to run
# concurrently (a lock around the build, atomic renames for the copies).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh wasm
mkdir -p build web/generated
exec 9>build/.wasm.lock
flock 9
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
cmake --build build/wasm -j"$(nproc)"
for f in gradscope.mjs gradscope.wasm; do
  if ! cmp -s "build/wasm/$f" "web/generated/$f"; then
    cp "build/wasm/$f" "web/generated/.$f.tmp"
    mv -f "web/generated/.$f.tmp" "web/generated/$f"
  fi
done
# The 8x8 digits, which the .wasm leaves out: the text the worker fetches when a network
# asks for "digits" (1797 lines of 65 letters, from core/digits_data.cpp).
grep -o '"[A-Q]\{65\}"' core/digits_data.cpp | tr -d '"' > web/generated/.digits.txt.tmp
if [ "$(wc -l < web/generated/.digits.txt.tmp)" != 1797 ]; then
  echo "build-wasm: core/digits_data.cpp does not hold 1797 digits" >&2; exit 1
fi
mv -f web/generated/.digits.txt.tmp web/generated/digits.txt
# Types for the generated factory, so checkJs does not type-check Emscripten's glue.
cat > web/generated/gradscope.d.mts.tmp <<'TS'
declare function createGradscopeModule(init?: object): Promise<any>;
export default createGradscopeModule;
TS
mv -f web/generated/gradscope.d.mts.tmp web/generated/gradscope.d.mts
echo "wasm: web/generated/gradscope.mjs + gradscope.wasm ($(stat -c %s web/generated/gradscope.wasm) bytes)"
