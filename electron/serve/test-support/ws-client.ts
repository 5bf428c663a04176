import { decodeWireMessage, encodeWireMessage, fail, WS_PATH } from '@shared';
import WebSocket from 'ws';
import type { ContractClient } from '../../test-support/conformance';

export interface WsContractClient extends ContractClient {
  readonly socket: WebSocket;
  close(): Promise<void>;
}

/** ws://…/ws?token=… for a host URL as printed (http://127.0.0.1:PORT/?token=TOKEN). */
export function wsUrlOf(hostUrl: string, token?: string): string {
  const url = new URL(hostUrl);
  const ws = new URL(WS_PATH, `ws://${url.host}`);
  const t = token ?? url.searchParams.get('token');
  if (t !== null) ws.searchParams.set('token', t);
  return ws.href;
}

/** Opens a socket; resolves with the HTTP status when the server refuses the upgrade. */
export function tryConnect(url: string, origin?: string): Promise<{ ok: true; socket: WebSocket } | { ok: false; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => resolve({ ok: true, socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** A contract client over the browser host's WebSocket, as the renderer's transport would be, for Node tests. */
export async function connectWsClient(url: string, origin: string): Promise<WsContractClient> {
  const attempt = await tryConnect(url, origin);
  if (!attempt.ok) throw new Error(`WebSocket upgrade refused with HTTP ${attempt.status}`);
  const socket = attempt.socket;
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  socket.on('message', (data, isBinary) => {
    if (!isBinary || !Buffer.isBuffer(data)) return;
    const decoded = decodeWireMessage(data);
    if (!decoded.ok) throw new Error(`server sent a malformed message: ${decoded.error.message}`);
    const message = decoded.value as { t?: string; id?: number; result?: unknown; name?: string; payload?: unknown };
    if (message.t === 'result' && typeof message.id === 'number') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.t === 'event' && typeof message.name === 'string') {
      listeners.get(message.name)?.forEach((listener) => listener(message.payload));
    }
  });
  socket.on('close', () => {
    for (const resolve of pending.values()) resolve(fail('INTERNAL', 'connection closed'));
    pending.clear();
  });

  return {
    socket,
    invoke(name, args) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeWireMessage({ t: 'invoke', id, name, args }), { binary: true });
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
