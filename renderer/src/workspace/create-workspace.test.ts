import { describe, expect, it } from 'vitest';
import { ok } from '@shared/contract/errors';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { testWorkspace } from './test-support/test-workspace';

const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const opens = () => ok({ sessionId: 's1', local });
const ids = (ws: ReturnType<typeof testWorkspace>['ws']) => ws.getState().tabs.map((tab) => tab.id);

describe('workspace tabs', () => {
  it('opens new tabs after the active one, of the active tab’s protocol unless told, and makes them active', () => {
    const { ws, store } = testWorkspace();
    store.getState().setProtocol('tcp-server');
    ws.getState().newTab();
    ws.getState().newTab('udp');
    ws.getState().activateTab('tab-1');
    ws.getState().newTab('tcp-client');
    expect(ids(ws)).toEqual(['tab-1', 'tab-4', 'tab-2', 'tab-3']);
    expect(ws.getState().activeTabId).toBe('tab-4');
    expect(ws.getState().tabs.map((tab) => tab.store.getState().protocol)).toEqual(['tcp-server', 'tcp-client', 'tcp-server', 'udp']);
  });

  it('closing a tab closes its socket and activates its neighbour; the last tab is replaced by a fresh one', async () => {
    const { ws, store, calls } = testWorkspace({ 'session.open': opens });
    await store.getState().toggleOpen();
    ws.getState().newTab();
    ws.getState().activateTab('tab-1');
    await ws.getState().closeTab('tab-1');
    expect(calls.filter((c) => c.name === 'session.close').map((c) => c.args)).toEqual([{ sessionId: 's1' }]);
    expect(ids(ws)).toEqual(['tab-2']);
    expect(ws.getState().activeTabId).toBe('tab-2');
    await ws.getState().closeTab('tab-2');
    expect(ids(ws)).toEqual(['tab-3']);
    expect(calls.filter((c) => c.name === 'session.close')).toHaveLength(1);
  });

  it('closing a tab whose session is still opening closes the session once it opened', async () => {
    let answer!: (value: ReturnType<typeof opens>) => void;
    const { ws, store, calls } = testWorkspace({ 'session.open': () => new Promise((resolve) => (answer = resolve)) });
    const opening = store.getState().toggleOpen();
    const closing = ws.getState().closeTab('tab-1');
    answer(opens());
    await Promise.all([opening, closing]);
    expect(calls.filter((c) => c.name === 'session.close').map((c) => c.args)).toEqual([{ sessionId: 's1' }]);
  });

  it('duplicates a tab’s settings (not its socket), renames, reorders and switches like a browser', () => {
    const { ws, store } = testWorkspace();
    store.getState().setProtocol('tcp-client');
    store.getState().setRemoteHost('10.1.2.3');
    store.getState().setRecvMode('hex');
    ws.getState().renameTab('tab-1', '  PLC  ');
    const copy = ws.getState().duplicateTab('tab-1');
    const duplicate = ws.getState().tabs.find((tab) => tab.id === copy)!;
    expect(duplicate.title).toBe('PLC (2)');
    expect(duplicate.store.getState()).toMatchObject({ protocol: 'tcp-client', remoteHost: '10.1.2.3', recvMode: 'hex', sessionState: 'closed', sessionId: null });
    ws.getState().newTab();
    expect(ids(ws)).toEqual(['tab-1', 'tab-2', 'tab-3']);
    ws.getState().moveTab('tab-3', 0);
    expect(ids(ws)).toEqual(['tab-3', 'tab-1', 'tab-2']);
    ws.getState().activatePosition(2);
    expect(ws.getState().activeTabId).toBe('tab-1');
    ws.getState().activateRelative(1);
    ws.getState().activateRelative(1);
    expect(ws.getState().activeTabId).toBe('tab-3');
    ws.getState().activatePosition(9);
    expect(ws.getState().activeTabId).toBe('tab-2');
  });

  it('keeps one send history for every tab', async () => {
    const { ws, store } = testWorkspace({ 'session.open': opens, 'session.send': () => ok({ bytesSent: 2 }) });
    await store.getState().toggleOpen();
    store.getState().setSendInput('hi');
    await store.getState().send();
    ws.getState().newTab();
    const second = ws.getState().tabs[1]!.store;
    second.getState().pickHistory(ws.getState().history[0]!);
    expect(second.getState().sendInput).toBe('hi');
  });
});

