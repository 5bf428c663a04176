import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '@shared/contract/errors';
import type { AppSettings } from '@shared/contract/settings';
import { createLangStore } from '../i18n/lang-store';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import { LogStore } from '../log/log-store';
import type { RendererTransport } from '../transport/host-link';
import { createAppStore } from './app-store';
import { EarlyEvents } from './early-events';
import { SAVE_DEBOUNCE_MS, SettingsSync, settingsFromState } from './settings-sync';

const saved: AppSettings = {
  version: 1,
  protocol: 'tcp-server',
  localAddress: '0.0.0.0',
  localPort: '9100',
  remoteHost: '10.0.0.2',
  remotePort: '23',
  clientLocalPort: '',
  udpTarget: '127.0.0.1:9999',
  receive: { mode: 'hex', logMode: false, wrap: true, autoScroll: false, logCapacity: 1_000_000 },
  send: { mode: 'hex', escapes: true, appendCrlf: true },
  history: [{ text: '01 02', mode: 'hex' }],
  repeatPeriod: '250',
  capturePath: '/var/tmp/capture.bin',
  sendFilePath: 'C:\\data\\frame.bin',
  language: 'zh-CN',
};

function setup(load: () => Promise<Result<unknown>>, save: (settings: AppSettings) => Result<unknown> = () => ok(null)) {
  const saves: AppSettings[] = [];
  const transport = {
    invoke(name: string, args: unknown) {
      if (name === 'settings.load') return load();
      if (name === 'settings.save') {
        const { settings } = args as { settings: AppSettings };
        saves.push(settings);
        return Promise.resolve(save(settings));
      }
      return Promise.resolve(ok(null));
    },
  } as unknown as RendererTransport;
  const store = createAppStore({ transport, log: new LogStore(100, () => undefined), early: new EarlyEvents() });
  const lang = createLangStore('en-US');
  const sync = new SettingsSync({ store, lang, transport });
  return { store, lang, sync, saves };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SettingsSync', () => {
  it('loads a file written before the repeat period and the paths were kept, with their defaults', async () => {
    const { repeatPeriod: _period, capturePath: _capture, sendFilePath: _file, ...older } = saved;
    const { store, sync } = setup(async () => ok({ settings: older }));
    await sync.restore(1000);
    expect(store.getState()).toMatchObject({ repeatPeriod: '1000', capturePath: '', sendFilePath: '', localPort: '9100' });
  });

  it('loads a file written before the log capacity was kept, with the default capacity', async () => {
    const { logCapacity: _capacity, ...olderReceive } = saved.receive;
    const { store, sync } = setup(async () => ok({ settings: { ...saved, receive: olderReceive } }));
    await sync.restore(1000);
    expect(store.getState().logCapacity).toBe(100_000);
  });

  it('remembers the repeat period and the paths, not whether a task runs', async () => {
    const { store, sync } = setup(async () => ok({ settings: saved }));
    await sync.restore(1000);
    expect(store.getState()).toMatchObject({ repeatPeriod: '250', capturePath: '/var/tmp/capture.bin', sendFilePath: 'C:\\data\\frame.bin' });
    store.setState({ repeatEnabled: true, captureEnabled: true });
    expect(settingsFromState(store.getState(), 'zh-CN')).toEqual(saved);
  });

  it('applies loaded settings (form, options, history, language) without saving them back', async () => {
    const { store, lang, sync, saves } = setup(async () => ok({ settings: saved }));
    await sync.restore(1000);
    const s = store.getState();
    expect([s.protocol, s.localAddress, s.localPort, s.remoteHost, s.remotePort, s.udpTarget]).toEqual(['tcp-server', '0.0.0.0', '9100', '10.0.0.2', '23', '127.0.0.1:9999']);
    expect([s.recvMode, s.logMode, s.wrap, s.autoScroll, s.sendMode, s.escapes, s.appendCrlf]).toEqual(['hex', false, true, false, 'hex', true, true]);
    expect(s.history).toEqual(saved.history);
    expect(lang.getState()).toMatchObject({ lang: 'zh-CN', choice: 'zh-CN' });
    expect(settingsFromState(s, 'zh-CN')).toEqual(saved);
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 3);
    expect(saves).toEqual([]);
  });

  it('saves once per burst of changes, after the quiet period; traffic-only updates save nothing', async () => {
    const { store, lang, sync, saves } = setup(async () => ok({ settings: null }));
    await sync.restore(1000);
    store.setState({ counters: { rxBytes: 5, rxFrames: 1, txBytes: 0, txFrames: 0 } });
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(saves).toEqual([]);
    store.getState().setLocalPort('9');
    store.getState().setLocalPort('90');
    store.getState().setSendMode('hex');
    lang.getState().setLang('zh-CN');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 50);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ version: 1, localPort: '90', send: { mode: 'hex' }, language: 'zh-CN' });
  });

  it('flush writes a pending change at once (the page going away)', async () => {
    const { store, sync, saves } = setup(async () => ok({ settings: null }));
    await sync.restore(1000);
    store.getState().setProtocol('tcp-client');
    sync.flush();
    expect(saves).toHaveLength(1);
    expect(saves[0]?.protocol).toBe('tcp-client');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(saves).toHaveLength(1);
  });

  it('never saves when the load failed, so defaults cannot overwrite settings it could not read', async () => {
    const { store, sync, saves } = setup(async () => fail('EACCES', 'Cannot read settings', { path: '/cfg/settings.json' }));
    await sync.restore(1000);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'settings', error: { code: 'EACCES' } });
    store.getState().setLocalPort('1');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 2);
    expect(saves).toEqual([]);
  });

  it('a transport failure (no token, host gone) is left to the host banner', async () => {
    const { store, sync } = setup(async () => fail('INTERNAL', 'closed', { reason: TRANSPORT_REASONS.closed }));
    await sync.restore(1000);
    expect(store.getState().notice).toBeNull();
  });

  it('shows a failed save once, and tries again on the next change', async () => {
    let attempts = 0;
    const { store, sync, saves } = setup(async () => ok({ settings: null }), () => (++attempts < 3 ? fail('EACCES', 'Cannot save settings', { path: '/cfg/settings.json' }) : ok(null)));
    await sync.restore(1000);
    const showError = vi.spyOn(store.getState(), 'showError');
    store.getState().setLocalPort('1');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    store.getState().setLocalPort('12');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    store.getState().setLocalPort('123');
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    expect(saves.map((s) => s.localPort)).toEqual(['1', '12', '123']);
    expect(showError).toHaveBeenCalledTimes(1);
    expect(store.getState().notice).toMatchObject({ slot: 'settings', error: { code: 'EACCES' } });
  });

  it('renders after waitMs when the host is slow, and applies a late answer only if the user changed nothing', async () => {
    let answer!: (r: Result<unknown>) => void;
    const { store, sync, saves } = setup(() => new Promise((resolve) => (answer = resolve)));
    let restored = false;
    void sync.restore(500).then(() => (restored = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(restored).toBe(true);
    store.getState().setLocalPort('7777');
    answer(ok({ settings: saved }));
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    expect(store.getState().localPort).toBe('7777');
    expect(store.getState().protocol).toBe('udp');
    // The user's own state is what the file should hold now.
    expect(saves.at(-1)).toMatchObject({ localPort: '7777', protocol: 'udp' });
  });

  it('keeps only history that fits the settings caps', () => {
    const { store } = setup(async () => ok({ settings: null }));
    store.setState({ history: [{ text: 'x'.repeat(70 * 1024), mode: 'ascii' }, { text: 'ok', mode: 'ascii' }], localPort: '9'.repeat(2000) });
    const settings = settingsFromState(store.getState(), null);
    expect(settings.history).toEqual([{ text: 'ok', mode: 'ascii' }]);
    expect(settings.localPort.length).toBe(512);
  });
});
