import { fail, isErrorCode, type AppError, type Result } from '@shared/contract/errors';

function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return isErrorCode(e.code) && typeof e.message === 'string';
}

/**
 * A reply from the host, checked before the UI trusts it: `{ok: true, value}` or `{ok: false, error}` with a
 * known code. Anything else becomes an INTERNAL error value instead of a crash further down.
 */
export function asResult<T>(value: unknown, command: string): Result<T> {
  if (typeof value === 'object' && value !== null) {
    const r = value as Record<string, unknown>;
    if (r.ok === true && 'value' in r) return value as Result<T>;
    if (r.ok === false && isAppError(r.error)) return value as Result<T>;
  }
  return fail('INTERNAL', `Malformed reply to ${command}`);
}
