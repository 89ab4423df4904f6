#!/usr/bin/env bash
# Installs what the build and tests need when it is missing: Debian packages (as root,
# otherwise names them and stops) and the npm packages from the committed lock file.
# Usage: scripts/ensure-deps.sh [native|wasm|browser|npm ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

want=("$@"); [ ${#want[@]} -eq 0 ] && want=(native wasm browser npm)
pkgs=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || pkgs+=("$1"); }
for w in "${want[@]}"; do
  case "$w" in
    # python3-torch: tests/js/torch-export.test.mjs runs `gradscope export torch` files under PyTorch
    native)  for p in cmake g++ make libxtensor-dev libxsimd-dev doctest-dev nlohmann-json3-dev python3-torch; do need "$p"; done ;;
    wasm)    for p in emscripten wabt nodejs; do need "$p"; done ;;
    browser) for p in chromium; do need "$p"; done ;;
    npm)     ;;
  esac
done
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "ensure-deps: installing Debian packages: ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  else
    echo "ensure-deps: missing Debian packages: ${pkgs[*]}" >&2
    echo "ensure-deps: run as root, or: sudo apt-get install ${pkgs[*]}" >&2
    exit 1
  fi
fi
for w in "${want[@]}"; do
  if [ "$w" = npm ]; then
    # npm ci when node_modules is missing or older than the lock file.
    # Never through a symlinked node_modules (a worktree sharing another checkout's install):
    # npm ci would empty the shared folder.
    if [ -L node_modules ]; then
      echo "ensure-deps: node_modules is a symlink (a shared install): not running npm ci" >&2
    elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      echo "ensure-deps: installing npm packages from package-lock.json"
      npm ci --no-audit --no-fund --loglevel=error
    fi
  fi
done
