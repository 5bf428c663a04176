import type { AppError, ReconnectPolicy } from '@shared';

/**
 * The wait before retry `attempt` (1, 2, 3, …): `initialDelayMs` doubled per retry before it, never above
 * `maxDelayMs`. No jitter: one client retrying one peer is no thundering herd, and the user reads exact numbers in
 * the log ("attempt 3 in 2 s") and can predict the next one.
 */
export function backoffDelayMs(policy: ReconnectPolicy, attempt: number): number {
  const doublings = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
}

/**
 * Whether trying again can help. A config the engine refused (a local address of the other family than the
 * remote: INVALID_ARGUMENT) fails the same way every time; refused, timed out, unreachable, reset, a name that does
 * not resolve (yet), a local port still taken — the network or the peer may change, so they are retried.
 */
export function isWorthRetrying(error: AppError): boolean {
  return error.code !== 'INVALID_ARGUMENT';
}
