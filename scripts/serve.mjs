// A tiny static server for the built page (dist/) with the MIME types the engine needs
// (text/javascript for .js/.mjs, application/wasm for .wasm). No other hosts, no caching.
// Optionally under a sub-path (`prefix`: only /prefix/... is served, as on a static host
// that hosts the folder in a sub-directory) and with `Access-Control-Allow-Origin: *`
// (`cors`: as CDNs and GitHub Pages send, so pages on other origins can load the module),
// and with `headers` added to every answer (e.g. a Content-Security-Policy, in the tests).
// Usage: node scripts/serve.mjs [dir] [port] [prefix]   (port 0 = any free port; prints the URL)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.csv': 'text/csv',
};

/**
 * Serves `dir` on `port` (0: a free one) under `prefix` (default '/'). Resolves with
 * { url, close }; `url` ends with the prefix.
 * @param {string} dir @param {number} [port] @param {{ prefix?: string, cors?: boolean, headers?: Record<string, string> }} [options]
 */
export function serve(dir, port = 0, options = {}) {
  const root = resolve(dir);
  const prefix = `/${(options.prefix ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const extra = { ...(options.cors ? { 'access-control-allow-origin': '*' } : {}), ...(options.headers ?? {}) };
  const server = createServer(async (req, res) => {
    try {
      const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (full === prefix.slice(0, -1)) { res.writeHead(301, { location: prefix }).end(); return; }
      if (!full.startsWith(prefix)) { res.writeHead(404, { 'content-type': 'text/plain', ...extra }).end('not found'); return; }
      const path = full.slice(prefix.length - 1);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...extra });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', ...extra }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => {
    const a = /** @type {import('node:net').AddressInfo} */ (server.address());
    ok({ url: `http://127.0.0.1:${a.port}${prefix}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist', Number(process.argv[3] ?? 4173), { prefix: process.argv[4] ?? '/' });
  console.log(`serving ${process.argv[2] ?? 'dist'} at ${url}`);
}
