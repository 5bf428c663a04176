import type { DirectoryListing, Result } from '@shared';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { compareEntries, DirectoryLister, DIRECTORY_LIST_LIMITS, type ListingDir, type ListingFileSystem, type ListingStats } from './list-directory';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'socketdesk-list-'));
});

afterAll(async () => {
  await chmod(path.join(root, 'locked'), 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

function must(result: Result<DirectoryListing>): DirectoryListing {
  if (!result.ok) throw new Error(`listing failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Running as root ignores permissions, so "no permission to list" cannot be staged. */
const isRoot = process.getuid?.() === 0;
if (isRoot) console.log('list-directory.test: running as root, which may list any directory: the permission test is skipped');

/** A FIFO needs mkfifo(1) (POSIX); Windows has none. */
function makeFifo(at: string): boolean {
  try {
    execFileSync('mkfifo', [at]);
    return true;
  } catch {
    return false;
  }
}

describe('DirectoryLister on real directories', () => {
  let dir: string;
  let hasFifo = false;

  beforeAll(async () => {
    dir = path.join(root, 'mixed');
    await mkdir(path.join(dir, 'beta'), { recursive: true });
    await mkdir(path.join(dir, 'Alpha'));
    await writeFile(path.join(dir, 'zeta.bin'), Buffer.alloc(1234));
    await writeFile(path.join(dir, 'Data.txt'), 'hello');
    await writeFile(path.join(dir, 'empty'), '');
    await writeFile(path.join(dir, '.hidden'), 'x');
    await symlink(path.join(dir, 'zeta.bin'), path.join(dir, 'link-to-file'));
    await symlink(path.join(dir, 'beta'), path.join(dir, 'link-to-dir'));
    await symlink(path.join(dir, 'nowhere'), path.join(dir, 'broken-link'));
    hasFifo = makeFifo(path.join(dir, 'pipe'));
    if (!hasFifo) console.log('list-directory.test: mkfifo is not available here: the FIFO entry is not checked');
  });

  it('lists every entry with its kind and a file’s size: directories first, then names without regard to case', async () => {
    const listing = must(await new DirectoryLister().list(dir));
    expect(listing).toMatchObject({ path: dir, parent: root, separator: path.sep, truncated: false, roots: ['/'] });
    const expected = [
      { name: 'Alpha', kind: 'directory' },
      { name: 'beta', kind: 'directory' },
      { name: 'link-to-dir', kind: 'directory', link: true },
      { name: '.hidden', kind: 'file', size: 1 },
      { name: 'broken-link', kind: 'other', link: true },
      { name: 'Data.txt', kind: 'file', size: 5 },
      { name: 'empty', kind: 'file', size: 0 },
      { name: 'link-to-file', kind: 'file', size: 1234, link: true },
      ...(hasFifo ? [{ name: 'pipe', kind: 'other' }] : []),
      { name: 'zeta.bin', kind: 'file', size: 1234 },
    ];
    expect(listing.entries).toEqual(expected);
  });

  it('names a FIFO without opening it: the listing returns at once though no writer ever comes', async () => {
    if (!hasFifo) return;
    const started = Date.now();
    const listing = must(await new DirectoryLister({ timeoutMs: 2_000 }).list(dir));
    expect(listing.entries.find((entry) => entry.name === 'pipe')).toEqual({ name: 'pipe', kind: 'other' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('resolves ".", ".." and doubled separators, and goes up to the root, whose parent is null', async () => {
    const listing = must(await new DirectoryLister().list(`${dir}//beta/../.`));
    expect(listing.path).toBe(dir);
    const top = must(await new DirectoryLister().list('/'));
    expect(top).toMatchObject({ path: '/', parent: null });
    expect(top.entries.length).toBeGreaterThan(0);
  });

  it('starts in the user’s home directory when no path is given', async () => {
    expect(must(await new DirectoryLister().list()).path).toBe(path.resolve(homedir()));
    const elsewhere = new DirectoryLister({ homedir: () => dir });
    expect(must(await elsewhere.list()).path).toBe(dir);
  });

  it('says "not found", "not a folder" with the path, and refuses a relative path', async () => {
    const missing = path.join(root, 'no-such-folder');
    expect(await new DirectoryLister().list(missing)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { path: missing, reason: 'listDirectory' } },
    });
    const file = path.join(dir, 'Data.txt');
    expect(await new DirectoryLister().list(file)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: file, reason: 'notDirectory' } } });
    expect(await new DirectoryLister().list('relative/dir')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'absolutePath' } } });
  });

  it.skipIf(isRoot)('says "no permission to list" for a directory it may not read', async () => {
    const locked = path.join(root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o000);
    expect(await new DirectoryLister().list(locked)).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: locked, reason: 'listDirectory' } } });
  });

  it('returns at most maxEntries entries of a big directory, and says it is truncated', async () => {
    const big = path.join(root, 'big');
    await mkdir(big);
    await Promise.all(Array.from({ length: 30 }, (_, i) => writeFile(path.join(big, `f${String(i).padStart(2, '0')}`), '')));
    const cut = must(await new DirectoryLister({ maxEntries: 10 }).list(big));
    expect(cut.entries).toHaveLength(10);
    expect(cut.truncated).toBe(true);
    const exact = must(await new DirectoryLister({ maxEntries: 30 }).list(big));
    expect(exact.entries).toHaveLength(30);
    expect(exact.truncated).toBe(false);
    expect(DIRECTORY_LIST_LIMITS.maxEntries).toBe(5_000);
  });

  it('is what the engine answers to system.listDirectory, and the engine refuses pickPath (no native dialog)', async () => {
    const engine = new Engine(() => undefined);
    try {
      expect(must(await engine.handle('system.listDirectory', { path: dir })).entries.map((entry) => entry.name)).toContain('zeta.bin');
      expect(await engine.handle('system.pickPath', { purpose: 'capture' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'noNativeDialog' } } });
    } finally {
      await engine.dispose();
    }
  });
});

