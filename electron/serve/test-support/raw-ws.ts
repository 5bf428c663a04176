import { WS_PATH } from '@shared';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket opened by hand over a plain TCP socket, so a test can send bytes no WebSocket library would:
 * malformed frames, reserved bits and opcodes, unmasked frames, lengths that lie. Resolves once the server
 * answered 101; rejects with the status line otherwise, or after `timeoutMs`.
 */
export function openRawWebSocket(port: number, token: string, timeoutMs = 5_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer to the upgrade'));
    }, timeoutMs);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      clearTimeout(timer);
      socket.off('data', onData);
      const status = head.slice(0, head.indexOf('\r\n'));
      if (!status.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(status));
        return;
      }
      // Anything after the head is the server's first frame: left unread, the test only watches for the close.
      socket.resume();
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () =>
      socket.write(
        `GET ${WS_PATH}?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
      ),
    );
  });
}

export interface RawFrame {
  readonly fin: boolean;
  /** RSV1–3 as bits 0–2; no extension is negotiated, so any set is a protocol error. */
  readonly rsv: number;
  readonly opcode: number;
  /** Clients must mask (RFC 6455 §5.1); an unmasked frame is a protocol error. */
  readonly masked: boolean;
  readonly payload: Uint8Array;
  /** The length the header claims, when it lies about the payload. */
  readonly claimedLength?: number;
}

/** One frame's bytes as RFC 6455 §5.2 lays them out. */
export function encodeRawFrame(frame: RawFrame): Buffer {
  const length = frame.claimedLength ?? frame.payload.length;
  const first = (frame.fin ? 0x80 : 0) | ((frame.rsv & 7) << 4) | (frame.opcode & 0x0f);
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, (frame.masked ? 0x80 : 0) | length]);
  else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = (frame.masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = (frame.masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!frame.masked) return Buffer.concat([header, frame.payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(frame.payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}
