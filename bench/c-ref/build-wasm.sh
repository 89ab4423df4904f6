#!/usr/bin/env bash
# The WASM build of the plain C reference step (ref_step.c) with the flags of the gradscope
# module (-O3 -msimd128): build/c-ref/ref_step.mjs + .wasm, loaded by bench/c-ref/runner.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/c-ref
src=bench/c-ref/ref_step.c
out=build/c-ref/ref_step.mjs
if [ ! -f "$out" ] || [ "$src" -nt "$out" ] || [ bench/c-ref/ref_step.h -nt "$out" ]; then
  NODE_PATH=/usr/share/nodejs emcc -O3 -msimd128 "$src" -o "$out" \
    -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 \
    -sEXPORTED_FUNCTIONS=_ref_create,_ref_set_layer,_ref_step,_ref_norms,_malloc,_free \
    -sEXPORTED_RUNTIME_METHODS=HEAPF32,HEAPF64
fi
