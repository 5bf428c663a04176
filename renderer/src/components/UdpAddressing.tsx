import { useMemo, useState } from 'react';
import { parseIp } from '@shared/codecs/ip-literal';
import { checkMulticastGroup, type MulticastMembership } from '@shared/contract/udp-addressing';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { Checkbox } from './Checkbox';
import { FieldError, useHasError } from './FieldError';
import { groupInterfaces, interfaceLabel } from './interface-list';
import { InterfacesRefresh } from './InterfacesRefresh';
import { ReceiveBufferField } from './ReceiveBufferField';

/**
 * 广播 and 组播 of a UDP tab (issue 10), under the open button: one row while multicast is folded (the Broadcast box
 * and "Multicast (n)"), the groups and their controls when unfolded. Every change reaches an open session at once;
 * while closed the groups are listed and joined when it opens. Folded at first unless the tab has groups.
 */
export function UdpAddressing() {
  const t = useT();
  const isUdp = useTab((s) => (s.sessionState === 'closed' ? s.protocol : (s.sessionProtocol ?? s.protocol)) === 'udp');
  const broadcast = useTab((s) => s.udpBroadcast);
  const setBroadcast = useTab((s) => s.setUdpBroadcast);
  const groupCount = useTab((s) => s.multicastGroups.length);
  const hasMulticastError = useTab((s) => s.fieldErrors.multicast !== undefined || s.fieldErrors.multicastTtl !== undefined);
  const [isUnfolded, setUnfolded] = useState(groupCount > 0);
  if (!isUdp) return null;
  // A multicast error is never hidden in the folded part.
  const showsMulticast = isUnfolded || hasMulticastError;
  return (
    <div className="udp-addressing">
      <div className="udp-addressing-row">
        <Checkbox label={t('udp.broadcast')} testId="udp-broadcast" checked={broadcast} title={t('udp.broadcastHint')} onChange={(on) => void setBroadcast(on)} />
        <button
          type="button"
          className="multicast-fold"
          data-testid="multicast-toggle"
          aria-expanded={showsMulticast}
          title={t('udp.multicastHint')}
          onClick={() => setUnfolded(!showsMulticast)}
        >
          <span aria-hidden="true">{showsMulticast ? '▾' : '▸'}</span> {t('udp.multicast', { n: groupCount })}
        </button>
      </div>
      <FieldError slot="broadcast" />
      {showsMulticast && <MulticastSettings />}
      <ReceiveBufferField />
    </div>
  );
}

function MulticastSettings() {
  const t = useT();
  const groupInput = useTab((s) => s.multicastGroupInput);
  const setGroupInput = useTab((s) => s.setMulticastGroupInput);
  const join = useTab((s) => s.joinMulticast);
  const ttl = useTab((s) => s.multicastTtl);
  const setTtl = useTab((s) => s.setMulticastTtl);
  const loopback = useTab((s) => s.multicastLoopback);
  const setLoopback = useTab((s) => s.setMulticastLoopback);
  return (
    <div className="multicast" data-testid="multicast-settings">
      <JoinedGroups />
      <div className="multicast-row is-interface">
        <span className="field-label" title={t('udp.interfaceHint')}>
          {t('udp.interface')}
        </span>
        <InterfaceSelect />
        <InterfacesRefresh testId="multicast-interfaces-refresh" slot="multicast" />
      </div>
      <div className="multicast-row">
        <input
          className="multicast-group-input"
          data-testid="multicast-group"
          aria-label={t('udp.groupLabel')}
          placeholder={t('udp.groupPlaceholder')}
          spellCheck={false}
          value={groupInput}
          aria-invalid={useHasError('multicast')}
          onChange={(e) => setGroupInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void join();
          }}
        />
        <button type="button" data-testid="multicast-join" title={t('udp.joinHint')} onClick={() => void join()}>
          {t('udp.join')}
        </button>
      </div>
      <div className="multicast-row">
        <label className="multicast-ttl" title={t('udp.ttlHint')}>
          <span className="field-label">{t('udp.ttl')}</span>
          <input data-testid="multicast-ttl" inputMode="numeric" placeholder="1" value={ttl} aria-invalid={useHasError('multicastTtl')} onChange={(e) => void setTtl(e.target.value)} />
        </label>
        <Checkbox label={t('udp.loopback')} testId="multicast-loopback" checked={loopback} title={t('udp.loopbackHint')} onChange={(on) => void setLoopback(on)} />
      </div>
      <BindNote />
      <FieldError slot="multicastTtl" />
      <FieldError slot="multicast" />
    </div>
  );
}

