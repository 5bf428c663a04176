import type { RelayLogEvent } from '@shared/traffic/relay-log-event';
import { translate, type Lang } from '../i18n/i18n';

/**
 * The sentence of a relay's event row (shared/traffic/relay-log-event.ts): which side of which pair did what, and
 * what the relay did about it. The sentence names the side's address itself, so it reads the same without the header.
 */
export function formatRelayEvent(event: RelayLogEvent, lang: Lang): string {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]): string => translate(lang, key, params);
  switch (event.type) {
    case 'relay-pair-opened':
      return t(event.transport === 'tcp' ? 'log.relay.opened.tcp' : 'log.relay.opened.udp', { server: event.server });
    case 'relay-upstream-connected': {
      const sentence = t(event.transport === 'tcp' ? 'log.relay.connected.tcp' : 'log.relay.connected.udp', { via: event.via });
      return event.dropped ? sentence + t('log.relay.connectedDropped', { dropped: event.dropped }) : sentence;
    }
    case 'relay-upstream-failed': {
      const params = { server: event.server, code: event.code ?? '?' };
      if (event.transport === 'udp') return t(event.reason === 'refused' ? 'log.relay.failed.udp.refused' : 'log.relay.failed.udp.other', { ...params, code: event.code ?? event.reason });
      const sentence = t(`log.relay.failed.tcp.${event.reason}`, params);
      return event.heldBytes > 0 ? sentence + t('log.relay.failedHeld', { bytes: event.heldBytes }) : sentence;
    }
    case 'relay-side-closed':
      return t(`log.relay.closed.${event.side}.${event.how}`, { endpoint: event.endpoint, code: event.code ?? '?' });
    case 'relay-pair-closed': {
      const sentence = t(`log.relay.pairClosed.${event.reason}`, { seconds: Math.round((event.idleMs ?? 0) / 1000) });
      return sentence + t('log.relay.totals', { c2s: event.clientToServer, s2c: event.serverToClient });
    }
    case 'relay-paused':
      return event.transport === 'tcp' ? t('log.relay.paused.tcp') : t('log.relay.paused.udp', { count: event.maxDatagrams ?? '?', bytes: event.maxBytes ?? '?' });
    case 'relay-resumed': {
      if (event.transport === 'tcp') return t('log.relay.resumed.tcp');
      const sentence = t('log.relay.resumed.udp', { delivered: event.delivered });
      return event.dropped > 0 ? sentence + t('log.relay.resumedDropped', { dropped: event.dropped, bytes: event.droppedBytes }) : sentence;
    }
    case 'relay-queue-full':
      return t('log.relay.queueFull', { count: event.maxDatagrams, bytes: event.maxBytes });
    case 'relay-refused':
      return t(event.transport === 'tcp' ? 'log.relay.refused.tcp' : 'log.relay.refused.udp', { count: event.count, limit: event.limit });
  }
}
