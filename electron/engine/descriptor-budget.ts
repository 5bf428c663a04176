import { readdirSync, readFileSync } from 'node:fs';

/**
 * Descriptors a TCP server leaves free for everything else the process opens: other sessions' sockets, capture and
 * sent files, the settings file, the host's own connections. Without this margin the last clients would take them.
 */
export const RESERVED_DESCRIPTORS = 32;

/** "Max open files            1024                 1048576              files" → 1024 (soft); unlimited → undefined. */
export function softLimitFromProcLimits(text: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  const value = soft === undefined ? NaN : Number(soft);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * The soft RLIMIT_NOFILE of this process where the OS tells it (Linux /proc); undefined elsewhere, when it is
 * unlimited, or when not even this file can be opened (the caller then learns nothing and limits nothing).
 */
export function readDescriptorLimit(): number | undefined {
  try {
    return softLimitFromProcLimits(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Descriptors this process holds now (Linux /proc/self/fd; one directory read, so call it seldom). At the limit the
 * read itself fails with EMFILE, which answers the question: all `limit` are taken. Undefined where unknown.
 */
export function countOpenDescriptors(limit: number): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EMFILE' || code === 'ENFILE' ? limit : undefined;
  }
}