/** The groups the tab joins (has joined, while open), each with its interface and a button to leave it. */
function JoinedGroups() {
  const t = useT();
  const groups = useTab((s) => s.multicastGroups);
  const leave = useTab((s) => s.leaveMulticast);
  if (groups.length === 0) return null;
  return (
    <ul className="multicast-groups" aria-label={t('udp.groupsLabel')}>
      {groups.map((membership: MulticastMembership) => (
        <li key={`${membership.group}%${membership.interface ?? ''}`} data-testid="multicast-group-row" data-group={membership.group}>
          <span className="multicast-group" title={membership.group}>{membership.group}</span>
          <span className="multicast-group-interface" title={membership.interface ?? t('udp.anyInterface')}>{membership.interface ?? t('udp.anyInterface')}</span>
          <button type="button" className="multicast-leave" data-testid="multicast-leave" title={t('udp.leave', { group: membership.group })} aria-label={t('udp.leave', { group: membership.group })} onClick={() => void leave(membership)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The interfaces by name with their addresses ("lo — 127.0.0.1, ::1"); one chosen before that is gone stays shown. */
function InterfaceSelect() {
  const t = useT();
  const chosen = useTab((s) => s.multicastInterface);
  const choose = useTab((s) => s.setMulticastInterface);
  const interfaces = useWorkspace((s) => s.interfaces);
  const nics = useMemo(() => groupInterfaces(interfaces), [interfaces]);
  const isMissing = chosen !== '' && !nics.some((nic) => nic.name === chosen);
  // An interface with many addresses is longer than any column: its whole line is in the tooltip too.
  const chosenNic = nics.find((nic) => nic.name === chosen);
  const title = chosenNic ? `${interfaceLabel(chosenNic)}\n${t('udp.interfaceHint')}` : t('udp.interfaceHint');
  return (
    <select data-testid="multicast-interface" aria-label={t('udp.interface')} title={title} value={chosen} onChange={(e) => void choose(e.target.value)}>
      <option value="">{t('udp.interfaceDefault')}</option>
      {isMissing && <option value={chosen}>{t('udp.interfaceMissing', { name: chosen })}</option>}
      {nics.map((nic) => (
        <option key={nic.name} value={nic.name}>
          {interfaceLabel(nic)}
        </option>
      ))}
    </select>
  );
}

/**
 * A socket bound to one unicast address does not get datagrams sent to a group on Linux and macOS (their destination
 * is the group, not that address): said while the tab has groups and such an address.
 */
function BindNote() {
  const t = useT();
  const address = useTab((s) => (s.sessionState === 'open' && s.local ? s.local.address : s.localAddress.trim()));
  const hasGroups = useTab((s) => s.multicastGroups.length > 0);
  if (!hasGroups || !bindsOneUnicastAddress(address)) return null;
  return (
    <div className="field-note" data-testid="multicast-bind-note">
      {t('udp.bindNote', { address })}
    </div>
  );
}

function bindsOneUnicastAddress(address: string): boolean {
  if (address === '' || checkMulticastGroup(address).ok) return false;
  const bytes = parseIp(address.replace(/^\[(.*)\]$/, '$1'));
  // A host name binds one address too; only the unspecified addresses (0.0.0.0, ::) take every destination.
  return bytes === undefined || bytes.some((byte) => byte !== 0);
}
