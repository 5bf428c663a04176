import { isErrorCode } from '@shared';

/**
 * Why `value` is not a Result of the contract (shared/contract/errors.ts), or undefined when it is one:
 * `{ok: true, value}` or `{ok: false, error: {code, message, params?, detail?}}` with a code from the closed list,
 * params of strings and numbers only, and no other keys. What a fuzzed host answers is checked against this.
 */
export function contractResultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const result = value as Record<string, unknown>;
  const keys = Object.keys(result).sort().join(',');
  if (result.ok === true) return keys === 'ok,value' ? undefined : `ok result with keys ${keys}`;
  if (result.ok !== false) return `ok is ${String(result.ok)}`;
  if (keys !== 'error,ok') return `error result with keys ${keys}`;
  const error = result.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return 'error is not an object';
  const { code, message, params, detail, ...rest } = error as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `error has unknown keys ${Object.keys(rest).join(',')}`;
  if (!isErrorCode(code)) return `error code ${String(code)} is not in the contract`;
  if (typeof message !== 'string' || message.length === 0) return 'error message is not a sentence';
  if (detail !== undefined && typeof detail !== 'string') return 'error detail is not a string';
  if (params !== undefined) {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'error params is not an object';
    for (const [key, param] of Object.entries(params)) {
      if (typeof param !== 'string' && typeof param !== 'number') return `error param ${key} is ${typeof param}`;
    }
  }
  return undefined;
}
