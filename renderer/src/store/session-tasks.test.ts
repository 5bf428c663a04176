import { describe, expect, it } from 'vitest';
import type { CommandName } from '@shared/contract/commands';
import { fail, ok, type Result } from '@shared/contract/errors';
import { localizeError } from '../i18n/localize-error';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import type { Answer } from './test-support/fake-transport';

/** Records calls, answers from a table (default ok(null); session.open opens s1), and lets the test emit engine events. */
function setup(answers: Partial<Record<CommandName, Answer>> = {}) {
  const openAnswer: Answer = () => ok({ sessionId: 's1', local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } });
  const { store, ws, calls, emit } = testWorkspace(answers, (name) => (name === 'session.open' ? openAnswer : undefined));
  const named = (name: CommandName) => calls.filter((c) => c.name === name);
  const sentence = (lang: 'en' | 'zh-CN' = 'en') => {
    const notice = store.getState().notice;
    return notice?.kind === 'error' ? localizeError(notice.error, lang) : undefined;
  };
  return { store, ws, calls, named, emit, sentence };
}

describe('循环发送 cyclic send', () => {
  it('starts the engine repeat with the spec and target of a normal send, then 发送 becomes 停止', async () => {
    const { store, ws, named, emit } = setup();
    await store.getState().toggleOpen();
    const s = store.getState();
    s.setUdpTarget('127.0.0.1:7000');
    s.setSendInput('ping\\n');
    s.setEscapes(true);
    s.setAppendCrlf(true);
    s.setRepeatPeriod(' 100 ');
    await s.setRepeatEnabled(true);
    await store.getState().pressSend();
    expect(named('session.send')).toHaveLength(0);
    const spec = { text: 'ping\\n', mode: 'ascii', escapes: true, appendCrlf: true, encoding: 'utf-8', checksum: null };
    // The spec, not bytes: the engine evaluates it per send, so template fields count the cyclic sends.
    expect(named('session.repeat.start')[0]?.args).toEqual({ sessionId: 's1', spec, periodMs: 100, to: { host: '127.0.0.1', port: 7000 } });
    expect(store.getState().repeat).toEqual({ running: true, sent: 0, skipped: 0 });
    expect(ws.getState().history[0]).toEqual(spec);

    emit('repeat.state', { sessionId: 's1', running: true, sent: 7, skipped: 0 });
    expect(store.getState().repeat?.sent).toBe(7);
    await store.getState().pressSend(); // 停止
    expect(named('session.repeat.stop')).toEqual([{ name: 'session.repeat.stop', args: { sessionId: 's1' } }]);
    // Shown stopped at once, but not final: the engine's count (sends in flight included) is still to come.
    expect(store.getState().repeat).toEqual({ running: false, sent: 7, skipped: 0, isFinal: false });
    emit('repeat.state', { sessionId: 's1', running: false, sent: 8, skipped: 0, reason: 'user' });
    expect(store.getState().repeat?.sent).toBe(8);
    expect(store.getState().repeat?.isFinal).toBe(true);
  });

  it('sends once when the box is not checked', async () => {
    const { store, named } = setup({ 'session.send': () => ok({ bytesSent: 1 }) });
    await store.getState().toggleOpen();
    store.getState().setSendInput('x');
    await store.getState().pressSend();
    expect(named('session.send')).toHaveLength(1);
    expect(named('session.repeat.start')).toHaveLength(0);
  });

  it.each(['0', '3600001', '1.5', 'abc', ''])('starts nothing with the period %j, and says the range', async (period) => {
    const { store, named, sentence } = setup();
    await store.getState().toggleOpen();
    store.getState().setSendInput('x');
    store.getState().setRepeatPeriod(period);
    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    expect(named('session.repeat.start')).toHaveLength(0);
    expect(store.getState().fieldErrors.repeatPeriod).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'repeatPeriod', reason: 'period' } });
    expect(sentence()).toBe('The repeat period must be a whole number of milliseconds from 1 to 3,600,000');
    expect(sentence('zh-CN')).toBe('循环周期必须是 1–3,600,000 之间的整数（毫秒）');
  });

  it('starts nothing with bad HEX, a bad target, or no session', async () => {
    const { store, named } = setup();
    await store.getState().setRepeatEnabled(true);
    store.getState().setSendInput('x');
    await store.getState().pressSend();
    expect(store.getState().fieldErrors.send?.code).toBe('NOT_OPEN');
    await store.getState().toggleOpen();
    store.getState().setUdpTarget('nowhere');
    await store.getState().pressSend();
    expect(store.getState().fieldErrors.sendTarget).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'sendTarget', reason: 'target' } });
    store.getState().setUdpTarget('127.0.0.1:7000');
    store.getState().setSendMode('hex');
    store.getState().setSendInput('0G');
    await store.getState().pressSend();
    expect(store.getState().fieldErrors.data?.code).toBe('INVALID_HEX');
    expect(named('session.repeat.start')).toHaveLength(0);
    expect(store.getState().repeat).toBeNull();
  });

  it('shows why a start failed and is not running', async () => {
    const { store, sentence } = setup({ 'session.repeat.start': () => fail('NOT_FOUND', 'no clients', { client: 'all' }) });
    store.getState().setProtocol('tcp-server');
    await store.getState().toggleOpen();
    store.getState().setSendInput('x');
    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    expect(store.getState().repeat?.running).toBe(false);
    expect(sentence()).toBe('No clients are connected; nothing was sent');
  });

  it('stops when unchecked, and shows a stop by error', async () => {
    const { store, named, emit, sentence } = setup();
    await store.getState().toggleOpen();
    store.getState().setSendInput('x');
    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    await store.getState().setRepeatEnabled(false);
    expect(named('session.repeat.stop')).toHaveLength(1);

    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    emit('repeat.state', { sessionId: 's1', running: false, sent: 3, skipped: 0, reason: 'error', error: { code: 'EPIPE', message: 'gone' } });
    expect(store.getState().repeat?.running).toBe(false);
    expect(sentence()).toBe('The connection is closed; the data could not be sent');
  });

  it('is no longer running once the session closes', async () => {
    const { store, emit } = setup();
    await store.getState().toggleOpen();
    store.getState().setSendInput('x');
    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    emit('session.state', { sessionId: 's1', state: 'closed', reason: 'user' });
    expect(store.getState().repeat?.running).toBe(false);
  });
});

