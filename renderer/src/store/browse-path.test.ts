import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, DirectoryListing } from '@shared/contract/commands';
import { fail, ok, type Result } from '@shared/contract/errors';
import { localizeError } from '../i18n/localize-error';
import { DEFAULT_LOG_CAPACITY, LogBudget, LogStore } from '../log/log-store';
import { fileNameProblem, joinHostPath, splitHostPath } from './host-path';
import { createPathDialogStore, defaultCaptureName, pathDialogStore, UP_ROW, visibleRows, type PathDialogStore } from './path-dialog-store';
import { pickHostPath } from './pick-host-path';
import { createTabStore } from './tab-store';
import { fakeTransport, type Answer } from './test-support/fake-transport';

describe('host paths in the page', () => {
  it.each([
    ['/tmp/a.bin', '/tmp', 'a.bin'],
    ['/a.bin', '/', 'a.bin'],
    ['/tmp/', '/tmp', ''],
    ['/tmp//x', '/tmp', 'x'],
    ['/', null, ''],
    ['C:\\Users\\me\\a.bin', 'C:\\Users\\me', 'a.bin'],
    ['C:/data/a.bin', 'C:/data', 'a.bin'],
    ['C:\\a.bin', 'C:\\', 'a.bin'],
    ['C:\\', null, ''],
    ['\\\\server\\share\\logs\\a.bin', '\\\\server\\share\\logs', 'a.bin'],
    ['\\\\server\\share\\a.bin', '\\\\server\\share\\', 'a.bin'],
    ['\\\\server\\share', null, ''],
    // A UNC path with no share after its server is not a folder yet: "\\C" is no directory to split off (found by
    // host-path.property.test.ts: "\\C\\ " split into "\\C" and " ", which joined back to the root "\\C\ ").
    ['\\\\C\\\\ ', null, ''],
    ['\\\\server', null, ''],
    // A backslash is a character of a POSIX name, not a separator.
    ['/tmp/a\\b', '/tmp', 'a\\b'],
  ])('split %j into folder %j and name %j', (path, dir, name) => {
    expect(splitHostPath(path)).toEqual({ dir, name });
  });

  it('join a name to a folder with the host’s separator, roots included', () => {
    expect(joinHostPath('/', 'a', '/')).toBe('/a');
    expect(joinHostPath('/tmp', 'a', '/')).toBe('/tmp/a');
    expect(joinHostPath('C:\\', 'a', '\\')).toBe('C:\\a');
    expect(joinHostPath('C:\\data', 'a', '\\')).toBe('C:\\data\\a');
    expect(joinHostPath('\\\\server\\share\\', 'a', '\\')).toBe('\\\\server\\share\\a');
  });

  it('say what is wrong with a file name', () => {
    expect(fileNameProblem('cap.bin', '/')).toBeNull();
    expect(fileNameProblem('a\\b:c', '/')).toBeNull();
    expect(fileNameProblem('', '/')).toBe('empty');
    expect(fileNameProblem('..', '/')).toBe('dots');
    expect(fileNameProblem('a/b', '/')).toBe('separator');
    expect(fileNameProblem('a\\b', '\\')).toBe('separator');
    expect(fileNameProblem('a:b', '\\')).toBe('invalidChar');
    expect(fileNameProblem('a\0b', '/')).toBe('invalidChar');
  });
});

const file = (name: string, size = 1): DirectoryEntry => ({ name, kind: 'file', size });
const folder = (name: string): DirectoryEntry => ({ name, kind: 'directory' });

/** A host file system of a few folders, as the engine would list it. */
const TREE: Readonly<Record<string, readonly DirectoryEntry[]>> = {
  '/': [folder('home'), folder('tmp')],
  '/home': [folder('me')],
  '/home/me': [folder('logs'), folder('.config'), file('.profile'), file('data.bin', 42), file('notes.txt', 5), { name: 'pipe', kind: 'other' }],
  '/home/me/logs': [file('old.cap')],
  '/tmp': [],
};

function listingOf(path: string): Result<DirectoryListing> {
  const entries = TREE[path];
  if (entries) {
    const parent = path === '/' ? null : path.slice(0, path.lastIndexOf('/')) || '/';
    return ok({ path, parent, separator: '/', entries, truncated: false, roots: ['/'] });
  }
  const { dir, name } = splitHostPath(path);
  if (dir !== null && TREE[dir]?.some((entry) => entry.name === name && entry.kind !== 'directory')) {
    return fail('INVALID_ARGUMENT', `${path} is not a folder`, { path, field: 'path', reason: 'notDirectory' });
  }
  return fail('NOT_FOUND', `Folder not found: ${path}`, { path, reason: 'listDirectory' });
}

