import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseFifoReaders } from '../test-support/fifo';
import { within } from '../test-support/wait-for';
import { WINDOW_STATE_FILE_NAME, WindowStateFile } from './window-state-file';
import type { SavedWindowState } from './window-bounds';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'socketdesk-window-state-'));
  // The file logs what it ignores; the tests check what it does.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const state = (x: number, maximized = false): SavedWindowState => ({ bounds: { x, y: 40, width: 1000, height: 700 }, maximized });

describe('WindowStateFile', () => {
  it('nothing saved yet: undefined, and nothing logged', async () => {
    expect(await new WindowStateFile(join(root, 'not-yet')).load()).toBeUndefined();
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('saves and loads back, creating the directory, with no temporary file left behind', async () => {
    const dir = join(root, 'data');
    const file = new WindowStateFile(dir);
    await file.save(state(10, true));
    expect(await new WindowStateFile(dir).load()).toEqual(state(10, true));
    expect(await readdir(dir)).toEqual([WINDOW_STATE_FILE_NAME]);
  });

  it('writes saves in call order: the last one wins', async () => {
    const file = new WindowStateFile(root);
    void file.save(state(1));
    void file.save(state(2));
    void file.save(state(3));
    await file.idle();
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toMatchObject({ bounds: { x: 3 } });
  });

  it.each([
    ['not JSON', '{"version": 1, "bounds": '],
    ['JSON of another shape', '{"width": 1100}'],
    ['a state of another version', JSON.stringify({ version: 9, bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false })],
  ])('ignores a file that is %s (the default size applies) and logs it', async (_what, text) => {
    const file = new WindowStateFile(root);
    await writeFile(file.path, text);
    expect(await file.load()).toBeUndefined();
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('not a window state file'));
  });

  it('ignores a file far too large to be one, without reading it', async () => {
    const file = new WindowStateFile(root);
    await writeFile(file.path, ' '.repeat(100_000));
    expect(await file.load()).toBeUndefined();
  });

  it('answers at once when a FIFO sits at the path (open would wait for a writer forever)', async () => {
    const file = new WindowStateFile(root);
    execFileSync('mkfifo', [file.path]);
    try {
      expect(await within(file.load(), 3_000, 'the load of a FIFO')).toBeUndefined();
    } finally {
      await releaseFifoReaders(file.path);
    }
  });

  it('a save that cannot be written is logged and resolves (a directory sits at the path)', async () => {
    const file = new WindowStateFile(root);
    await mkdir(file.path);
    await expect(file.save(state(5))).resolves.toBeUndefined();
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('cannot save the window state'));
    // No temporary file left behind.
    expect(await readdir(root)).toEqual([WINDOW_STATE_FILE_NAME]);
  });

  it('a load that does not answer in time gives undefined, so the window still opens', async () => {
    vi.useFakeTimers();
    try {
      const file = new WindowStateFile(root, 100);
      // A read that never ends, as on a mount that stopped answering.
      vi.spyOn(file as unknown as { read(): Promise<SavedWindowState | undefined> }, 'read').mockReturnValue(new Promise(() => undefined));
      const loaded = file.load();
      await vi.advanceTimersByTimeAsync(100);
      expect(await loaded).toBeUndefined();
      expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('no answer'));
    } finally {
      vi.useRealTimers();
    }
  });
});
