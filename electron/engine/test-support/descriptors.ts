import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * What the fault tests (electron/engine/faults/) measure to prove nothing is lost: this process's open descriptors
 * (entries of /proc/self/fd, Linux) and its memory after a full garbage collection.
 */

/** Why descriptors cannot be counted here, or undefined when they can: the fault tests skip (loudly) without. */
export function descriptorsUnavailable(): string | undefined {
  return existsSync('/proc/self/fd') ? undefined : 'counting descriptors needs /proc/self/fd (Linux)';
}

/** Descriptors this process holds now (the directory read's own one included, the same at every count). */
export function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/**
 * The descriptor count once it is back to `baseline` or below, or whatever it is after `timeoutMs`: closes finish
 * asynchronously (a socket's close callback, a file handle's close), so the test waits for them, boundedly, and
 * then judges the number it gets.
 */
export async function descriptorsAfterClose(baseline: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = openDescriptors();
    if (count <= baseline || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether this process can count its descriptors (Linux): tests that only report the figure check this first. */
export const canCountDescriptors = descriptorsUnavailable() === undefined;

/** descriptorsAfterClose, as an assertion: throws naming both counts when they are not back to `baseline`. */
export async function descriptorsBackTo(baseline: number, timeoutMs = 3_000): Promise<number> {
  const count = await descriptorsAfterClose(baseline, timeoutMs);
  if (count > baseline) throw new Error(`descriptors: ${count} open, ${baseline} before`);
  return count;
}

/** The soft and hard RLIMIT_NOFILE of this process, from /proc/self/limits; Infinity for "unlimited". */
export function descriptorLimits(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft = 0, hard = 0] = (line?.slice('Max open files'.length).trim().split(/\s+/) ?? []).map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return { soft, hard };
}

let collect: (() => void) | undefined;

/**
 * heapUsed, arrayBuffers (Buffers live outside the heap: queued writes are there) and RSS, in bytes, after full
 * garbage collections, so a difference is what is still referenced. The backing stores of collected Buffers are
 * freed a turn of the event loop later, so it collects, waits a turn, and collects again.
 */
export async function memoryAfterGc(): Promise<{ heapUsed: number; arrayBuffers: number; rss: number }> {
  if (!collect) {
    // --expose-gc for this process from here on, without a command-line flag: the test runner starts the workers.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 2; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  collect();
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, rss };
}
