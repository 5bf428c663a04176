import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseFifoReaders } from '../test-support/fifo';
import { SAMPLE_SETTINGS, SAMPLE_SETTINGS_V1, sampleWithLocalPort } from '../test-support/sample-settings';
import { within } from '../test-support/wait-for';
import { SETTINGS_FILE_NAME, SettingsFile } from './settings-file';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'socketdesk-settings-'));
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await chmod(root, 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Running as root ignores file permissions, so "permission denied" cannot be staged. */
const isRoot = process.getuid?.() === 0;

describe('SettingsFile', () => {
  it('loads null when nothing was saved, and does not create the directory just to read', async () => {
    const dir = join(root, 'never-saved');
    expect(await new SettingsFile(dir).load()).toEqual({ ok: true, value: null });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('round-trips, creating missing directories, and leaves only the settings file behind', async () => {
    const dir = join(root, 'a', 'b', 'socketdesk');
    const store = new SettingsFile(dir);
    expect(await store.save(SAMPLE_SETTINGS)).toEqual({ ok: true, value: null });
    expect(await store.save(sampleWithLocalPort('9200'))).toEqual({ ok: true, value: null });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
    expect(await new SettingsFile(dir).load()).toEqual({ ok: true, value: sampleWithLocalPort('9200') });
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE_NAME), 'utf8'))).toEqual(sampleWithLocalPort('9200'));
  });

  it('keeps saves and loads in call order, so the last save wins', async () => {
    const store = new SettingsFile(root);
    const ports = Array.from({ length: 20 }, (_, i) => String(9000 + i));
    const saves = ports.map((localPort) => store.save(sampleWithLocalPort(localPort)));
    const loaded = store.load();
    expect((await Promise.all(saves)).every((r) => r.ok)).toBe(true);
    expect(await loaded).toMatchObject({ ok: true, value: { tabs: [{ localPort: ports.at(-1) }, {}] } });
    expect(await readdir(root)).toEqual([SETTINGS_FILE_NAME]);
  });

  it.each([
    ['not JSON', '{"version": 1, "protocol": '],
    ['empty', ''],
    ['JSON but not an object', '[1, 2, 3]'],
    ['another version', JSON.stringify({ ...SAMPLE_SETTINGS, version: 3 })],
    ['an old file without a version', JSON.stringify({ protocol: 'udp', localPort: '8080' })],
    ['a field of the wrong type', JSON.stringify({ ...SAMPLE_SETTINGS, tabs: [{ ...SAMPLE_SETTINGS.tabs[0], receive: { ...SAMPLE_SETTINGS.tabs[0]!.receive, wrap: 'yes' } }] })],
    ['two tabs with one id', JSON.stringify({ ...SAMPLE_SETTINGS, tabs: [SAMPLE_SETTINGS.tabs[0], SAMPLE_SETTINGS.tabs[0]] })],
    ['no tab', JSON.stringify({ ...SAMPLE_SETTINGS, tabs: [] })],
    ['a version-1 file with an unknown key', JSON.stringify({ ...SAMPLE_SETTINGS_V1, theme: 'dark' })],
    ['an unknown key', JSON.stringify({ ...SAMPLE_SETTINGS, colour: 'dark' })],
    ['too much history', JSON.stringify({ ...SAMPLE_SETTINGS, history: Array.from({ length: 21 }, () => ({ text: 'x', mode: 'ascii' })) })],
  ])('loads %s as null (defaults), and the next save replaces it', async (_what, content) => {
    await writeFile(join(root, SETTINGS_FILE_NAME), content);
    const store = new SettingsFile(root);
    expect(await store.load()).toEqual({ ok: true, value: null });
    expect((await store.save(SAMPLE_SETTINGS)).ok).toBe(true);
    expect(await store.load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
  });

  it('migrates a version-1 file to a one-tab workspace, every field carried over, and leaves the file as it was until a save', async () => {
    const v1Text = JSON.stringify(SAMPLE_SETTINGS_V1, null, 2);
    await writeFile(join(root, SETTINGS_FILE_NAME), v1Text);
    const { version: _version, history, language, ...form } = SAMPLE_SETTINGS_V1;
    expect(await new SettingsFile(root).load()).toEqual({
      ok: true,
      value: {
        version: 2,
        tabs: [{ id: 'tab-1', title: '', openAtStart: false, ...form }],
        activeTabId: 'tab-1',
        history: history.map((item) => ({ ...item, escapes: false, appendCrlf: false })),
        language,
      },
    });
    expect(await readFile(join(root, SETTINGS_FILE_NAME), 'utf8')).toBe(v1Text);
  });

  it('loads a file that starts with a UTF-8 byte order mark (as some Windows editors save it)', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await writeFile(join(root, SETTINGS_FILE_NAME), Buffer.concat([bom, Buffer.from(JSON.stringify(SAMPLE_SETTINGS, null, 2), 'utf8')]));
    expect(await new SettingsFile(root).load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
    expect(console.warn).not.toHaveBeenCalled();
  });

  // Found by the property test of settingsFromText: zod's safeParse threw on this (valid JSON), and the load failed
  // with INTERNAL instead of falling back to the defaults like any other file that is not ours.
  it('loads defaults from a hand-edited file whose list has a `length` that cannot be compared', async () => {
    await writeFile(join(root, SETTINGS_FILE_NAME), '{"version": 2, "tabs": {"length": {"toString": 1}}, "history": [], "language": null, "activeTabId": null}');
    expect(await new SettingsFile(root).load()).toEqual({ ok: true, value: null });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('is not a SocketDesk settings file'));
  });

  it('answers a load at once when the settings path is a FIFO (open would wait for a writer forever), and the save after it too', async () => {
    const fifo = join(root, SETTINGS_FILE_NAME);
    execFileSync('mkfifo', [fifo]);
    try {
      const store = new SettingsFile(root);
      const loaded = within(store.load(), 3_000, 'the load of a FIFO');
      // Queued behind the load: it used to wait as long as the load did, i.e. forever.
      const saved = within(store.save(SAMPLE_SETTINGS), 3_000, 'the save queued behind it');
      const result = await loaded;
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: fifo, reason: 'notRegularFile' } } });
      if (!result.ok) expect(result.error.message).toBe(`Cannot read settings in ${fifo}: not a regular file`);
      expect(await saved).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    } finally {
      await releaseFifoReaders(fifo);
    }
  });

  it('refuses to save over a FIFO at the settings path, at once, and leaves it there', async () => {
    const fifo = join(root, SETTINGS_FILE_NAME);
    execFileSync('mkfifo', [fifo]);
    try {
      const result = await within(new SettingsFile(root).save(SAMPLE_SETTINGS), 3_000, 'the save over a FIFO');
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: fifo, reason: 'notRegularFile' } } });
      expect((await lstat(fifo)).isFIFO()).toBe(true);
      expect(await readdir(root)).toEqual([SETTINGS_FILE_NAME]);
    } finally {
      await releaseFifoReaders(fifo);
    }
  });

  it('refuses a directory at the settings path on load', async () => {
    await mkdir(join(root, SETTINGS_FILE_NAME));
    expect(await new SettingsFile(root).load()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'notRegularFile' } } });
  });

  it('refuses to write settings that do not match the schema', async () => {
    const bad = { ...SAMPLE_SETTINGS, protocol: 'sctp' } as unknown as typeof SAMPLE_SETTINGS;
    expect(await new SettingsFile(root).save(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await readdir(root)).toEqual([]);
  });

  it.skipIf(isRoot)('reports an unwritable directory as EACCES with its path, and leaves no temporary file', async () => {
    const dir = join(root, 'locked');
    await mkdir(dir);
    const store = new SettingsFile(dir);
    expect((await store.save(SAMPLE_SETTINGS)).ok).toBe(true);
    await chmod(dir, 0o500);
    try {
      const result = await store.save(sampleWithLocalPort('1'));
      expect(result).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: join(dir, SETTINGS_FILE_NAME) } } });
      if (!result.ok) expect(result.error.message).toMatch(/Cannot save settings .*permission denied/);
      expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
      // The old file is intact.
      expect(await store.load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
    } finally {
      await chmod(dir, 0o700);
    }
  });

  it('reports a directory path that is a file as an error value, not a throw', async () => {
    const notADir = join(root, 'file');
    await writeFile(notADir, 'x');
    const result = await new SettingsFile(join(notADir, 'socketdesk')).save(SAMPLE_SETTINGS);
    // ENOTDIR on Linux (the renderer says "part of the path is not a directory"); some systems say EEXIST.
    expect(result).toMatchObject({ ok: false, error: { params: { path: expect.stringContaining('file') } } });
    if (!result.ok) expect(result.error.message).toMatch(/^Cannot save settings .*: (a part of the path is not a directory|EEXIST)$/);
  });

  it.skipIf(isRoot)('reports an unreadable settings file as EACCES on load', async () => {
    await new SettingsFile(root).save(SAMPLE_SETTINGS);
    await chmod(join(root, SETTINGS_FILE_NAME), 0o000);
    expect(await new SettingsFile(root).load()).toMatchObject({ ok: false, error: { code: 'EACCES' } });
  });
});

