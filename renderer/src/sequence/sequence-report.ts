import { formatEndpoint, type Endpoint } from '@shared/contract/endpoint';
import type { Sequence, SequenceSummary } from '@shared/contract/sequence';
import type { Protocol } from '@shared/contract/session';

/** The export's tag and version first, so a reader tells it from any other JSON before reading on. */
export const SEQUENCE_REPORT_FORMAT = 'socketdesk-sequence-report';
export const SEQUENCE_REPORT_VERSION = 1;

export interface SequenceReportContext {
  readonly protocol: Protocol;
  readonly local: Endpoint | null;
  readonly remote: Endpoint | null;
  readonly exportedAt: Date;
}

/**
 * A run's results as a JSON file (Export JSON): the summary exactly as the engine sent it (outcome, counts,
 * latencies in ms, total time, every step's results and the first failure, steps numbered from 0), the steps as
 * they were run when this page knows them, and the session it ran on. Times are ms; `startedAt` also as ISO text.
 */
export function sequenceReportJson(summary: SequenceSummary, sequence: Sequence | null, context: SequenceReportContext): string {
  const report = {
    format: SEQUENCE_REPORT_FORMAT,
    version: SEQUENCE_REPORT_VERSION,
    exportedAt: context.exportedAt.toISOString(),
    startedAt: new Date(summary.startedAt).toISOString(),
    session: {
      protocol: context.protocol,
      local: context.local ? formatEndpoint(context.local) : null,
      remote: context.remote ? formatEndpoint(context.remote) : null,
    },
    sequence,
    summary,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "socketdesk-sequence-Modbus_poll-20260102-030405.json": the name made safe for any file system, and when. */
export function sequenceReportFileName(name: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `socketdesk-sequence-${safe || 'run'}-${stamp}.json`;
}
