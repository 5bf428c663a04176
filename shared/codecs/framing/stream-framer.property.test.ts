import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredMessageBytes, readLengthField } from './length-field';
import { FRAMING_LIMITS, type DelimiterFramingSpec, type FramingSpec, type LengthFramingSpec } from './spec';
import { StreamFramer } from './stream-framer';

type Row = readonly [number[], string | undefined];

function framerFor(spec: FramingSpec): StreamFramer {
  const created = StreamFramer.create(spec);
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/** Cuts `stream` into chunks of the given sizes, cycling through them. */
function chunk(stream: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0, i = 0; start < stream.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(stream.slice(start, start + size));
    start += size;
  }
  return chunks;
}

/** Pushes the chunks, checking the memory bound after each, then flushes. */
function frameChunks(spec: FramingSpec, chunks: readonly Uint8Array[]): Row[] {
  const framer = framerFor(spec);
  const max = spec.maxMessageBytes ?? FRAMING_LIMITS.defaultMaxMessageBytes;
  const rows: Row[] = [];
  for (const piece of [...chunks.map((c) => framer.push(c, 0)), framer.flush()]) {
    expect(framer.pendingBytes).toBeLessThan(max);
    for (const m of piece) rows.push([Array.from(m.bytes), m.cut]);
  }
  return rows;
}

// The reference: the same rules, stated the slow obvious way on the whole stream at once.

function startsWith(stream: Uint8Array, at: number, pattern: Uint8Array, count = pattern.length): boolean {
  for (let k = 0; k < count; k++) if (stream[at + k] !== pattern[k]) return false;
  return true;
}

function referenceDelimiter(spec: DelimiterFramingSpec, stream: Uint8Array, max: number): Row[] {
  const rows: Row[] = [];
  const d = spec.delimiter;
  let pos = 0;
  for (;;) {
    let found = -1;
    for (let p = pos; p + d.length <= Math.min(pos + max, stream.length); p++) {
      if (startsWith(stream, p, d)) {
        found = p;
        break;
      }
    }
    if (found >= 0) {
      rows.push([Array.from(stream.slice(pos, spec.keep === 'keep' ? found + d.length : found)), undefined]);
      pos = found + d.length;
    } else if (stream.length - pos >= max) {
      let held = Math.min(d.length - 1, max - 1);
      while (held > 0 && !startsWith(stream, pos + max - held, d, held)) held--;
      rows.push([Array.from(stream.slice(pos, pos + max - held)), 'max-size']);
      pos += max - held;
    } else {
      break;
    }
  }
  return pos < stream.length ? [...rows, [Array.from(stream.slice(pos)), 'flush']] : rows;
}

function referenceLength(spec: LengthFramingSpec, stream: Uint8Array, max: number): Row[] {
  const rows: Row[] = [];
  let pos = 0;
  outer: while (stream.length - pos >= spec.offset + spec.width) {
    let remaining = declaredMessageBytes(spec, readLengthField(stream.slice(pos + spec.offset, pos + spec.offset + spec.width), spec.order));
    while (remaining > 0) {
      const piece = Math.min(remaining, max);
      if (stream.length - pos < piece) break outer;
      remaining -= piece;
      rows.push([Array.from(stream.slice(pos, pos + piece)), remaining > 0 ? 'max-size' : undefined]);
      pos += piece;
    }
  }
  return pos < stream.length ? [...rows, [Array.from(stream.slice(pos)), 'flush']] : rows;
}

function reference(spec: FramingSpec, stream: Uint8Array): Row[] {
  const max = spec.maxMessageBytes ?? FRAMING_LIMITS.defaultMaxMessageBytes;
  if (spec.kind === 'delimiter') return referenceDelimiter(spec, stream, max);
  if (spec.kind === 'length') return referenceLength(spec, stream, max);
  if (spec.kind !== 'fixed') throw new Error('no reference');
  const rows: Row[] = [];
  let pos = 0;
  for (; stream.length - pos >= spec.size; pos += spec.size) rows.push([Array.from(stream.slice(pos, pos + spec.size)), undefined]);
  return pos < stream.length ? [...rows, [Array.from(stream.slice(pos)), 'flush']] : rows;
}

/** Chunk sizes: mostly small (copied into the queue's own buffers), sometimes over 1 KiB (kept by reference). */
const sizesArb = fc.array(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }) }), {
  minLength: 1,
  maxLength: 20,
});
const maxArb = (min: number) => fc.oneof(fc.integer({ min, max: 64 }), fc.integer({ min, max: 2000 }), fc.constant(undefined));
/** Few distinct byte values, so delimiters and their prefixes occur often. */
const streamArb = (maxValue: number) =>
  fc.oneof(fc.uint8Array({ min: 0, max: maxValue, maxLength: 60 }), fc.uint8Array({ min: 0, max: maxValue, maxLength: 6000, size: 'max' }));

