// The npm package's build (scripts/build-package.sh): the engine API, the <grad-scope>
// element and the comparison as ES modules with every dependency bundled in (the tarball
// installs with no network), into build/package/dist/. Assets (the .wasm, the engine
// worker, chunks) are referenced with new URL('...', import.meta.url), which bundlers
// follow and copy (tests/browser/package.test.mjs: Vite, with no configuration).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const at = (/** @type {string} */ p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

export default defineConfig({
  root: at('package'),
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: at('build/package/dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { index: at('package/src/index.js'), element: at('web/grad-scope.js'), compare: at('package/src/compare.js') },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
