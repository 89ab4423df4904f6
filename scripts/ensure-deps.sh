#!/usr/bin/env bash
# Installs what the build and tests need when it is missing: Debian packages (as root,
# otherwise names them and stops) and the npm packages from the committed lock file.
# Usage: scripts/ensure-deps.sh [native|wasm|browser|torch|npm|bench ...]   (default: all but bench)
#   bench: the benchmark's peers (TensorFlow.js, ConvNetJS: bench/package.json and its lock),
#   in bench/node_modules; only npm run bench needs them (286 MB that npm test never loads).
set -euo pipefail
cd "$(dirname "$0")/.."

want=("$@"); [ ${#want[@]} -eq 0 ] && want=(native wasm browser torch npm)
pkgs=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || pkgs+=("$1"); }
for w in "${want[@]}"; do
  case "$w" in
    native)  for p in cmake g++ make libxtensor-dev libxsimd-dev doctest-dev nlohmann-json3-dev; do need "$p"; done ;;
    # python3-torch: tests/js/torch-export.test.mjs runs `gradscope export torch` files under
    # PyTorch (the largest install: npm test runs it last, beside the builds and the browser tests)
    torch)   for p in python3-torch; do need "$p"; done ;;
    wasm)    for p in emscripten wabt nodejs; do need "$p"; done ;;
    browser) for p in chromium; do need "$p"; done ;;
    npm|bench) ;;
  esac
done
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "ensure-deps: installing Debian packages: ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # npm test installs its groups one after the other (native, wasm, browser, torch), each
    # as soon as the builds that need it can start: the package lists are fetched once an
    # hour at most (build/.apt-updated), another apt run is waited for (not failed on), and
    # a failed install fetches the lists again and retries (the mirror moved on).
    apt=(apt-get -y -qq --no-install-recommends -o DPkg::Lock::Timeout=900)
    stamp=build/.apt-updated
    update() { "${apt[@]}" update && mkdir -p build && touch "$stamp"; }
    [ -n "$(find "$stamp" -mmin -60 2>/dev/null)" ] || update
    if ! "${apt[@]}" install "${pkgs[@]}" >/dev/null; then
      update
      "${apt[@]}" install "${pkgs[@]}" >/dev/null
    fi
  else
    echo "ensure-deps: missing Debian packages: ${pkgs[*]}" >&2
    echo "ensure-deps: run as root, or: sudo apt-get install ${pkgs[*]}" >&2
    exit 1
  fi
fi
# npm ci when node_modules is missing or older than its lock file.
npm_ci() {  # folder (holding package-lock.json)
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "ensure-deps: installing npm packages from $dir/package-lock.json"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
}
for w in "${want[@]}"; do
  [ "$w" = bench ] && npm_ci bench
  if [ "$w" = npm ]; then
    # Never through a symlinked node_modules (a worktree sharing another checkout's install):
    # npm ci would empty the shared folder.
    if [ -L node_modules ]; then
      echo "ensure-deps: node_modules is a symlink (a shared install): not running npm ci" >&2
    else
      npm_ci .
    fi
  fi
done
