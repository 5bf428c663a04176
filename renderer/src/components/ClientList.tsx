import type { ServerClientInfo } from '@shared/contract/session';
import { formatBytes } from '../i18n/format-units';
import { useT } from '../i18n/lang-store';
import { formatTimestamp } from '../log/format-row';
import { useTab } from '../store/tab-context';

/** "10:31:05" of a time stamp: the date is today's in a console that runs for hours, not weeks. */
const clock = (ms: number): string => formatTimestamp(ms).slice(11, 19);

/**
 * The TCP server console's client list: who is connected, since when, bytes each way and last activity. Tick
 * clients to send to just those, filter the log to one of them, or kick one.
 */
export function ClientList() {
  const t = useT();
  const clients = useTab((s) => s.clients);
  const sessionState = useTab((s) => s.sessionState);
  if (sessionState !== 'open') return null;
  return (
    <section className="client-list" data-testid="client-list" aria-label={t('clients.title')}>
      <div className="client-list-head">
        <span className="client-list-title">{t('clients.title')}</span>
        <span className="log-count">{t('clients.count', { count: clients.length })}</span>
      </div>
      {clients.length === 0 ? (
        <div className="client-list-empty">{t('clients.none')}</div>
      ) : (
        <div className="client-list-scroll">
          <table>
            <thead>
              <tr>
                <th aria-label={t('clients.select')} />
                <th>{t('clients.peer')}</th>
                <th>{t('clients.since')}</th>
                <th className="num">{t('clients.in')}</th>
                <th className="num">{t('clients.out')}</th>
                <th>{t('clients.lastActivity')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <ClientRow key={client.key} client={client} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ClientRow({ client }: { readonly client: ServerClientInfo }) {
  const t = useT();
  const isSelected = useTab((s) => s.selectedClients.includes(client.key));
  const isFiltered = useTab((s) => s.logPeerFilter?.address === client.address && s.logPeerFilter.port === client.port);
  const toggleClientSelected = useTab((s) => s.toggleClientSelected);
  const setLogPeerFilter = useTab((s) => s.setLogPeerFilter);
  const kickClient = useTab((s) => s.kickClient);
  return (
    <tr data-testid="client-row" data-peer={client.key} data-selected={isSelected ? 'true' : 'false'} data-finished={client.peerFinished ? 'true' : undefined}>
      <td>
        <input
          type="checkbox"
          data-testid="client-select"
          aria-label={t('clients.selectOne', { peer: client.key })}
          checked={isSelected}
          onChange={() => toggleClientSelected(client.key)}
        />
      </td>
      <td className="mono">
        {client.key}
        {/* Half-closed (FIN): it finished sending, and stays until it closes or is kicked (issue 10). */}
        {client.peerFinished && (
          <span className="client-finished" data-testid="client-finished" title={t('clients.finishedTitle')}>
            {t('clients.finished')}
          </span>
        )}
      </td>
      <td className="mono">{clock(client.connectedAt)}</td>
      <td className="num" title={t('counter.exactBytes', { bytes: client.rxBytes })} data-bytes={client.rxBytes}>
        {formatBytes(client.rxBytes)}
      </td>
      <td className="num" title={t('counter.exactBytes', { bytes: client.txBytes })} data-bytes={client.txBytes}>
        {formatBytes(client.txBytes)}
      </td>
      <td className="mono">{clock(client.lastActivityAt)}</td>
      <td>
        <div className="client-actions">
          <button
            type="button"
            data-testid="client-filter"
            aria-pressed={isFiltered}
            title={t(isFiltered ? 'log.showAll' : 'clients.filterTitle')}
            onClick={() => setLogPeerFilter(isFiltered ? null : client)}
          >
            {t(isFiltered ? 'clients.unfilter' : 'clients.filter')}
          </button>
          <button type="button" data-testid="client-kick" title={t('target.kickTitle')} onClick={() => void kickClient(client.key)}>
            {t('target.kick')}
          </button>
        </div>
      </td>
    </tr>
  );
}
