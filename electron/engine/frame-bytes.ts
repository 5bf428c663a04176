import { performance } from 'node:perf_hooks';

/**
 * Bytes as the TrafficBatcher holds them until their batch is packed (pending-frames.ts). Received Buffers may be
 * slices of a larger ArrayBuffer (Node pools small allocations), and sent bytes may be views into a larger transport
 * message; holding such a view would pin the whole backing store for as long as the frame waits for display, so
 * small slices are copied. A Buffer that owns most of its backing store is kept as a view: no copy.
 */
export function frameBytes(buffer: Uint8Array): Uint8Array {
  const backing = buffer.buffer.byteLength;
  const ownsMostOfBacking = buffer.byteLength * 2 >= backing;
  // A Buffer is a Uint8Array: keep it as it is rather than allocate a second view per frame.
  return ownsMostOfBacking ? buffer : new Uint8Array(buffer);
}

/** A Buffer view of caller bytes for socket.write / socket.send: no copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * ms since epoch with sub-ms resolution (DESIGN §3): Date.now() alone has 1 ms steps. Read once per frame, so it
 * goes through perf_hooks' binding rather than the `performance` global, whose lazy getter costs a lookup per read.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
