import { WS_PATH } from '@shared';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Engine } from '../engine/engine';
import { WorkspaceHost, type WorkspaceEngineFactory } from '../engine/workspace-host';
import { createToken, isAllowedHostHeader, isAllowedOrigin, tokensMatch, urlHostname, isWildcardHost } from './access-policy';
import { createStaticHandler, sendPlain } from './static-files';
import { answerTokenCheck } from './token-check';
import { attachPageToSocket } from './ws-connection';

export type EngineOptions = ConstructorParameters<typeof Engine>[1];

/**
 * Largest inbound WebSocket message, bytes. A send of a large file arrives as one message; beyond this the socket
 * is closed with 1009 rather than buffering without bound.
 */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024 * 1024;

export interface BrowserHostOptions {
  /** Address to bind; loopback by default. Anything else exposes the host to that network (token still required). */
  readonly host?: string;
  /** 0 = a free port chosen by the OS. */
  readonly port?: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** Fixed token (tests); random by default. */
  readonly token?: string;
  readonly engineOptions?: EngineOptions;
  /** Replaces the Engine (tests of the host itself). Called once: the host has one engine for its life. */
  readonly createEngine?: WorkspaceEngineFactory;
  /** A client that has not sent its whole request header by then is cut off (408). Positive; default 10 000 ms. */
  readonly headersTimeoutMs?: number;
  /** The same for the whole request; Node refuses one shorter than headersTimeoutMs. Default 30 000 ms. */
  readonly requestTimeoutMs?: number;
}

/**
 * Requests on loopback are small and quick; a stalled client should not hold a socket for Node's default 5 min.
 * Node applies these timeouts only when it sweeps its connections, every connectionsCheckingInterval (30 s by
 * default), so a cut came up to 30 s late: the sweep runs at a tenth of the shorter timeout instead, which keeps
 * a cut within 10 % of its figure. WebSockets leave the sweep when upgraded, so they are never cut by it.
 */
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

function httpTimeouts(options: BrowserHostOptions): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? Math.max(DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const connectionsCheckingInterval = Math.max(10, Math.floor(Math.min(headersTimeout, requestTimeout) / 10));
  return { headersTimeout, requestTimeout, connectionsCheckingInterval };
}

export interface BrowserHost {
  /** http://127.0.0.1:PORT/?token=TOKEN — open this in a browser. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Closes every connection, the engine (every session's sockets) and the server. */
  close(): Promise<void>;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Where a browser on this machine should go: the bound address, or loopback for a wildcard bind. */
function publicHostname(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (isWildcardHost(host)) return '[::1]';
  return urlHostname(host);
}

/**
 * The browser host (DESIGN §5): the built renderer over HTTP and the command/event contract over a WebSocket at
 * WS_PATH. One workspace (one Engine) for the host's life; every WebSocket is a page of it, so a reload or a
 * dropped connection leaves the sessions running. Plain Node, no Electron.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? createToken();
  const workspace = new WorkspaceHost(options.createEngine ?? ((sink) => new Engine(sink, options.engineOptions)));
  const serveStatic = createStaticHandler(options.staticDir);
  let port = 0;

  // Passed to the constructor rather than set afterwards: only there does Node check that the request timeout is
  // not shorter than the header timeout, and take the sweep interval.
  const server = createServer(httpTimeouts(options), (req, res) => {
    if (!isAllowedHostHeader(req.headers.host, host, port)) {
      sendPlain(res, 403, 'Forbidden: unexpected Host header');
      return;
    }
    if (answerTokenCheck(req, res, token)) return;
    serveStatic(req, res).catch(() => sendPlain(res, 500, 'Internal Server Error'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES, perMessageDeflate: false });
  const connections = new Set<{ ws: WebSocket; closed: Promise<void> }>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!isAllowedHostHeader(req.headers.host, host, port)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!tokensMatch(token, url.searchParams.get('token'))) return rejectUpgrade(socket, 401, 'Unauthorized');
    if (!isAllowedOrigin(req.headers.origin, host, port)) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = { ws, closed: Promise.resolve() };
      connection.closed = attachPageToSocket(ws, workspace).closed.finally(() => connections.delete(connection));
      connections.add(connection);
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  server.on('error', (error) => console.error(`SocketDesk browser host: ${error.message}`));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const serverClosed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      const pending = [...connections];
      for (const { ws } of pending) ws.close(1001, 'server shutting down');
      // A client that does not answer the close handshake is cut off.
      const cutoff = setTimeout(() => pending.forEach(({ ws }) => ws.terminate()), 1_000);
      await Promise.all(pending.map((c) => c.closed));
      clearTimeout(cutoff);
      await workspace.dispose().catch((error: unknown) => {
        console.error(`SocketDesk browser host: engine dispose failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      wss.close();
      server.closeAllConnections();
      await serverClosed;
    })();
    return closing;
  };

  return { url: `http://${publicHostname(host)}:${port}/?token=${token}`, port, token, close };
}
