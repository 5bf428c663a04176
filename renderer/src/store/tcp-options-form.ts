import { fail, ok, type AppError, type Result } from '@shared/contract/errors';
import type { TcpClientConfig, TcpServerConfig } from '@shared/contract/session';
import { DEFAULT_RECONNECT, RECONNECT_LIMITS } from '@shared/contract/tcp-options';
import type { FieldId } from '../validation/inputs';

/**
 * The TCP options of a tab as typed (TcpOptions.tsx, issue 10): keep-alive and no-delay (TCP client and server),
 * and the client's 断线自动重连 with its back-off in seconds ("0.5", "30"). Flat fields, kept with the tab.
 */
export interface TcpOptionsForm {
  readonly tcpKeepAlive: boolean;
  readonly tcpNoDelay: boolean;
  readonly tcpReconnect: boolean;
  /** Seconds before the first retry, as typed. */
  readonly reconnectFirstS: string;
  /** Longest wait between retries, seconds, as typed. */
  readonly reconnectMaxS: string;
}

export const TCP_OPTIONS_FORM_KEYS = ['tcpKeepAlive', 'tcpNoDelay', 'tcpReconnect', 'reconnectFirstS', 'reconnectMaxS'] as const satisfies ReadonlyArray<
  keyof TcpOptionsForm
>;

const seconds = (ms: number): string => String(ms / 1000);

/** A new tab: no-delay on (as SocketDesk always sent), keep-alive and reconnect off, back-off 0.5 s doubling to 30 s. */
export const DEFAULT_TCP_OPTIONS_FORM: TcpOptionsForm = {
  tcpKeepAlive: false,
  tcpNoDelay: true,
  tcpReconnect: false,
  reconnectFirstS: seconds(DEFAULT_RECONNECT.initialDelayMs),
  reconnectMaxS: seconds(DEFAULT_RECONNECT.maxDelayMs),
};

type TcpOptions = Pick<TcpClientConfig, 'keepAlive' | 'noDelay' | 'reconnect'>;

/** "0.5", "30", "1,5" → whole ms within the contract's bounds; else the field's error. */
export function parseReconnectSeconds(text: string, field: 'reconnectFirst' | 'reconnectMax'): Result<number> {
  const trimmed = text.trim().replace(',', '.');
  const value = /^\d{1,4}(\.\d{1,3})?$/.test(trimmed) ? Math.round(Number(trimmed) * 1000) : NaN;
  const { minDelayMs, maxDelayMs } = RECONNECT_LIMITS;
  if (value >= minDelayMs && value <= maxDelayMs) return ok(value);
  return fail('INVALID_ARGUMENT', `${field}: seconds from ${minDelayMs / 1000} to ${maxDelayMs / 1000}`, {
    field,
    reason: 'reconnectDelay',
    min: minDelayMs / 1000,
    max: maxDelayMs / 1000,
  });
}

/**
 * What session.open's config gets from the form (only what differs from the engine's defaults), or every field that
 * is wrong. The back-off is checked only when reconnect is on (TCP client); a server takes keep-alive and no-delay.
 */
export function tcpOptionsFromForm(form: TcpOptionsForm, kind: 'tcp-client' | 'tcp-server'): { options?: TcpOptions; errors: Array<[FieldId, AppError]> } {
  const options: { -readonly [K in keyof TcpOptions]: TcpOptions[K] } = {};
  if (form.tcpKeepAlive) options.keepAlive = true;
  if (!form.tcpNoDelay) options.noDelay = false;
  if (kind === 'tcp-server' || !form.tcpReconnect) return { options, errors: [] };
  const errors: Array<[FieldId, AppError]> = [];
  const first = parseReconnectSeconds(form.reconnectFirstS, 'reconnectFirst');
  const max = parseReconnectSeconds(form.reconnectMaxS, 'reconnectMax');
  if (!first.ok) errors.push(['reconnectFirst', first.error]);
  if (!max.ok) errors.push(['reconnectMax', max.error]);
  if (!first.ok || !max.ok) return { errors };
  if (max.value < first.value) {
    const error: AppError = { code: 'INVALID_ARGUMENT', message: 'The longest wait is shorter than the first', params: { field: 'reconnectMax', reason: 'reconnectOrder' } };
    return { errors: [['reconnectMax', error]] };
  }
  options.reconnect = { initialDelayMs: first.value, maxDelayMs: max.value };
  return { options, errors };
}

/** The controls of a tab made for a session another page opened: they show the options it runs with. */
export function tcpOptionsFormOfConfig(config: TcpClientConfig | TcpServerConfig): Partial<TcpOptionsForm> {
  const reconnect = config.kind === 'tcp-client' ? config.reconnect : undefined;
  return {
    tcpKeepAlive: config.keepAlive === true,
    tcpNoDelay: config.noDelay !== false,
    ...(config.kind === 'tcp-client' ? { tcpReconnect: reconnect !== undefined } : {}),
    ...(reconnect ? { reconnectFirstS: seconds(reconnect.initialDelayMs), reconnectMaxS: seconds(reconnect.maxDelayMs) } : {}),
  };
}
