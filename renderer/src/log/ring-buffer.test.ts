import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps items in order until full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.at(0)).toBe(1);
    expect(ring.last()).toBe(2);
  });

  it('overwrites the oldest when full (wrap-around) and counts evictions', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.capacity).toBe(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect([ring.at(0), ring.at(1), ring.at(2)]).toEqual([5, 6, 7]);
    expect(ring.evicted).toBe(4);
  });

  it('returns undefined outside the kept range', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(1)).toBeUndefined();
    expect(ring.at(0.5)).toBeUndefined();
    expect(new RingBuffer<number>(1).last()).toBeUndefined();
  });

  it('clears', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.evicted).toBe(0);
    ring.push(9);
    expect(ring.toArray()).toEqual([9]);
  });

  it('resizes keeping the newest items', () => {
    const ring = new RingBuffer<number>(5);
    for (let i = 1; i <= 8; i++) ring.push(i); // wrapped: 4..8
    ring.resize(3);
    expect(ring.toArray()).toEqual([6, 7, 8]);
    ring.push(9);
    expect(ring.toArray()).toEqual([7, 8, 9]);
    ring.resize(10);
    ring.push(10);
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });

  it('holds 100 000 items and wraps cheaply', () => {
    const ring = new RingBuffer<number>(100_000);
    for (let i = 0; i < 250_000; i++) ring.push(i);
    expect(ring.size).toBe(100_000);
    expect(ring.at(0)).toBe(150_000);
    expect(ring.last()).toBe(249_999);
  });
});
