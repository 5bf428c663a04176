import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue';

/** The first match wholly inside the first `limit` bytes, by Node's own Buffer search. */
function expectedIndexOf(model: Buffer, pattern: Uint8Array, limit: number): number {
  return model.subarray(0, Math.min(limit, model.length)).indexOf(pattern);
}

/** Small chunks (copied into owned buffers) and large ones (kept by reference), from a 2-letter alphabet. */
const chunkArb = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ min: 0, max: 1, minLength: 0, maxLength: 9 }) },
  { weight: 1, arbitrary: fc.uint8Array({ min: 0, max: 1, minLength: 1024, maxLength: 1100 }) },
);

type Op =
  | { readonly op: 'push'; readonly chunk: Uint8Array }
  | { readonly op: 'take' | 'skip'; readonly fraction: number }
  | { readonly op: 'find'; readonly limit: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: chunkArb.map((chunk) => ({ op: 'push' as const, chunk })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('take' as const, 'skip' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('find' as const), limit: fc.integer({ min: 0, max: 5000 }) }) },
);

describe('ByteQueue', () => {
  it('behaves like one array: push, take, skip and a resumable indexOf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ min: 0, max: 1, minLength: 1, maxLength: 5 }), fc.array(opArb, { maxLength: 150, size: 'max' }), (pattern, ops) => {
        const queue = new ByteQueue();
        let model = Buffer.alloc(0);
        const pushed: [Uint8Array, Buffer][] = [];
        for (const step of ops) {
          if (step.op === 'push') {
            queue.push(step.chunk);
            model = Buffer.concat([model, step.chunk]);
            pushed.push([step.chunk, Buffer.from(step.chunk)]);
          } else if (step.op === 'find') {
            if (queue.indexOf(pattern, step.limit) !== expectedIndexOf(model, pattern, step.limit)) return false;
          } else {
            const n = Math.floor(step.fraction * model.length);
            if (step.op === 'take' && !model.subarray(0, n).equals(queue.take(n))) return false;
            if (step.op === 'skip') queue.skip(n);
            model = model.subarray(n);
          }
          if (queue.length !== model.length) return false;
        }
        // The queue never writes to a chunk it was given, even one it has finished with.
        return pushed.every(([chunk, copy]) => copy.equals(chunk));
      }),
    );
  });

  it('finds a pattern split across many chunks, and keeps its place over many segments', () => {
    const queue = new ByteQueue();
    const pattern = Uint8Array.of(7, 8, 9);
    for (let i = 0; i < 200; i++) queue.push(new Uint8Array(1024));
    expect(queue.indexOf(pattern, Infinity)).toBe(-1);
    queue.push(Uint8Array.of(7));
    queue.push(Uint8Array.of(8));
    expect(queue.indexOf(pattern, Infinity)).toBe(-1);
    queue.push(Uint8Array.of(9, 1));
    expect(queue.indexOf(pattern, Infinity)).toBe(200 * 1024);
    // Dropping most segments compacts the list; the match found is renumbered, not lost.
    queue.skip(150 * 1024);
    expect(queue.indexOf(pattern, Infinity)).toBe(50 * 1024);
    expect(Array.from(queue.peek(50 * 1024, 4))).toEqual([7, 8, 9, 1]);
  });

  it('finds a match in a small tail that grew in place after a search had reached its end', () => {
    const queue = new ByteQueue();
    queue.push(Uint8Array.of(1, 2));
    expect(queue.indexOf(Uint8Array.of(3), Infinity)).toBe(-1);
    queue.push(Uint8Array.of(3));
    expect(queue.indexOf(Uint8Array.of(3), Infinity)).toBe(2);
  });

  it('returns a chunk taken whole as it was pushed, and copies anything else', () => {
    const queue = new ByteQueue();
    const big = new Uint8Array(2048).fill(5);
    queue.push(big);
    queue.push(big);
    expect(queue.take(2048)).toBe(big);
    const part = queue.take(10);
    expect(part.buffer).not.toBe(big.buffer);
    expect(queue.length).toBe(2038);
  });

  it('cuts a message that came in one read out of that chunk itself, and holds no buffer once empty', () => {
    const queue = new ByteQueue();
    const read = Uint8Array.from('hello\n', (c) => c.charCodeAt(0));
    queue.push(read);
    expect(queue.ownedBytes).toBe(0);
    expect(queue.take(read.length)).toBe(read);
    // A partial message, then small reads behind it: copied into a buffer of the queue's, which goes once emptied.
    queue.push(Uint8Array.of(1, 2));
    queue.push(Uint8Array.of(3));
    expect(queue.ownedBytes).toBe(1024);
    expect(Array.from(queue.take(3))).toEqual([1, 2, 3]);
    expect(queue.ownedBytes).toBe(0);
  });

  it('grows its own buffers for a message built from many tiny reads, up to 16 KiB each', () => {
    const queue = new ByteQueue();
    for (let i = 0; i < 100_000; i++) queue.push(Uint8Array.of(i & 0xff));
    // 1 + 2 + 4 + 8 KiB, then 16 KiB buffers: at most one partly filled, so under twice the bytes plus one buffer.
    expect(queue.ownedBytes).toBeLessThan(2 * 100_000 + 16 * 1024);
    expect(queue.take(100_000)).toEqual(Uint8Array.from({ length: 100_000 }, (_, i) => i & 0xff));
    expect(queue.ownedBytes).toBe(0);
  });

  it('a buffer an emptied queue gave back serves another queue without mixing their bytes', () => {
    const a = new ByteQueue();
    const b = new ByteQueue();
    for (let round = 0; round < 50; round++) {
      a.push(Uint8Array.of(round, 1));
      a.push(Uint8Array.of(round, 2));
      b.push(Uint8Array.of(round, 3));
      b.push(Uint8Array.of(round, 4));
      expect(Array.from(a.take(4))).toEqual([round, 1, round, 2]);
      // a's buffer is free now: pushes to b and then to a must not overwrite each other.
      b.push(Uint8Array.of(round, 5));
      a.push(Uint8Array.of(round, 6));
      a.push(Uint8Array.of(round, 7));
      expect(Array.from(b.take(6))).toEqual([round, 3, round, 4, round, 5]);
      expect(Array.from(a.take(4))).toEqual([round, 6, round, 7]);
    }
  });
});

