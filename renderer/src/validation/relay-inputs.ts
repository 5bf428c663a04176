import { fail, ok, type Result } from '@shared/contract/errors';
import { RELAY_LIMITS } from '@shared/contract/relay';

/**
 * A relay's own fields, checked before anything is invoked (inputs.ts does the shared ones). Failures name the
 * control (`field`) and the rule (`reason`), so localizeError can say them in words.
 */

/** 最大连接对: empty = the relay's default cap; else a whole number within the contract's bounds. */
export function parseRelayMaxPairs(text: string): Result<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(undefined);
  const max = RELAY_LIMITS.maxPairs;
  const value = /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isInteger(value) && value >= 1 && value <= max) return ok(value);
  return fail('INVALID_ARGUMENT', `Max pairs must be an integer 1–${max}`, { field: 'maxClients', reason: 'relayMaxPairs', max });
}

/** UDP 空闲超时, whole seconds as typed → ms; empty = the default (60 s). */
export function parseRelayIdleTimeout(text: string): Result<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(undefined);
  const min = RELAY_LIMITS.minUdpIdleTimeoutMs / 1000;
  const max = RELAY_LIMITS.maxUdpIdleTimeoutMs / 1000;
  const seconds = /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isInteger(seconds) && seconds >= min && seconds <= max) return ok(seconds * 1000);
  return fail('INVALID_ARGUMENT', `The idle time-out must be ${min}–${max} seconds`, { field: 'relayIdleTimeout', reason: 'relayIdleTimeout', min, max });
}
