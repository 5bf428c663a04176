import type { Endpoint } from '@shared';
import { TrafficBatcher } from '../../electron/engine/traffic-batcher';

/**
 * The engine's batching without a socket: records 64-byte rx frames into a real TrafficBatcher at a paced
 * rate, so the transport (not the NIC or the kernel) is what limits delivery. `emit` is where batches go.
 */
export class SyntheticSource {
  readonly batcher: TrafficBatcher;
  recorded = 0;
  private running = false;

  constructor(emit: (batchSeq: number, packed: Uint8Array) => void) {
    this.batcher = new TrafficBatcher(emit);
  }

  /** Records `ratePerSec` frames of `size` bytes per second for `seconds`, yielding to the event loop often. */
  run(ratePerSec: number, seconds: number, size = 64): Promise<void> {
    const peer: Endpoint = { address: '127.0.0.1', port: 40000, family: 'IPv4' };
    const bytes = new Uint8Array(size).fill(0x64);
    const start = performance.now();
    const total = Math.round(ratePerSec * seconds);
    this.running = true;
    return new Promise((resolve) => {
      const tick = (): void => {
        if (!this.running) return resolve();
        const elapsed = performance.now() - start;
        const due = Math.min(total, Math.floor((elapsed / 1000) * ratePerSec));
        // At most ~5 ms of work per turn, so acks coming back are handled promptly.
        const n = Math.min(due - this.recorded, 20_000);
        for (let i = 0; i < n; i++) this.batcher.record('rx', peer, bytes);
        this.recorded += n;
        if (this.recorded >= total || elapsed >= seconds * 1000 + 1_000) {
          this.running = false;
          return resolve();
        }
        if (n === 0) setTimeout(tick, 1);
        else setImmediate(tick);
      };
      tick();
    });
  }

  stop(): void {
    this.running = false;
    this.batcher.dispose();
  }
}
