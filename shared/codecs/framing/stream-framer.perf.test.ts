import { describe, expect, it } from 'vitest';
import type { FramingSpec } from './spec';
import { StreamFramer } from './stream-framer';

const MiB = 1024 * 1024;

/** `total` bytes made by repeating `unit` (a whole number of messages, so the stream ends on a boundary). */
function repeat(unit: Uint8Array, total: number): Uint8Array {
  const stream = new Uint8Array(Math.floor(total / unit.length) * unit.length);
  for (let at = 0; at < stream.length; at += unit.length) stream.set(unit, at);
  return stream;
}

const line = Uint8Array.from('GET /status HTTP/1.1 host=device-42 temp=21.5 hum=40 seq=000000\r\n', (c) => c.charCodeAt(0));
const lengthPrefixed = Uint8Array.from([0x00, 100, ...new Uint8Array(100).fill(0x55)]);

/** Pushes the stream in `chunkBytes` chunks (views, as a socket would hand them over) and reports MB/s. */
function measure(name: string, spec: FramingSpec, stream: Uint8Array, chunkBytes: number): void {
  const created = StreamFramer.create(spec);
  if (!created.ok) throw new Error(created.error.message);
  const framer = created.value;
  let messages = 0;
  let bytes = 0;
  const started = performance.now();
  for (let at = 0, now = 0; at < stream.length; at += chunkBytes, now++) {
    for (const m of framer.push(stream.subarray(at, at + chunkBytes), now)) {
      messages++;
      bytes += m.bytes.length;
    }
  }
  for (const m of framer.flush()) bytes += m.bytes.length;
  const seconds = (performance.now() - started) / 1000;
  const mb = stream.length / 1e6;
  console.log(`framing ${name}: ${mb.toFixed(0)} MB in ${chunkBytes} B chunks, ${messages} messages, ${(mb / seconds).toFixed(0)} MB/s`);
  expect(bytes).toBeLessThanOrEqual(stream.length);
}

// Figures only (no threshold): a slow machine must not fail the suite. What matters is that they stay flat as
// streams grow, which a quadratic search would not.
describe('StreamFramer throughput', () => {
  it('64 MiB in 1 KiB chunks, per kind', { timeout: 120_000 }, () => {
    measure('none', { kind: 'none' }, repeat(line, 64 * MiB), 1024);
    measure('delimiter \\r\\n (66 B lines)', { kind: 'delimiter', delimiter: Uint8Array.of(13, 10), keep: 'strip' }, repeat(line, 64 * MiB), 1024);
    measure('delimiter, none found (1 MiB cuts)', { kind: 'delimiter', delimiter: Uint8Array.of(13, 10), keep: 'strip' }, new Uint8Array(64 * MiB), 1024);
    measure('fixed 64 B', { kind: 'fixed', size: 64 }, repeat(line, 64 * MiB), 1024);
    measure('length u16be (102 B)', { kind: 'length', offset: 0, width: 2, order: 'be', adjust: 0, includesHeader: false }, repeat(lengthPrefixed, 64 * MiB), 1024);
    measure('idle (1 MiB cuts)', { kind: 'idle', gapMs: 5 }, repeat(line, 64 * MiB), 1024);
  });

  it('many tiny chunks and a message that never ends stay linear', { timeout: 120_000 }, () => {
    const delimiter: FramingSpec = { kind: 'delimiter', delimiter: Uint8Array.of(13, 10), keep: 'strip', maxMessageBytes: 16 * MiB };
    measure('delimiter, none found, 16 MiB limit', delimiter, new Uint8Array(32 * MiB), 16);
  });
});
