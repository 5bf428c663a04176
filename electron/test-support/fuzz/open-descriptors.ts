import { readdirSync } from 'node:fs';

/** Open file descriptors of a process (Linux: the entries of /proc/<pid>/fd); this process by default. */
export function openDescriptorCount(pid: number | 'self' = 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * Waits (bounded) for the descriptor count to come down to `baseline`: sockets close a tick or a few after the
 * call that closes them, and a TCP peer's side after its FIN. Returns the last count, which the caller compares.
 */
export async function settledDescriptorCount(baseline: number, timeoutMs = 10_000, pid: number | 'self' = 'self'): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = openDescriptorCount(pid);
    if (count <= baseline || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
