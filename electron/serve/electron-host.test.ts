import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeContractConformance, type ContractClient } from '../test-support/conformance';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

/**
 * The same conformance suite through the Electron host: the built app is launched with Playwright, and every call
 * goes through the preload's `window.socketdesk` and ipcMain, as the renderer's calls do. Bytes cross the
 * page.evaluate boundary as number arrays and are rebuilt on each side.
 */
const appDir = fileURLToPath(new URL('../..', import.meta.url));
const electronBinary = findElectronBinary().path;
const isBuilt = existsSync(fileURLToPath(new URL('../../out/main/index.js', import.meta.url)));
const skipReason = !electronBinary
  ? 'skipped: Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD=1)'
  : !isBuilt
    ? 'skipped: out/main/index.js missing; run npm run build first'
    : undefined;
if (skipReason) console.warn(`electron host conformance ${skipReason}`);

type Plain = unknown;
const BYTES_KEY = '__u8';

function toPlain(value: unknown): Plain {
  if (value instanceof Uint8Array) return { [BYTES_KEY]: Array.from(value) };
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

function fromPlain(value: Plain): unknown {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record[BYTES_KEY])) return Uint8Array.from(record[BYTES_KEY] as number[]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromPlain(v)]));
  }
  return value;
}

describeContractConformance(
  'Electron host (IPC via preload)',
  async () => {
    const { _electron } = await import('@playwright/test');
    // Its own data directory, so the suite's settings.save never touches the user's settings.
    const dataDir = await mkdtemp(join(tmpdir(), 'socketdesk-electron-conf-'));
    const app = await _electron.launch({
      executablePath: electronBinary!,
      args: [appDir],
      cwd: appDir,
      env: { ...(process.env as Record<string, string>), SOCKETDESK_DATA_DIR: dataDir },
    });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    await page.exposeFunction('__socketdeskConformanceEvent', (name: string, payload: Plain) => {
      listeners.get(name)?.forEach((listener) => listener(fromPlain(payload)));
    });
    const subscribed = new Set<string>();
    const client: ContractClient = {
      async invoke(name, args) {
        const plain = await page.evaluate(
          async ([n, a, key]) => {
            const revive = (v: unknown): unknown => {
              if (Array.isArray(v)) return v.map(revive);
              if (v && typeof v === 'object') {
                const r = v as Record<string, unknown>;
                if (Array.isArray(r[key])) return Uint8Array.from(r[key] as number[]);
                return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, revive(x)]));
              }
              return v;
            };
            const flatten = (v: unknown): unknown => {
              if (v instanceof Uint8Array) return { [key]: Array.from(v) };
              if (Array.isArray(v)) return v.map(flatten);
              if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flatten(x)]));
              return v;
            };
            const bridge = (globalThis as unknown as { socketdesk: { invoke(n: string, a: unknown): Promise<unknown> } }).socketdesk;
            return flatten(await bridge.invoke(n, revive(a)));
          },
          [name, toPlain(args), BYTES_KEY] as const,
        );
        return fromPlain(plain);
      },
      on(name, listener) {
        const set = listeners.get(name) ?? new Set();
        set.add(listener);
        listeners.set(name, set);
        if (!subscribed.has(name)) {
          subscribed.add(name);
          void page.evaluate(
            ([n, key]) => {
              const flatten = (v: unknown): unknown => {
                if (v instanceof Uint8Array) return { [key]: Array.from(v) };
                if (Array.isArray(v)) return v.map(flatten);
                if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flatten(x)]));
                return v;
              };
              const g = globalThis as unknown as {
                socketdesk: { on(n: string, l: (p: unknown) => void): () => void };
                __socketdeskConformanceEvent(n: string, p: unknown): void;
              };
              g.socketdesk.on(n, (p) => g.__socketdeskConformanceEvent(n, flatten(p)));
            },
            [name, BYTES_KEY] as const,
          );
        }
        return () => set.delete(listener);
      },
    };
    return {
      client,
      async dispose() {
        await app.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  skipReason,
);
