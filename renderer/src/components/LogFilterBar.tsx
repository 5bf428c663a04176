import type { ReactNode } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { useT } from '../i18n/lang-store';
import type { LogStore } from '../log/log-store';
import { DIRECTION_FILTERS } from '../log/row-filter';
import { useTab } from '../store/tab-context';

/** Peers listed in the select at most: a UDP port hit by thousands of senders must not make a select of thousands. */
const MAX_PEER_OPTIONS = 200;

/**
 * The row filters above the log: direction (all, received, sent, events) and peer (any, or one the log has seen;
 * the same filter as the client list's "only this"). The search box sits beside them (`children`).
 */
export function LogFilterBar({ store, children }: { readonly store: LogStore; readonly children: ReactNode }) {
  const t = useT();
  const dir = useTab((s) => s.logDirFilter);
  const setDir = useTab((s) => s.setLogDirFilter);
  const peer = useTab((s) => s.logPeerFilter);
  const setPeer = useTab((s) => s.setLogPeerFilter);
  // A relay's rx and tx rows are its two legs: the filter names them so.
  const isRelay = useTab((s) => (s.sessionProtocol ?? s.protocol) === 'relay');
  // Read on every render of the pane (the log's version moves it): a new peer shows up with its first row.
  const peers = store.peerList;
  const listed = peers.slice(0, MAX_PEER_OPTIONS);
  const chosen = peer ? formatEndpoint(peer) : '';
  const isListed = !peer || listed.some((p) => formatEndpoint(p) === chosen);

  return (
    <div className="log-filter-bar">
      <select data-testid="log-filter-dir" aria-label={t('log.filterDir')} value={dir} onChange={(e) => setDir(DIRECTION_FILTERS.find((d) => d === e.target.value) ?? 'all')}>
        {DIRECTION_FILTERS.map((d) => (
          <option key={d} value={d}>
            {isRelay && (d === 'rx' || d === 'tx') ? t(`log.dir.relay.${d}`) : t(`log.dir.${d}`)}
          </option>
        ))}
      </select>
      <select
        data-testid="log-filter-peer"
        aria-label={t('log.filterPeer')}
        value={chosen}
        onChange={(e) => setPeer(peers.find((p) => formatEndpoint(p) === e.target.value) ?? null)}
      >
        <option value="">{t('log.peer.any')}</option>
        {!isListed && <option value={chosen}>{chosen}</option>}
        {listed.map((p) => {
          const key = formatEndpoint(p);
          return (
            <option key={key} value={key}>
              {key}
            </option>
          );
        })}
        {peers.length > listed.length && (
          <option value="#more" disabled>
            {t('log.peer.more', { count: peers.length - listed.length })}
          </option>
        )}
      </select>
      {children}
    </div>
  );
}
