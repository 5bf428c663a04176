/**
 * Errors are values: every failure that crosses the boundary is an AppError with a code from this closed list.
 * The renderer turns `code` + `params` into a localized sentence; `message` is an English fallback and
 * `detail` carries what the OS said (e.g. "listen EADDRINUSE: address already in use 127.0.0.1:8080").
 */
export const ERROR_CODES = [
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EACCES',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EMFILE',
  'INVALID_HEX',
  'INVALID_ARGUMENT',
  'TOO_LARGE',
  'NOT_OPEN',
  'NOT_FOUND',
  'QUEUE_FULL',
  'CLOSED_DURING_SEND',
  /** Another page attached to the workspace (workspace.attach); this one may only reload to take it back. */
  'TAKEN_OVER',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values a localized sentence may interpolate, e.g. {port: 8080} or {position: 3}. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export interface AppError {
  readonly code: ErrorCode;
  /** English sentence, used when the renderer has no translation for the code. */
  readonly message: string;
  readonly params?: ErrorParams;
  /** The raw OS / library text, for the curious; never shown as the only explanation. */
  readonly detail?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, params?: ErrorParams, detail?: string): Result<T> {
  const error: AppError = { code, message, ...(params ? { params } : {}), ...(detail ? { detail } : {}) };
  return { ok: false, error };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
