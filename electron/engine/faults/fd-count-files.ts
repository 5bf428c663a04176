import { readdirSync } from 'node:fs';
import { waitFor } from '../test-support/wait-for';

/**
 * Descriptor counting for the fault tests (issue 11: "nothing is lost" includes descriptors). Linux only: the
 * entries of /proc/self/fd, less the one the listing itself holds while it reads the directory.
 */
export const canCountDescriptors = ((): boolean => {
  try {
    readdirSync('/proc/self/fd');
    return true;
  } catch {
    return false;
  }
})();

/** Descriptors this process holds now. */
export function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length - 1;
}

/**
 * Waits (bounded) until this process holds no more descriptors than `baseline` — closes finish a moment after the
 * command that asked for them answered — and returns the count then. Throws with both counts after `timeoutMs`.
 */
export async function descriptorsBackTo(baseline: number, timeoutMs = 3_000): Promise<number> {
  let now = openDescriptors();
  await waitFor(() => (now = openDescriptors()) <= baseline, timeoutMs, `descriptors back to ${baseline} (now ${now})`).catch(() => {
    throw new Error(`descriptors: ${openDescriptors()} open, ${baseline} before`);
  });
  return now;
}
