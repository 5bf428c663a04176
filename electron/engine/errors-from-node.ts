import type { AppError, ErrorCode, ErrorParams } from '@shared';

/**
 * Node / libuv / getaddrinfo error codes → the closed ErrorCode list of the contract. Anything not listed here
 * becomes INTERNAL. A few neighbours are folded into the code the user would recognise (e.g. EPERM is what
 * Linux says for a firewall-blocked send; the user-facing meaning is "not allowed", i.e. EACCES).
 */
const CODE_MAP: Readonly<Record<string, ErrorCode>> = {
  EADDRINUSE: 'EADDRINUSE',
  EADDRNOTAVAIL: 'EADDRNOTAVAIL',
  EACCES: 'EACCES',
  EPERM: 'EACCES',
  ECONNREFUSED: 'ECONNREFUSED',
  ECONNRESET: 'ECONNRESET',
  ECONNABORTED: 'ECONNRESET',
  ETIMEDOUT: 'ETIMEDOUT',
  EHOSTUNREACH: 'EHOSTUNREACH',
  EHOSTDOWN: 'EHOSTUNREACH',
  ENETUNREACH: 'ENETUNREACH',
  ENETDOWN: 'ENETUNREACH',
  ENOTFOUND: 'ENOTFOUND',
  // getaddrinfo: EAI_AGAIN is "temporary failure in name resolution" (no DNS server reachable); for the user it
  // is the same as "host not found".
  EAI_AGAIN: 'ENOTFOUND',
  EAI_NONAME: 'ENOTFOUND',
  EAI_NODATA: 'ENOTFOUND',
  EAI_FAIL: 'ENOTFOUND',
  EPIPE: 'EPIPE',
  EMSGSIZE: 'TOO_LARGE',
  // The process (EMFILE) or the whole system (ENFILE) has no file descriptor left: same remedy for the user.
  EMFILE: 'EMFILE',
  ENFILE: 'EMFILE',
};

/** English fallback sentences; the renderer localizes by code + params. */
const MESSAGES: Readonly<Partial<Record<ErrorCode, string>>> = {
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Address not available on this machine',
  EACCES: 'Permission denied',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Timed out',
  EHOSTUNREACH: 'Host unreachable',
  ENETUNREACH: 'Network unreachable',
  ENOTFOUND: 'Host not found',
  EPIPE: 'Broken pipe: the peer closed the connection',
  TOO_LARGE: 'Message too large',
  EMFILE: 'Too many open files',
  INTERNAL: 'Unexpected network error',
};

export function errorCodeFromNode(nodeCode: unknown): ErrorCode {
  return typeof nodeCode === 'string' ? (CODE_MAP[nodeCode] ?? 'INTERNAL') : 'INTERNAL';
}

/**
 * Turn whatever a Node socket / dns call rejected with into an AppError. `params` from the call site (what the
 * user asked for: host, port, address) win over what Node attached to the error (address/port/hostname).
 */
export function errorFromNode(error: unknown, params?: ErrorParams): AppError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code = errorCodeFromNode(e.code);
  const fromNode: Record<string, string | number> = {};
  if (typeof e.address === 'string') fromNode.address = e.address;
  if (typeof e.port === 'number') fromNode.port = e.port;
  if (typeof e.hostname === 'string') fromNode.host = e.hostname;
  const merged = { ...fromNode, ...params };
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  return {
    code,
    message: MESSAGES[code] ?? 'Unexpected network error',
    ...(Object.keys(merged).length > 0 ? { params: merged } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * A datagram send the OS refused, about its target `host:port`. Refused as not allowed (EACCES; EPERM from a
 * firewall) it is no privileged-port matter, unlike a bind. Linux (and the other systems) answer EACCES to a send to a
 * broadcast address from a socket without SO_BROADCAST: while the session's 广播 option is off, that is what the user
 * hears (`reason: 'broadcastOff'`, naming the option); otherwise, or for a firewall's EPERM, `reason: 'send'`.
 */
export function sendErrorFromNode(error: unknown, host: string, port: number, isBroadcastOn: boolean): AppError {
  const appError = errorFromNode(error, { host, port });
  if (appError.code !== 'EACCES') return appError;
  const target = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  const isBroadcastRefusal = !isBroadcastOn && (error as { code?: unknown } | null)?.code === 'EACCES';
  if (isBroadcastRefusal) {
    return {
      ...appError,
      message: `Not allowed to send to ${target}: sending to a broadcast address needs the Broadcast option`,
      params: { reason: 'broadcastOff', host, port },
    };
  }
  return {
    ...appError,
    message: `Not allowed to send to ${target} (a firewall blocks it, or the system does not allow this target)`,
    params: { reason: 'send', host, port },
  };
}