const listAnswer: Answer = (args) => listingOf(typeof args.path === 'string' ? args.path : '/home/me');

function dialogSetup() {
  const fake = fakeTransport({ 'system.listDirectory': listAnswer });
  const dialog = createPathDialogStore(() => new Date(2025, 0, 2, 15, 4, 5));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { ...fake, dialog, settle, s: () => dialog.getState() };
}

describe('the page’s folder browser (in-page dialog store)', () => {
  it('opens at the folder of the path in the field with its file highlighted, and answers the file chosen', async () => {
    const { dialog, transport, settle, s, calls } = dialogSetup();
    const answer = s().open(transport, { purpose: 'sendFile', defaultPath: '/home/me/notes.txt' });
    await settle();
    expect(calls).toEqual([{ name: 'system.listDirectory', args: { path: '/home/me' } }]);
    expect(s()).toMatchObject({ purpose: 'sendFile', pathInput: '/home/me', activeName: 'notes.txt', isLoading: false, error: null });
    // Hidden entries are left out until asked for; ".." comes first.
    expect(visibleRows(s()).map((row) => (row === UP_ROW ? row : row.name))).toEqual(['..', 'logs', 'data.bin', 'notes.txt', 'pipe']);
    s().setShowHidden(true);
    expect(visibleRows(s())).toHaveLength(7);
    await s().confirm();
    expect(await answer).toEqual({ ok: true, value: { path: '/home/me/notes.txt' } });
    expect(s().purpose).toBeNull();
    expect(dialog.getState().showHidden).toBe(true);
  });

  it('goes into folders and up again (the folder it came from highlighted), and a double click on a file chooses it', async () => {
    const { transport, settle, s } = dialogSetup();
    const answer = s().open(transport, { purpose: 'sendFile' });
    await settle();
    expect(s().listing?.path).toBe('/home/me');
    await s().openRow('logs');
    expect(s()).toMatchObject({ pathInput: '/home/me/logs', activeName: null });
    await s().goUp();
    expect(s()).toMatchObject({ pathInput: '/home/me', activeName: 'logs' });
    await s().openRow(UP_ROW);
    expect(s()).toMatchObject({ pathInput: '/home', activeName: 'me' });
    await s().openRow('me');
    await s().openRow('data.bin');
    expect(await answer).toEqual({ ok: true, value: { path: '/home/me/data.bin' } });
  });

  it('send file: OK wants a file — a folder highlighted is opened, nothing or a FIFO is a problem, not an answer', async () => {
    const { transport, settle, s } = dialogSetup();
    void s().open(transport, { purpose: 'sendFile' });
    await settle();
    await s().confirm();
    expect(s().problem).toBe('chooseFile');
    s().setActive('pipe');
    await s().confirm();
    expect(s()).toMatchObject({ problem: 'notRegular', purpose: 'sendFile' });
    s().setActive('logs');
    await s().confirm();
    expect(s().pathInput).toBe('/home/me/logs');
    s().cancel();
  });

  it('capture: a file name to save as in the folder shown (offered when the field has none), checked before OK', async () => {
    const { transport, settle, s } = dialogSetup();
    const answer = s().open(transport, { purpose: 'capture' });
    await settle();
    expect(s().fileName).toBe(defaultCaptureName(new Date(2025, 0, 2, 15, 4, 5)));
    expect(s().fileName).toBe('capture-20250102-150405.bin');
    s().setFileName('a/b');
    await s().confirm();
    expect(s().problem).toBe('separator');
    s().setFileName('pipe');
    await s().confirm();
    expect(s().problem).toBe('notRegular');
    // A folder's name goes into that folder and offers the default name again.
    s().setFileName('logs');
    await s().confirm();
    expect(s()).toMatchObject({ pathInput: '/home/me/logs', fileName: 'capture-20250102-150405.bin' });
    // Highlighting a file takes its name (an existing file is replaced: the dialog says so).
    s().setActive('old.cap');
    expect(s().fileName).toBe('old.cap');
    s().setFileName(' rx.bin ');
    await s().confirm();
    expect(await answer).toEqual({ ok: true, value: { path: '/home/me/logs/rx.bin' } });
  });

  it('the folder field takes a folder, a file’s path (its folder, the file chosen) or, for a capture, a new file in a folder', async () => {
    const { transport, settle, s } = dialogSetup();
    void s().open(transport, { purpose: 'capture', defaultPath: '/tmp/new.bin' });
    await settle();
    expect(s()).toMatchObject({ pathInput: '/tmp', fileName: 'new.bin' });
    s().setPathInput('/home/me/logs/fresh.cap');
    await s().submitPathInput();
    expect(s()).toMatchObject({ pathInput: '/home/me/logs', fileName: 'fresh.cap', error: null });
    s().setPathInput('/home/me/notes.txt');
    await s().submitPathInput();
    expect(s()).toMatchObject({ pathInput: '/home/me', fileName: 'notes.txt', activeName: 'notes.txt' });
    s().setPathInput('relative/dir');
    await s().submitPathInput();
    expect(s().error).toMatchObject({ code: 'INVALID_ARGUMENT', params: { reason: 'absolutePath' } });
    s().setPathInput('/nowhere/at/all');
    await s().submitPathInput();
    expect(s().error).toMatchObject({ code: 'NOT_FOUND', params: { path: '/nowhere/at/all' } });
    // The folder shown stays.
    expect(s().listing?.path).toBe('/home/me');
    expect(localizeError(s().error!, 'en')).toBe('Folder not found: /nowhere/at/all');
    expect(localizeError(s().error!, 'zh-CN')).toBe('找不到文件夹：/nowhere/at/all');
    s().cancel();
  });

  it('starts at home, saying why, when the field’s folder is gone; Cancel and a second opening answer null', async () => {
    const { transport, settle, s } = dialogSetup();
    const first = s().open(transport, { purpose: 'sendFile', defaultPath: '/gone/x.bin' });
    await settle();
    expect(s()).toMatchObject({ pathInput: '/home/me', error: { code: 'NOT_FOUND', params: { path: '/gone' } } });
    const second = s().open(transport, { purpose: 'capture' });
    expect(await first).toEqual({ ok: true, value: { path: null } });
    await settle();
    s().cancel();
    expect(await second).toEqual({ ok: true, value: { path: null } });
    expect(s().purpose).toBeNull();
  });

  it('drops a listing that answers after the user moved on', async () => {
    let release: () => void = () => undefined;
    const fake = fakeTransport({
      'system.listDirectory': (args) =>
        args.path === '/tmp' ? new Promise<Result<DirectoryListing>>((resolve) => (release = () => resolve(listingOf('/tmp')))) : listAnswer(args),
    });
    const dialog: PathDialogStore = createPathDialogStore();
    const answer = dialog.getState().open(fake.transport, { purpose: 'sendFile' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const slow = dialog.getState().navigate('/tmp');
    await dialog.getState().navigate('/home');
    release();
    await slow;
    expect(dialog.getState().pathInput).toBe('/home');
    dialog.getState().cancel();
    await answer;
  });
});

function tabWith(pathPicker: 'native' | 'in-page', answers: Parameters<typeof fakeTransport>[0]) {
  const fake = fakeTransport(answers);
  const transport = { ...fake.transport, pathPicker };
  const store = createTabStore({
    tabId: 'tab-1',
    transport,
    log: new LogStore(DEFAULT_LOG_CAPACITY, (callback) => callback(), new LogBudget()),
    workspace: { remember: () => undefined, claimSession: () => undefined },
  });
  return { ...fake, transport, store };
}

describe('Browse… in the tab store', () => {
  it('Electron: asks the host’s dialog with the field’s path, fills the field with the choice, keeps it on cancel', async () => {
    const picks: Array<string | null> = ['/home/me/cap.bin', null];
    const { store, calls } = tabWith('native', { 'system.pickPath': () => ok({ path: picks.shift() ?? null }) });
    store.getState().setCapturePath('/tmp/old.bin');
    await store.getState().browseCapturePath();
    expect(calls).toEqual([{ name: 'system.pickPath', args: { purpose: 'capture', defaultPath: '/tmp/old.bin' } }]);
    expect(store.getState().capturePath).toBe('/home/me/cap.bin');
    await store.getState().browseCapturePath();
    expect(store.getState().capturePath).toBe('/home/me/cap.bin');
  });

  it('Electron: a half-typed field is not sent as the start; an error of the host shows under the field', async () => {
    const { store, calls } = tabWith('native', { 'system.pickPath': () => fail('INTERNAL', 'IPC call system.pickPath failed') });
    store.getState().setSendFilePath('data.bin');
    await store.getState().browseSendFilePath();
    expect(calls[0]?.args).toEqual({ purpose: 'sendFile' });
    expect(store.getState().sendFilePath).toBe('data.bin');
    expect(store.getState().fieldErrors.sendFilePath).toMatchObject({ code: 'INTERNAL' });
  });

  it('browser host: opens the page’s folder browser, and the file chosen there fills the field and clears its old error', async () => {
    const { store, calls } = tabWith('in-page', { 'system.listDirectory': listAnswer });
    // The field's complaint about what was typed before.
    await store.getState().sendFile();
    expect(store.getState().fieldErrors.sendFilePath).toMatchObject({ params: { reason: 'pathEmpty' } });
    const browsing = store.getState().browseSendFilePath();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pathDialogStore.getState().purpose).toBe('sendFile');
    // A second click while it is open opens nothing more.
    await store.getState().browseSendFilePath();
    await pathDialogStore.getState().openRow('data.bin');
    await browsing;
    expect(store.getState().sendFilePath).toBe('/home/me/data.bin');
    expect(store.getState().fieldErrors.sendFilePath).toBeUndefined();
    expect(calls.map((call) => call.name)).toEqual(['system.listDirectory']);
  });

  it('does not change a capture path that is fixed (box checked) or a file being sent', async () => {
    const { store, calls } = tabWith('native', { 'system.pickPath': () => ok({ path: '/x.bin' }) });
    store.getState().setCapturePath('/tmp/cap.bin');
    await store.getState().setCaptureEnabled(true);
    await store.getState().browseCapturePath();
    expect(calls.filter((call) => call.name === 'system.pickPath')).toEqual([]);
    expect(store.getState().capturePath).toBe('/tmp/cap.bin');
  });

  it('pickHostPath leaves the choice of dialog to the transport', async () => {
    const native = fakeTransport({ 'system.pickPath': () => ok({ path: '/a' }) });
    expect(await pickHostPath({ ...native.transport, pathPicker: 'native' }, { purpose: 'sendFile', defaultPath: ' /b ' })).toEqual({ ok: true, value: { path: '/a' } });
    expect(native.calls).toEqual([{ name: 'system.pickPath', args: { purpose: 'sendFile', defaultPath: '/b' } }]);
    const dialog = createPathDialogStore();
    const inPage = fakeTransport({ 'system.listDirectory': listAnswer });
    const answer = pickHostPath(inPage.transport, { purpose: 'capture' }, dialog);
    expect(dialog.getState().purpose).toBe('capture');
    dialog.getState().cancel();
    expect(await answer).toEqual({ ok: true, value: { path: null } });
  });
});

describe('sentences of the folder browser’s errors', () => {
  it.each([
    [{ code: 'NOT_FOUND', params: { path: '/x', reason: 'listDirectory' } }, '找不到文件夹：/x', 'Folder not found: /x'],
    [{ code: 'EACCES', params: { path: '/root', reason: 'listDirectory' } }, '没有权限列出文件夹 /root 的内容', 'No permission to list the folder /root'],
    [{ code: 'INVALID_ARGUMENT', params: { path: '/etc/hosts', field: 'path', reason: 'notDirectory' } }, '/etc/hosts 不是文件夹', '/etc/hosts is not a folder'],
    [{ code: 'ETIMEDOUT', params: { path: '/mnt/nfs', ms: 5000 } }, '/mnt/nfs 在 5 秒内没有响应（它是否在一个已无响应的网络驱动器上？）', 'No answer from /mnt/nfs within 5 s (is it on a network drive that stopped responding?)'],
    [{ code: 'ETIMEDOUT', params: { path: '/home', ms: 5000, reason: 'listingBusy' } }, '之前读取的文件夹仍无响应（网络驱动器已无响应？），请稍后再试', 'Folders read earlier still have not answered (a network drive that stopped responding?); try again later'],
    [{ code: 'INVALID_ARGUMENT', params: { reason: 'noNativeDialog' } }, '此主机不能显示文件对话框，请用页面中的文件夹浏览', 'This host cannot show a file dialog: use the folder browser in the page'],
  ] as const)('%j', (error, zh, en) => {
    const appError = { ...error, message: 'english fallback' };
    expect(localizeError(appError, 'zh-CN')).toBe(zh);
    expect(localizeError(appError, 'en')).toBe(en);
  });
});
