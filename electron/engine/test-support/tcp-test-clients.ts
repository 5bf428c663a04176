import { connect, type Socket } from 'node:net';
import { decodeLogEvent, type Endpoint, type SessionLogEvent } from '@shared';
import type { RecordedEvents } from './recorded-events';
import { once } from './wait-for';

/** A Node TCP client of a server under test, with what it received. */
export interface TestClient {
  readonly socket: Socket;
  /** The key the server lists it under ("ip:port", "[::1]:port"). */
  readonly key: string;
  readonly received: () => string;
}

/** Connects a client to `port` on loopback; the socket goes into `sockets` so the test's cleanup destroys it. */
export async function connectClient(sockets: Socket[], port: number, host = '127.0.0.1'): Promise<TestClient> {
  const socket = connect(port, host);
  socket.on('error', () => undefined);
  sockets.push(socket);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'connect', 2000);
  const key = host.includes(':') ? `[${socket.localAddress}]:${socket.localPort}` : `${socket.localAddress}:${socket.localPort}`;
  return { socket, key, received: () => Buffer.concat(chunks).toString() };
}

/** One event row of a session's log, decoded, with its seq and the peer it concerns. */
export interface EventRow {
  readonly seq: number;
  readonly peer: Endpoint;
  readonly event: SessionLogEvent | undefined;
}

/** The event rows a page saw of `sessionId`, in log order. */
export function eventRows(page: RecordedEvents, sessionId: string): EventRow[] {
  return page
    .framesOf(sessionId)
    .filter((frame) => frame.dir === 'event')
    .map((frame) => ({ seq: frame.seq, peer: frame.peer, event: decodeLogEvent(frame.bytes) }));
}

/** The log as "dir:peerPort[:event type/reason]" strings, to compare the order of rows and bytes. */
export function logShape(page: RecordedEvents, sessionId: string): string[] {
  return page.framesOf(sessionId).map((frame) => {
    if (frame.dir !== 'event') return `${frame.dir}:${frame.peer.port}`;
    const event = decodeLogEvent(frame.bytes);
    const reason = event && 'reason' in event ? `/${event.reason}` : '';
    return `event:${frame.peer.port}:${event?.type ?? '?'}${reason}`;
  });
}