describe('SettingsFile, with the OS refusing (simulated: works as root too)', () => {
  afterEach(() => {
    vi.doUnmock('node:fs/promises');
    vi.resetModules();
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EROFS', 'read-only file system'],
  ])('maps %s on save to EACCES, with the path and the OS reason, and cleans up', async (code, why) => {
    vi.resetModules();
    const unlinked: string[] = [];
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:fs/promises')>();
      return {
        ...real,
        open: async () => {
          throw Object.assign(new Error(`${code}: operation refused, open`), { code });
        },
        unlink: async (path: string) => void unlinked.push(path),
      };
    });
    const { SettingsFile: Mocked } = await import('./settings-file');
    const result = await new Mocked(root).save(SAMPLE_SETTINGS);
    expect(result).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: join(root, SETTINGS_FILE_NAME), reason: code } } });
    if (!result.ok) {
      expect(result.error.message).toBe(`Cannot save settings in ${join(root, SETTINGS_FILE_NAME)}: ${why}`);
      expect(result.error.detail).toContain(code);
    }
    expect(unlinked).toHaveLength(1);
    expect(unlinked[0]).toMatch(/\.settings\.json\.\d+\.[0-9a-f]+\.tmp$/);
  });
});

describe('SettingsFile on a file system that stops answering (simulated mount, real blocked open)', () => {
  afterEach(() => {
    vi.doUnmock('node:fs/promises');
    vi.resetModules();
  });

  it('gives up on a load after its time limit with ETIMEDOUT, and the next save still runs', async () => {
    const settingsPath = join(root, SETTINGS_FILE_NAME);
    const hung = join(root, 'hung-mount');
    execFileSync('mkfifo', [hung]);
    vi.resetModules();
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:fs/promises')>();
      // A hung network mount in miniature: opening a FIFO for reading, without O_NONBLOCK, blocks a libuv worker
      // in open(2) until a writer comes. Only the settings file itself is redirected there.
      const redirect = (path: unknown) => path === settingsPath;
      return {
        ...real,
        open: (path: string, flags?: string | number, mode?: number) => (redirect(path) ? real.open(hung, 'r') : real.open(path, flags, mode)),
        readFile: (path: string, options?: BufferEncoding) => (redirect(path) ? real.readFile(hung, options) : real.readFile(path, options)),
      };
    });
    const { SettingsFile: Mocked } = await import('./settings-file');
    try {
      const store = new Mocked(root, { timeoutMs: 200 });
      const started = Date.now();
      const result = await within(store.load(), 3_000, 'the load from the hung file');
      expect(result).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', params: { path: settingsPath } } });
      expect(Date.now() - started).toBeLessThan(2_000);
      if (!result.ok) expect(result.error.message).toBe(`Cannot read settings in ${settingsPath}: no answer within 0.2 s`);
      expect(await within(store.save(SAMPLE_SETTINGS), 3_000, 'the save after the timed-out load')).toEqual({ ok: true, value: null });
    } finally {
      await releaseFifoReaders(hung);
    }
  });
});

