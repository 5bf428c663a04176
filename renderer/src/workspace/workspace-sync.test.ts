import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '@shared/contract/errors';
import type { AppSettings } from '@shared/contract/settings';
import { createLangStore } from '../i18n/lang-store';
import { createThemeStore } from '../theme/theme-store';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import { testWorkspace } from './test-support/test-workspace';
import { SAVE_DEBOUNCE_MS, WorkspaceSync, settingsFromWorkspace } from './workspace-sync';

const saved: AppSettings = {
  version: 2,
  tabs: [
    {
      id: 'plc',
      title: 'PLC',
      openAtStart: true,
      protocol: 'tcp-server',
      localAddress: '0.0.0.0',
      localPort: '9100',
      remoteHost: '10.0.0.2',
      remotePort: '23',
      clientLocalPort: '',
      maxClients: '8',
      udpTarget: '127.0.0.1:9999',
      receive: { mode: 'hex', logMode: false, wrap: true, autoScroll: false, logCapacity: 1_000_000, encoding: 'gbk' },
      send: { mode: 'hex', escapes: true, appendCrlf: true, encoding: 'gbk', checksum: { model: 'crc-16/modbus', order: 'be', output: 'raw', skipStart: 1, skipEnd: 0 } },
      repeatPeriod: '250',
      capturePath: '/var/tmp/capture.bin',
      sendFilePath: 'C:\\data\\frame.bin',
    },
    {
      id: 'probe',
      title: '',
      openAtStart: false,
      protocol: 'udp',
      localAddress: '127.0.0.1',
      localPort: '0',
      remoteHost: '127.0.0.1',
      remotePort: '8080',
      clientLocalPort: '',
      maxClients: '',
      udpTarget: '127.0.0.1:7',
      receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true, logCapacity: 100_000, encoding: 'utf-8' },
      send: { mode: 'ascii', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum: { model: 'none', order: 'le', output: 'ascii-hex', skipStart: 0, skipEnd: 0 } },
      repeatPeriod: '1000',
      capturePath: '',
      sendFilePath: '',
    },
  ],
  activeTabId: 'probe',
  history: [
    { text: '01 02', mode: 'hex', escapes: true, appendCrlf: false, encoding: 'utf-8', checksum: { model: 'sum8', order: 'be', output: 'raw', skipStart: 0, skipEnd: 0 } },
    { text: '你好', mode: 'ascii', escapes: false, appendCrlf: true, encoding: 'gbk', checksum: null },
  ],
  language: 'zh-CN',
  theme: 'dark',
};

