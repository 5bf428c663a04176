import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';

/**
 * 丢弃 N (issue 11): datagrams the OS dropped for the tab's UDP socket because its receive buffer was full, beside
 * RX. Shown only where the engine reads the kernel's count (Linux; the counters then carry `rxDropped`, 0 included)
 * and only for a UDP session or a UDP relay: elsewhere nothing is shown rather than a 0 that would mean nothing.
 * Turns to the warning colour once anything was dropped; `data-dropped` keeps the exact number.
 */
export function DropCounter() {
  const t = useT();
  const dropped = useTab((s) => s.counters.rxDropped);
  const isUdp = useTab((s) => {
    const kind = s.sessionProtocol ?? s.protocol;
    return kind === 'udp' || (kind === 'relay' && s.relayTransport === 'udp');
  });
  if (dropped === undefined || !isUdp) return null;
  return (
    <span className={`counter counter-dropped${dropped > 0 ? ' has-drops' : ''}`} data-testid="counter-dropped" data-dropped={dropped} title={t('counter.droppedTitle', { count: dropped })}>
      {t('counter.dropped', { count: dropped })}
    </span>
  );
}
