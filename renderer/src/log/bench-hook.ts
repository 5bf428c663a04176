import { ZERO_COUNTERS } from '@shared/contract/session';
import { encodeTrafficBatch, readTrafficBatch } from '@shared/traffic/batch-codec';
import type { TrafficFrame } from '@shared/traffic/frame';
import type { LogStore } from './log-store';

/** Frames per synthetic batch: about what the engine packs into one 1 MiB batch of small datagrams. */
const FRAMES_PER_BATCH = 10_000;

export interface BenchHook {
  /**
   * Puts `frames` synthetic rx frames of `bytesPerFrame` bytes (printable, numbered) into the log through the
   * same path as real traffic: packed batches, checked by readTrafficBatch, stored by LogStore.ingestBatch.
   * Yields to the page between batches. Resolves with the log's size. Counters are not touched (no socket saw
   * these frames).
   */
  fillLog(frames: number, bytesPerFrame: number): Promise<number>;
}

/**
 * The bench's seam for B6 (a million frames in the log in seconds rather than a long UDP run): installed as
 * `window.socketdeskBench` only when the page URL has `?bench=1` (see main.tsx). Nothing else is exposed.
 */
export function createBenchHook(activeLog: () => LogStore): BenchHook {
  return {
    async fillLog(frames, bytesPerFrame) {
      const peer = { address: '127.0.0.1', port: 9, family: 'IPv4' as const };
      const size = Math.max(0, Math.min(65_536, Math.trunc(bytesPerFrame)));
      const start = Date.now();
      for (let done = 0; done < frames; ) {
        const n = Math.min(FRAMES_PER_BATCH, frames - done);
        const batch: TrafficFrame[] = new Array<TrafficFrame>(n);
        for (let i = 0; i < n; i++) {
          const seq = done + i + 1;
          const bytes = new Uint8Array(size).fill(0x2e); // '.'
          const label = `#${seq} `;
          for (let k = 0; k < label.length && k < size; k++) bytes[k] = label.charCodeAt(k);
          batch[i] = { seq, ts: start + seq / 50, dir: 'rx', peer, bytes };
        }
        const packed = encodeTrafficBatch(batch, ZERO_COUNTERS);
        const read = readTrafficBatch(packed);
        if (!read.ok) throw new Error(read.error.message);
        activeLog().ingestBatch(read.value, packed);
        done += n;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return activeLog().size;
    },
  };
}
