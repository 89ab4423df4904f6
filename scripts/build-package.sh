#!/usr/bin/env bash
# The npm package `gradscope` (package/: its package.json, entries and types): builds it
# into build/package/ with every dependency bundled in (package/vite.config.js), copies
# the types and the engine's .d.ts, and packs build/gradscope-VERSION.tgz, which installs
# with no network. Skips the work when the tarball is newer than everything it is made of.
# The repository's own package.json stays the private development package.
# Usage: scripts/build-package.sh   (prints the tarball's path on its last line)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh npm >&2
if [ ! -f web/generated/gradscope.wasm ] || [ ! -f web/generated/gradscope.mjs ] || [ ! -f web/generated/digits.txt ]; then bash scripts/build-wasm.sh >&2; fi
mkdir -p build
exec 8>build/.package.lock
flock 8
version=$(node -p "require('./package/package.json').version")
tarball="build/gradscope-$version.tgz"
if [ -f "$tarball" ] && [ -z "$(find package web scripts/build-package.sh -newer "$tarball" -type f -print -quit)" ]; then
  echo "$PWD/$tarball"
  exit 0
fi
rm -rf build/package
npx vite build --config package/vite.config.js --logLevel warn >&2
mkdir -p build/package/types/engine
cp package/package.json package/README.md build/package/
cp package/types/*.d.ts build/package/types/
cp web/engine/gradscope.d.ts web/engine/client.d.ts build/package/types/engine/
rm -f build/gradscope-*.tgz
(cd build/package && npm pack --silent --pack-destination .. >/dev/null)
echo "$PWD/$tarball"
