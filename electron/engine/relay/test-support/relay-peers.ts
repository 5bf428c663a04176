import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { decodeLogEvent, formatEndpoint, type SessionLogEvent, type TrafficFrame } from '@shared';
import type { RecordedEvents } from '../../test-support/recorded-events';
import { once } from '../../test-support/wait-for';

/** One connection a test server accepted: its socket, what it received, and how its peer ended. */
export interface ServerConnection {
  readonly socket: Socket;
  /** The relay's upstream as the server sees it ("127.0.0.1:port"). */
  readonly peer: string;
  readonly received: () => Buffer;
  ended: boolean;
  closed: boolean;
}

/**
 * A Node TCP server on loopback for the relay's far side: it keeps each connection and what it received, and answers
 * per chunk with `reply` (none: it only listens).
 */
export async function testServer(reply?: (chunk: Buffer) => Buffer): Promise<{ server: Server; port: number; connections: ServerConnection[]; close(): Promise<void> }> {
  const connections: ServerConnection[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    const connection: ServerConnection = {
      socket,
      peer: formatEndpoint({ address: socket.remoteAddress!, port: socket.remotePort! }),
      received: () => Buffer.concat(chunks),
      ended: false,
      closed: false,
    };
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (reply) socket.write(reply(chunk));
    });
    socket.on('end', () => (connection.ended = true));
    socket.on('close', () => (connection.closed = true));
    connections.push(connection);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    connections,
    close: () => {
      for (const connection of connections) connection.socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Node TCP client of the relay: what it received, how it ended, its key in the relay's list. */
export interface RelayClient {
  readonly socket: Socket;
  readonly key: string;
  readonly received: () => Buffer;
  readonly state: { ended: boolean; closed: boolean; error: string | undefined };
}

export async function relayClient(sockets: Socket[], port: number): Promise<RelayClient> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  sockets.push(socket);
  const chunks: Buffer[] = [];
  const state: RelayClient['state'] = { ended: false, closed: false, error: undefined };
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error: NodeJS.ErrnoException) => (state.error = error.code));
  socket.on('close', () => (state.closed = true));
  await once(socket, 'connect', 2000);
  return { socket, key: `127.0.0.1:${socket.localPort}`, received: () => Buffer.concat(chunks), state };
}

/** A UDP socket on 127.0.0.1 that records what it receives and from where. */
export async function udpSocket(): Promise<{ socket: UdpSocket; port: number; received: Array<{ data: Buffer; from: number }> }> {
  const socket = createSocket('udp4');
  const received: Array<{ data: Buffer; from: number }> = [];
  socket.on('message', (data, rinfo) => received.push({ data, from: rinfo.port }));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, port: socket.address().port, received };
}

/** The relay's log rows of one session: frames with their marks, event rows decoded. */
export function relayRows(page: RecordedEvents, sessionId: string): Array<TrafficFrame & { readonly event?: SessionLogEvent }> {
  return page.framesOf(sessionId).map((frame) => {
    if (frame.dir !== 'event') return frame;
    const event = decodeLogEvent(frame.bytes);
    return event ? { ...frame, event } : frame;
  });
}

/** The event rows' types (and side/how or reason), in log order, of one pair (by its client key) or all. */
export function relayEvents(page: RecordedEvents, sessionId: string, clientKey?: string): string[] {
  return relayRows(page, sessionId)
    .filter((row) => row.event !== undefined && (clientKey === undefined || formatEndpoint(row.peer) === clientKey))
    .map((row) => {
      const event = row.event!;
      if (event.type === 'relay-side-closed') return `${event.type}:${event.side}/${event.how}`;
      if (event.type === 'relay-pair-closed' || event.type === 'relay-upstream-failed') return `${event.type}:${event.reason}`;
      return event.type;
    });
}

/** The bytes of the frames with this mark (of one pair, or all), concatenated in log order. */
export function markedBytes(page: RecordedEvents, sessionId: string, mark: string, clientKey?: string): Buffer {
  return Buffer.concat(
    page
      .framesOf(sessionId)
      .filter((frame) => frame.mark === mark && (clientKey === undefined || formatEndpoint(frame.peer) === clientKey))
      .map((frame) => frame.bytes),
  );
}
