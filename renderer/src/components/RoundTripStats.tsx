import { useSyncExternalStore } from 'react';
import type { Translate } from '../i18n/i18n';
import { useT } from '../i18n/lang-store';
import type { LatencySummary } from '../log/latency-histogram';
import { useLogStore, useTab } from '../store/tab-context';

/** A round-trip time as the status bar shows it: three significant digits or so ("0.352 ms", "12.4 ms", "1.25 s"). */
export function formatRttShort(ms: number, t: Translate): string {
  if (ms >= 1000) return t('rtt.s', { s: (ms / 1000).toFixed(2) });
  const digits = ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return t('rtt.ms', { ms: ms.toFixed(digits) });
}

/**
 * 往返时间 in the status bar (显示往返时间 on): the session's min, median and p99 over the first reply to each send
 * (log/round-trip.ts). Redrawn when the log moves, at most once per animation frame.
 */
export function RoundTripStats() {
  const t = useT();
  const isOn = useTab((s) => s.recvRtt);
  const log = useLogStore();
  useSyncExternalStore(log.subscribe, log.getVersion);
  if (!isOn) return null;
  const summary: LatencySummary | null = log.roundTrip.summary();
  if (!summary) {
    return (
      <span className="rtt-stats" data-testid="rtt-stats" data-count={0} title={t('rtt.noneTitle')}>
        {t('rtt.none')}
      </span>
    );
  }
  return (
    <span
      className="rtt-stats"
      data-testid="rtt-stats"
      data-count={summary.count}
      data-min-ms={summary.minMs}
      data-median-ms={summary.medianMs}
      data-p99-ms={summary.p99Ms}
      title={t('rtt.statsTitle', { count: summary.count, max: formatRttShort(summary.maxMs, t) })}
    >
      {t('rtt.stats', { min: formatRttShort(summary.minMs, t), median: formatRttShort(summary.medianMs, t), p99: formatRttShort(summary.p99Ms, t) })}
    </span>
  );
}