/**
 * A full disk, a read-only file system and an immutable directory, for real: tmpfs mounts in a private mount
 * namespace (`unshare -m`, needs root or CAP_SYS_ADMIN), held open by a sleeping child and reached from this
 * process through /proc/<child>/root. Nothing is mounted in this process's own namespace, and the mounts vanish
 * with the child.
 */
const canMount = ((): boolean => {
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
})();
if (!canMount) console.warn('settings-file: real ENOSPC/EROFS/EPERM tests skipped (unshare -m + mount not permitted here)');

describe.skipIf(!canMount)('SettingsFile on a disk that refuses (real mounts in a private mount namespace)', () => {
  let base: string;
  let holder: ChildProcess;
  /** `path` inside base, as seen through the namespace holding the mounts. */
  const seen = (path: string): string => `/proc/${holder.pid}/root${join(base, path)}`;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'socketdesk-settings-mounts-'));
    await Promise.all(['full', 'ro', 'perm'].map((name) => mkdir(join(base, name))));
    const script = [
      'set -e',
      `mount -t tmpfs -o size=64k,mode=700 tmpfs '${base}/full'`,
      `mount -t tmpfs -o ro,mode=700 tmpfs '${base}/ro'`,
      `mount -t tmpfs -o mode=700 tmpfs '${base}/perm'`,
      `mkdir '${base}/perm/locked'`,
      `chattr +i '${base}/perm/locked'`,
      'echo ready',
      'exec sleep 600',
    ].join('\n');
    holder = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('mount namespace not ready within 5 s')), 5_000);
      holder.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      holder.once('exit', (code) => reject(new Error(`mount namespace helper exited with ${code}`)));
    });
  });

  afterAll(async () => {
    if (holder?.pid !== undefined && holder.exitCode === null) holder.kill('SIGKILL');
    await rm(base, { recursive: true, force: true });
  });

  it('says "disk full" with reason ENOSPC, keeps the old file, and leaves no temporary file', async () => {
    const dir = seen('full');
    const store = new SettingsFile(dir);
    expect((await store.save(SAMPLE_SETTINGS)).ok).toBe(true);
    // Fill what is left of the 64 KiB: the write stops at ENOSPC with the disk full.
    await expect(writeFile(join(dir, 'filler'), Buffer.alloc(1 << 20))).rejects.toMatchObject({ code: 'ENOSPC' });
    const path = join(dir, SETTINGS_FILE_NAME);
    const result = await store.save(sampleWithLocalPort('1'));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', params: { path, reason: 'ENOSPC' } } });
    if (!result.ok) {
      expect(result.error.message).toBe(`Cannot save settings in ${path}: disk full`);
      expect(result.error.detail).toContain('ENOSPC');
    }
    expect((await readdir(dir)).sort()).toEqual(['filler', SETTINGS_FILE_NAME]);
    expect(await store.load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
  });

  it('says "read-only file system" with reason EROFS', async () => {
    const path = join(seen('ro'), SETTINGS_FILE_NAME);
    const result = await new SettingsFile(seen('ro')).save(SAMPLE_SETTINGS);
    expect(result).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path, reason: 'EROFS' } } });
    if (!result.ok) expect(result.error.message).toBe(`Cannot save settings in ${path}: read-only file system`);
  });

  it('says "operation not permitted" with reason EPERM for an immutable directory (refused even to root)', async () => {
    const dir = seen('perm/locked');
    const path = join(dir, SETTINGS_FILE_NAME);
    const result = await new SettingsFile(dir).save(SAMPLE_SETTINGS);
    expect(result).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path, reason: 'EPERM' } } });
    if (!result.ok) expect(result.error.message).toBe(`Cannot save settings in ${path}: operation not permitted`);
  });
});
