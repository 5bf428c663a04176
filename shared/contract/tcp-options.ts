import type { AppError } from './errors';

/*
 * A TCP session's socket options and the TCP client's automatic reconnect (issue 10).
 *
 * - keep-alive: TCP keep-alive probes after TCP_KEEPALIVE_IDLE_MS without traffic, so a peer that vanished (power
 *   cut, cable pulled) is noticed instead of the connection looking open forever.
 * - no-delay: Nagle's algorithm off (TCP_NODELAY), so what the user sends leaves at once; on by default, as it
 *   always was: a debugging tool sends what was typed now, not after Nagle's delay.
 * - reconnect (TCP client): when the connection drops for any reason but the user's close (reset, refused, timed
 *   out, an error), the engine tries again after a back-off that doubles from `initialDelayMs` up to `maxDelayMs`.
 *   A peer that only finished sending (FIN: a half-close) has not dropped the connection: the session stays open.
 */

/** Back-off bounds a tab may choose (ms): a tenth of a second at the fastest, an hour at the slowest. */
export const RECONNECT_LIMITS = { minDelayMs: 100, maxDelayMs: 3_600_000 } as const;

/** 0.5 s, 1 s, 2 s, … up to 30 s: quick when the peer is only restarting, gentle when it is gone for long. */
export const DEFAULT_RECONNECT = { initialDelayMs: 500, maxDelayMs: 30_000 } as const;

/** Idle time before the first keep-alive probe (ms); Linux's own default (two hours) is no use while debugging. */
export const TCP_KEEPALIVE_IDLE_MS = 10_000;

export interface ReconnectPolicy {
  /** Wait before the first retry (ms). */
  readonly initialDelayMs: number;
  /** The wait doubles per failed retry up to this (ms); ≥ initialDelayMs. */
  readonly maxDelayMs: number;
}

/**
 * Where a reconnecting TCP client is. 'waiting': retry `attempt` starts `delayMs` after this was said;
 * 'connecting': it runs now. `lastError`: how the previous try (or the dropped connection) ended.
 */
export interface ReconnectStatus {
  /** 1 for the first retry after a drop (or after the first connect failed), counting up until one succeeds. */
  readonly attempt: number;
  readonly phase: 'waiting' | 'connecting';
  /** 'waiting': ms left until the attempt starts; 0 while connecting. */
  readonly delayMs: number;
  readonly lastError?: AppError;
}

/** The `session.reconnect` event: a retry was scheduled, or started. 'open' or 'closed' state ends the retrying. */
export interface SessionReconnectEvent extends ReconnectStatus {
  readonly sessionId: string;
}
