import { useSyncExternalStore } from 'react';
import type { Translate } from '../i18n/i18n';
import { useT } from '../i18n/lang-store';
import type { LatencySummary } from '../log/latency-histogram';
import { useLogStore, useTab } from '../store/tab-context';

/** A number of ms (or s) with three significant digits or so: "0.352", "12.4", "250". */
function figure(value: number): string {
  return value.toFixed(value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0);
}

/** One round-trip time with its unit: "0.352 ms", "1.25 s". */
export function formatRttShort(ms: number, t: Translate): string {
  return ms >= 1000 ? t('rtt.s', { s: (ms / 1000).toFixed(2) }) : t('rtt.ms', { ms: figure(ms) });
}

/** min, median and p99 in one unit (seconds once p99 reaches a second), so the unit is written once. */
function figuresOf(summary: LatencySummary, t: Translate): string {
  const inSeconds = summary.p99Ms >= 1000;
  const scale = (ms: number): string => (inSeconds ? (ms / 1000).toFixed(2) : figure(ms));
  const text = t('rtt.stats', { min: scale(summary.minMs), median: scale(summary.medianMs), p99: scale(summary.p99Ms) });
  return `${text} ${t(inSeconds ? 'rtt.unitS' : 'rtt.unitMs')}`;
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
      {figuresOf(summary, t)}
    </span>
  );
}
