import { decodeTrafficBatch, type DecodedBatch, type Endpoint } from '@shared';
import type { DisplayBudget } from '../display-budget';
import { MIN_FLUSH_SPACING_MS, TrafficBatcher, type TrafficBatcherOptions } from '../traffic-batcher';

export const PEER: Endpoint = { address: '127.0.0.1', port: 9000, family: 'IPv4' };
export const PEER6: Endpoint = { address: '::1', port: 9001, family: 'IPv6' };

export interface Emitted extends DecodedBatch {
  readonly batchSeq: number;
}

/** A TrafficBatcher whose batches are decoded into `batches` as they go out (tests run it on fake timers). */
export function recordingBatcher(options: Partial<TrafficBatcherOptions> = {}, budget?: DisplayBudget): { batcher: TrafficBatcher; batches: Emitted[] } {
  const batches: Emitted[] = [];
  const batcher = new TrafficBatcher(
    (batchSeq, packed) => {
      const decoded = decodeTrafficBatch(packed);
      if (!decoded.ok) throw new Error(decoded.error.message);
      batches.push({ batchSeq, ...decoded.value });
    },
    options,
    budget,
  );
  return { batcher, batches };
}

/** One display frame in whole ms: flushes under load are spaced by MIN_FLUSH_SPACING_MS, rounded up. */
export const FRAME_MS = Math.ceil(MIN_FLUSH_SPACING_MS);

export const bytes = (n: number, fill = 0x41): Uint8Array => new Uint8Array(n).fill(fill);
