import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_SETTINGS } from '../test-support/sample-settings';
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
    expect(await store.save({ ...SAMPLE_SETTINGS, localPort: '9200' })).toEqual({ ok: true, value: null });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
    expect(await new SettingsFile(dir).load()).toEqual({ ok: true, value: { ...SAMPLE_SETTINGS, localPort: '9200' } });
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE_NAME), 'utf8'))).toEqual({ ...SAMPLE_SETTINGS, localPort: '9200' });
  });

  it('keeps saves and loads in call order, so the last save wins', async () => {
    const store = new SettingsFile(root);
    const ports = Array.from({ length: 20 }, (_, i) => String(9000 + i));
    const saves = ports.map((localPort) => store.save({ ...SAMPLE_SETTINGS, localPort }));
    const loaded = store.load();
    expect((await Promise.all(saves)).every((r) => r.ok)).toBe(true);
    expect(await loaded).toMatchObject({ ok: true, value: { localPort: ports.at(-1) } });
    expect(await readdir(root)).toEqual([SETTINGS_FILE_NAME]);
  });

  it.each([
    ['not JSON', '{"version": 1, "protocol": '],
    ['empty', ''],
    ['JSON but not an object', '[1, 2, 3]'],
    ['another version', JSON.stringify({ ...SAMPLE_SETTINGS, version: 2 })],
    ['an old file without a version', JSON.stringify({ protocol: 'udp', localPort: '8080' })],
    ['a field of the wrong type', JSON.stringify({ ...SAMPLE_SETTINGS, receive: { ...SAMPLE_SETTINGS.receive, wrap: 'yes' } })],
    ['an unknown key', JSON.stringify({ ...SAMPLE_SETTINGS, theme: 'dark' })],
    ['too much history', JSON.stringify({ ...SAMPLE_SETTINGS, history: Array.from({ length: 21 }, () => ({ text: 'x', mode: 'ascii' })) })],
  ])('loads %s as null (defaults), and the next save replaces it', async (_what, content) => {
    await writeFile(join(root, SETTINGS_FILE_NAME), content);
    const store = new SettingsFile(root);
    expect(await store.load()).toEqual({ ok: true, value: null });
    expect((await store.save(SAMPLE_SETTINGS)).ok).toBe(true);
    expect(await store.load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
  });

  it('loads a file that starts with a UTF-8 byte order mark (as some Windows editors save it)', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await writeFile(join(root, SETTINGS_FILE_NAME), Buffer.concat([bom, Buffer.from(JSON.stringify(SAMPLE_SETTINGS, null, 2), 'utf8')]));
    expect(await new SettingsFile(root).load()).toEqual({ ok: true, value: SAMPLE_SETTINGS });
    expect(console.warn).not.toHaveBeenCalled();
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
      const result = await store.save({ ...SAMPLE_SETTINGS, localPort: '1' });
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
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', params: { path: expect.stringContaining('file') } } });
    if (!result.ok) expect(result.error.message).toMatch(/Cannot save settings .*(ENOTDIR|EEXIST)/);
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

  it.each(['EACCES', 'EPERM', 'EROFS'])('maps %s on save to EACCES, with the path, and cleans up', async (code) => {
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
    expect(result).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: join(root, SETTINGS_FILE_NAME) } } });
    if (!result.ok) {
      expect(result.error.message).toBe(`Cannot save settings in ${join(root, SETTINGS_FILE_NAME)}: permission denied`);
      expect(result.error.detail).toContain(code);
    }
    expect(unlinked).toHaveLength(1);
    expect(unlinked[0]).toMatch(/\.settings\.json\.\d+\.[0-9a-f]+\.tmp$/);
  });
});
