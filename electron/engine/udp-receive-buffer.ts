import type { Socket } from 'node:dgram';
import { ok, type Result } from '@shared';
import { errorFromNode } from './errors-from-node';

/** What the user asked for and what the OS set (bytes), for the row that says so. */
export interface ReceiveBufferGrant {
  readonly requested: number;
  readonly granted: number;
}

/**
 * 接收缓冲区 (SO_RCVBUF, issue 11) of a bound UDP socket: asks for `requested` bytes and reads back what the OS set.
 * The OS decides: Linux doubles the request (room for its own bookkeeping) and caps it at net.core.rmem_max without
 * an error, so the answer is worth saying. An OS that refuses outright is the open's error.
 */
export function applyReceiveBuffer(socket: Socket, requested: number): Result<ReceiveBufferGrant> {
  try {
    socket.setRecvBufferSize(requested);
    return ok({ requested, granted: socket.getRecvBufferSize() });
  } catch (error) {
    return { ok: false, error: errorFromNode(error, { field: 'recvBuffer' }) };
  }
}