describe('send history', () => {
  it('keeps every option of a send (the whole SendSpec), and picking it back restores them all', async () => {
    const { ws, store } = testWorkspace({ 'session.open': opens, 'session.send': () => ok({ bytesSent: 4 }) });
    await store.getState().toggleOpen();
    store.setState({ sendInput: 'AT\\n', escapes: true, appendCrlf: true, sendEncoding: 'gbk' });
    store.getState().setChecksumModel('crc-16/modbus');
    store.getState().setChecksumSkip({ start: 1 });
    await store.getState().send();
    store.setState({ sendInput: 'AT\\n', escapes: false, appendCrlf: false, sendEncoding: 'utf-8' });
    store.getState().setChecksumModel('none');
    await store.getState().send();
    const modbus = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 1, skipEnd: 0 };
    expect(ws.getState().history).toEqual([
      { text: 'AT\\n', mode: 'ascii', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum: null },
      { text: 'AT\\n', mode: 'ascii', escapes: true, appendCrlf: true, encoding: 'gbk', checksum: modbus },
    ]);
    store.getState().pickHistory(ws.getState().history[1]!);
    expect(store.getState()).toMatchObject({ sendInput: 'AT\\n', escapes: true, appendCrlf: true, sendEncoding: 'gbk', checksumModel: 'crc-16/modbus', checksumSkipStart: 1 });
    store.getState().pickHistory(ws.getState().history[0]!);
    expect(store.getState()).toMatchObject({ sendEncoding: 'utf-8', checksumModel: 'none', checksumSkipStart: 1 });
  });

  it('says a send was too long to remember instead of listing it and losing it at the next start', async () => {
    const { ws, store } = testWorkspace({ 'session.open': opens, 'session.send': () => ok({ bytesSent: 1 }) });
    await store.getState().toggleOpen();
    store.setState({ sendInput: 'x'.repeat(64 * 1024 + 1) });
    await store.getState().send();
    expect(ws.getState()).toMatchObject({ history: [], historySkipped: 64 * 1024 + 1 });
    store.setState({ sendInput: 'ok' });
    await store.getState().send();
    expect(ws.getState()).toMatchObject({ history: [{ text: 'ok' }], historySkipped: null });
  });
});

describe('workspace attach', () => {
  const snapshot = (over: Partial<SessionSnapshot>): SessionSnapshot => ({
    sessionId: 's7',
    tabId: 'tab-1',
    config: { kind: 'tcp-server', localAddress: '0.0.0.0', localPort: 8080 },
    state: 'open',
    local: { address: '0.0.0.0', port: 8080, family: 'IPv4' },
    counters: { rxBytes: 10, rxFrames: 2, txBytes: 3, txFrames: 1 },
    clients: [{ address: '127.0.0.1', port: 5000, family: 'IPv4', key: '127.0.0.1:5000', connectedAt: 1, lastActivityAt: 1, rxBytes: 10, txBytes: 3 }],
    repeat: { sessionId: 's7', running: true, sent: 12, skipped: 0 },
    capture: null,
    fileSend: null,
    ...over,
  });

  it('gives each live session back to its tab, makes a tab for a session it has no tab for, and routes its events there', async () => {
    const orphan = snapshot({ sessionId: 's8', tabId: 'gone', config: { kind: 'udp', localAddress: '::', localPort: 9999 }, clients: [], repeat: null });
    const { workspace, ws, store, emit } = testWorkspace({ 'workspace.attach': () => ok({ sessions: [snapshot({}), orphan] }) });
    expect(await workspace.attach()).toEqual({ ok: true, sessions: 2 });
    expect(store.getState()).toMatchObject({
      sessionState: 'open',
      sessionId: 's7',
      protocol: 'tcp-server',
      counters: { rxBytes: 10, rxFrames: 2, txBytes: 3, txFrames: 1 },
      clients: [{ key: '127.0.0.1:5000' }],
      repeat: { running: true, sent: 12 },
    });
    expect(workspace.store.getState().tabs[0]!.log.at(0)).toMatchObject({ kind: 'gap', cause: 'earlier', frames: 3, bytes: 13 });
    const made = ws.getState().tabs[1]!;
    expect(made.id).toBe('gone');
    expect(made.store.getState()).toMatchObject({ protocol: 'udp', localAddress: '::', localPort: '9999', sessionId: 's8', sessionState: 'open' });
    emit('repeat.state', { sessionId: 's7', running: false, sent: 13, skipped: 0, reason: 'user' });
    expect(store.getState().repeat).toMatchObject({ running: false, sent: 13 });
  });

  it('shows closed a tab whose session the engine no longer has (the host restarted)', async () => {
    const { workspace, store } = testWorkspace({ 'session.open': opens, 'workspace.attach': () => ok({ sessions: [] }) });
    await store.getState().toggleOpen();
    await workspace.attach();
    expect(store.getState().sessionState).toBe('closed');
  });
});
