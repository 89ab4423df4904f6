#!/usr/bin/env bash
# npm run build: the self-contained static folder dist/, hostable from any static host and
# any sub-path (relative URLs only):
#   dist/index.html      the full playground
#   dist/grad-scope.js   the one script an author loads for <grad-scope> (docs/embedding.md)
#   dist/embed.html      the iframe mode (options in the hash)
#   dist/demo.html       a short article with live embeds in its text
#   dist/assets/         hashed chunks, the engine worker and the .wasm
# Builds the WebAssembly module when missing or stale, runs Vite, then checks the result:
# the files above exist, nothing loads from another host (no web fonts, analytics, CDN),
# and no absolute path to this machine leaked in. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh wasm npm
bash scripts/build-wasm.sh
echo "== vite build -> dist/ =="
npx vite build --logLevel warn

fail() { echo "build: $*" >&2; exit 1; }
for f in index.html grad-scope.js embed.html demo.html; do [ -s "dist/$f" ] || fail "dist/$f is missing"; done
ls dist/assets/*.wasm >/dev/null 2>&1 || fail "no .wasm in dist/assets"
grep -q 'import.meta.url' dist/grad-scope.js || fail "dist/grad-scope.js does not find its files through import.meta.url"

# Requests to other hosts: absolute URLs in src/href attributes, CSS url(), imports,
# fetch() or new URL(). Other absolute URLs (XML namespaces, example text) are listed.
loads=$(grep -EoH \
  -e '(src|href|action)=["'"'"']?(https?:)?//[^"'"'"' >]+' \
  -e 'url\(["'"'"']?(https?:)?//[^)"'"'"']+' \
  -e '(import|from|fetch|importScripts)[ (]*["'"'"'`](https?:)?//[^"'"'"'`]+' \
  -e 'new URL\(["'"'"'`](https?:)?//[^"'"'"'`]+' \
  -r dist --include='*.html' --include='*.js' --include='*.css' --include='*.mjs' || true)
[ -z "$loads" ] || { echo "$loads" >&2; fail "files load from other hosts (above)"; }
if grep -rlq -e "$(pwd)" dist; then grep -rl -e "$(pwd)" dist >&2; fail "absolute paths of this machine in dist/"; fi
others=$(grep -Eoh 'https?://[a-zA-Z0-9.-]+' -r dist --include='*.html' --include='*.js' | sort | uniq -c | sort -rn || true)
[ -z "$others" ] || echo "build: absolute URLs that are not loaded (namespaces, text):" && echo "$others" | sed 's/^/  /'

echo "== dist/ =="
total=$(du -sb dist | cut -f1)
gz=$(find dist -type f \( -name '*.js' -o -name '*.html' -o -name '*.css' -o -name '*.wasm' \) -exec gzip -9c {} \; | wc -c)
find dist -type f -printf '%s\t%P\n' | sort -k2 | awk -F'\t' '{ printf "  %9d  %s\n", $1, $2 }'
printf 'build: dist/ is %d bytes (%d KiB), %d KiB gzipped\n' "$total" $((total / 1024)) $((gz / 1024))
