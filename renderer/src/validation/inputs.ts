import { fail, ok, type Result } from '@shared/contract/errors';

/**
 * Checks on what a person typed, before anything is invoked. Failures are INVALID_ARGUMENT values with
 * `params.field` (which control) and `params.reason` (which rule), so localizeError can say it in words.
 */
export type FieldId = 'localAddress' | 'localPort' | 'remoteHost' | 'remotePort' | 'clientLocalPort' | 'sendTarget' | 'data';

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