describe('接收保存到文件 capture', () => {
  it('refuses a relative or empty path, in words, and stays unchecked', async () => {
    const { store, named, sentence } = setup();
    await store.getState().setCaptureEnabled(true);
    expect(sentence()).toBe('Enter the Capture file path');
    store.getState().setCapturePath('capture.bin');
    await store.getState().setCaptureEnabled(true);
    expect(store.getState().captureEnabled).toBe(false);
    expect(sentence()).toBe('Capture file path must be an absolute path, such as /home/me/data.bin or C:\\data\\data.bin');
    expect(sentence('zh-CN')).toBe('保存文件路径必须是绝对路径，例如 /home/me/data.bin 或 C:\\data\\data.bin');
    expect(named('session.capture.start')).toHaveLength(0);
  });

  it('starts right after open when checked, appends on reopen, and stops when unchecked', async () => {
    const { store, named, emit } = setup({
      'session.capture.start': (a) => ok({ path: a.path }),
      'session.capture.stop': () => ok({ path: '/tmp/c.bin', bytes: 12 }),
    });
    store.getState().setCapturePath(' /tmp/c.bin ');
    await store.getState().setCaptureEnabled(true);
    expect(named('session.capture.start')).toHaveLength(0); // nothing open yet
    await store.getState().toggleOpen();
    expect(named('session.capture.start').map((c) => c.args)).toEqual([{ sessionId: 's1', path: '/tmp/c.bin', append: false }]);
    emit('capture.state', { sessionId: 's1', active: true, path: '/tmp/c.bin', bytes: 10, pendingBytes: 2 });
    expect(store.getState().capture).toEqual({ active: true, path: '/tmp/c.bin', bytes: 10, pendingBytes: 2 });

    await store.getState().toggleOpen(); // close
    expect(store.getState().capture?.active).toBe(false);
    expect(store.getState().captureEnabled).toBe(true);
    await store.getState().toggleOpen(); // reopen: same file, appended
    expect(named('session.capture.start').at(-1)?.args).toEqual({ sessionId: 's1', path: '/tmp/c.bin', append: true });

    emit('capture.state', { sessionId: 's1', active: true, path: '/tmp/c.bin', bytes: 12, pendingBytes: 0 });
    await store.getState().setCaptureEnabled(false);
    expect(named('session.capture.stop')).toHaveLength(1);
    expect(store.getState().capture).toEqual({ active: false, path: '/tmp/c.bin', bytes: 12, pendingBytes: 0 });
  });

  it('unchecks and names the path when the engine cannot open the file', async () => {
    const { store, sentence } = setup({ 'session.capture.start': (a) => fail('EACCES', 'denied', { path: String(a.path) }) });
    await store.getState().toggleOpen();
    store.getState().setCapturePath('/root/c.bin');
    await store.getState().setCaptureEnabled(true);
    expect(store.getState().captureEnabled).toBe(false);
    expect(store.getState().fieldErrors.capturePath).toMatchObject({ code: 'EACCES', params: { path: '/root/c.bin' } });
    expect(sentence()).toBe('Permission denied: /root/c.bin');
    expect(sentence('zh-CN')).toBe('没有权限访问 /root/c.bin');
  });

  it('unchecks when the file fails while capturing (disk full)', async () => {
    const { store, emit, sentence } = setup({ 'session.capture.start': (a) => ok({ path: a.path }) });
    await store.getState().toggleOpen();
    store.getState().setCapturePath('/mnt/full/c.bin');
    await store.getState().setCaptureEnabled(true);
    emit('capture.state', {
      sessionId: 's1',
      active: false,
      path: '/mnt/full/c.bin',
      bytes: 4096,
      pendingBytes: 0,
      error: { code: 'INTERNAL', message: 'File error', params: { path: '/mnt/full/c.bin', reason: 'ENOSPC' } },
    });
    expect(store.getState().captureEnabled).toBe(false);
    expect(sentence()).toBe('The disk is full; cannot write /mnt/full/c.bin');
    expect(sentence('zh-CN')).toBe('磁盘空间不足，无法写入 /mnt/full/c.bin');
  });
});