function setup(load: () => Promise<Result<unknown>>, save: (settings: AppSettings) => Result<unknown> = () => ok(null)) {
  const saves: AppSettings[] = [];
  const fake = testWorkspace({
    'settings.load': () => load(),
    'settings.save': (args) => {
      const { settings } = args as { settings: AppSettings };
      saves.push(settings);
      return save(settings);
    },
  });
  const lang = createLangStore('en-US');
  const theme = createThemeStore(undefined);
  const sync = new WorkspaceSync({ workspace: fake.workspace, lang, theme, transport: fake.transport });
  const tab = (id: string) => fake.ws.getState().tabs.find((t) => t.id === id)!.store;
  return { ...fake, lang, theme, sync, saves, tab };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('WorkspaceSync', () => {
  it('restores every tab with its settings, the active tab, the history and the language, without saving them back', async () => {
    const { ws, lang, theme, sync, saves, tab } = setup(async () => ok({ settings: saved }));
    await sync.restore(1000);
    expect(ws.getState().tabs.map((t) => [t.id, t.title, t.openAtStart])).toEqual([
      ['plc', 'PLC', true],
      ['probe', '', false],
    ]);
    expect(ws.getState().activeTabId).toBe('probe');
    expect(ws.getState().history).toEqual(saved.history);
    expect(tab('plc').getState()).toMatchObject({ protocol: 'tcp-server', localPort: '9100', recvMode: 'hex', logCapacity: 1_000_000, repeatPeriod: '250', capturePath: '/var/tmp/capture.bin' });
    expect(ws.getState().tabs[0]!.log.capacity).toBe(1_000_000);
    expect(lang.getState()).toMatchObject({ lang: 'zh-CN', choice: 'zh-CN' });
    expect(theme.getState()).toMatchObject({ choice: 'dark', theme: 'dark' });
    expect(settingsFromWorkspace(ws.getState(), 'zh-CN', 'dark')).toEqual(saved);
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 3);
    expect(saves).toEqual([]);
  });

  it('saves once per burst of changes in any tab or of the tab list; traffic and tab switches of traffic-only state save nothing', async () => {
    const { ws, lang, theme, sync, saves, tab } = setup(async () => ok({ settings: saved }));
    await sync.restore(1000);
    tab('plc').setState({ counters: { rxBytes: 5, rxFrames: 1, txBytes: 0, txFrames: 0 }, hasUnseenTraffic: true });
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(saves).toEqual([]);
    tab('plc').getState().setLocalPort('91');
    tab('probe').getState().setSendMode('hex');
    ws.getState().newTab('tcp-client');
    ws.getState().renameTab('probe', 'Probe');
    lang.getState().setLang('en');
    theme.getState().setChoice('light');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 50);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ version: 2, language: 'en', theme: 'light', activeTabId: 'tab-2' });
    expect(saves[0]!.tabs.map((t) => [t.id, t.title, t.protocol])).toEqual([
      ['plc', 'PLC', 'tcp-server'],
      ['probe', 'Probe', 'udp'],
      ['tab-2', '', 'tcp-client'],
    ]);
    expect(saves[0]!.tabs[0]!.localPort).toBe('91');
    expect(saves[0]!.tabs[1]!.send.mode).toBe('hex');
    // A tab added after the restore is watched too.
    ws.getState().tabs[2]!.store.getState().setRemoteHost('10.9.9.9');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    expect(saves.at(-1)!.tabs[2]!.remoteHost).toBe('10.9.9.9');
  });

  it('flush writes a pending change at once (the page going away)', async () => {
    const { store, sync, saves } = setup(async () => ok({ settings: null }));
    await sync.restore(1000);
    store.getState().setProtocol('tcp-client');
    sync.flush();
    expect(saves).toHaveLength(1);
    expect(saves[0]?.tabs[0]?.protocol).toBe('tcp-client');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(saves).toHaveLength(1);
  });

  it('never saves when the load failed, and says so; a transport failure is left to the host banner', async () => {
    const failing = setup(async () => fail('EACCES', 'Cannot read settings', { path: '/cfg/settings.json' }));
    await failing.sync.restore(1000);
    expect(failing.ws.getState().settingsError).toMatchObject({ code: 'EACCES' });
    failing.store.getState().setLocalPort('1');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(failing.saves).toEqual([]);
    const offline = setup(async () => fail('INTERNAL', 'closed', { reason: TRANSPORT_REASONS.closed }));
    await offline.sync.restore(1000);
    expect(offline.ws.getState().settingsError).toBeNull();
  });

  it('shows a failed save once, tries again on the next change, and clears the error when a save works', async () => {
    let attempts = 0;
    const { ws, store, sync, saves } = setup(async () => ok({ settings: null }), () => (++attempts < 3 ? fail('INTERNAL', 'full', { path: '/cfg/settings.json', reason: 'ENOSPC' }) : ok(null)));
    await sync.restore(1000);
    const errors: unknown[] = [];
    ws.subscribe((s, prev) => s.settingsError !== prev.settingsError && errors.push(s.settingsError));
    for (const port of ['1', '12', '123']) {
      store.getState().setLocalPort(port);
      await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    }
    expect(saves.map((s) => s.tabs[0]!.localPort)).toEqual(['1', '12', '123']);
    expect(errors).toEqual([expect.objectContaining({ params: expect.objectContaining({ reason: 'ENOSPC' }) }), null]);
  });

  it('renders after waitMs when the host is slow, and applies a late answer only if the user changed nothing', async () => {
    let answer!: (r: Result<unknown>) => void;
    const { store, ws, sync, saves } = setup(() => new Promise((resolve) => (answer = resolve)));
    let restored = false;
    void sync.restore(500).then(() => (restored = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(restored).toBe(true);
    store.getState().setLocalPort('7777');
    answer(ok({ settings: saved }));
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    expect(ws.getState().tabs.map((t) => t.id)).toEqual(['tab-1']);
    expect(saves.at(-1)!.tabs[0]).toMatchObject({ localPort: '7777', protocol: 'udp' });
  });

  it('reads a version-2 file from before encodings and checksums: UTF-8, no checksum, history entries alike', async () => {
    const older = structuredClone(saved);
    for (const t of older.tabs) {
      delete t.receive.encoding;
      delete t.send.encoding;
      delete t.send.checksum;
    }
    older.history = [{ text: '01 02', mode: 'hex', escapes: true, appendCrlf: false }];
    const { ws, sync, tab } = setup(async () => ok({ settings: older }));
    await sync.restore(1000);
    expect(ws.getState().history).toEqual([{ text: '01 02', mode: 'hex', escapes: true, appendCrlf: false, encoding: 'utf-8', checksum: null }]);
    expect(tab('plc').getState()).toMatchObject({ sendEncoding: 'utf-8', recvEncoding: 'utf-8', checksumModel: 'none', checksumOrder: 'le', checksumSkipStart: 0 });
  });

  it('keeps only history that fits the settings caps', () => {
    const { ws, store } = setup(async () => ok({ settings: null }));
    const spec = { encoding: 'utf-8', checksum: null } as const;
    ws.setState({ history: [{ text: 'x'.repeat(70 * 1024), mode: 'ascii', escapes: false, appendCrlf: false, ...spec }, { text: 'ok', mode: 'ascii', escapes: true, appendCrlf: true, ...spec }] });
    store.setState({ localPort: '9'.repeat(2000) });
    const settings = settingsFromWorkspace(ws.getState(), null);
    expect(settings.history).toEqual([{ text: 'ok', mode: 'ascii', escapes: true, appendCrlf: true, ...spec }]);
    expect(settings.tabs[0]!.localPort.length).toBe(512);
  });
});
