// Vite: the page lives in web/, builds to dist/ with relative paths (hostable under any
// sub-path); workers are ES modules (the engine worker imports gradscope.js).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