describe('打开文件数据源 file send', () => {
  it('sends the file to the send target, shows progress, and ends done', async () => {
    let finish!: (r: Result<unknown>) => void;
    const { store, named, emit } = setup({ 'session.sendFile': () => new Promise((r) => (finish = r)) });
    store.getState().setProtocol('tcp-server');
    await store.getState().toggleOpen();
    store.getState().setSendFilePath('/data/f.bin');
    const sending = store.getState().sendFile();
    expect(store.getState().isFileSending).toBe(true);
    expect(named('session.sendFile')[0]?.args).toEqual({ sessionId: 's1', path: '/data/f.bin', client: 'all' });
    emit('send.progress', { sessionId: 's1', path: '/data/f.bin', bytesSent: 512, totalBytes: 1024, done: false });
    expect(store.getState().fileSend).toMatchObject({ bytesSent: 512, totalBytes: 1024, done: false });
    await store.getState().sendFile(); // a second press while sending does nothing
    expect(named('session.sendFile')).toHaveLength(1);
    emit('send.progress', { sessionId: 's1', path: '/data/f.bin', bytesSent: 1024, totalBytes: 1024, done: true });
    finish(ok({ bytesSent: 1024, cancelled: false }));
    await sending;
    expect(store.getState()).toMatchObject({ isFileSending: false, fileSend: { bytesSent: 1024, totalBytes: 1024, done: true, cancelled: false } });
    // A late throttled report does not reopen a finished send.
    emit('send.progress', { sessionId: 's1', path: '/data/f.bin', bytesSent: 900, totalBytes: 1024, done: false });
    expect(store.getState().fileSend?.done).toBe(true);
  });

  it('cancels', async () => {
    let finish!: (r: Result<unknown>) => void;
    const { store, named } = setup({ 'session.sendFile': () => new Promise((r) => (finish = r)) });
    await store.getState().toggleOpen();
    store.getState().setUdpTarget('127.0.0.1:7000');
    store.getState().setSendFilePath('C:\\data\\f.bin');
    const sending = store.getState().sendFile();
    expect(named('session.sendFile')[0]?.args).toMatchObject({ to: { host: '127.0.0.1', port: 7000 } });
    await store.getState().cancelSendFile();
    expect(named('session.sendFile.cancel')).toEqual([{ name: 'session.sendFile.cancel', args: { sessionId: 's1' } }]);
    finish(ok({ bytesSent: 10, cancelled: true }));
    await sending;
    expect(store.getState().fileSend).toMatchObject({ bytesSent: 10, done: true, cancelled: true });
  });

  it('names the missing file in both languages', async () => {
    const { store, sentence } = setup({ 'session.sendFile': (a) => fail('NOT_FOUND', 'No such file', { path: String(a.path) }) });
    await store.getState().toggleOpen();
    store.getState().setUdpTarget('127.0.0.1:7000');
    store.getState().setSendFilePath('/nope.bin');
    await store.getState().sendFile();
    expect(store.getState().isFileSending).toBe(false);
    expect(store.getState().fieldErrors.sendFilePath).toMatchObject({ code: 'NOT_FOUND', params: { path: '/nope.bin' } });
    expect(sentence()).toBe('No such file or directory: /nope.bin');
    expect(sentence('zh-CN')).toBe('找不到文件或目录：/nope.bin');
  });

  it('checks the path and the session before asking the engine', async () => {
    const { store, named, sentence } = setup();
    store.getState().setSendFilePath('/f.bin');
    await store.getState().sendFile();
    expect(store.getState().fieldErrors.sendFilePath?.code).toBe('NOT_OPEN');
    store.getState().setSendFilePath('f.bin');
    await store.getState().sendFile();
    expect(sentence()).toBe('File path must be an absolute path, such as /home/me/data.bin or C:\\data\\data.bin');
    expect(named('session.sendFile')).toHaveLength(0);
  });
});

describe('file errors read well', () => {
  it.each([
    [{ code: 'INVALID_ARGUMENT', message: 'dir', params: { path: '/tmp', field: 'path' } }, '/tmp is not a regular file (it is a directory, or part of the path is not a directory)', '/tmp 不是普通文件（它是目录，或路径中某一级不是目录）'],
    [{ code: 'QUEUE_FULL', message: 'busy', params: { path: '/f' } }, 'A file is already being sent: wait for it to finish or cancel it first', '已有文件正在发送：请等它完成或先取消'],
    [{ code: 'INTERNAL', message: 'x', params: { path: '/f', reason: 'EMFILE' } }, 'File error on /f (EMFILE)', '文件 /f 出错（EMFILE）'],
    [{ code: 'INTERNAL', message: 'x', params: { path: '/f', reason: 'EIO' } }, 'I/O error while reading or writing /f', '读写 /f 时发生 I/O 错误'],
  ] as const)('%j', (error, en, zh) => {
    expect(localizeError(error, 'en')).toBe(en);
    expect(localizeError(error, 'zh-CN')).toBe(zh);
  });
});
