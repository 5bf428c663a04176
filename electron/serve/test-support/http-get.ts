import { request } from 'node:http';
import { connect } from 'node:net';

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw GET: the path is sent exactly as given (no normalisation of `..`), as an attacker would. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * A GET that the client abandons as soon as the first bytes of the response arrive, as a closed tab or a hostile
 * client would: the socket is destroyed mid-body. Resolves once the socket is gone; rejects after `timeoutMs`.
 */
export function abortedGet(port: number, path: string, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`aborted GET ${path} timed out`));
    }, timeoutMs);
    socket.once('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    socket.once('data', () => socket.destroy());
    socket.once('error', () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
