#!/usr/bin/env bash
# The VitePress course site in docs-site/, which embeds <grad-scope> through the npm
# package: builds the package's tarball (scripts/build-package.sh), installs it into
# docs-site/node_modules with no network (docs-site/package.json depends on the tarball),
# and runs `vitepress build` (docs-site/.vitepress/dist/). `npm run docs-site` runs it;
# tests/browser/docs-site.test.mjs opens the result in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(bash scripts/build-package.sh | tail -n 1)
installed=docs-site/node_modules/gradscope/package.json
if [ ! -f "$installed" ] || [ "$tarball" -nt "$installed" ]; then
  rm -rf docs-site/node_modules/gradscope   # npm keeps an installed 1.0.0 even when the tarball changed
  (cd docs-site && npm install --offline --no-package-lock --no-audit --no-fund --loglevel=error >&2)
  touch "$installed"
fi
node node_modules/vitepress/bin/vitepress.js build docs-site >&2
echo "$PWD/docs-site/.vitepress/dist"
