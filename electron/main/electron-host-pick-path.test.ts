import { IPC_INVOKE_CHANNEL, type PreloadBridge } from '@shared';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BaseWindow } from 'electron';
import { createPathPicker, defaultCaptureName, type NativeDialogs } from './path-picker';
import { fake, FakeFrame, type FakeDialogAnswer } from './test-support/fake-electron';

// "Browse…" in the Electron host (issue 9): system.pickPath shows the OS's dialog in the main process, on a
// simulated Electron (fake-electron.ts); system.listDirectory goes to the engine as in the browser host.
vi.mock('electron', () => import('./test-support/fake-electron'));

let bridge: PreloadBridge;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'socketdesk-pick-'));
  await writeFile(join(dir, 'data.bin'), 'abc');
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  await import('../preload/index');
  bridge = fake.exposed.get('socketdesk') as PreloadBridge;
});

afterAll(async () => {
  fake.windows.forEach((w) => w.close());
  fake.appEmitter.emit('window-all-closed');
  await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
  // Closing the window saves its state a moment later: retry while that write lands (ENOTEMPTY).
  await rm(fake.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.dialogCalls.length = 0;
  fake.dialogAnswer = () => ({ canceled: true });
});

describe('system.pickPath in the Electron host (simulated Electron)', () => {
  it('capture: a save dialog over the page’s window, offering a capture file name, that asks before replacing a file', async () => {
    fake.dialogAnswer = () => ({ canceled: false, filePath: '/home/me/cap.bin' });
    expect(await bridge.invoke('system.pickPath', { purpose: 'capture' })).toEqual({ ok: true, value: { path: '/home/me/cap.bin' } });
    expect(fake.dialogCalls).toHaveLength(1);
    const [call] = fake.dialogCalls;
    expect(call!.kind).toBe('save');
    expect(call!.window).toBe(fake.windows[0]);
    expect(call!.options).toMatchObject({ title: 'Save Received Data To', properties: expect.arrayContaining(['showOverwriteConfirmation', 'createDirectory']) });
    expect(call!.options.defaultPath).toMatch(/^capture-\d{8}-\d{6}\.bin$/);
  });

  it('send file: an open dialog for one existing file, starting at the path in the field', async () => {
    const chosen = join(dir, 'data.bin');
    fake.dialogAnswer = () => ({ canceled: false, filePaths: [chosen] });
    expect(await bridge.invoke('system.pickPath', { purpose: 'sendFile', defaultPath: '/srv/old.bin' })).toEqual({ ok: true, value: { path: chosen } });
    expect(fake.dialogCalls).toEqual([{ kind: 'open', window: fake.windows[0], options: { title: 'Choose a File to Send', defaultPath: '/srv/old.bin', properties: ['openFile'] } }]);
  });

  it('answers a cancelled dialog with path null', async () => {
    expect(await bridge.invoke('system.pickPath', { purpose: 'sendFile' })).toEqual({ ok: true, value: { path: null } });
    expect(await bridge.invoke('system.pickPath', { purpose: 'capture', defaultPath: '/tmp/x.bin' })).toEqual({ ok: true, value: { path: null } });
    expect(fake.dialogCalls.map((call) => call.kind)).toEqual(['open', 'save']);
  });

  it('checks the arguments before any dialog shows', async () => {
    for (const args of [{ purpose: 'capture', defaultPath: 'relative.bin' }, { purpose: 'delete' }, {}, { purpose: 'sendFile', extra: 1 }, null]) {
      expect(await bridge.invoke('system.pickPath', args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(fake.dialogCalls).toEqual([]);
  });

  it('shows one dialog per window at a time: a second request meanwhile is answered as cancelled', async () => {
    let answer: (value: FakeDialogAnswer) => void = () => undefined;
    fake.dialogAnswer = () => new Promise((resolve) => (answer = resolve));
    const first = bridge.invoke('system.pickPath', { purpose: 'sendFile' });
    await vi.waitFor(() => expect(fake.dialogCalls).toHaveLength(1));
    expect(await bridge.invoke('system.pickPath', { purpose: 'capture' })).toEqual({ ok: true, value: { path: null } });
    answer({ canceled: false, filePaths: ['/data/one.bin'] });
    expect(await first).toEqual({ ok: true, value: { path: '/data/one.bin' } });
    expect(fake.dialogCalls).toHaveLength(1);
  });

  it('shows no dialog for a frame that is not our window’s main frame', async () => {
    const window = fake.windows[0]!;
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const main = window.webContents.mainFrame;
    const sub = new FakeFrame(main.processId, 999, main);
    sub.url = main.url;
    expect(await handler({ sender: window.webContents, senderFrame: sub }, 'system.pickPath', { purpose: 'capture' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/untrusted sender/i) },
    });
    expect(fake.dialogCalls).toEqual([]);
  });

  it('passes system.listDirectory to the engine, which lists the host directory', async () => {
    const result = (await bridge.invoke('system.listDirectory', { path: dir })) as { ok: true; value: { path: string; entries: unknown[] } };
    expect(result).toMatchObject({ ok: true, value: { path: dir, entries: [{ name: 'data.bin', kind: 'file', size: 3 }] } });
    expect(fake.dialogCalls).toEqual([]);
  });
});

describe('createPathPicker', () => {
  const window = { isDestroyed: () => false } as unknown as BaseWindow;

  it('titles its dialogs in the OS language, and refuses a path the OS gave that is not absolute', async () => {
    const titles: string[] = [];
    const dialogs: NativeDialogs = {
      showSaveDialog: async (_w, options) => {
        titles.push(options.title ?? '');
        return { canceled: false, filePath: 'relative.bin' };
      },
      showOpenDialog: async (_w, options) => {
        titles.push(options.title ?? '');
        return { canceled: false, filePaths: ['C:\\data\\x.bin'] };
      },
    };
    const pick = createPathPicker(dialogs, window, 'zh', () => new Date(2025, 0, 2, 15, 4, 5));
    expect(await pick({ purpose: 'capture' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'absolutePath' } } });
    expect(await pick({ purpose: 'sendFile' })).toEqual({ ok: true, value: { path: 'C:\\data\\x.bin' } });
    expect(titles).toEqual(['接收保存到文件', '选择要发送的文件']);
    expect(defaultCaptureName(new Date(2025, 0, 2, 15, 4, 5))).toBe('capture-20250102-150405.bin');
  });

  it('shows nothing over a window that is gone', async () => {
    const shown: string[] = [];
    const dialogs: NativeDialogs = {
      showSaveDialog: async () => (shown.push('save'), { canceled: true, filePath: '' }),
      showOpenDialog: async () => (shown.push('open'), { canceled: true, filePaths: [] }),
    };
    const gone = { isDestroyed: () => true } as unknown as BaseWindow;
    expect(await createPathPicker(dialogs, gone, 'en')({ purpose: 'capture' })).toEqual({ ok: true, value: { path: null } });
    expect(shown).toEqual([]);
  });
});
