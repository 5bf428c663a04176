import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The renderer bundle as `npx electron-vite build` leaves it in out/renderer (B11): every asset, and the ones the
 * page loads before anything runs (what index.html names: its script, stylesheets and module preloads). Sizes raw
 * and gzip (zlib's default level, as a web server would send them; the browser host itself sends them raw).
 */

export interface Size {
  readonly raw: number;
  readonly gzip: number;
  readonly files: number;
}

export interface BundleSize {
  /** What index.html loads at once. */
  readonly initial: Size;
  /** Every asset, lazily loaded chunks included. */
  readonly total: Size;
  /** Per file: name → raw, gzip. */
  readonly byFile: Record<string, { raw: number; gzip: number; initial: boolean }>;
}

/** The baseline kept in bench/bundle-baseline.json. */
export interface BundleBaseline {
  readonly recorded: string;
  readonly commit: string;
  readonly why: string;
  readonly initial: Size;
  readonly total: Size;
}

/** Asset paths index.html refers to (src= / href= under assets/). */
function initialAssets(indexHtml: string): Set<string> {
  const out = new Set<string>();
  for (const match of indexHtml.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) out.add(match[1]!);
  return out;
}

export async function measureBundle(root: string): Promise<BundleSize> {
  const dir = path.join(root, 'out', 'renderer');
  const initial = initialAssets(await readFile(path.join(dir, 'index.html'), 'utf8'));
  const byFile: BundleSize['byFile'] = {};
  const sum = { initial: { raw: 0, gzip: 0, files: 0 }, total: { raw: 0, gzip: 0, files: 0 } };
  for (const name of (await readdir(path.join(dir, 'assets'))).sort()) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = await readFile(path.join(dir, 'assets', name));
    const size = { raw: bytes.length, gzip: gzipSync(bytes).length };
    const isInitial = initial.has(`assets/${name}`);
    byFile[name] = { ...size, initial: isInitial };
    for (const bucket of isInitial ? [sum.initial, sum.total] : [sum.total]) {
      bucket.raw += size.raw;
      bucket.gzip += size.gzip;
      bucket.files++;
    }
  }
  if (sum.initial.files === 0) throw new Error(`out/renderer/index.html names no asset under assets/: build first (npx electron-vite build)`);
  return { ...sum, byFile };
}