describe('compareEntries', () => {
  it('puts directories first and orders names case-insensitively, with a fixed order for names equal but for case', () => {
    const names = ['b', 'B', 'a', 'C', '_x', '10', '9'];
    const sorted = names.map((name) => ({ name, kind: 'file' as const })).sort(compareEntries);
    expect(sorted.map((entry) => entry.name)).toEqual(['10', '9', '_x', 'a', 'B', 'b', 'C']);
    expect([{ name: 'z', kind: 'directory' as const }, { name: 'a', kind: 'other' as const }].sort(compareEntries).map((e) => e.name)).toEqual(['z', 'a']);
  });
});

/** A file system whose calls can be made to hang (a dead network mount), to check the time limit. */
function stubFs(options: { readonly hangOpen?: boolean; readonly hangStat?: (at: string) => boolean; readonly names?: readonly string[] }): ListingFileSystem & { release(): void; readonly closed: number } {
  const waiting: Array<() => void> = [];
  let closed = 0;
  const hang = <T,>(value: T): Promise<T> => new Promise((resolve) => waiting.push(() => resolve(value)));
  const fileStats: ListingStats = { size: 7, isDirectory: () => false, isFile: () => true };
  const dirent = (name: string) => ({ name, isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false });
  const dir = (): ListingDir => {
    const names = [...(options.names ?? [])];
    return {
      read: async () => {
        const name = names.shift();
        return name === undefined ? null : dirent(name);
      },
      close: async () => {
        closed++;
      },
    };
  };
  return {
    opendir: () => (options.hangOpen ? hang(dir()) : Promise.resolve(dir())),
    stat: (at) => (options.hangStat?.(at) ? hang(fileStats) : Promise.resolve(fileStats)),
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
    get closed() {
      return closed;
    },
  };
}

describe('DirectoryLister time limit (a file system that stops answering)', () => {
  it('answers ETIMEDOUT naming the path when the directory does not open in time, and closes it when it finally does', async () => {
    const fs = stubFs({ hangOpen: true, names: ['a'] });
    const lister = new DirectoryLister({ fs, timeoutMs: 50 });
    const started = Date.now();
    expect(await lister.list('/mnt/dead')).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', params: { path: '/mnt/dead', ms: 50 } } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(lister.stuck).toBe(1);
    fs.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lister.stuck).toBe(0);
    expect(fs.closed).toBe(1);
  });

  it('refuses new listings at once while too many calls of earlier ones still hang, and lists again once they return', async () => {
    const fs = stubFs({ hangOpen: true });
    const lister = new DirectoryLister({ fs, timeoutMs: 200 });
    for (let i = 0; i < DIRECTORY_LIST_LIMITS.maxStuckCalls; i++) expect((await lister.list('/mnt/dead')).ok).toBe(false);
    expect(lister.stuck).toBe(DIRECTORY_LIST_LIMITS.maxStuckCalls);
    const started = Date.now();
    expect(await lister.list('/home')).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', params: { path: '/home', reason: 'listingBusy' } } });
    expect(Date.now() - started).toBeLessThan(100);
    fs.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lister.stuck).toBe(0);
  });

  it('answers with the entries it has when stats hang: the files whose size did not come are listed without one', async () => {
    const fs = stubFs({ names: ['fast', 'slow'], hangStat: (at) => at.endsWith('slow') });
    const lister = new DirectoryLister({ fs, timeoutMs: 50 });
    const listing = must(await lister.list('/mnt/half'));
    expect(listing.entries).toEqual([
      { name: 'fast', kind: 'file', size: 7 },
      { name: 'slow', kind: 'file' },
    ]);
    expect(lister.stuck).toBe(1);
    fs.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lister.stuck).toBe(0);
    // What was answered does not change when the late stat comes back.
    expect(listing.entries[1]).toEqual({ name: 'slow', kind: 'file' });
  });
});

describe('DirectoryLister with Windows paths', () => {
  const drives = new Set(['C:\\', 'D:\\']);
  const windowsFs: ListingFileSystem = {
    opendir: async () => ({ read: async () => null, close: async () => undefined }),
    stat: async (at) => {
      if (!drives.has(at)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return { size: 0, isDirectory: () => true, isFile: () => false };
    },
  };

  it('gives the drives that exist as roots, a drive’s parent as null, and joins with backslashes', async () => {
    const lister = new DirectoryLister({ fs: windowsFs, path: path.win32 });
    expect(must(await lister.list('C:\\Users\\me\\..'))).toMatchObject({ path: 'C:\\Users', parent: 'C:\\', separator: '\\', roots: ['C:\\', 'D:\\'] });
    expect(must(await lister.list('D:/'))).toMatchObject({ path: 'D:\\', parent: null });
    expect(must(await lister.list('\\\\server\\share\\logs'))).toMatchObject({ path: '\\\\server\\share\\logs', parent: '\\\\server\\share\\' });
    expect(must(await lister.list('\\\\server\\share\\'))).toMatchObject({ parent: null });
  });
});