const delimiterSpecArb: fc.Arbitrary<FramingSpec> = fc
  .tuple(fc.uint8Array({ min: 0, max: 3, minLength: 1, maxLength: 4 }), fc.constantFrom('strip' as const, 'keep' as const))
  .chain(([delimiter, keep]) => maxArb(delimiter.length).map((maxMessageBytes) => ({ kind: 'delimiter' as const, delimiter, keep, maxMessageBytes })));

const fixedSpecArb: fc.Arbitrary<FramingSpec> = fc
  .integer({ min: 1, max: 40 })
  .chain((size) => maxArb(size).map((maxMessageBytes) => ({ kind: 'fixed' as const, size, maxMessageBytes })));

const lengthSpecArb: fc.Arbitrary<FramingSpec> = fc
  .record({
    offset: fc.integer({ min: 0, max: 5 }),
    width: fc.constantFrom(1 as const, 2 as const, 4 as const),
    order: fc.constantFrom('le' as const, 'be' as const),
    adjust: fc.integer({ min: -20, max: 20 }),
    includesHeader: fc.boolean(),
  })
  .chain((fields) => maxArb(fields.offset + fields.width).map((maxMessageBytes) => ({ kind: 'length' as const, ...fields, maxMessageBytes })));

describe('StreamFramer: however the stream is chunked, the messages are the same', () => {
  it.each([
    ['delimiter', delimiterSpecArb, streamArb(3)],
    ['fixed', fixedSpecArb, streamArb(255)],
    ['length', lengthSpecArb, streamArb(12)],
  ] as const)('%s', (_kind, specArb, stream) => {
    fc.assert(
      fc.property(specArb, stream, sizesArb, (spec, bytes, sizes) => {
        expect(frameChunks(spec, chunk(bytes, sizes))).toEqual(reference(spec, bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('idle: the same bytes at the same times, with or without ticks, give the same messages', () => {
    const arrivals = fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 120 })), { maxLength: 40 });
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 30 }), fc.boolean(), (chunks, maxMessageBytes, ticking) => {
        const spec: FramingSpec = { kind: 'idle', gapMs: 50, maxMessageBytes };
        const framer = framerFor(spec);
        const rows: Row[] = [];
        const expected: Row[] = [];
        let group: number[] = [];
        const endGroup = (cut: string) => {
          for (; group.length >= maxMessageBytes; group = group.slice(maxMessageBytes)) expected.push([group.slice(0, maxMessageBytes), 'max-size']);
          if (group.length > 0) expected.push([group, cut]);
          group = [];
        };
        let now = 0;
        for (const [bytes, delay] of chunks) {
          now += delay;
          if (delay >= 50) endGroup('idle');
          group = group.concat(Array.from(bytes));
          const deadline = framer.nextDeadline();
          const ticked = ticking && deadline !== undefined && deadline <= now ? framer.tick(deadline) : [];
          for (const m of [...ticked, ...framer.push(bytes, now)]) rows.push([Array.from(m.bytes), m.cut]);
        }
        endGroup('flush');
        for (const m of framer.flush()) rows.push([Array.from(m.bytes), m.cut]);
        // Size cuts happen as bytes arrive, so they are in the same order as the model's.
        expect(rows).toEqual(expected);
      }),
    );
  });
});

describe('StreamFramer: never throws', () => {
  const anySpec = fc.oneof(
    delimiterSpecArb,
    fixedSpecArb,
    lengthSpecArb,
    fc.record({ kind: fc.constantFrom('none' as const, 'idle' as const), gapMs: fc.integer({ min: 1, max: 100 }), maxMessageBytes: maxArb(1) }),
    fc.anything(),
  );
  const time = fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double());
  const op = fc.oneof(
    { weight: 5, arbitrary: fc.record({ push: fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 2000, size: 'max' })), now: time }) },
    { weight: 1, arbitrary: fc.record({ tick: time }) },
    { weight: 1, arbitrary: fc.constant('flush' as const) },
  );

  it('on any spec, bytes and times, and loses no byte (except stripped delimiters)', () => {
    fc.assert(
      fc.property(anySpec, fc.array(op, { maxLength: 30 }), (spec, ops) => {
        const created = StreamFramer.create(spec);
        if (!created.ok) return created.error.code === 'INVALID_ARGUMENT';
        const framer = created.value;
        let bytesIn = 0;
        let bytesOut = 0;
        for (const step of ops) {
          const out = step === 'flush' ? framer.flush() : 'tick' in step ? framer.tick(step.tick) : framer.push(step.push, step.now);
          if (step !== 'flush' && 'push' in step) bytesIn += step.push.length;
          for (const m of out) bytesOut += m.bytes.length;
          framer.nextDeadline();
        }
        for (const m of framer.flush()) bytesOut += m.bytes.length;
        expect(framer.pendingBytes).toBe(0);
        if (framer.spec.kind === 'delimiter' && framer.spec.keep === 'strip') return bytesOut <= bytesIn;
        return bytesOut === bytesIn;
      }),
    );
  });
});
