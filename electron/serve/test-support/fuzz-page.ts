import { decodeWireMessage, isWireId } from '@shared';
import WebSocket from 'ws';

/**
 * A page of the browser host as a fuzzer drives it: it sends whatever it likes on `socket` and records what comes
 * back. Every message from the host must be a well-formed binary wire message, a result with a request id or an
 * event; anything else is a problem the test reports.
 */
export class FuzzPage {
  /** Results by request id, in arrival order. */
  readonly replies = new Map<number, unknown[]>();
  readonly problems: string[] = [];
  events = 0;
  /** The close code, once the socket closed. */
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data)) {
        this.problems.push('the host sent a text frame');
        return;
      }
      const decoded = decodeWireMessage(data);
      if (!decoded.ok) {
        this.problems.push(`the host sent a malformed message: ${decoded.error.message}`);
        return;
      }
      const message = decoded.value as { t?: unknown; id?: unknown; result?: unknown; name?: unknown };
      if (message.t === 'result' && isWireId(message.id)) this.replies.set(message.id, [...(this.replies.get(message.id) ?? []), message.result]);
      else if (message.t === 'event' && typeof message.name === 'string') this.events++;
      else this.problems.push(`the host sent neither a result nor an event: ${JSON.stringify(message).slice(0, 120)}`);
    });
    // An error (the host closed on a protocol error) is followed by 'close'.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  static connect(url: string, origin: string): Promise<FuzzPage> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin });
      socket.binaryType = 'nodebuffer';
      socket.once('open', () => resolve(new FuzzPage(socket)));
      socket.once('error', reject);
    });
  }

  count(id: number): number {
    return this.replies.get(id)?.length ?? 0;
  }

  /** Closes from this side (a no-op once closed) and resolves with the close code. */
  close(): Promise<number> {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close();
    return this.closed;
  }
}
