/** Binary units, as network tools and file managers show sizes. */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * 1536 → "1.5 KiB", 512 → "512 B", 5 242 880 → "5.0 MiB": three significant digits at most, so a counter stays
 * readable at a glance. The exact number goes in a tooltip beside it.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.trunc(Number.isFinite(bytes) ? bytes : 0))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** A rate in bytes per second: "1.2 MiB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
