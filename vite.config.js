// Vite: the pages live in web/, build to dist/ with relative paths (hostable under any
// sub-path); workers are ES modules (the engine worker imports gradscope.js).
// Entries: the standalone page (index.html) and the embedding script, written literally as
// dist/grad-scope.js (everything else is hashed under assets/). embed.html and demo.html
// are copied as they are: like an author's page they only load ./grad-scope.js.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = (/** @type {string} */ p) => fileURLToPath(new URL(`./web/${p}`, import.meta.url));

/** Entries of the build, by name (add one line per entry). */
const input = {
  index: web('index.html'),
  'grad-scope': web('grad-scope.js'),
  compare: web('compare.html'),
};

/** Pages copied unchanged to dist/ (they reference ./grad-scope.js only). */
const STATIC_PAGES = ['embed.html', 'demo.html'];

/** @returns {import('vite').Plugin} */
function staticPages() {
  return {
    name: 'gradscope-static-pages',
    apply: 'build',
    generateBundle() {
      for (const name of STATIC_PAGES) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(web(name)) });
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  plugins: [staticPages()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input,
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: (chunk) => (chunk.name === 'grad-scope' ? 'grad-scope.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
