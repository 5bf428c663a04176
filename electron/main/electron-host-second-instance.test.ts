import { describe, expect, it, vi } from 'vitest';
import { fake } from './test-support/fake-electron';

// A second launch of the Electron host, on a simulated Electron (see fake-electron.ts): another instance holds the lock.
vi.mock('electron', () => import('./test-support/fake-electron'));

describe('Electron host, second instance (simulated Electron)', () => {
  it('quits at once: no window, no IPC handler, no menu', async () => {
    fake.singleInstanceLock = false;
    await import('./index');
    // Past whenReady, had the host gone on starting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.lockRequests).toBe(1);
    expect(fake.quitCalls).toBe(1);
    expect(fake.windows).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.menu).toBeUndefined();
  });
});
