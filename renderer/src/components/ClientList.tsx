import { formatEndpoint } from '@shared/contract/endpoint';
import type { ServerClientInfo } from '@shared/contract/session';
import { formatBytes } from '../i18n/format-units';
import { useT } from '../i18n/lang-store';
import { formatTimestamp } from '../log/format-row';
import { useTab } from '../store/tab-context';

/** "10:31:05" of a time stamp: the date is today's in a console that runs for hours, not weeks. */
const clock = (ms: number): string => formatTimestamp(ms).slice(11, 19);

/**
 * The TCP server console's client list: who is connected, since when, bytes each way and last activity. Tick
 * clients to send to just those, filter the log to one of them, or kick one. A relay's list is the same with its
 * pairs: each client with its upstream's local end (what the server sees), bytes client → server and back.
 */
export function ClientList() {
  const t = useT();
  const clients = useTab((s) => s.clients);
  const sessionState = useTab((s) => s.sessionState);
  const isRelay = useTab((s) => s.sessionProtocol === 'relay');
  if (sessionState !== 'open') return null;
  const title = t(isRelay ? 'relay.pairs.title' : 'clients.title');
  return (
    <section className={`client-list${isRelay ? ' is-relay' : ''}`} data-testid="client-list" aria-label={title}>
      <div className="client-list-head">
        <span className="client-list-title">{title}</span>
        <span className="log-count">{t(isRelay ? 'relay.pairs.count' : 'clients.count', { count: clients.length })}</span>
      </div>
      {clients.length === 0 ? (
        <div className="client-list-empty">{t(isRelay ? 'relay.pairs.none' : 'clients.none')}</div>
      ) : (
        <div className="client-list-scroll">
          <table>
            <thead>
              <tr>
                <th aria-label={t('clients.select')} />
                <th>{t(isRelay ? 'relay.pairs.client' : 'clients.peer')}</th>
                {isRelay && <th>{t('relay.pairs.upstream')}</th>}
                <th className="col-since">{t('clients.since')}</th>
                <th className="num">{t(isRelay ? 'relay.pairs.c2s' : 'clients.in')}</th>
                <th className="num">{t(isRelay ? 'relay.pairs.s2c' : 'clients.out')}</th>
                <th className="col-last">{t('clients.lastActivity')}</th>
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
      {client.relay && <RelayUpstreamCell relay={client.relay} />}
      <td className="mono col-since">{clock(client.connectedAt)}</td>
      <td className="num" title={t('counter.exactBytes', { bytes: client.rxBytes })} data-bytes={client.rxBytes}>
        {formatBytes(client.rxBytes)}
      </td>
      <td className="num" title={t('counter.exactBytes', { bytes: client.txBytes })} data-bytes={client.txBytes}>
        {formatBytes(client.txBytes)}
      </td>
      <td className="mono col-last">{clock(client.lastActivityAt)}</td>
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
          <button
            type="button"
            data-testid="client-kick"
            title={t(client.relay ? 'relay.pairs.closeTitle' : 'target.kickTitle')}
            onClick={() => void kickClient(client.key)}
          >
            {t(client.relay ? 'relay.pairs.close' : 'target.kick')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** A relay pair's server side: the local end of its upstream, or how far it got (connecting, half-closed). */
function RelayUpstreamCell({ relay }: { readonly relay: NonNullable<ServerClientInfo['relay']> }) {
  const t = useT();
  const upstream = relay.upstream ? formatEndpoint(relay.upstream) : '';
  const state = relay.state === 'open' ? '' : t(`relay.pairs.state.${relay.state}`);
  return (
    <td className="mono" data-testid="client-upstream" data-state={relay.state} data-upstream={upstream}>
      {[upstream, state].filter((part) => part !== '').join(' · ')}
    </td>
  );
}
