import { formatEndpoint, type AppError, type ClientDisconnectReason, type CloseReason, type Endpoint } from '@shared';

/**
 * Why a send did not finish, as CLOSED_DURING_SEND tells the user (`params.reason`), so the answer to a send says
 * what happened instead of a generic "the connection closed":
 * - 'reset': the peer reset the connection (RST; or a write found it reset, EPIPE);
 * - 'closed': the session was closed (by the user, or by the engine shutting down);
 * - 'kicked': the user disconnected that client of a TCP server.
 * Undefined: it ended some other way (an error; the peer closing fully after its FIN).
 */
export type SendEndReason = 'reset' | 'closed' | 'kicked';

const MESSAGES: Readonly<Record<SendEndReason | 'other', string>> = {
  reset: 'The peer reset the connection before all the data was sent',
  closed: 'The session was closed before all the data was sent',
  kicked: 'The client was kicked before all the data was sent',
  other: 'The connection closed before the data was sent',
};

/** The error of a send that the end of its connection cut short; `peer`: whom it went to, named in the sentence. */
export function closedDuringSend(reason: SendEndReason | undefined, peer?: Endpoint, detail?: string): AppError {
  const params = { ...(reason ? { reason } : {}), ...(peer ? { endpoint: formatEndpoint(peer) } : {}) };
  return {
    code: 'CLOSED_DURING_SEND',
    message: MESSAGES[reason ?? 'other'],
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** A session that reached `closed` for `reason`: what its unfinished sends say. */
export function sendEndOfClose(reason: CloseReason): SendEndReason | undefined {
  if (reason === 'user') return 'closed';
  return reason === 'reset' ? 'reset' : undefined;
}

/** A TCP server's client that went for `reason` (the first sign of its end): what sends to it say. */
export function sendEndOfClient(reason: ClientDisconnectReason | undefined): SendEndReason | undefined {
  if (reason === 'reset' || reason === 'kicked') return reason;
  return reason === 'server-closed' ? 'closed' : undefined;
}

/** A write's own error that says the peer reset the connection. */
export function isResetError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
