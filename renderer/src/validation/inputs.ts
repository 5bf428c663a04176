import { fail, ok, type Result } from '@shared/contract/errors';
import { SERVER_LIMITS } from '@shared/contract/constants';
import { isAbsoluteHostPath, SESSION_TASK_LIMITS } from '@shared/contract/session-tasks';

/**
 * Checks on what a person typed, before anything is invoked. Failures are INVALID_ARGUMENT values with
 * `params.field` (which control) and `params.reason` (which rule), so localizeError can say it in words.
 */
export type FieldId =
  | 'localAddress'
  | 'localPort'
  | 'remoteHost'
  | 'remotePort'
  | 'clientLocalPort'
  | 'maxClients'
  | 'sendTarget'
  | 'data'
  | 'repeatPeriod'
  | 'capturePath'
  | 'sendFilePath'
  | 'relayIdleTimeout'

  // TCP client's reconnect back-off (issue 10): store/tcp-options-form.ts checks them.
  | 'reconnectFirst'
  | 'reconnectMax';

export function parsePort(text: string, field: FieldId, allowAny: boolean): Result<number> {
  const trimmed = text.trim();
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN;
  const min = allowAny ? 0 : 1;
  if (Number.isInteger(port) && port >= min && port <= 65535) return ok(port);
  return fail('INVALID_ARGUMENT', `${field}: port must be an integer ${min}–65535`, { field, reason: allowAny ? 'portOrAny' : 'port' });
}

export function requireHost(text: string, field: FieldId): Result<string> {
  const trimmed = text.trim();
  // A pasted "[::1]" is the way people write IPv6 in URLs; the socket wants the bare literal.
  const host = /^\[[^\]]*\]$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  if (host.length > 0 && host.length <= 253) return ok(host);
  return fail('INVALID_ARGUMENT', `${field}: host must not be empty`, { field, reason: 'host' });
}

/** "127.0.0.1:8080", "host.example:53" or "[::1]:8080" → host + port. A bare IPv6 literal is ambiguous. */
export function parseTarget(text: string): Result<{ host: string; port: number }> {
  const bad = fail<{ host: string; port: number }>('INVALID_ARGUMENT', 'Target must be ip:port', { field: 'sendTarget', reason: 'target' });
  const match = /^\s*(?:\[([^\]]+)\]|([^\s:[\]]+)):(\d{1,5})\s*$/.exec(text);
  if (!match) return bad;
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (!host || port < 1 || port > 65535) return bad;
  return ok({ host, port });
}

/** TCP server's 最大连接数: empty = no limit of its own; else a whole number within the contract's bounds. */
export function parseMaxClients(text: string): Result<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(undefined);
  const max = SERVER_LIMITS.maxClients;
  const value = /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isInteger(value) && value >= 1 && value <= max) return ok(value);
  return fail('INVALID_ARGUMENT', `Max clients must be an integer 1–${max}`, { field: 'maxClients', reason: 'maxClients', max });
}

/** 循环周期: whole milliseconds within the contract's bounds. */
export function parsePeriod(text: string): Result<number> {
  const trimmed = text.trim();
  const period = /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : NaN;
  const { minPeriodMs: min, maxPeriodMs: max } = SESSION_TASK_LIMITS;
  if (Number.isInteger(period) && period >= min && period <= max) return ok(period);
  return fail('INVALID_ARGUMENT', `Period must be an integer ${min}–${max} ms`, { field: 'repeatPeriod', reason: 'period', min, max });
}

/** A path on the host machine: required, and absolute (the engine's working directory means nothing to the user). */
export function requireHostPath(text: string, field: 'capturePath' | 'sendFilePath'): Result<string> {
  const path = text.trim();
  if (path === '') return fail('INVALID_ARGUMENT', `${field}: a path is required`, { field, reason: 'pathEmpty' });
  if (!isAbsoluteHostPath(path)) return fail('INVALID_ARGUMENT', `${field}: the path must be absolute`, { field, reason: 'absolutePath' });
  return ok(path);
}
