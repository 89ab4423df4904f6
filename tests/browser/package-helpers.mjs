// Shared by the package and documentation-site tests: the npm package's tarball (built once
// by scripts/build-package.sh, which skips the work when it is up to date) and a project
// outside the repository that installs it with no network.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The repository's own Vite (the consumer project has no network to install one). */
export const VITE_BIN = join(ROOT, 'node_modules/vite/bin/vite.js');

/** Builds (or finds up to date) build/gradscope-VERSION.tgz; returns its path. */
export function packageTarball() {
  const out = execFileSync('bash', [join(ROOT, 'scripts/build-package.sh')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop() ?? '';
}

/**
 * Installs the tarball into `dir` (which has a package.json) with npm's --offline: any
 * request to the registry would fail, so this proves the package needs no network.
 * @param {string} dir @param {string} tarball
 */
export function installOffline(dir, tarball) {
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * A new consumer project in a temporary folder (outside the repository) with `files`.
 * @param {Record<string, string>} files path -> text
 */
export function consumerProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
