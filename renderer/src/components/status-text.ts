import { formatEndpoint } from '@shared/contract/endpoint';
import type { Translate } from '../i18n/i18n';
import type { TabState } from '../store/tab-state';
import type { HostLinkState } from '../transport/host-link';
import { hostBannerKey } from '../workspace/host-status';

export type StatusInput = Pick<TabState, 'protocol' | 'sessionState' | 'sessionProtocol' | 'local' | 'remote' | 'closeReason' | 'localAddress' | 'localPort' | 'remoteHost' | 'remotePort'> &
  /** Relay tabs only. */
  Partial<Pick<TabState, 'relayTransport' | 'relayPaused'>> & {
  readonly hostLink: HostLinkState;
  readonly clientCount: number;
  /** TCP client retrying (issue 10), and Date.now() to count its wait down from. */
  readonly reconnect?: TabState['reconnect'];
  readonly now?: number;
  /** TCP client: the peer finished sending (FIN). */
  readonly peerFinished?: boolean;
};

/** What is left of a wait, as the status line says it: "0.4" under a second, whole seconds (rounded up) above. */
function secondsLeft(retryAt: number, now: number): string {
  const left = Math.max(0, retryAt - now);
  return left < 1000 ? (Math.ceil(left / 100) / 10).toFixed(1) : String(Math.ceil(left / 1000));
}

/** "UDP 已打开 127.0.0.1:9000", "TCP client connected to …", "TCP 客户端已关闭：对方关闭了连接". */
export function statusText(s: StatusInput, t: Translate): string {
  const linkKey = hostBannerKey(s.hostLink, false);
  if (linkKey) return t(linkKey);
  if (s.hostLink === 'connecting') return t('host.connecting');
  const protocol = s.sessionProtocol ?? s.protocol;
  const local = s.local ? formatEndpoint(s.local) : '';
  const remote = s.remote ? formatEndpoint(s.remote) : '';
  const typedRemote = s.remoteHost.includes(':') ? `[${s.remoteHost}]:${s.remotePort}` : `${s.remoteHost}:${s.remotePort}`;
  if (s.sessionState === 'opening' && s.reconnect) {
    const params = { remote: remote || typedRemote, attempt: s.reconnect.attempt };
    if (s.reconnect.phase === 'connecting') return t('status.reconnecting.connecting', params);
    return t('status.reconnecting.waiting', { ...params, seconds: secondsLeft(s.reconnect.retryAt, s.now ?? Date.now()) });
  }
  if (s.sessionState === 'opening') {
    const typedLocal = s.localAddress.includes(':') ? `[${s.localAddress}]:${s.localPort}` : `${s.localAddress}:${s.localPort}`;
    return t(`status.opening.${s.protocol}`, { local: typedLocal, remote: typedRemote });
  }
  if (s.sessionState === 'open' && protocol === 'relay') {
    // "转发 TCP 0.0.0.0:8080 → 10.0.0.2:502，3 对连接（已暂停）".
    const transport = s.relayTransport ?? 'tcp';
    const pairs = t(transport === 'udp' ? 'relay.status.pairs.udp' : 'relay.status.pairs.tcp', { count: s.clientCount });
    const text = t('status.open.relay', { transport: t(`relay.transport.${transport}`), local, remote, pairs });
    return s.relayPaused ? text + t('relay.status.paused') : text;
  }
  if (s.sessionState === 'open') {
    const open = t(`status.open.${protocol}`, { local, remote, clients: s.clientCount });
    return s.peerFinished && protocol === 'tcp-client' ? open + t('status.peerFinished') : open;
  }
  if (s.closeReason) return t('status.closedWithReason', { protocol: t(`protocol.${protocol}`), reason: t(`reason.${s.closeReason}`) });
  return t('status.closed');
}
