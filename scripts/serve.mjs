// A tiny static server for the built page (dist/) with the MIME types the engine needs
// (text/javascript for .js/.mjs, application/wasm for .wasm). No other hosts, no caching.
// Usage: node scripts/serve.mjs [dir] [port]   (port 0 = any free port; prints the URL)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.csv': 'text/csv',
};

/**
 * Serves `dir` on `port` (0: a free one). Resolves with { url, close }.
 * @param {string} dir @param {number} [port]
 */
export function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => {
    const a = /** @type {import('node:net').AddressInfo} */ (server.address());
    ok({ url: `http://127.0.0.1:${a.port}/`, close: () => new Promise((r) => server.close(r)) });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist', Number(process.argv[3] ?? 4173));
  console.log(`serving ${process.argv[2] ?? 'dist'} at ${url}`);
}
