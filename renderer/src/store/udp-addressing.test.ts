import { describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/contract/errors';
import { tabSettingsSchema } from '@shared/contract/schemas';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { ZERO_COUNTERS } from '@shared/contract/session';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { formFromConfig, stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { reduceSnapshot } from './tab-reducers';

const local = { address: '0.0.0.0', port: 8080, family: 'IPv4' as const };
const identity = { id: 'tab-1', title: '', openAtStart: false };

function udpTab(answers: Parameters<typeof testWorkspace>[0] = {}) {
  return testWorkspace({ 'session.open': () => ok({ sessionId: 's1', local }), ...answers });
}

const callsOf = (calls: ReturnType<typeof testWorkspace>['calls'], name: string) => calls.filter((c) => c.name === name).map((c) => c.args);

describe('广播 / 组播 in the tab store', () => {
  it('session.open carries only what differs from the system defaults, and every listed group', async () => {
    const plain = udpTab();
    await plain.store.getState().toggleOpen();
    expect(plain.calls[0]!.args).toEqual({ config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080 }, tabId: 'tab-1' });

    const { store, calls } = udpTab();
    const s = store.getState();
    await s.setUdpBroadcast(true);
    await s.setMulticastTtl('8');
    await s.setMulticastLoopback(false);
    await s.setMulticastInterface('eth0');
    s.setMulticastGroupInput('239.1.2.3');
    await s.joinMulticast();
    await s.setMulticastInterface('');
    s.setMulticastGroupInput('FF15::1234');
    await s.joinMulticast();
    // While closed nothing reaches the engine: the groups are listed, to be joined at open.
    expect(calls).toEqual([]);
    expect(store.getState().multicastGroups).toEqual([{ group: '239.1.2.3', interface: 'eth0' }, { group: 'ff15::1234' }]);
    await store.getState().toggleOpen();
    expect(calls[0]!.args).toEqual({
      config: {
        kind: 'udp',
        localAddress: '0.0.0.0',
        localPort: 8080,
        broadcast: true,
        multicastTtl: 8,
        multicastLoopback: false,
        multicastGroups: [{ group: '239.1.2.3', interface: 'eth0' }, { group: 'ff15::1234' }],
      },
      tabId: 'tab-1',
    });
  });

  it('a TTL that does not parse shows by its field and keeps the tab from opening', async () => {
    const { store, calls } = udpTab();
    await store.getState().setMulticastTtl('256');
    expect(store.getState().fieldErrors.multicastTtl?.params).toMatchObject({ reason: 'multicastTtl', min: 0, max: 255 });
    expect(store.getState().notice).toBeNull();
    await store.getState().toggleOpen();
    expect(calls).toEqual([]);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'multicastTtl' });
    await store.getState().setMulticastTtl('');
    expect(store.getState().fieldErrors.multicastTtl).toBeUndefined();
  });

  it('while open each change reaches the session at once; an emptied TTL goes back to 1', async () => {
    const { store, calls } = udpTab();
    await store.getState().toggleOpen();
    await store.getState().setUdpBroadcast(true);
    await store.getState().setMulticastTtl('64');
    await store.getState().setMulticastTtl('6x');
    await store.getState().setMulticastTtl('');
    await store.getState().setMulticastLoopback(false);
    await store.getState().setMulticastInterface('lo');
    expect(callsOf(calls, 'session.udp.set')).toEqual([
      { sessionId: 's1', options: { broadcast: true } },
      { sessionId: 's1', options: { multicastTtl: 64 } },
      { sessionId: 's1', options: { multicastTtl: 1 } },
      { sessionId: 's1', options: { multicastLoopback: false } },
      { sessionId: 's1', options: { multicastInterface: 'lo' } },
    ]);
  });

  it('a change the engine refuses is undone in the control and said by it', async () => {
    const gone = { code: 'EADDRNOTAVAIL', message: 'x', params: { field: 'interface', reason: 'interfaceGone', interface: 'usb0' } } as const;
    const { store } = udpTab({ 'session.udp.set': (args) => ((args.options as Record<string, unknown>).multicastInterface === 'usb0' ? { ok: false, error: gone } : fail('EACCES', 'no')) });
    await store.getState().toggleOpen();
    await store.getState().setMulticastInterface('usb0');
    expect(store.getState().multicastInterface).toBe('');
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'multicast', error: gone });
    await store.getState().setUdpBroadcast(true);
    expect(store.getState().udpBroadcast).toBe(false);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'broadcast' });
  });

  it('join and leave while open go to the engine; a refused join lists nothing; a leave the engine does not know still unlists', async () => {
    const { store, calls } = udpTab({
      'session.multicast.join': (args) =>
        (args.membership as { group: string }).group === 'ff15::1'
          ? fail('INVALID_ARGUMENT', 'family', { field: 'group', reason: 'multicastFamily', group: 'ff15::1', family: 'IPv6', address: '0.0.0.0' })
          : ok(null),
      'session.multicast.leave': () => fail('NOT_FOUND', 'not joined', { field: 'group', reason: 'notJoined', group: '239.1.2.3' }),
    });
    await store.getState().toggleOpen();
    store.getState().setMulticastGroupInput('ff15::1');
    await store.getState().joinMulticast();
    expect(store.getState().multicastGroups).toEqual([]);
    expect(store.getState().notice).toMatchObject({ slot: 'multicast', error: { params: { reason: 'multicastFamily' } } });
    expect(store.getState().multicastGroupInput).toBe('ff15::1');

    store.getState().setMulticastGroupInput('239.1.2.3');
    await store.getState().joinMulticast();
    expect(store.getState().multicastGroups).toEqual([{ group: '239.1.2.3' }]);
    expect(store.getState().fieldErrors.multicast).toBeUndefined();
    await store.getState().leaveMulticast({ group: '239.1.2.3' });
    expect(store.getState().multicastGroups).toEqual([]);
    expect(callsOf(calls, 'session.multicast.join')).toEqual([
      { sessionId: 's1', membership: { group: 'ff15::1' } },
      { sessionId: 's1', membership: { group: '239.1.2.3' } },
    ]);
    expect(callsOf(calls, 'session.multicast.leave')).toEqual([{ sessionId: 's1', membership: { group: '239.1.2.3' } }]);
  });

  it('the page\'s own checks: not multicast, not an IP, the same group twice (in any spelling), more than 20', async () => {
    const { store, calls } = udpTab();
    const joinText = async (text: string) => {
      store.getState().setMulticastGroupInput(text);
      await store.getState().joinMulticast();
      return store.getState().notice?.kind === 'error' ? store.getState().notice : null;
    };
    expect(await joinText('10.0.0.1')).toMatchObject({ slot: 'multicast', error: { params: { reason: 'notMulticast', group: '10.0.0.1', family: 'IPv4' } } });
    expect(await joinText('group.example')).toMatchObject({ error: { params: { reason: 'notIpGroup' } } });
    expect(await joinText('ff02::fb')).toBeNull();
    expect(await joinText('FF02:0::FB')).toMatchObject({ error: { params: { reason: 'alreadyJoined', group: 'ff02::fb' } } });
    for (let i = 1; i < 20; i++) expect(await joinText(`239.0.0.${i}`)).toBeNull();
    expect(await joinText('239.0.0.99')).toMatchObject({ error: { params: { reason: 'tooManyGroups', max: 20 } } });
    expect(store.getState().multicastGroups).toHaveLength(20);
    expect(calls).toEqual([]);
  });

  it('the workspace file keeps them (left out while all are defaults), and a file without them loads the defaults', async () => {
    const { store } = udpTab();
    expect('udp' in tabSettingsFromState(identity, store.getState())).toBe(false);
    await store.getState().setMulticastTtl('4x');
    store.getState().setMulticastGroupInput('239.1.2.3');
    await store.getState().joinMulticast();
    await store.getState().setUdpBroadcast(true);
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.udp).toEqual({ broadcast: true, multicastGroups: [{ group: '239.1.2.3' }], multicastTtl: '4x', multicastLoopback: true, multicastInterface: '' });
    expect(tabSettingsSchema.safeParse(saved).success).toBe(true);
    expect(stateFromTabSettings(saved)).toMatchObject({ udpBroadcast: true, multicastGroups: [{ group: '239.1.2.3' }], multicastTtl: '4x', multicastLoopback: true, multicastInterface: '' });
    expect(stateFromTabSettings({ ...saved, udp: undefined })).toMatchObject({ udpBroadcast: false, multicastGroups: [], multicastTtl: '', multicastLoopback: true, multicastInterface: '' });
  });

  it('a live UDP session given back after a reload shows the options and groups the engine has now', () => {
    const { store } = udpTab();
    const config = { kind: 'udp' as const, localAddress: '::', localPort: 5353, broadcast: true, multicastTtl: 2, multicastLoopback: false, multicastInterface: 'eth0', multicastGroups: [{ group: 'ff02::fb', interface: 'eth0' }] };
    const snapshot: SessionSnapshot = { sessionId: 's9', tabId: 'tab-1', config, state: 'open', counters: ZERO_COUNTERS, clients: [], repeat: null, capture: null, fileSend: null };
    expect(reduceSnapshot(store.getState(), snapshot)).toMatchObject({
      udpBroadcast: true,
      multicastTtl: '2',
      multicastLoopback: false,
      multicastInterface: 'eth0',
      multicastGroups: [{ group: 'ff02::fb', interface: 'eth0' }],
    });
    expect(formFromConfig(config)).toMatchObject({ protocol: 'udp', localAddress: '::', localPort: '5353', udpBroadcast: true, multicastGroups: [{ group: 'ff02::fb', interface: 'eth0' }] });
  });

  it('a refresh of the interface list shows its failure by the control that asked, and clears it when it works', () => {
    const { store } = udpTab();
    store.getState().noteInterfacesRefresh('interfaces', { code: 'INTERNAL', message: 'boom' });
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'interfaces' });
    store.getState().noteInterfacesRefresh('interfaces', null);
    expect(store.getState().fieldErrors.interfaces).toBeUndefined();
    expect(store.getState().notice).toBeNull();
  });
});
