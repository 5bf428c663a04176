// Where the Electron executable is, without triggering a download. Used by `npm start`, the e2e fixtures and the
// Electron host's tests: one rule for all three.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The executable `require('electron')` would name, or why there is none. That module *downloads* the binary
 * when it is missing (e.g. after ELECTRON_SKIP_BINARY_DOWNLOAD=1), so it is only required once its `path.txt`
 * and `dist/` show the binary is there: a test run or a start must never reach for the network.
 * @returns {{ path: string, reason?: undefined } | { path?: undefined, reason: string }}
 */
export function findElectronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const pathFile = join(packageDir, 'path.txt');
    if (!override && !existsSync(pathFile)) {
      return { reason: 'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD) — run these where it exists' };
    }
    if (!override) {
      const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
      if (!existsSync(binary)) return { reason: `Electron binary missing at ${binary} — run these where it exists` };
    }
    const resolved = require('electron');
    if (typeof resolved === 'string' && existsSync(resolved)) return { path: resolved };
    return { reason: `require('electron') gave ${String(resolved)}, which does not exist` };
  } catch (error) {
    return { reason: `Electron not available: ${error instanceof Error ? error.message : String(error)}` };
  }
}
