import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared/contract/errors';
import { tabSettingsSchema } from '@shared/contract/schemas';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { FRAMING_APPLY_DELAY_MS } from './framing-slice';

const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const remote = { address: '127.0.0.1', port: 7000, family: 'IPv4' as const };

function tcpTab() {
  const fake = testWorkspace({ 'session.open': () => ok({ sessionId: 's1', local, remote }) });
  fake.store.getState().setProtocol('tcp-client');
  return fake;
}

const framingCalls = (calls: ReturnType<typeof testWorkspace>['calls']) => calls.filter((c) => c.name === 'session.framing.set').map((c) => c.args);

describe('分帧 in the tab store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('session.open carries the framing of a TCP tab (none is left out), and not of a UDP one', async () => {
    const { store, calls } = tcpTab();
    store.getState().setFraming({ framingKind: 'delimiter' });
    await store.getState().toggleOpen();
    expect(calls[0]!.args).toEqual({ config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 8080, framing: { kind: 'delimiter', delimiter: [13, 10], keep: 'strip' } }, tabId: 'tab-1' });
    expect(store.getState().framingInForce).toEqual({ kind: 'delimiter', delimiter: [13, 10], keep: 'strip' });

    const udp = testWorkspace({ 'session.open': () => ok({ sessionId: 's2', local }) });
    udp.store.getState().setFraming({ framingKind: 'fixed' });
    await udp.store.getState().toggleOpen();
    expect(udp.calls[0]!.args).toEqual({ config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080 }, tabId: 'tab-1' });
  });

  it('a framing that does not check keeps the session from opening, with the sentence by the controls', async () => {
    const { store, calls } = tcpTab();
    store.getState().setFraming({ framingKind: 'fixed', framingFixedSize: '0' });
    expect(store.getState().fieldErrors.framing?.params).toMatchObject({ field: 'framing.size', reason: 'out-of-range' });
    // Checked as typed: the controls show it, the error line does not (yet).
    expect(store.getState().notice).toBeNull();
    await store.getState().toggleOpen();
    expect(calls.filter((c) => c.name === 'session.open')).toEqual([]);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'framing' });
    store.getState().setFraming({ framingFixedSize: '4' });
    expect(store.getState().fieldErrors.framing).toBeUndefined();
  });

  it('changes reach the open session once the controls rest: one session.framing.set, not one per keystroke', async () => {
    const { store, calls } = tcpTab();
    await store.getState().toggleOpen();
    store.getState().setFraming({ framingKind: 'fixed', framingFixedSize: '1' });
    store.getState().setFraming({ framingFixedSize: '10' });
    store.getState().setFraming({ framingFixedSize: '100' });
    await vi.advanceTimersByTimeAsync(FRAMING_APPLY_DELAY_MS - 1);
    expect(framingCalls(calls)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(framingCalls(calls)).toEqual([{ sessionId: 's1', framing: { kind: 'fixed', size: 100 } }]);
    // The same framing again sends nothing; a bad one is not sent at all.
    store.getState().setFraming({ framingFixedSize: '100' });
    store.getState().setFraming({ framingFixedSize: 'x' });
    await vi.advanceTimersByTimeAsync(FRAMING_APPLY_DELAY_MS * 2);
    expect(framingCalls(calls)).toHaveLength(1);
    // Leaving the controls applies at once.
    store.getState().setFraming({ framingFixedSize: '8' });
    await store.getState().applyFraming();
    expect(framingCalls(calls).at(-1)).toEqual({ sessionId: 's1', framing: { kind: 'fixed', size: 8 } });
  });

  it('nothing is sent while no TCP session is open; an engine refusal shows by the controls', async () => {
    const { store, calls } = tcpTab();
    store.getState().setFraming({ framingKind: 'idle' });
    await vi.advanceTimersByTimeAsync(FRAMING_APPLY_DELAY_MS * 2);
    expect(framingCalls(calls)).toEqual([]);

    const refused = testWorkspace({
      'session.open': () => ok({ sessionId: 's1', local, remote }),
      'session.framing.set': () => fail('INVALID_ARGUMENT', 'no', { field: 'framing', reason: 'not-tcp' }),
    });
    refused.store.getState().setProtocol('tcp-server');
    await refused.store.getState().toggleOpen();
    refused.store.getState().setFraming({ framingKind: 'idle' });
    await vi.advanceTimersByTimeAsync(FRAMING_APPLY_DELAY_MS);
    expect(refused.store.getState().notice).toMatchObject({ kind: 'error', slot: 'framing', error: { params: { reason: 'not-tcp' } } });
  });

  it('Txt ⇄ HEX rewrites a delimiter that parses', () => {
    const { store } = tcpTab();
    store.getState().setFraming({ framingKind: 'delimiter' });
    store.getState().setFramingDelimiterMode('hex');
    expect(store.getState()).toMatchObject({ framingDelimiter: '0D 0A', framingDelimiterMode: 'hex' });
    store.getState().setFramingDelimiterMode('text');
    expect(store.getState().framingDelimiter).toBe('\\r\\n');
  });

  it('the workspace file keeps the controls as typed, and leaves them out while they are all defaults', () => {
    const { store } = tcpTab();
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    expect('framing' in tabSettingsFromState(identity, store.getState())).toBe(false);
    store.getState().setFraming({ framingKind: 'delimiter', framingDelimiter: '03', framingDelimiterMode: 'hex', framingMaxSize: '512' });
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.framing).toMatchObject({ kind: 'delimiter', delimiter: '03', delimiterMode: 'hex', maxSize: '512' });
    // What the host checks before writing the file (a test may use the schema; the page does not).
    expect(tabSettingsSchema.safeParse(saved).success).toBe(true);
    expect(stateFromTabSettings(saved)).toMatchObject({ framingKind: 'delimiter', framingDelimiter: '03', framingDelimiterMode: 'hex', framingMaxSize: '512' });
    expect(stateFromTabSettings({ ...saved, framing: undefined })).toMatchObject({ framingKind: 'none', framingDelimiter: '\\r\\n' });
  });
});
