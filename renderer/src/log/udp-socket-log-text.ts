import type { UdpSocketLogEvent } from '@shared/traffic/udp-socket-log-event';
import { formatBytes } from '../i18n/format-units';
import { translate, type Lang } from '../i18n/i18n';

/**
 * The sentences of a UDP socket's own rows (issue 11): what the OS granted for the receive buffer asked for, and
 * datagrams the kernel dropped because that buffer was full.
 */
export function formatUdpSocketEvent(event: UdpSocketLogEvent, lang: Lang): string {
  if (event.type === 'kernel-drops') return translate(lang, 'log.event.kernelDrops', { count: event.count });
  return translate(lang, 'log.event.receiveBuffer', { requested: formatBytes(event.requested), granted: formatBytes(event.granted) });
}
