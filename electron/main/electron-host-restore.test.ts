import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from './test-support/fake-electron';
import { WINDOW_STATE_FILE_NAME } from './window-state-file';

// The host starting with a window state saved by an earlier run, on a simulated Electron (see fake-electron.ts).
vi.mock('electron', () => import('./test-support/fake-electron'));

let dataDir: string;

beforeAll(async () => {
  // Last run the window was maximised on a second monitor, right of the primary one, that is gone now.
  fake.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  dataDir = await mkdtemp(join(tmpdir(), 'socketdesk-restore-'));
  vi.stubEnv('SOCKETDESK_DATA_DIR', dataDir);
  const saved = { version: 1, bounds: { x: 2400, y: 200, width: 1200, height: 800 }, maximized: true };
  await writeFile(join(dataDir, WINDOW_STATE_FILE_NAME), JSON.stringify(saved));
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(async () => {
  fake.windows.forEach((w) => w.close());
  fake.appEmitter.emit('window-all-closed');
  await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Electron host restoring the window (simulated Electron)', () => {
  it('makes SOCKETDESK_DATA_DIR its user data directory before taking the single-instance lock', () => {
    expect(fake.userDataDir).toBe(dataDir);
    expect(fake.lockDir).toBe(dataDir);
  });

  it('opens the window at its saved size on a display that exists, centred there, and maximised again', () => {
    const window = fake.windows[0]!;
    expect(window.options).toMatchObject({ x: 360, y: 120, width: 1200, height: 800, minWidth: 720, minHeight: 520 });
    expect(window.maximized).toBe(true);
    expect(window.visible).toBe(true);
  });
});
