import { describe, expect, it } from 'vitest';
import { ok } from '@shared/contract/errors';
import { tabSettingsSchema } from '@shared/contract/schemas';
import { ZERO_COUNTERS } from '@shared/contract/session';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { localizeError } from '../i18n/localize-error';
import { formatEvent } from '../log/format-row';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { addCounters } from './tab-counters';
import { reduceSnapshot } from './tab-reducers';

const local = { address: '0.0.0.0', port: 8080, family: 'IPv4' as const };
const identity = { id: 'tab-1', title: '', openAtStart: false };
const udpTab = () => testWorkspace({ 'session.open': () => ok({ sessionId: 's1', local }) });

describe('接收缓冲区 in the tab store (issue 11)', () => {
  it('session.open asks for the typed size in bytes; empty asks for nothing', async () => {
    const plain = udpTab();
    await plain.store.getState().toggleOpen();
    expect(plain.calls[0]!.args).toEqual({ config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080 }, tabId: 'tab-1' });

    const { store, calls } = udpTab();
    store.getState().setRecvBuffer('4M');
    await store.getState().toggleOpen();
    expect(calls[0]!.args).toEqual({ config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080, recvBufferSize: 4 * 1024 * 1024 }, tabId: 'tab-1' });
    // Applied at open: while open the field does not change.
    store.getState().setRecvBuffer('64');
    expect(store.getState().recvBuffer).toBe('4M');
  });

  it('a size out of bounds shows by its field as typed, keeps the tab from opening, and goes once corrected', async () => {
    const { store, calls } = udpTab();
    store.getState().setRecvBuffer('0');
    expect(store.getState().fieldErrors.recvBuffer?.params).toEqual({ field: 'recvBuffer', reason: 'recvBufferSize', minKiB: 1, maxKiB: 262_144 });
    await store.getState().toggleOpen();
    expect(calls).toEqual([]);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'recvBuffer' });
    const error = store.getState().fieldErrors.recvBuffer!;
    expect(localizeError(error, 'zh-CN')).toBe('接收缓冲区应在 1 KiB 到 256 MiB 之间（如 512 或 4M）；留空 = 系统默认');
    expect(localizeError(error, 'en')).toBe('The receive buffer must be from 1 KiB to 256 MiB (e.g. 512 or 4M); empty = the system default');
    store.getState().setRecvBuffer('512');
    expect(store.getState().fieldErrors.recvBuffer).toBeUndefined();
  });

  it('the workspace file keeps the field as typed (only when set); a file without it loads the OS default', () => {
    const { store } = udpTab();
    store.getState().setRecvBuffer('4x');
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.udp).toEqual({ broadcast: false, multicastGroups: [], multicastTtl: '', multicastLoopback: true, multicastInterface: '', recvBuffer: '4x' });
    expect(tabSettingsSchema.safeParse(saved).success).toBe(true);
    expect(stateFromTabSettings(saved)).toMatchObject({ recvBuffer: '4x' });
    expect(stateFromTabSettings({ ...saved, udp: { broadcast: true } })).toMatchObject({ recvBuffer: '' });
    store.getState().setRecvBuffer('');
    expect('udp' in tabSettingsFromState(identity, store.getState())).toBe(false);
  });

  it('a live session given back after a reload shows the size it opened with', () => {
    const { store } = udpTab();
    const config = { kind: 'udp' as const, localAddress: '0.0.0.0', localPort: 8080, recvBufferSize: 65_536 };
    const snapshot: SessionSnapshot = { sessionId: 's9', tabId: 'tab-1', config, state: 'open', counters: { ...ZERO_COUNTERS, rxDropped: 3 }, clients: [], repeat: null, capture: null, fileSend: null };
    expect(reduceSnapshot(store.getState(), snapshot)).toMatchObject({ recvBuffer: '64', counters: { rxDropped: 3 } });
  });
});

describe('the kernel’s drops on the page (issue 11)', () => {
  it('belong to the tab like the other counters: earlier sessions’ drops add up; absent stays absent', () => {
    expect(addCounters(ZERO_COUNTERS, ZERO_COUNTERS)).toEqual(ZERO_COUNTERS);
    expect(addCounters({ ...ZERO_COUNTERS, rxDropped: 5 }, { ...ZERO_COUNTERS, rxFrames: 2, rxDropped: 7 })).toEqual({ ...ZERO_COUNTERS, rxFrames: 2, rxDropped: 12 });
    expect(addCounters({ ...ZERO_COUNTERS, rxDropped: 5 }, ZERO_COUNTERS)).toEqual({ ...ZERO_COUNTERS, rxDropped: 5 });
  });

  it('say in both languages what the OS dropped and what it granted', () => {
    const drops = { event: { type: 'kernel-drops', count: 19_991 } as const };
    expect(formatEvent(drops, 'zh-CN')).toBe('系统丢弃了 19,991 个数据报（接收缓冲区已满）');
    expect(formatEvent(drops, 'en')).toBe('The OS dropped 19,991 datagrams (receive buffer full)');
    expect(formatEvent({ event: { type: 'kernel-drops', count: 1 } }, 'en')).toBe('The OS dropped 1 datagram (receive buffer full)');
    const granted = { event: { type: 'receive-buffer', requested: 4 * 1024 * 1024, granted: 425_984 } as const };
    expect(formatEvent(granted, 'zh-CN')).toBe('接收缓冲区：请求 4.0 MiB，系统给了 416 KiB');
    expect(formatEvent(granted, 'en')).toBe('Receive buffer: asked 4.0 MiB, the OS granted 416 KiB');
  });
});
