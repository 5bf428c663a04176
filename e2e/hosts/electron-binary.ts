import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { readonly path: string; readonly reason?: undefined } | { readonly path?: undefined; readonly reason: string };

/**
 * Finds the Electron executable the `electron` package installed. The package's index.js tries to *download*
 * the binary when it is missing, so we only require it once its `path.txt` and `dist/` show it is installed —
 * a test run must never reach for the network.
 */
export function findElectronBinary(): ElectronBinary {
  const require = createRequire(import.meta.url);
  try {
    const packageDir = path.dirname(require.resolve('electron/package.json'));
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const pathFile = path.join(packageDir, 'path.txt');
    if (!override && !fs.existsSync(pathFile)) {
      return { reason: 'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD) — run these where it exists' };
    }
    if (!override) {
      const relative = fs.readFileSync(pathFile, 'utf8').trim();
      if (!fs.existsSync(path.join(packageDir, 'dist', relative))) {
        return { reason: `Electron binary missing at ${path.join(packageDir, 'dist', relative)} — run these where it exists` };
      }
    }
    const binary: unknown = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary };
    return { reason: `require('electron') gave ${String(binary)}, which does not exist` };
  } catch (error) {
    return { reason: `Electron not available: ${error instanceof Error ? error.message : String(error)}` };
  }
}
