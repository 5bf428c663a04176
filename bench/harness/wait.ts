/** Bounded waits: every wait in the bench has a deadline and names what it waited for. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000, intervalMs = 10): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Resolves once `read()` has not changed for `quietMs` (bounded by `timeoutMs`); returns the settled value. */
export async function settled<T>(read: () => Promise<T> | T, quietMs = 100, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last = await read();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(10);
    const now = await read();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return now;
  }
  return last;
}
