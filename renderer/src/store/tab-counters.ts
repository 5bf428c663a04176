import { ZERO_COUNTERS, type TrafficCounters } from '@shared/contract/session';

/*
 * The tab's counters (DESIGN §4b: counters belong to the tab). The engine counts per session; the tab adds the
 * totals of its earlier sessions (`counterBase`) so the numbers keep growing across close and reopen, as the log
 * does, until 复位计数 sets both to zero.
 */

export function addCounters(a: TrafficCounters, b: TrafficCounters): TrafficCounters {
  const sum = { rxBytes: a.rxBytes + b.rxBytes, rxFrames: a.rxFrames + b.rxFrames, txBytes: a.txBytes + b.txBytes, txFrames: a.txFrames + b.txFrames };
  // The kernel's UDP drops (issue 11): kept once either part has them, so the counter does not vanish on reopen.
  return a.rxDropped === undefined && b.rxDropped === undefined ? sum : { ...sum, rxDropped: (a.rxDropped ?? 0) + (b.rxDropped ?? 0) };
}

export interface TabCounters {
  /** What the status bar shows: `counterBase` plus the current session's totals. */
  readonly counters: TrafficCounters;
  /** Totals of the tab's sessions before the current one (since the last reset). */
  readonly counterBase: TrafficCounters;
}

/** A new session starts: what was shown so far becomes the base it counts on from. */
export function countersForNewSession(s: TabCounters): TabCounters {
  return { counterBase: s.counters, counters: s.counters };
}

/** The current session's totals as the engine reports them. */
export function countersWithSession(s: TabCounters, session: TrafficCounters): Pick<TabCounters, 'counters'> {
  return { counters: addCounters(s.counterBase, session) };
}

export const ZERO_TAB_COUNTERS: TabCounters = { counters: ZERO_COUNTERS, counterBase: ZERO_COUNTERS };
